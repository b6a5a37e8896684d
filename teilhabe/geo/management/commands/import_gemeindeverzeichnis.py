import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from teilhabe.geo.services import import_gemeindeverzeichnis


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("Kein Datum (JJJJ-MM-TT): %(value)s") % {"value": value}) from error


class Command(BaseCommand):
    help = _(
        "Importiert Regierungsbezirke, Kreise und Gemeinden Nordrhein-Westfalens aus dem Gemeindeverzeichnis "
        "GV100AD von Destatis (Festbreitenformat, 220 Zeichen je Satz). Sätze anderer Länder werden übersprungen. "
        "Ist eine Zeile fehlerhaft, werden alle fehlerhaften Zeilen gemeldet und nichts wird geändert."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("GV100AD-Datei, z. B. GV100AD_30112025.txt"))
        parser.add_argument(
            "--bevoelkerungsstand",
            type=_date,
            default=None,
            metavar="JJJJ-MM-TT",
            help=_("Stichtag der Einwohnerzahlen (Standard: 31.12. des Jahres vor dem Gebietsstand)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Datei nicht gefunden: %(path)s") % {"path": path})
        try:
            summary = import_gemeindeverzeichnis(path=path, population_date=options["bevoelkerungsstand"])
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("%(count)d Fehler – nichts wurde importiert, die Datenbank ist unverändert.")
                % {"count": len(error.messages)}
            ) from error
        total = summary.total
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Gemeindeverzeichnis (Gebietsstand %(status)s, Einwohner zum %(population_date)s) importiert: "
                    "%(created)d neu, %(updated)d geändert, %(unchanged)d unverändert, "
                    "%(skipped)d Sätze anderer Länder übersprungen."
                )
                % {
                    "status": summary.territorial_status.strftime("%d.%m.%Y"),
                    "population_date": summary.population_date.strftime("%d.%m.%Y"),
                    "created": total.created,
                    "updated": total.updated,
                    "unchanged": total.unchanged,
                    "skipped": summary.skipped_other_laender,
                }
            )
        )
        for label, counts in (
            (_("Regierungsbezirke"), summary.regierungsbezirke),
            (_("Kreise"), summary.kreise),
            (_("Gemeinden"), summary.gemeinden),
        ):
            self.stdout.write(
                _("  %(label)s: %(created)d neu, %(updated)d geändert, %(unchanged)d unverändert")
                % {"label": label, "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}
            )
        if summary.missing_in_file:
            self.stdout.write(
                self.style.WARNING(
                    _("Nicht in der Datei und daher unverändert behalten: %(count)d Gemeinden (%(keys)s)")
                    % {"count": len(summary.missing_in_file), "keys": ", ".join(summary.missing_in_file[:20])}
                )
            )
