"""Worker ids that name host and process, whether such a worker is gone, and the tasks it left running
(teilhabe/core/workers.py)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from teilhabe.core.workers import (
    HOST_LENGTH,
    TASK_ATTEMPTS,
    RecoveredTasks,
    WorkerGone,
    host_name,
    interrupted_tasks_recover,
    parse_worker_id,
    process_alive,
    worker_gone,
    worker_id,
)
from tests.conftest import ended_process_id, ended_worker_id


def test_a_worker_id_names_host_and_process_and_fits_the_column() -> None:
    made = worker_id(host="h" * 100, pid=4194304)
    assert parse_worker_id(made) == ("h" * HOST_LENGTH, 4194304)
    assert len(made) <= 64
    assert worker_id() != worker_id()  # a process id is used again: the random part tells two apart


def test_ids_not_made_here_are_not_understood() -> None:
    assert parse_worker_id("a" * 32) is None  # django-tasks-db's own
    assert parse_worker_id("host:notapid:x") is None
    assert parse_worker_id(":12:x") is None


def test_this_process_lives_and_an_ended_one_does_not() -> None:
    assert process_alive(os.getpid())
    assert not process_alive(ended_process_id())


def test_only_a_worker_of_this_host_whose_process_ended_is_gone() -> None:
    dead = ended_process_id()
    assert worker_gone(worker_id(pid=dead))
    assert not worker_gone(worker_id(pid=os.getpid()))
    assert not worker_gone(worker_id(host="another-host", pid=dead))  # cannot be seen from here
    assert not worker_gone("a" * 32)
    assert host_name() == host_name()[:HOST_LENGTH]


# --- tasks of workers that died ------------------------------------------------------------------


def running_task(*workers: str) -> Any:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from teilhabe.lifecycle.tasks import purge_daily

    result = purge_daily.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, worker_ids=list(workers))
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_a_task_left_running_by_a_dead_worker_is_queued_again(database_tasks: None) -> None:
    from django_tasks.base import TaskResultStatus

    task = running_task(ended_worker_id())
    assert interrupted_tasks_recover() == RecoveredTasks(requeued=[str(task.pk)], failed=[])
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY and task.started_at is None
    assert interrupted_tasks_recover() == RecoveredTasks(requeued=[], failed=[])  # once


@pytest.mark.django_db
def test_tasks_of_live_or_unknown_workers_are_left_alone(database_tasks: None) -> None:
    from django_tasks.base import TaskResultStatus

    tasks = [
        running_task(worker_id()),  # this process: alive
        running_task(worker_id(host="elsewhere", pid=1)),  # another host: cannot be told
        running_task("a" * 32),  # django-tasks-db's own random id
        running_task(),
    ]
    assert interrupted_tasks_recover() == RecoveredTasks(requeued=[], failed=[])
    assert all(type(task).objects.get(pk=task.pk).status == TaskResultStatus.RUNNING for task in tasks)


@pytest.mark.django_db
def test_a_task_whose_workers_died_too_often_is_marked_failed(database_tasks: None) -> None:
    from django_tasks.base import TaskResultStatus

    task = running_task(*(ended_worker_id() for _ in range(TASK_ATTEMPTS)))
    assert interrupted_tasks_recover() == RecoveredTasks(requeued=[], failed=[str(task.pk)])
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and task.finished_at is not None
    assert task.task_result.errors[0].exception_class is WorkerGone
