"""Many decisions and amendments at once never commit more than a budget holds (PostgreSQL: row locks; threads
released together).

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
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from teilhabe.funding import services
from teilhabe.funding.models import Amendment, ApplicationStatus, Budget
from tests.funding.factories import authority_people, budget, make_application, make_call, next_year, walk

S = ApplicationStatus
D = Decimal


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


def _threads(work: Any, pairs: list[tuple[Any, ...]]) -> list[str]:
    """Run ``work(*pair)`` in one thread per pair, all released together; the outcomes in any order."""
    barrier = threading.Barrier(len(pairs))
    outcomes: list[str] = []

    def run(*args: Any) -> None:
        try:
            barrier.wait()
            work(*args)
            outcomes.append("decided")
        except (ValidationError, PermissionDenied):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _raised_amendments(count: int, room: str) -> tuple[list[Any], dict[str, Any]]:
    """``count`` running grants of 40,000 €, each with a proposed raise to 55,000 € the applicant asked for."""
    from teilhabe.geo.services import load_master_data

    load_master_data()
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    people = authority_people()
    call = make_call()
    year = next_year()
    budget(call.programme, year, str(Decimal("40000") * count + Decimal(room)))
    applications = []
    for _ in range(count):
        application = walk(make_application(people["kommune"], call), S.RUNNING, **people)
        services.change_request_submit(
            actor=people["kommune"],
            application=application,
            plan={year: {"costs": D("68750"), "own": D("13750"), "third_party": D("0"), "grant": D("55000")}},
            reason="Zweite Honorarkraft",
        )
        services.amendment_propose(
            actor=people["proposer"], application=application, amounts={year: D("55000")}, reason="Mehrbedarf"
        )
        applications.append(application)
    return applications, people


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_master_data")
def test_parallel_amendments_never_over_commit() -> None:
    """Six deciders raise six grants by 15,000 € each at once; the budget has room for two raises."""
    applications, _people = _raised_amendments(6, "30000")
    deciders = [authority_people()["decider"] for _ in applications]

    def decide(application: Any, decider: Any) -> None:
        services.amendment_decide(actor=decider, application=application)  # the path of the view's "amendment_decide"

    outcomes = _threads(decide, list(zip(applications, deciders, strict=True)))

    assert sorted(outcomes) == ["decided"] * 2 + ["refused"] * 4
    assert Budget.objects.get().committed == Decimal("40000") * 6 + Decimal("30000")
    assert Amendment.objects.filter(status=Amendment.Status.DECIDED).count() == 2
    assert Amendment.objects.filter(status=Amendment.Status.PROPOSED).count() == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_master_data")
def test_one_amendment_decided_by_two_people_at_once_moves_the_budget_once() -> None:
    applications, people = _raised_amendments(1, "100000")
    deciders = [authority_people()["decider"] for _ in range(4)] + [people["proposer"]]

    def decide(decider: Any) -> None:
        services.amendment_decide(actor=decider, application=applications[0])

    outcomes = _threads(decide, [(d,) for d in deciders])

    assert sorted(outcomes) == ["decided"] + ["refused"] * 4
    assert Budget.objects.get().committed == Decimal("55000")
    amendment = Amendment.objects.get()
    assert amendment.number == 1 and amendment.decided_by != people["proposer"]


def _running_grant() -> tuple[Any, dict[str, Any]]:
    """A running grant of 40,000 € in the next year (the factories' project year)."""
    from teilhabe.geo.services import load_master_data

    load_master_data()
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    people = authority_people()
    call = make_call()
    budget(call.programme, next_year(), "1000000")
    return walk(make_application(people["kommune"], call), S.RUNNING, **people), people


def _request(application: Any, people: dict[str, Any], amount: str, key: str) -> Any:
    from tests.funding.factories import in_budget_year

    return services.payment_request(  # the path of the view "payment_create"
        actor=people["kommune"],
        application=application,
        year=next_year(),
        amount=D(amount),
        due_payments=D(amount) * 2,
        need="Honorare",
        needed_by=in_budget_year(30),
        idempotency_key=key,
        requested_by=people["kommune"],
        today=in_budget_year(),
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_master_data")
def test_parallel_payment_requests_never_ask_for_more_than_granted() -> None:
    """Six requests of 15,000 € each against a grant of 40,000 €: exactly two are recorded."""
    from teilhabe.funding.models import PaymentRequest

    application, people = _running_grant()

    def request(key: str) -> None:
        _request(application, people, "15000", key)

    outcomes = _threads(request, [(f"abruf-{n}",) for n in range(6)])

    assert sorted(outcomes) == ["decided"] * 2 + ["refused"] * 4
    assert PaymentRequest.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_master_data")
def test_one_payment_ordered_by_several_people_at_once_is_paid_once() -> None:
    """Four people of the authority order the same checked request at once (the checker among them): paid once,
    by someone other than the checker, and the budget's paid amount moves once."""
    from tests.funding.factories import in_budget_year

    application, people = _running_grant()
    payment = _request(application, people, "8000", "einmal")
    services.payment_check(actor=people["proposer"], request=payment)
    orderers = [authority_people()["decider"] for _ in range(3)] + [people["proposer"]]

    def order(orderer: Any) -> None:
        services.payment_order(actor=orderer, request=payment, paid_on=in_budget_year(20))

    outcomes = _threads(order, [(o,) for o in orderers])

    assert sorted(outcomes) == ["decided"] + ["refused"] * 3
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.ordered_by != people["proposer"]
    assert Budget.objects.get(year=next_year()).paid == D("8000")
