import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.registry.search import SearchIndexBusy, rebuild_search_index


class Command(BaseCommand):
    help = (
        "Baut den Suchindex dieses App-Servers vollständig aus der Datenbank neu auf (wartet, bis der Index-Worker "
        "seinen Schritt beendet hat)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wait", type=float, default=300.0, help="Sekunden, die auf einen anderen Schreiber gewartet wird"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()

        def waiting() -> None:
            self.stdout.write("Ein anderer Prozess schreibt den Suchindex gerade; warte, bis er fertig ist …")

        try:
            count = rebuild_search_index(wait=options["wait"], on_wait=waiting)
        except SearchIndexBusy as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Suchindex neu aufgebaut: {count} Angebote in {time.perf_counter() - started:.1f} s")
