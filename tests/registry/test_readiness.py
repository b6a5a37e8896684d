"""/ready's check of the task workers: a task that should have started more than two minutes ago is reported, by
queue (the default queue and the open-data build have a worker each). Index and database checks:
test_search_repair.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from teilhabe.registry.readiness import TASK_WAIT_LIMIT, task_worker_problem
from teilhabe.registry.tasks import build_open_data, run_offer_import

pytestmark = pytest.mark.django_db


def queued_ago(minutes: float) -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_the_open_data_build_has_a_queue_of_its_own(database_tasks: None) -> None:
    from django_tasks_db.models import DBTaskResult

    build_open_data.enqueue()
    run_offer_import.enqueue("x")
    assert sorted(DBTaskResult.objects.values_list("queue_name", flat=True)) == ["default", "opendata"]


def test_a_task_queued_just_now_is_no_problem(database_tasks: None) -> None:
    build_open_data.enqueue()
    assert task_worker_problem() is None


def test_a_task_waiting_past_the_limit_names_its_queue(database_tasks: None) -> None:
    build_open_data.enqueue()
    queued_ago(TASK_WAIT_LIMIT.total_seconds() / 60 + 1)
    problem = task_worker_problem()
    assert problem is not None and "opendata" in problem and "default" not in problem


def test_both_queues_behind_are_both_named(database_tasks: None) -> None:
    build_open_data.enqueue()
    run_offer_import.enqueue("x")
    queued_ago(5)
    problem = task_worker_problem()
    assert problem is not None and "default" in problem and "opendata" in problem


def test_a_running_or_finished_task_is_no_problem(database_tasks: None) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    build_open_data.enqueue()
    queued_ago(10)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    assert task_worker_problem() is None


def test_ready_answers_503_with_the_problem(database_tasks: None, client: Any) -> None:
    run_offer_import.enqueue("x")
    queued_ago(10)
    response = client.get("/ready")
    assert response.status_code == 503
    assert any("default" in problem for problem in response.json()["problems"])


def test_tasks_run_in_the_request_have_no_worker_to_check(settings: Any) -> None:
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    assert task_worker_problem() is None
