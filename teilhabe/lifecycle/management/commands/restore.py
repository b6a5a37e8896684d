from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.lifecycle.backup import BackupError, RestoreReport, restore


def reapply_erasures(report: RestoreReport) -> None:
    from teilhabe.core.system import system_actor
    from teilhabe.lifecycle.services import erasures_reapply

    count = erasures_reapply(actor=system_actor())
    report.add(f"Löschersuchen aus dem Journal erneut angewandt: {count}")


class Command(BaseCommand):
    help = "Stellt eine Sicherung wieder her, prüft sie gegen ihr Manifest und gibt einen Prüfbericht aus."
    #: The system check refuses an interrupted restore; this command is its remedy.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="Ordner einer Sicherung (teilhabe-…)")
        parser.add_argument("--force", action="store_true", help="eine nicht leere Zieldatenbank ersetzen")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore(options["backup"], force=options["force"], after_data=reapply_erasures)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Prüfbericht der Wiederherstellung")
        for line in report.lines:
            self.stdout.write(f"  {line}")
