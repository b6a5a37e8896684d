import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.funding import giving


class Command(BaseCommand):
    help = "Exportiert alle bewilligten Zuwendungen als 360Giving-Datei (JSON, geprüft gegen die offiziellen Schemas)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--base-url",
            default=giving.DEFAULT_BASE_URL,
            help="Adresse der Plattform für dataSource und downloadURL (Vorgabe: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        applications = list(giving.decided_applications())
        data = giving.package(applications, base_url=options["base_url"])
        errors = giving.validate(data) if applications else []
        if errors:
            raise CommandError("360Giving-Schema verletzt:\n" + "\n".join(errors[:50]))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(f"{len(applications)} Zuwendungen nach {path}")
