from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.geo.services import import_gemeindeverzeichnis


class Command(BaseCommand):
    help = (
        "Importiert Regierungsbezirke, Kreise und Gemeinden aus dem Gemeindeverzeichnis GV100AD von Destatis "
        "(Festbreitenformat). Nichts wird geändert, wenn eine Zeile fehlerhaft ist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="GV100AD-Datei, z. B. GV100AD_30112025.txt")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        try:
            summary = import_gemeindeverzeichnis(path=path)
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                f"{len(error.messages)} Fehler – nichts wurde importiert, die Datenbank ist unverändert."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemeindeverzeichnis importiert: {summary.created} neu, {summary.updated} geändert, "
                f"{summary.unchanged} unverändert, {summary.skipped_other_laender} Sätze anderer Länder übersprungen."
            )
        )
