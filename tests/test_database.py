"""The test databases themselves: both runs (make test, make test-postgres) get what the settings promise."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_sqlite_runs_with_wal_and_immediate_transactions() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone() == (1,)


@pytest.mark.postgres
def test_postgresql_is_at_least_15_and_the_test_role_is_no_superuser() -> None:
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 150000
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, True)
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone() == ("UTF8",)
