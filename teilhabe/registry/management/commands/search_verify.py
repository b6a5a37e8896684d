from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.registry.search import SearchIndexBusy, compare_index, repair_search_index, search_index


class Command(BaseCommand):
    help = (
        "Vergleicht den Suchindex dieses App-Servers Angebot für Angebot mit den veröffentlichten Angeboten der "
        "Datenbank; mit --repair bringt er ihn in Einklang. Endet mit Status 1, wenn ohne --repair etwas fehlt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="Abweichungen beheben")
        parser.add_argument(
            "--wait", type=float, default=300.0, help="Sekunden, die auf den Index-Worker gewartet wird"
        )
        parser.add_argument("--show", type=int, default=10, help="so viele abweichende Ids zeigen")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repair"]:
            try:
                found = repair_search_index(wait=options["wait"])
            except SearchIndexBusy as error:
                raise CommandError(str(error)) from None
        else:
            if not search_index().healthy_generation():
                raise CommandError("Der Suchindex fehlt oder ist beschädigt: search_verify --repair baut ihn neu auf.")
            found = compare_index()
        for label, ids in (("fehlt im Index", found.missing), ("zu viel im Index", found.extra)):
            self.stdout.write(f"{label}: {len(ids)}")
            for pk in sorted(ids)[: options["show"]]:
                self.stdout.write(f"  {pk}")
        if not found:
            self.stdout.write("Suchindex und Datenbank stimmen überein.")
        elif options["repair"]:
            self.stdout.write("Repariert.")
        else:
            raise CommandError("Suchindex und Datenbank weichen ab: search_verify --repair behebt es.")
