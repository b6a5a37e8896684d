import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from teilhabe.registry import opendata
from teilhabe.registry.planner import optimize
from teilhabe.registry.search import (
    SearchIndexBusy,
    apply_search_outbox,
    index_health,
    outbox_position_lost,
    purge_search_outbox,
    rebuild_search_index,
    repair_search_index,
    search_index,
    worker_heartbeat,
)

logger = logging.getLogger("teilhabe.search")


class Command(BaseCommand):
    help = (
        "Hält den Suchindex dieses App-Servers aktuell: wendet die Änderungen aus der Outbox an, sobald sie "
        "da sind (der einzige Schreiber des Index). Baut den Index auf, wenn er fehlt, beschädigt ist oder nicht "
        "zur Datenbank passt, und gleicht ihn regelmäßig Angebot für Angebot ab."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Sekunden zwischen zwei Blicken")
        parser.add_argument("--once", action="store_true", help="nur einmal anwenden und enden")
        parser.add_argument(
            "--check-every", type=float, default=60.0, help="Sekunden zwischen zwei Prüfungen von Generation und Anzahl"
        )
        parser.add_argument(
            "--reconcile-every", type=float, default=3600.0, help="Sekunden zwischen zwei Abgleichen Id für Id"
        )

    def say(self, message: str) -> None:
        self.stdout.write(message)
        logger.info(message)

    def handle(self, *args: Any, **options: Any) -> None:
        index = search_index()
        if not index.healthy_generation() or index.count() == 0 or outbox_position_lost():
            # Missing, damaged, built by an older version, empty, or offline for longer than the outbox is kept.
            self.say(f"Suchindex aufgebaut: {rebuild_search_index(wait=60)} Angebote")
        purged_at = checked_at = time.monotonic()
        reconciled_at = time.monotonic()
        offers_changed, opendata_queued_at = False, -opendata.REBUILD_EVERY
        while True:
            worker_heartbeat()
            now = time.monotonic()
            if now - purged_at > 3600:
                purge_search_outbox()
                optimize()
                purged_at = now
            applied = apply_search_outbox()
            if applied:
                self.say(f"Suchindex: {applied} Änderungen angewandt")
                offers_changed = True
            if opendata.due(offers_changed) and now - opendata_queued_at >= opendata.REBUILD_EVERY:
                # The task worker writes the files; never a web request. While a build waits or runs, the changes
                # are kept for the next one.
                if opendata.request_build():
                    offers_changed = False
                opendata_queued_at = now
            if options["once"] or now - checked_at >= options["check_every"]:
                checked_at = now
                self.check_index()
            if now - reconciled_at >= options["reconcile_every"]:
                reconciled_at = now
                self.reconcile()
            if options["once"]:
                return
            time.sleep(options["interval"])

    def check_index(self) -> None:
        """Generation and count against the database; a mismatch leads to a repair."""
        health = index_health()
        if not health.matches:
            self.say("Suchindex passt nicht zur Datenbank: " + "; ".join(health.problems()))
            self.reconcile()

    def reconcile(self) -> None:
        try:
            found = repair_search_index()
        except SearchIndexBusy:
            return  # a rebuild runs: it brings the index in line
        if found:
            self.say(f"Suchindex repariert: {len(found.missing)} fehlten, {len(found.extra)} waren zu viel")
