"""The funding demo data obeys the same rules as everyone: § 45 LHO for payments, a person behind every step."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.funding.calculations import add_months
from teilhabe.funding.models import PaymentRequest, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_generated_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("teilhabe.registry.demo.generator.generate", lambda **_: {"organisations": 0, "offers": 0})


def test_demo_payments_and_steps_follow_the_rules() -> None:
    call_command("seed_demo", stdout=StringIO())
    payments = list(PaymentRequest.objects.all())
    assert payments
    for payment in payments:
        requested = timezone.localtime(payment.requested_at).date()
        assert payment.year == requested.year, payment
        assert requested <= payment.needed_by <= add_months(requested, 2), payment
        assert payment.paid_on is None or payment.paid_on.year == payment.year
        assert payment.checked_by_id != payment.ordered_by_id
    assert not AuditEvent.objects.filter(action__startswith="funding.", actor__isnull=True).exists()
    pools = Programme.objects.get(key="ki-laiensprachmittlung")
    assert pools.max_grant == Decimal("50000") and pools.applications.exists()
