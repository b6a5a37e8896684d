import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from teilhabe.registry.generator import generate
from teilhabe.registry.planner import analyze


class Command(BaseCommand):
    help = "Erzeugt reproduzierbar Organisationen und Angebote für Tests und Benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--offers", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--organisations", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        counts = generate(offers=options["offers"], seed=options["seed"], organisations=options["organisations"])
        analyze()  # a bulk load: the planner needs statistics of the new rows
        self.stdout.write(
            f"{counts['organisations']} Organisationen und {counts['offers']} Angebote in "
            f"{time.perf_counter() - started:.1f} s erzeugt. Danach: teilhabe rebuild_search_index"
        )
