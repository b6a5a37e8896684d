"""``teilhabe task_worker``: django-tasks-db's worker, which first queues again what a dead worker left running."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from teilhabe.core.workers import parse_worker_id
from teilhabe.lifecycle.tasks import purge_daily
from tests.conftest import ended_worker_id


@pytest.mark.django_db(transaction=True)
def test_a_task_its_dead_worker_left_running_is_run_again(
    database_tasks: None, caplog: pytest.LogCaptureFixture
) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    purge_daily.enqueue()
    gone = ended_worker_id()
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, worker_ids=[gone])
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload")
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids[0] == gone and parse_worker_id(task.worker_ids[1]) == (gone.split(":")[0], os.getpid())
    assert f"task {task.pk} was interrupted by the end of its worker; queued again" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_worker_given_an_id_keeps_it(database_tasks: None) -> None:
    from django_tasks_db.models import DBTaskResult

    purge_daily.enqueue()
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "by-hand")
    assert DBTaskResult.objects.get().worker_ids == ["by-hand"]
