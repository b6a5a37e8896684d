from typing import Any

from django.core.management.base import BaseCommand, CommandError

from teilhabe.core.auditchain import verify_chain


class Command(BaseCommand):
    help = "Prüft die Hash-Kette des Protokolls und nennt das erste gebrochene Glied."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Protokollkette gebrochen bei Eintrag Nr. {result.broken_seq} (id {result.broken_id}): "
                f"{result.problem}. Davor geprüft: {result.checked} Einträge."
            )
        self.stdout.write(f"Protokollkette intakt: {result.checked} Einträge, Kopf Nr. {result.head_seq}.")
