from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from teilhabe.core.system import system_actor
from teilhabe.lifecycle.services import purge


class Command(BaseCommand):
    help = "Wendet die Löschregeln an (täglich); --dry-run zeigt nur, was gelöscht würde."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="nichts ändern, nur auflisten")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        items = purge(actor=system_actor(), dry_run=dry_run)
        self.stdout.write("Probelauf – es wird nichts geändert." if dry_run else "Löschlauf ausgeführt.")
        for item in items:
            verb = "würde" if dry_run else "wurde"
            line = f"  {item.data_kind}: {item.count} ({item.action}; {verb} angewandt)"
            self.stdout.write(line + (f" – {item.detail}" if item.detail else ""))
