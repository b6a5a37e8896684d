"""Many writers at once keep one unbroken chain (PostgreSQL: the advisory lock; threads released together).

On SQLite every transaction is IMMEDIATE, so audit writers queue by construction."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from teilhabe.core import auditchain
from teilhabe.core.models import AuditEvent
from teilhabe.core.services import audit_record


@pytest.fixture
def _restore_migrated_data() -> Any:
    """The flush after a transactional test empties what data migrations wrote; put it back for the next tests."""
    yield
    from importlib import import_module

    from django.apps import apps

    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    import_module("teilhabe.funding.migrations.0002_base_rates").add_rates(apps, None)
    import_module("teilhabe.lifecycle.migrations.0002_retention_rules").add_rules(apps, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_migrated_data")
def test_parallel_writers_keep_one_chain() -> None:
    writers, per_writer = 8, 5
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    audit_record(action="test.parallel", reason=f"{n}-{i}")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEvent.objects.filter(action="test.parallel").count() == writers * per_writer
    result = auditchain.verify_chain()
    assert result.ok, result.problem
