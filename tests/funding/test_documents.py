"""The letters as PDF: Eingangsbestätigung, Zuwendungs-, Teilbewilligungs-, Ablehnungs- und Änderungsbescheid,
Auszahlungsmitteilung. Checked through their text (pdftotext, poppler-utils)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from teilhabe.funding import documents, services
from teilhabe.funding.models import Application, ApplicationStatus, PaymentRequest
from tests.funding.factories import budget, make_application, make_call, make_programme, next_year, walk

pytestmark = pytest.mark.django_db
S = ApplicationStatus
D = Decimal

AUTHORITY_ADDRESS = "Zeughausstraße 2–10\n50667 Köln"
PAID_ON = dt.date(dt.date.today().year + 1, 1, 7)
APPLICANT_ADDRESS = "Kommunales Integrationszentrum\nWilly-Brandt-Platz 2\n50679 Köln"


def pdf_text(content: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext missing: CI installs poppler-utils")
        pytest.skip("pdftotext (poppler-utils) not installed")
    assert content.startswith(b"%PDF")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # one line per paragraph is not guaranteed: compare with single spaces
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    return {
        "kommune": make_user("kommune", ags="05315", full_name="Klara Kommunal"),
        "proposer": make_user("bewilligung", ags="053", full_name="Paul Vorschlag"),
        "decider": make_user("bewilligung", ags="053", full_name="Dora Entscheider"),
    }


@pytest.fixture
def call():  # type: ignore[no-untyped-def]
    programme = make_programme(granting_authority_address=AUTHORITY_ADDRESS)
    call = make_call(programme)
    budget(programme, next_year(), "500000")
    budget(programme, next_year() + 1, "500000")
    return call


def _to(people: dict[str, Any], application: Application, state: str) -> Application:
    return walk(application, state, kommune=people["kommune"], proposer=people["proposer"], decider=people["decider"])


def _issue(people: dict[str, Any], application: Application) -> Application:
    """After the proposal: the second person decides, the notice goes out."""
    services.decision_take(actor=people["decider"], application=application)
    services.notice_issue(actor=people["proposer"], application=application, issued_on=dt.date(2026, 11, 25))
    application.refresh_from_db()
    return application


def _assessed(people: dict[str, Any], call: Any, **overrides: Any) -> Application:
    application = make_application(people["kommune"], call, applicant_address=APPLICANT_ADDRESS, **overrides)
    return _to(people, application, S.ASSESSMENT)


def _no_person_names(text: str) -> None:
    for name in ("Vorschlag", "Entscheider", "Kommunal ", "Klara", "Paul", "Dora"):
        assert name not in text


def _letter_frame(text: str, application: Application) -> None:
    assert "Bezirksregierung Köln" in text and "Zeughausstraße 2–10" in text and "50667 Köln" in text
    assert application.applicant_name in text and "Willy-Brandt-Platz 2" in text
    assert application.reference in text
    assert "Sehr geehrte Damen und Herren" in text and "Im Auftrag" in text


def test_receipt_names_the_version_and_its_totals(people: dict[str, Any], call: Any, tmp_path: Path) -> None:
    application = make_application(people["kommune"], call, applicant_address=APPLICANT_ADDRESS)
    version = services.application_submit(actor=people["kommune"], application=application)
    application.refresh_from_db()
    text = pdf_text(documents.receipt_pdf(application, version), tmp_path)
    _letter_frame(text, application)
    assert "Eingangsbestätigung" in text and "Fassung Nr. 1" in text
    assert documents.day(version.submitted_at) in text
    assert "Interkulturelle Elternarbeit" in text
    assert "50.000,00 €" in text and "10.000,00 €" in text and "40.000,00 €" in text
    assert "keine Bewilligung" in text
    _no_person_names(text)


def test_notice_of_full_approval(people: dict[str, Any], call: Any, tmp_path: Path) -> None:
    application = _assessed(people, call)
    services.decision_propose(
        actor=people["proposer"],
        application=application,
        decision="approve",
        conditions="Der Sachbericht nennt die Zahl der erreichten Eltern.",
    )
    application = _issue(people, application)
    text = pdf_text(documents.notice_pdf(application), tmp_path)
    _letter_frame(text, application)
    assert "Zuwendungsbescheid" in text and "Teilbewilligung" not in text
    assert f"{next_year()} 40.000,00 €" in text
    assert "Anteilfinanzierung in Höhe von 80 %" in text
    assert "ANBest-G" in text and "Bestandteil dieses Bescheids" in text
    assert "Der Sachbericht nennt die Zahl der erreichten Eltern." in text
    assert f"Verwendungsnachweis bis 30.06.{next_year() + 1}" in text
    assert "Ein vorzeitiger Maßnahmebeginn ist nicht zugelassen" in text
    assert "Eltern mit Einwanderungsgeschichte" in text  # the purpose
    assert "§ 39 Abs. 2 Nr. 1 VwVfG NRW" in text
    assert documents.day(application.notice_issued_on) in text
    # Rechtsbehelfsbelehrung: action before the administrative court within one month, no objection procedure
    assert "Rechtsbehelfsbelehrung" in text
    assert "innerhalb eines Monats nach seiner Bekanntgabe Klage erhoben werden" in text
    assert "Verwaltungsgericht" in text and "Widerspruch" not in text
    _no_person_names(text)


def test_partial_approval_over_two_years_with_early_start(people: dict[str, Any], call: Any, tmp_path: Path) -> None:
    year = next_year()
    application = _assessed(
        people,
        call,
        title="Sprachcafé",
        ends_on=dt.date(year + 1, 6, 30),
        early_start_requested=True,
        costs={("personal", year): D("30000"), ("personal", year + 1): D("20000")},
        financing={
            ("own", year): D("6000"),
            ("grant", year): D("24000"),
            ("own", year + 1): D("4000"),
            ("grant", year + 1): D("16000"),
        },
    )
    services.decision_propose(
        actor=people["proposer"],
        application=application,
        decision="partial",
        amounts={year: D("20000"), year + 1: D("10000")},
        reasons="Die Honorarsätze übersteigen die Richtwerte des Programms.",
        early_start_allowed=True,
    )
    application = _issue(people, application)
    text = pdf_text(documents.notice_pdf(application), tmp_path)
    assert "Teilbewilligung" in text
    assert "30.000,00 €" in text and "Beantragt waren 40.000,00 €" in text
    assert f"{year} 20.000,00 €" in text and f"{year + 1} 10.000,00 €" in text
    assert "Anteilfinanzierung in Höhe von 60 %" in text
    assert "Die Honorarsätze übersteigen die Richtwerte des Programms." in text
    assert "vorzeitige Maßnahmebeginn wurde zugelassen" in text
    assert f"Zwischennachweis {year} bis 30.04.{year + 1}" in text
    assert f"Verwendungsnachweis bis 30.12.{year + 1}" in text
    _no_person_names(text)


def test_rejection_notice_gives_the_reasons(people: dict[str, Any], call: Any, tmp_path: Path) -> None:
    application = _assessed(people, call)
    services.decision_propose(
        actor=people["proposer"],
        application=application,
        decision="reject",
        reasons="Das Vorhaben ist bereits aus Mitteln des Bundes finanziert.",
    )
    application = services.decision_take(actor=people["decider"], application=application)
    application.refresh_from_db()
    assert application.status == S.REJECTED
    text = pdf_text(documents.notice_pdf(application), tmp_path)
    _letter_frame(text, application)
    assert "Ablehnungsbescheid" in text and "wird abgelehnt" in text
    assert "Das Vorhaben ist bereits aus Mitteln des Bundes finanziert." in text
    assert "Rechtsbehelfsbelehrung" in text and "Klage" in text and "Widerspruch" not in text
    assert "Zuwendungsbescheid" not in text and "ANBest" not in text
    _no_person_names(text)


def test_organisation_gets_anbest_p(make_user: Any, people: dict[str, Any], tmp_path: Path) -> None:
    from tests.registry.factories import OrganisationFactory

    organisation = OrganisationFactory()
    member = make_user("organisation", scope_object=organisation)
    programme = make_programme(key="mso", applicant_kinds=["organisation"], required_partner_kinds=[])
    budget(programme, next_year())
    application = make_application(member, make_call(programme), applicant_ags="", organisation=organisation)
    application = walk(
        application, S.NOTICE_ISSUED, kommune=member, proposer=people["proposer"], decider=people["decider"]
    )
    text = pdf_text(documents.notice_pdf(application), tmp_path)
    assert "ANBest-P" in text and "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung" in text


def test_amendment_notice_is_numbered(people: dict[str, Any], call: Any, tmp_path: Path) -> None:
    application = _to(people, make_application(people["kommune"], call, applicant_address=APPLICANT_ADDRESS), S.FINAL)
    amendment = services.amendment_issue(
        actor=people["proposer"],
        application=application,
        amounts={next_year(): D("35000")},
        reason="Die Personalstelle wird erst zum 1. März besetzt.",
    )
    application.refresh_from_db()
    text = pdf_text(documents.notice_pdf(application, amendment=amendment), tmp_path)
    _letter_frame(text, application)
    assert "Änderungsbescheid Nr. 1" in text
    assert "40.000,00 €" in text and "35.000,00 €" in text and "-5.000,00 €" in text
    assert "Die Personalstelle wird erst zum 1. März besetzt." in text
    assert f"Zuwendungsbescheid vom {documents.day(application.notice_issued_on)}" in text
    assert "Rechtsbehelfsbelehrung" in text
    _no_person_names(text)


def _paid(people: dict[str, Any], call: Any, make_user: Any) -> PaymentRequest:
    application = _to(people, make_application(people["kommune"], call, applicant_address=APPLICANT_ADDRESS), S.RUNNING)
    request = services.payment_request(
        actor=people["kommune"],
        application=application,
        year=next_year(),
        amount=D("12000"),
        due_payments=D("15000"),
        need="Honorare und Miete im ersten Quartal",
        needed_by=dt.date(next_year(), 2, 1),
        idempotency_key="abruf-1",
        requested_by=people["kommune"],
        today=dt.date(next_year(), 1, 5),
    )
    services.payment_check(actor=people["proposer"], request=request)
    return services.payment_order(actor=people["decider"], request=request, paid_on=PAID_ON)


def test_payment_notice_shows_what_remains(people: dict[str, Any], call: Any, make_user: Any, tmp_path: Path) -> None:
    payment = _paid(people, call, make_user)
    text = pdf_text(documents.payment_notice_pdf(payment), tmp_path)
    _letter_frame(text, payment.application)
    assert "Auszahlungsmitteilung" in text and f"am {documents.day(PAID_ON)} einen Betrag von 12.000,00 €" in text
    assert "12.000,00 €" in text and "40.000,00 €" in text
    assert "noch abrufbar 28.000,00 €" in text
    assert f"Haushaltsjahr {next_year()}" in text
    _no_person_names(text)


def test_payment_notice_only_for_paid_requests(people: dict[str, Any], call: Any, make_user: Any) -> None:
    payment = _paid(people, call, make_user)
    payment.status = "checked"
    with pytest.raises(ValueError):
        documents.payment_notice_pdf(payment)


def test_money_and_dates_in_german() -> None:
    assert documents.euro(D("1234567.5")) == "1.234.567,50 €"
    assert documents.euro(D("0")) == "0,00 €"
    assert documents.percent(D("80.00")) == "80" and documents.percent(D("62.50")) == "62,5"
    assert documents.day(dt.date(2027, 3, 1)) == "01.03.2027"
