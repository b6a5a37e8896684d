"""Worker ids that name host and process, and whether such a worker is gone (teilhabe/core/workers.py)."""

from __future__ import annotations

import os
import subprocess

from teilhabe.core.workers import HOST_LENGTH, host_name, parse_worker_id, process_alive, worker_gone, worker_id


def ended_process() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


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
    assert not process_alive(ended_process())


def test_only_a_worker_of_this_host_whose_process_ended_is_gone() -> None:
    dead = ended_process()
    assert worker_gone(worker_id(pid=dead))
    assert not worker_gone(worker_id(pid=os.getpid()))
    assert not worker_gone(worker_id(host="another-host", pid=dead))  # cannot be seen from here
    assert not worker_gone("a" * 32)
    assert host_name() == host_name()[:HOST_LENGTH]
