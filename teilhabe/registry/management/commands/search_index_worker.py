import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from teilhabe.registry.search import (
    apply_search_outbox,
    outbox_position_lost,
    purge_search_outbox,
    rebuild_search_index,
    search_index,
)


class Command(BaseCommand):
    help = (
        "Hält den Suchindex dieses App-Servers aktuell: wendet die Änderungen aus der Outbox an, sobald sie "
        "da sind (der einzige Schreiber des Index). Baut den Index beim Start auf, wenn er fehlt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Sekunden zwischen zwei Blicken")
        parser.add_argument("--once", action="store_true", help="nur einmal anwenden und enden")

    def handle(self, *args: Any, **options: Any) -> None:
        index = search_index()
        if index.outdated() or index.count() == 0 or outbox_position_lost():
            # Built by an older version, empty, or offline for longer than the outbox is kept: start from the database.
            self.stdout.write(f"Suchindex aufgebaut: {rebuild_search_index()} Angebote")
        purged_at = 0.0
        while True:
            if time.monotonic() - purged_at > 3600:
                purge_search_outbox()
                purged_at = time.monotonic()
            applied = apply_search_outbox()
            if applied:
                self.stdout.write(f"Suchindex: {applied} Änderungen angewandt")
            if options["once"]:
                return
            time.sleep(options["interval"])
