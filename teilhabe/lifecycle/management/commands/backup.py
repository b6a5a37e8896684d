from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.lifecycle.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Schreibt eine vollständige, geprüfte Sicherung (Datenbank, hochgeladene Dateien, Manifest) nach DIR "
        "und räumt alte Sicherungen nach TEILHABE_BACKUP_KEEP auf."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="Ordner der Sicherungen")
        parser.add_argument(
            "--include-secret-key",
            action="store_true",
            help="auch var/secret_key sichern (sonst getrennt aufbewahren, siehe README)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(options["folder"], include_secret_key=options["include_secret_key"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Sicherung {result.path}: {len(manifest['tables'])} Tabellen, "
            f"{sum(manifest['tables'].values())} Zeilen, {len(manifest['files'])} Dateien, "
            f"Code {manifest['code_version']}"
        )
        for path in result.removed:
            self.stdout.write(f"Alte Sicherung entfernt: {path}")
