"""The Bezirksregierung runs a repayment through the screens; nobody else can."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from teilhabe.funding.models import ClaimStatus
from tests.conftest import login
from tests.funding.factories import checked_with_claim, next_year
from tests.funding.test_documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    return {
        "kommune": make_user("kommune", ags="05315"),
        "proposer": make_user("bewilligung", ags="053"),
        "decider": make_user("bewilligung", ags="053"),
    }


def _at(day: dt.date):  # type: ignore[no-untyped-def]
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC), tick=False)


def test_authority_runs_the_repayment_in_the_screens(client, people, tmp_path: Path) -> None:
    claim = checked_with_claim(people)
    page = reverse("funding:claim_detail", args=[claim.application_id, claim.pk])
    action = lambda name: reverse("funding:claim_action", args=[claim.application_id, claim.pk, name])  # noqa: E731
    hearing_day = dt.date(next_year() + 1, 3, 3)
    with _at(hearing_day):
        login(client, people["proposer"])
        assert "Anhörung versenden" in client.get(page).content.decode()
        # too short a deadline: the form says so, nothing stored
        response = client.post(action("hearing"), {"deadline": "2000-01-01", "text": "Teilwiderruf"})
        assert response.status_code == 200 and "mindestens" in response.content.decode()
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.OPEN
        deadline = (hearing_day + dt.timedelta(days=28)).isoformat()
        assert (
            client.post(action("hearing"), {"deadline": deadline, "text": "Teilwiderruf über 12.000 €"}).status_code
            == 302
        )
        letter = client.get(reverse("funding:claim_letter_pdf", args=[claim.application_id, claim.pk, "anhoerung"]))
        assert letter["Content-Type"] == "application/pdf"
        text = pdf_text(letter.content, tmp_path)
        assert "Anhörung nach § 28 VwVfG NRW" in text and "12.000,00 €" in text
        assert client.post(action("waiver_propose"), {"reason": "Nicht zu vertreten"}).status_code == 302
        # the proposer sees no decision on his own proposal, and posting it anyway changes nothing
        assert "zweite Person)" not in client.get(page).content.decode()
        client.post(action("waiver_decide"), {"approve": "1"})
        claim.refresh_from_db()
        assert not claim.interest_waived
        client.logout()
    notice_day = hearing_day + dt.timedelta(days=40)
    with _at(notice_day):
        login(client, people["decider"])
        assert client.post(action("waiver_decide"), {"approve": "1"}).status_code == 302
        response = client.post(
            action("notice"),
            {
                "legal_basis": "49-3-1",
                "reasons": "Ausgaben unter Plan.",
                "due_on": (notice_day + dt.timedelta(days=30)).isoformat(),
            },
        )
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.NOTICE and claim.interest_waived
        letter = client.get(reverse("funding:claim_letter_pdf", args=[claim.application_id, claim.pk, "bescheid"]))
        text = pdf_text(letter.content, tmp_path)
        assert "Teilwiderruf des Zuwendungsbescheids" in text and "Rechtsbehelfsbelehrung" in text
        assert "Von der Geltendmachung der Zinsen wird abgesehen" in text
        assert (
            client.post(action("record"), {"received_on": notice_day.isoformat(), "amount": "12000"}).status_code == 302
        )
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.SETTLED


def test_applicant_and_other_authority_cannot_act(client, people, make_user) -> None:
    claim = checked_with_claim(people)
    page = reverse("funding:claim_detail", args=[claim.application_id, claim.pk])
    hearing = reverse("funding:claim_action", args=[claim.application_id, claim.pk, "hearing"])
    login(client, people["kommune"])
    assert client.get(page).status_code == 200  # the applicant sees the claim against him
    assert "Anhörung versenden" not in client.get(page).content.decode()
    assert client.post(hearing, {"deadline": "2099-01-01", "text": "x"}).status_code == 403
    client.logout()
    login(client, make_user("bewilligung", ags="051"))
    assert client.get(page).status_code == 404
    assert client.post(hearing, {"deadline": "2099-01-01", "text": "x"}).status_code == 404
    client.logout()
    login(client, people["proposer"])
    assert client.post(reverse("funding:claim_action", args=[claim.application_id, claim.pk, "nix"])).status_code == 404
    assert (
        client.get(reverse("funding:claim_letter_pdf", args=[claim.application_id, claim.pk, "bescheid"])).status_code
        == 404
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.OPEN
