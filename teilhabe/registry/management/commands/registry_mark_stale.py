from typing import Any

from django.core.management.base import BaseCommand

from teilhabe.registry.tasks import mark_stale_and_remind


class Command(BaseCommand):
    help = "Markiert seit 12 Monaten ungeprüfte Angebote als veraltet und erinnert die Organisationen (als Task)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = mark_stale_and_remind.enqueue()
        self.stdout.write(f"Auftrag eingereiht: {result.id}")
