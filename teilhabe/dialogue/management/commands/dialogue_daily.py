from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.dialogue.tasks import run_daily


class Command(BaseCommand):
    help = (
        "Erinnert die Angemeldeten am Vortag an ihre Veranstaltung und löscht die Bedarfe vergangener "
        "Veranstaltungen (als Task, unter dem Systemkonto)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Stichtag (JJJJ-MM-TT), sonst heute")

    def handle(self, *args: Any, **options: Any) -> None:
        result = run_daily(today=options.get("today"))
        self.stdout.write(f"Auftrag eingereiht: {result.id}")
