from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.registry.hsds_import import import_hsds


class Command(BaseCommand):
    help = (
        "Importiert einen HSDS-3.1-Datensatz – JSON (Liste verschachtelter Services, z. B. /opendata/hsds.json) oder "
        "das tabellarische Datenpaket (Ordner mit services.csv … und datapackage.json oder ZIP, z. B. "
        "/opendata/hsds-tabular.zip) – in das Gebiet eines Kreises. Alles wird vorher geprüft; bei einem Fehler wird "
        "nichts importiert."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            type=Path,
            help="HSDS-JSON-Datei, Ordner mit hsds.json, Ordner eines tabellarischen Datenpakets oder dessen ZIP",
        )
        parser.add_argument("--kreis", required=True, help="Kreisschlüssel, z. B. 05315")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_hsds(path=options["path"], kreis_key=options["kreis"])
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(error.messages)} Fehler – nichts wurde importiert.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.services} Angebote importiert, {report.organisations_created} Organisationen neu angelegt."
            )
        )
