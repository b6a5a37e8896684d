"""The SQLite backend's writers' queue (teilhabe.core.sqlite): a transaction waits for another in the kernel
(flock on ``<database>-writers``), not in SQLite's busy handler, and the lock is given back however it ends."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper as StockWrapper

from teilhabe.core.sqlite.base import DatabaseWrapper


def _wrapper(cls: type[Any], path: Path, timeout: float) -> Any:
    settings = {
        **connection.settings_dict,
        "ENGINE": "teilhabe.core.sqlite",
        "NAME": str(path),
        # SQLite's own wait is short: a second writer would fail at once if only SQLite made it wait.
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": timeout},
    }
    wrapper = cls(settings, alias=f"test-{id(settings)}")
    wrapper.ensure_connection()
    wrapper.set_autocommit(True)
    return wrapper


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker: Any) -> Any:
    """These tests open SQLite files of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    setup = _wrapper(DatabaseWrapper, path, 1)
    with setup.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE t (n INTEGER)")
    setup.close()
    return path


def _second_writer(cls: type[Any], path: Path, outcome: dict[str, Any]) -> None:
    wrapper = _wrapper(cls, path, 0.05)
    started = time.monotonic()
    try:
        wrapper._start_transaction_under_autocommit()
        with wrapper.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        wrapper.commit()
        outcome["waited"] = time.monotonic() - started
    except OperationalError as error:
        outcome["error"] = str(error)
    finally:
        wrapper.close()


def _hold_then(end: str, path: Path, cls: type[Any] = DatabaseWrapper) -> dict[str, Any]:
    """One writer holds the lock for 0.4 s and then ends as ``end`` says; a second writer tries meanwhile."""
    first = _wrapper(cls, path, 0.05)
    first._start_transaction_under_autocommit()
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    outcome: dict[str, Any] = {}
    second = threading.Thread(target=_second_writer, args=(cls, path, outcome))
    second.start()
    time.sleep(0.4)
    if end == "commit":
        first.commit()
    elif end == "rollback":
        first.rollback()
    else:
        first.close()
    second.join(10)
    first.close()
    return outcome


def _rows(path: Path) -> list[int]:
    reader = _wrapper(DatabaseWrapper, path, 1)
    with reader.cursor() as cursor:
        cursor.execute("SELECT n FROM t ORDER BY n")
        rows = [n for (n,) in cursor.fetchall()]
    reader.close()
    return rows


def test_stock_backend_gives_up_while_another_writes(database: Path) -> None:
    """What the queue mends: SQLite's busy handler alone fails the second writer after its timeout."""
    outcome = _hold_then("commit", database, StockWrapper)
    assert "locked" in outcome.get("error", "")


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_second_writer_waits_until_the_first_ends(database: Path, end: str) -> None:
    outcome = _hold_then(end, database)
    assert "error" not in outcome
    assert outcome["waited"] >= 0.3
    assert _rows(database) == ([1, 2] if end == "commit" else [2])


def _lock_is_free(path: Path) -> bool:
    """Another writer gets the lock at once."""
    outcome: dict[str, Any] = {}
    _second_writer(DatabaseWrapper, path, outcome)
    return bool(outcome["waited"] < 0.3)


def test_lock_is_free_after_each_transaction(database: Path) -> None:
    wrapper = _wrapper(DatabaseWrapper, database, 0.05)
    for _ in range(3):
        wrapper._start_transaction_under_autocommit()
        wrapper.commit()
    assert _lock_is_free(database)
    wrapper.close()


def test_a_failed_begin_gives_the_lock_back(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wrapper = _wrapper(DatabaseWrapper, database, 0.05)

    def refuse(self: Any) -> None:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(StockWrapper, "_start_transaction_under_autocommit", refuse)
    with pytest.raises(OperationalError):
        wrapper._start_transaction_under_autocommit()
    monkeypatch.undo()
    assert _lock_is_free(database)
    wrapper.close()


def test_in_memory_database_has_no_lock_file(tmp_path: Path) -> None:
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": ":memory:"}, alias="memory")
    wrapper._writers_acquire()
    assert wrapper._writers is None
