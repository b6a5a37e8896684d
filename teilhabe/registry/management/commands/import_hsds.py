from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.core.system import system_actor
from teilhabe.registry.hsds_import import import_hsds


class Command(BaseCommand):
    help = (
        "Importiert einen HSDS-3.1-Datensatz – JSON (Liste verschachtelter Services, z. B. /opendata/hsds.json) oder "
        "das tabellarische Datenpaket (Ordner mit services.csv … und datapackage.json oder ZIP, z. B. "
        "/opendata/hsds-tabular.zip) – in das Gebiet eines Kreises. Fehlerhafte Datensätze und Orte außerhalb des "
        "Kreises werden übersprungen und je Datensatz gemeldet; mit --all-or-nothing wird dann nichts importiert."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            type=Path,
            help="HSDS-JSON-Datei, Ordner mit hsds.json, Ordner eines tabellarischen Datenpakets oder dessen ZIP",
        )
        parser.add_argument("--kreis", required=True, help="Kreisschlüssel, z. B. 05315")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="bei jedem Fehler nichts importieren (statt fehlerhafte Datensätze zu überspringen)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_hsds(
                path=options["path"],
                kreis_key=options["kreis"],
                actor=system_actor(),
                all_or_nothing=options["all_or_nothing"],
            )
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(error.messages)} Fehler – nichts wurde importiert.") from error
        for message in report.errors:
            self.stderr.write(f"übersprungen: {message}")
        for message in report.notes:
            self.stdout.write(f"Hinweis: {message}")
        for name in report.unclassified:
            self.stdout.write(f"ohne Thema, zur Einordnung durch die Kommune: {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.services} Angebote importiert, {report.organisations_created} Organisationen neu angelegt, "
                f"{report.skipped_services} Services und {report.skipped_locations} Orte übersprungen, "
                f"{len(report.unclassified)} ohne Thema."
            )
        )
