import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from teilhabe.registry import hsds, hsds_tabular


class Command(BaseCommand):
    help = "Exportiert das veröffentlichte Register als HSDS 3.1: hsds.json und das tabellarische Datenpaket."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        services = list(hsds.iter_services())
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "hsds.json").write_text(json.dumps(services, ensure_ascii=False), encoding="utf-8")
        count = hsds_tabular.write_folder(folder / "tabular", services)
        self.stdout.write(f"{len(services)} Services nach {folder}/hsds.json, {count} Dateien nach {folder}/tabular")
