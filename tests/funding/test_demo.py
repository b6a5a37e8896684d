"""The funding demo data (demo.py): its payments and steps obey the rules that bind everyone; KOMM-AN NRW beside
KOMM-IN, granted centrally by the Bezirksregierung Arnsberg, with demo logins in Arnsberg that can process it and a
Bezirksregierung Köln that cannot."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from teilhabe.core.models import AuditEvent, User
from teilhabe.funding import selectors, services
from teilhabe.funding.authorities import authority_of
from teilhabe.funding.calculations import add_months
from teilhabe.funding.models import Application, ApplicationStatus, AuthorityMode, PaymentRequest, Programme

pytestmark = pytest.mark.django_db
S = ApplicationStatus


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


def test_komm_an_is_granted_centrally_and_the_arnsberg_logins_process_it() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "bewilligung-arnsberg@demo.teilhabe.nrw" in out.getvalue()
    komm_an = Programme.objects.get(key="komm-an")
    assert komm_an.authority_mode == AuthorityMode.CENTRAL and komm_an.authority_district == "059"
    assert set(komm_an.modules.values_list("key", flat=True)) == {"I", "II"}
    assert Programme.objects.get(key="komm-in").authority_mode == AuthorityMode.AREA
    first = User.objects.get(email="bewilligung-arnsberg@demo.teilhabe.nrw")
    second = User.objects.get(email="bewilligung-arnsberg2@demo.teilhabe.nrw")
    koeln = User.objects.get(email="bewilligung@demo.teilhabe.nrw")
    applications = Application.objects.filter(programme=komm_an)
    assert {a.ags[:3] for a in applications} >= {"051", "053", "055", "057", "059"}  # from all over NRW
    assert all(authority_of(a).name == "Bezirksregierung Arnsberg" for a in applications)
    visible = selectors.applications_visible_to(first).filter(programme=komm_an)
    assert visible.count() == applications.exclude(status=S.DRAFT).count()  # drafts stay with the applicant
    assert not selectors.applications_visible_to(koeln).filter(programme=komm_an).exists()
    proposed = applications.get(status=S.PROPOSED)
    assert "decide" not in services.available_actions(proposed, first)  # the proposer
    assert "decide" in services.available_actions(proposed, second)
    services.decision_take(actor=second, application=proposed)
    # a second run keeps everything
    before = Application.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Application.objects.count() == before
