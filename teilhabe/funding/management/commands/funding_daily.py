from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.funding.tasks import run_daily


class Command(BaseCommand):
    help = "Erinnert an Fristen der Förderanträge und stellt die Bestandskraft abgelaufener Bescheide fest (Tasks)."

    def handle(self, *args: Any, **options: Any) -> None:
        for result in run_daily():
            self.stdout.write(f"Auftrag eingereiht: {result.id}")
