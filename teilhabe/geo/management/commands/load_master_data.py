from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from teilhabe.geo.services import load_master_data


class Command(BaseCommand):
    help = _(
        "Lädt Regierungsbezirke, Kreise, Gemeinden (mit Grenzen) und Postleitzahlen für NRW aus teilhabe/geo/data. "
        "Idempotent; sind die Dateien seit dem letzten Laden unverändert, gibt es nichts zu tun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Jede Zeile vergleichen und abweichende Zeilen auf den Stand der Dateien setzen."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_master_data(force=options["force"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        counts = _(
            "Stammdaten NRW: %(rb)d Regierungsbezirke, %(kreise)d Kreise, %(gemeinden)d Gemeinden, "
            "%(plz)d Postleitzahl-Einträge"
        ) % {
            "rb": summary.regierungsbezirke,
            "kreise": summary.kreise,
            "gemeinden": summary.gemeinden,
            "plz": summary.postleitzahlen,
        }
        if summary.skipped:
            state = _("Dateien unverändert, nichts zu tun")
        else:
            state = _("%(changed)d geändert") % {"changed": summary.changed}
        self.stdout.write(f"{counts} ({state})")
