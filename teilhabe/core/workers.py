"""Task workers (django-tasks-db) that know each other: a worker's id names its host and process, so a worker that
starts can tell which tasks were left RUNNING by a worker of this host that is gone (killed, out of memory, the
machine restarted) and put them back in the queue. django-tasks-db itself leaves such a task RUNNING for ever:
the mail, reminder or import in it would be lost without anyone noticing.

Only workers of the same host are judged: whether a process on another machine lives cannot be seen from here.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from django.utils import timezone
from django.utils.crypto import get_random_string


class WorkerGone(Exception):
    """Recorded for a task whose worker ended while running it too often (``interrupted_tasks_recover``)."""


#: django-tasks-db allows 64 characters for a worker id; the host takes at most 40 of them.
HOST_LENGTH = 40


def host_name() -> str:
    return socket.gethostname()[:HOST_LENGTH]


def worker_id(*, host: str | None = None, pid: int | None = None) -> str:
    """``host:pid:random``: the host and process that run the tasks, and a random part, because a process id is
    used again after its process ended."""
    pid = os.getpid() if pid is None else pid
    return f"{(host or host_name())[:HOST_LENGTH]}:{pid}:{get_random_string(8)}"


def parse_worker_id(value: str) -> tuple[str, int] | None:
    """The host and process id of a worker id made by ``worker_id``; None for others (django-tasks-db's random ids,
    ids given by hand)."""
    host, _sep, rest = value.rpartition(":")
    host, _sep, pid = host.rpartition(":")
    if not host or not pid.isdigit() or not rest:
        return None
    return host, int(pid)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):  # no /proc (not Linux): kill(0) has spoken
        return True


def worker_gone(value: str, *, host: str | None = None) -> bool:
    """True only when the worker is known to have ended: an id of ours, of this host, whose process is gone."""
    parsed = parse_worker_id(value)
    if parsed is None or parsed[0] != (host or host_name())[:HOST_LENGTH]:
        return False
    return not process_alive(parsed[1])


#: A task whose worker died this many times is not tried again: it may be what kills its worker.
TASK_ATTEMPTS = 3


@dataclass(frozen=True)
class RecoveredTasks:
    requeued: list[str]
    failed: list[str]


def interrupted_tasks_recover(*, host: str | None = None) -> RecoveredTasks:
    """Tasks left RUNNING by a worker of this host that is gone go back to the queue, to be run again from the
    start, so each task must be safe to run twice (mails are keyed, an import removes what it staged). One that has
    been interrupted ``TASK_ATTEMPTS`` times is marked failed instead. Run by ``teilhabe task_worker`` at start."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    requeued: list[str] = []
    failed: list[str] = []
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids", "task_path"):
        if not task.worker_ids or not worker_gone(task.worker_ids[-1], host=host):
            continue
        interrupted = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
        if len(task.worker_ids) >= TASK_ATTEMPTS:
            changed = interrupted.update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="teilhabe.core.workers.WorkerGone",
                traceback=f"WorkerGone: worker {task.worker_ids[-1]} ended while running this task; after "
                f"{len(task.worker_ids)} attempts it is not tried again",
            )
            if changed:
                failed.append(str(task.pk))
        else:
            # The UPDATE names the state it expects: of two workers starting at once, one requeues the task.
            changed = interrupted.update(status=TaskResultStatus.READY, started_at=None)
            if changed:
                requeued.append(str(task.pk))
    return RecoveredTasks(requeued=requeued, failed=failed)
