import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from teilhabe.registry.search import apply_search_outbox, rebuild_search_index, search_index


class Command(BaseCommand):
    help = (
        "Hält den Suchindex dieses App-Servers aktuell: wendet die Änderungen aus der Outbox an, sobald sie "
        "da sind (der einzige Schreiber des Index). Baut den Index beim Start auf, wenn er fehlt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Sekunden zwischen zwei Blicken")
        parser.add_argument("--once", action="store_true", help="nur einmal anwenden und enden")

    def handle(self, *args: Any, **options: Any) -> None:
        if search_index().count() == 0:
            self.stdout.write(f"Suchindex aufgebaut: {rebuild_search_index()} Angebote")
        while True:
            applied = apply_search_outbox()
            if applied:
                self.stdout.write(f"Suchindex: {applied} Änderungen angewandt")
            if options["once"]:
                return
            time.sleep(options["interval"])
