"""Payment requests over HTTP: checked by one person of the authority, ordered by another, refused to everyone else."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.funding import services
from teilhabe.funding.models import ApplicationStatus, PaymentRequest, PaymentStatus
from tests.conftest import login
from tests.funding import factories
from tests.funding.factories import application_in, next_year

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture(autouse=True)
def in_the_budget_year(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test runs on 15 January of the factories' project year: payments may only be requested and paid for
    money of the current budget year (§ 45 LHO). The project year is fixed before the clock moves."""
    year = next_year()
    monkeypatch.setattr(factories, "next_year", lambda: year)
    monkeypatch.setattr(sys.modules[__name__], "next_year", lambda: year)
    global DECIDED_AT  # noqa: PLW0603 - the moment the factories decide the grant, before the project starts
    DECIDED_AT = timezone.now()
    with time_machine.travel(dt.datetime(year, 1, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


DECIDED_AT = timezone.now()


def requested_payment() -> PaymentRequest:
    with time_machine.travel(DECIDED_AT, tick=False):  # applied and decided before the project year
        application = application_in(S.RUNNING)
    return services.payment_request(
        actor=application.created_by,
        application=application,
        year=next_year(),
        amount=Decimal("8000"),
        due_payments=Decimal("10000"),
        need="Gehälter",
        needed_by=timezone.localdate() + dt.timedelta(days=20),
        idempotency_key="views-payments",
        requested_by=application.created_by,
    )


def action_url(payment: PaymentRequest, action: str) -> str:
    return reverse("funding:payment_action", args=[payment.application_id, payment.pk, action])


def post(client: Client, payment: PaymentRequest, action: str, **data: str) -> int:
    response = client.post(action_url(payment, action), data)
    payment.refresh_from_db()
    return response.status_code


def test_check_then_order_by_two_people_of_the_authority(client, make_user) -> None:
    payment = requested_payment()
    checker, orderer = make_user("bewilligung", ags="053"), make_user("bewilligung", ags="053")
    login(client, checker)
    assert post(client, payment, "check") == 302
    assert payment.status == PaymentStatus.CHECKED and payment.checked_by == checker
    page = client.get(reverse("funding:application_detail", args=[payment.application_id]), follow=True)
    assert "Sachliche Richtigkeit gezeichnet." in page.content.decode()
    client.logout()
    login(client, orderer)
    assert post(client, payment, "order") == 302
    assert payment.status == PaymentStatus.PAID and payment.ordered_by == orderer
    assert AuditEvent.objects.filter(action="funding.payment_ordered", actor=orderer).exists()


def test_the_checker_does_not_order(client, make_user) -> None:
    payment = requested_payment()
    checker = make_user("bewilligung", ags="053")
    login(client, checker)
    post(client, payment, "check")
    response = client.post(action_url(payment, "order"), follow=True)
    assert "Vier-Augen-Prinzip" in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CHECKED and payment.ordered_by is None


def test_reject_needs_a_reason(client, make_user) -> None:
    payment = requested_payment()
    login(client, make_user("bewilligung", ags="053"))
    response = client.post(action_url(payment, "reject"), {"reason": "  "}, follow=True)
    assert "Bitte begründen Sie die Ablehnung." in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUESTED
    assert post(client, payment, "reject", reason="Bedarf nicht belegt") == 302
    assert payment.status == PaymentStatus.REJECTED and payment.reject_reason == "Bedarf nicht belegt"


def test_unknown_action_is_404(client, make_user) -> None:
    payment = requested_payment()
    login(client, make_user("bewilligung", ags="053"))
    assert post(client, payment, "pay") == 404
    assert payment.status == PaymentStatus.REQUESTED


#: Everyone but the Bezirksregierung of the applicant's area: (role, area, expected status).
WRONG_PEOPLE = [
    ("anonymous", None, 302),
    ("kommune", "05315", 403),  # the applicant himself
    ("land", "05", 403),  # sees the application, does not process payments
    ("bewilligung", "055", 404),  # the Bezirksregierung Münster does not find a Köln application
    ("kommune", "05111", 404),
    ("organisation", None, 404),
    ("behoerde", None, 403),
    ("admin", None, 403),
]


@pytest.mark.parametrize("action", ["check", "order", "reject"])
@pytest.mark.parametrize("person", WRONG_PEOPLE, ids=lambda p: f"{p[0]}-{p[1]}")
def test_wrong_people_cannot_process_payments(action: str, person: tuple, client_for, make_user) -> None:
    role, ags, status = person
    payment = requested_payment()
    if action == "order":
        payment = services.payment_check(actor=make_user("bewilligung", ags="053"), request=payment)
    before = payment.status
    client = client_for(role, **({"ags": ags} if ags else {}))
    response = client.post(action_url(payment, action), {"reason": "weil"})
    assert response.status_code == status
    if status == 302:
        assert "/konto/anmelden/" in response["Location"]
    payment.refresh_from_db()
    assert payment.status == before
    assert not AuditEvent.objects.filter(action=f"funding.payment_{action}ed").exists()
