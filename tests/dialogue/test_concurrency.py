"""Many registrations at once never register more people than there are places (PostgreSQL: row lock on the
event; threads released together). On SQLite every transaction is IMMEDIATE, so writers queue by construction."""

from __future__ import annotations

import threading
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from teilhabe.dialogue import services
from teilhabe.dialogue.models import Registration
from tests.dialogue.factories import kommune_user, make_event

R = Registration.Status


@pytest.fixture
def _restore_master_data() -> Any:
    """A transactional test flushes every table; put back what the other tests of this database expect."""
    yield
    from teilhabe.geo.services import load_master_data

    load_master_data()
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    import_module("teilhabe.funding.migrations.0002_base_rates").add_rates(apps, None)


def _race(event: Any, people: list[Any], action: Any) -> list[str]:
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def run(person: Any) -> None:
        try:
            barrier.wait()
            outcomes.append(action(person))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_master_data")
def test_parallel_registrations_never_exceed_capacity() -> None:
    from teilhabe.geo.services import load_master_data

    load_master_data()
    event = make_event(capacity=3)
    people = [kommune_user() for _ in range(10)]

    outcomes = _race(event, people, lambda p: services.registration_create(actor=p, event=event).status)

    assert sorted(outcomes) == sorted([R.REGISTERED] * 3 + [R.WAITING] * 7)
    assert Registration.objects.filter(status=R.REGISTERED).count() == 3

    # everyone registered cancels at once: exactly three waiting people move up, in their order
    registered = list(Registration.objects.filter(status=R.REGISTERED).select_related("user"))
    waiting = list(Registration.objects.filter(status=R.WAITING).order_by("registered_at"))
    _race(
        event,
        [r.user for r in registered],
        lambda p: services.registration_cancel(actor=p, registration=Registration.objects.get(user=p)).status,
    )
    now_registered = set(Registration.objects.filter(status=R.REGISTERED).values_list("pk", flat=True))
    assert now_registered == {r.pk for r in waiting[:3]}
