"""Django's SQLite backend, with the writers queueing in the kernel for SQLite's one write lock.

A transaction here begins with ``BEGIN IMMEDIATE`` (settings: the write lock at once). When another holds it,
SQLite's busy handler sleeps and tries again, up to 100 ms between tries: the lock fell free and stayed unused
while twenty people saving slept. Before its ``BEGIN``, a transaction now takes an exclusive ``flock`` on the file
``<database>-writers``: the kernel wakes a waiter the moment the holder commits, rolls back or dies.
"""

from __future__ import annotations

import fcntl
from typing import IO, Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _writers: IO[bytes] | None = None
    _writing = False

    def _writers_acquire(self) -> None:
        if self.is_in_memory_db():
            return
        if self._writers is None:
            self._writers = open(f"{self.settings_dict['NAME']}-writers", "ab")  # noqa: SIM115 (kept open)
        fcntl.flock(self._writers.fileno(), fcntl.LOCK_EX)
        self._writing = True

    def _writers_release(self) -> None:
        if self._writing and self._writers is not None:
            self._writing = False
            fcntl.flock(self._writers.fileno(), fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        self._writers_acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._writers_release()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._writers_release()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._writers_release()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._writers_release()
            if self._writers is not None:
                self._writers.close()
                self._writers = None
