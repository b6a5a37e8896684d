"""No 500 on bad input: each refusal is a clear error, and nothing is stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from teilhabe.funding import services
from teilhabe.funding.models import ApplicationStatus, PaymentRequest, ProofOfUse
from tests.conftest import login
from tests.funding.factories import application_in, next_year

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def payment_data(**overrides: str) -> dict[str, str]:
    return {
        "year": str(next_year()),
        "due_payments": "10000",
        "amount": "8000",
        "needed_by": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "need": "Gehälter",
        "idempotency_key": "k" * 81,
        **overrides,
    }


def test_idempotency_key_over_80_characters_is_a_form_error(client, make_user) -> None:
    application = application_in(S.RUNNING)
    login(client, make_user("kommune", ags="05315"))
    response = client.post(reverse("funding:payment_create", args=[application.pk]), payment_data())
    assert response.status_code == 200
    assert "Die Kennung des Abrufs ist ungültig." in response.content.decode()
    assert not PaymentRequest.objects.exists()


def test_idempotency_key_over_80_characters_is_refused_by_the_service() -> None:
    application = application_in(S.RUNNING)
    with pytest.raises(ValidationError) as error:
        services.payment_request(
            actor=application.created_by,
            application=application,
            year=next_year(),
            amount=Decimal("8000"),
            due_payments=Decimal("10000"),
            need="Gehälter",
            needed_by=timezone.localdate() + dt.timedelta(days=20),
            idempotency_key="k" * 81,
            requested_by=application.created_by,
        )
    assert "idempotency_key" in error.value.message_dict
    assert not PaymentRequest.objects.exists()


@pytest.mark.parametrize("days", ["3e9", "3000000000", "99999999", "-1"])
def test_late_use_days_out_of_range_is_a_form_error(days, client, make_user) -> None:
    application = application_in(S.RUNNING)
    login(client, make_user("kommune", ags="05315"))
    data = {"kind": "interim", "year": str(next_year()), "report": "Bericht", "other_income": "0"}
    data |= {"late_use_amount": "100", "late_use_days": days, "actual-personal": "1000", "actual-sach": "0"}
    response = client.post(reverse("funding:proof_create", args=[application.pk]), data)
    assert response.status_code == 200
    assert not ProofOfUse.objects.exists()


@pytest.mark.parametrize("days", [99_999_999, -1])
def test_late_use_days_out_of_range_is_refused_by_the_service(days) -> None:
    application = application_in(S.RUNNING)
    with pytest.raises(ValidationError) as error:
        services.proof_submit(
            actor=application.created_by,
            application=application,
            kind="interim",
            year=next_year(),
            report="Bericht",
            actual={"personal": Decimal("1000")},
            other_income=Decimal(0),
            submitted_by=application.created_by,
            late_use_amount=Decimal("100"),
            late_use_days=days,
        )
    assert "late_use_days" in error.value.message_dict
    assert not ProofOfUse.objects.exists()


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999999", "-1", "0"])
def test_notice_of_an_unknown_amendment_is_404(value, client, make_user) -> None:
    application = application_in(S.DECIDED)
    login(client, make_user("kommune", ags="05315"))
    response = client.get(reverse("funding:notice_pdf", args=[application.pk]) + f"?aenderung={value}")
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/foerderung/uebersicht/", "/foerderung/zahlungen.csv"])
@pytest.mark.parametrize("year", ["99999999999999999999999", "abc", "-5", "1"])
def test_years_from_the_query_string_are_bounded(url, year, client, make_user) -> None:
    login(client, make_user("land", ags="05"))
    assert client.get(f"{url}?year={year}").status_code == 200


def test_programme_shares_are_percentages(client, make_user) -> None:
    from teilhabe.funding.forms import ProgrammeForm

    form = ProgrammeForm(data={"max_share": "999", "min_own_share": "-5"})
    form.is_valid()
    assert "max_share" in form.errors and "min_own_share" in form.errors


def test_hsds_page_beyond_any_real_page_is_400(client) -> None:
    response = client.get("/api/v1/hsds/services?page=99999999999999999999")
    assert response.status_code == 400
