"""A payment request from request to order in the browser: the Kommune requests, one person of the Bezirksregierung
checks, a second one orders (issue 15: every payment action answered 500 in the screens, and no test clicked them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django_otp.oath import totp

from teilhabe.core.models import User
from teilhabe.funding.models import ApplicationStatus, PaymentRequest, PaymentStatus
from tests.factories import DEFAULT_PASSWORD, TOTPDeviceFactory, UserFactory
from tests.funding.factories import application_in, next_year

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def log_in(page: Any, base: str, user: User) -> None:
    page.goto(f"{base}/konto/anmelden/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    device = user.totpdevice_set.first()
    if device is not None:  # staff roles confirm the second factor
        page.fill("#id_token", f"{totp(device.bin_key):06d}")
        with page.expect_navigation():
            page.get_by_role("button", name="Bestätigen").click()


def log_out(page: Any) -> None:
    page.context.clear_cookies()


def case_worker(name: str) -> User:
    from tests.factories import MembershipFactory

    user = UserFactory(full_name=name)
    MembershipFactory(user=user, role="bewilligung", ags="053")
    TOTPDeviceFactory(user=user)
    return user


def test_bezirksregierung_processes_a_payment_request_from_request_to_order(page: Any, live_server: Any) -> None:
    year = next_year()
    application = application_in(ApplicationStatus.RUNNING)  # applied and decided before the project year
    applicant = application.created_by
    applicant.set_password(DEFAULT_PASSWORD)
    applicant.save()
    checker, orderer = case_worker("Clara Prüfer"), case_worker("Otto Anordner")
    detail = f"{live_server.url}/foerderung/antraege/{application.pk}/"
    SHOTS.mkdir(parents=True, exist_ok=True)

    # § 45 LHO: money of the current budget year only, so the clock stands in January of the project year.
    with time_machine.travel(dt.datetime(year, 1, 15, 9, tzinfo=dt.UTC), tick=True):
        log_in(page, live_server.url, applicant)
        page.goto(detail)
        page.get_by_role("link", name="Mittel abrufen").click()
        page.select_option("#id_year", str(year))
        page.fill("#id_due_payments", "10000")
        page.fill("#id_amount", "8000")
        page.fill("#id_needed_by", f"{year}-02-01")
        page.fill("#id_need", "Honorare der Elternlotsinnen im Februar")
        with page.expect_navigation():
            page.locator("main button[type=submit]").last.click()
        payment = PaymentRequest.objects.get(application=application)
        assert payment.status == PaymentStatus.REQUESTED
        assert payment.amount == Decimal("8000.00")
        log_out(page)

        log_in(page, live_server.url, checker)
        page.goto(detail)
        page.screenshot(path=str(SHOTS / "payment-1-requested-bewilligung.png"), full_page=True)
        with page.expect_navigation():
            page.get_by_role("button", name="Sachlich richtig").click()
        assert "Sachliche Richtigkeit gezeichnet." in page.content()
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.CHECKED and payment.checked_by == checker
        # the same person may not also order: the button is not there, the page says who must
        assert page.get_by_role("button", name="Zahlung anordnen").count() == 0
        page.screenshot(path=str(SHOTS / "payment-2-checked-same-person.png"), full_page=True)
        log_out(page)

        log_in(page, live_server.url, orderer)
        page.goto(detail)
        with page.expect_navigation():
            page.get_by_role("button", name="Zahlung anordnen").click()
        page.screenshot(path=str(SHOTS / "payment-3-ordered.png"), full_page=True)
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.PAID and payment.ordered_by == orderer
        assert page.get_by_role("link", name="Auszahlungsmitteilung").count() == 1
