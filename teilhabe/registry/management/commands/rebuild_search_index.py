import time
from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.registry.search import rebuild_search_index


class Command(BaseCommand):
    help = "Baut den Suchindex dieses App-Servers vollständig aus der Datenbank neu auf."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = rebuild_search_index()
        self.stdout.write(f"Suchindex neu aufgebaut: {count} Angebote in {time.perf_counter() - started:.1f} s")
