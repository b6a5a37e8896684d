"""The history of an application reads as sentences, never as audit keys or raw status values (issue 10)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from teilhabe.funding import services
from teilhabe.funding.history import SENTENCES, sentence
from teilhabe.funding.models import ApplicationStatus
from tests.conftest import login
from tests.funding.factories import application_in, authority_people, requested_payment

pytestmark = pytest.mark.django_db
S = ApplicationStatus
RAW = re.compile(r"funding\.[a-z_]+|application_submitted|payment_checked|decision_proposed|formal_check_\w+")


def _history(page: str) -> str:
    match = re.search(r'<details class="th-history">.*?</details>', page, re.S)
    assert match is not None
    return match.group(0)


def test_the_history_on_the_detail_page_is_told_in_sentences() -> None:
    application = application_in(S.RUNNING)
    people = authority_people()
    payment = requested_payment(application, people["kommune"], "verlauf")
    services.payment_check(actor=people["proposer"], request=payment)
    client = login(Client(), people["kommune"])
    # The application's own Kommune may read it (same AGS): any of its people.
    history = _history(client.get(f"/foerderung/antraege/{application.pk}/").content.decode())

    assert "Antrag eingereicht von" in history
    assert "Entscheidung vorgeschlagen von" in history and "Bewilligung in voller Höhe" in history
    assert "Bescheid erlassen von" in history
    assert "Mittelabruf über 8.000,00 € angefordert von" in history
    assert "Mittelabruf als sachlich richtig bestätigt von" in history
    assert not RAW.search(history), RAW.findall(history)
    for raw_state in ("submitted", "formal_check", "assessment", "proposed", "notice_issued", "running"):
        assert f"→ {raw_state}" not in history and f">{raw_state}<" not in history


def test_a_returned_application_shows_the_reason_and_a_reminder_never_its_key() -> None:
    application = application_in(S.FORMAL_CHECK)
    people = authority_people()
    services.application_return(actor=people["proposer"], application=application, reason="Es fehlt der Finanzplan.")
    history = _history(
        login(Client(), people["kommune"]).get(f"/foerderung/antraege/{application.pk}/").content.decode()
    )
    assert "Antrag zur Ergänzung zurückgegeben von" in history and "Es fehlt der Finanzplan." in history

    reminder = SimpleNamespace(
        action="funding.reminder", actor=None, data={}, reason="proof-2027-final-due", to_state="", at=timezone.now()
    )
    entry = sentence(reminder)
    assert entry.text == "Erinnerung an eine Frist versandt"
    assert entry.reason == ""


def test_an_action_without_a_sentence_still_reads_as_one() -> None:
    event = SimpleNamespace(
        action="funding.something_new", actor=None, data={}, reason="", to_state="decided", at=timezone.now()
    )
    text = sentence(event).text
    assert "funding." not in text and "decided" not in text and "entschieden" in text


def test_every_recorded_application_step_has_a_sentence() -> None:
    for action in (
        "application_submitted",
        "application_returned",
        "application_withdrawn",
        "formal_check_started",
        "formal_check_passed",
        "decision_proposed",
        "decided",
        "proposal_sent_back",
        "notice_issued",
        "notice_final",
        "project_started",
        "proof_submitted",
        "proof_checked",
        "closed",
        "payment_checked",
        "payment_ordered",
    ):
        assert f"funding.{action}" in SENTENCES
