from __future__ import annotations

import logging
from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from teilhabe.core.workers import interrupted_tasks_recover, worker_id

logger = logging.getLogger("teilhabe.tasks")


class Command(DatabaseWorkerCommand):
    help = (
        "Runs a task worker (django-tasks-db's db_worker, same options) whose id names this host and process. "
        "At start it puts tasks back in the queue that a worker of this host left running when it died."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)

    def handle(self, *args: Any, **options: Any) -> None:
        options["worker_id"] = options.get("worker_id") or worker_id()
        recovered = interrupted_tasks_recover()
        for pk in recovered.requeued:
            logger.warning("task %s was interrupted by the end of its worker; queued again", pk)
        for pk in recovered.failed:
            logger.error("task %s was interrupted too often; marked failed", pk)
        super().handle(*args, **options)
