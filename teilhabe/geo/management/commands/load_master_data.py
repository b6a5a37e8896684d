from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.geo.services import load_master_data


class Command(BaseCommand):
    help = "Lädt Regierungsbezirke, Kreise, Gemeinden (mit Grenzen) und Postleitzahlen für NRW (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_master_data()
        self.stdout.write(
            f"Stammdaten NRW: {summary.regierungsbezirke} Regierungsbezirke, {summary.kreise} Kreise, "
            f"{summary.gemeinden} Gemeinden, {summary.postleitzahlen} Postleitzahl-Einträge "
            f"({summary.changed} geändert)"
        )
