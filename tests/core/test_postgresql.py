"""The PostgreSQL backend's health check (teilhabe.core.postgresql): a quiet kept connection is taken as it is,
without a round trip; one the server has ended is found dead and replaced before the request's first query."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import close_old_connections, connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper as StockWrapper

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Django's own check (``SELECT 1``) as it runs: what it answered, once per run."""
    answers: list[bool] = []
    stock = StockWrapper.is_usable

    def counted(self: Any) -> bool:
        answers.append(stock(self))
        return answers[-1]

    monkeypatch.setattr(StockWrapper, "is_usable", counted)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    return answers


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _next_request() -> None:
    """What Django does between two requests of a web worker with kept connections."""
    close_old_connections()


def test_the_platform_uses_this_backend() -> None:
    assert connection.settings_dict["ENGINE"] == "teilhabe.core.postgresql"


def test_a_quiet_kept_connection_is_used_without_a_round_trip(checks: list[bool]) -> None:
    first = _backend_pid()
    for _ in range(3):
        _next_request()
        assert _backend_pid() == first
    assert checks == []


def test_a_connection_the_server_ended_is_replaced_before_the_first_query(checks: list[bool]) -> None:
    ended = _backend_pid()
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
            assert cursor.fetchone()[0] is True
            # The server process ends a moment after the signal.
            for _ in range(100):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [ended])
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.05)
    finally:
        other.close()
    _next_request()

    assert _backend_pid() != ended  # no error: the request got a new connection
    assert checks == [False]


def test_a_closed_connection_is_not_usable() -> None:
    connection.ensure_connection()
    connection.connection.close()
    assert connection.is_usable() is False
    connection.close()
