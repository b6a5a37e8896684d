"""``/ready``: whether this node should get traffic (database writable, search index current, workers alive).

``/health`` (core) only says the process and the database answer; a load balancer sends users to a node only when
``/ready`` answers 200. Every check is cheap: one write transaction that writes nothing, the index's document count
against the published offers, the outbox lag, the index worker's heartbeat and the age of the oldest waiting task.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Min, Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from teilhabe.core.decorators import permission_required
from teilhabe.registry.search import WORKER_SILENT_AFTER, index_health, worker_silent_for

#: A task waiting longer than this to start means the task worker is dead or overloaded.
TASK_WAIT_LIMIT = dt.timedelta(minutes=2)
#: How long the write check may wait for another writer (SQLite).
WRITE_CHECK_TIMEOUT_MS = 1000


def database_writable() -> str | None:
    """None when a write transaction can begin now; else what is wrong."""
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")
                recovery, read_only = cursor.fetchone()
            return "database is read-only (standby)" if recovery or read_only == "on" else None
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout")
                before = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA busy_timeout = {WRITE_CHECK_TIMEOUT_MS}")
            try:
                with transaction.atomic():  # BEGIN IMMEDIATE: takes the write lock, writes nothing
                    pass
            finally:
                with connection.cursor() as cursor:
                    cursor.execute(f"PRAGMA busy_timeout = {int(before)}")
        return None
    except DatabaseError as error:
        return f"database not writable: {error}"


def task_worker_problem() -> str | None:
    """The queues whose oldest waiting task should have started more than ``TASK_WAIT_LIMIT`` ago: each queue has
    a worker of its own (scripts/serve.sh), so each is checked on its own."""
    if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
        return None  # tasks run in the request (tests, development)
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    limit = timezone.now() - TASK_WAIT_LIMIT
    # A task queued to run at once has the largest date as run_after; its wait starts when it was queued.
    waiting = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .filter(Q(run_after=get_date_max(), enqueued_at__lt=limit) | Q(run_after__lt=limit))
        .values("queue_name")
        .annotate(since=Min("enqueued_at"))
        .order_by("queue_name")
    )
    behind = [f"{row['queue_name']} since {row['since'].isoformat()}" for row in waiting]
    return f"task worker behind: waiting on queue {', '.join(behind)}" if behind else None


def readiness() -> tuple[bool, dict[str, Any]]:
    problems: list[str] = []
    if problem := database_writable():
        return False, {"status": "not ready", "problems": [problem]}
    health = index_health()
    problems += health.problems()
    silent = worker_silent_for()
    if silent is None or silent > WORKER_SILENT_AFTER:
        problems.append(
            "search index worker not running" if silent is None else f"search index worker silent for {silent:.0f} s"
        )
    if problem := task_worker_problem():
        problems.append(problem)
    body = {
        "status": "not ready" if problems else "ready",
        "problems": problems,
        "search": {
            "documents": health.documents,
            "published": health.published,
            "outbox_pending": health.pending,
            "outbox_lag_seconds": round(health.lag_seconds, 1),
            "worker_silent_seconds": None if silent is None else round(silent, 1),
        },
    }
    return not problems, body


@permission_required("core.view_start")
@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """200 when this node is ready for traffic, 503 with the problems otherwise. Public, like /health: it names
    counts and states, no data."""
    ok, body = readiness()
    return JsonResponse(body, status=200 if ok else 503)
