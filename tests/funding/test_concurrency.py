"""Many decisions at once never commit more than a budget holds (PostgreSQL: row locks; threads released together).

On SQLite every transaction is IMMEDIATE, so writers queue by construction; the proof that matters is on the
production database, where SELECT … FOR UPDATE serialises the deciders and the check constraint is the last line.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

from teilhabe.funding import services
from teilhabe.funding.models import ApplicationStatus, Budget
from tests.funding.factories import authority_people, budget, make_application, make_call, next_year, walk

S = ApplicationStatus


@pytest.fixture
def _restore_master_data() -> Any:
    """A transactional test flushes every table; put back what the other tests of this database expect."""
    yield
    from teilhabe.geo.services import load_master_data

    load_master_data()
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    import_module("teilhabe.funding.migrations.0002_base_rates").add_rates(apps, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_master_data")
def test_parallel_decisions_never_over_commit() -> None:
    from teilhabe.geo.services import load_master_data

    load_master_data()
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    people = authority_people()
    call = make_call()
    budget(call.programme, next_year(), "100000")  # room for two of the 40,000 grants
    applications = [walk(make_application(people["kommune"], call), S.PROPOSED, **people) for _ in range(6)]
    deciders = [authority_people()["decider"] for _ in applications]
    barrier = threading.Barrier(len(applications))
    outcomes: list[str] = []

    def decide(application: Any, decider: Any) -> None:
        try:
            barrier.wait()
            services.decision_take(actor=decider, application=application)
            outcomes.append("decided")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=pair) for pair in zip(applications, deciders, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["decided"] * 2 + ["refused"] * 4
    assert Budget.objects.get().committed == Decimal("80000")
