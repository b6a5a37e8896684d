"""An Änderungsbescheid in a real browser: one person of the Bezirksregierung proposes it, the same person finds no
button to decide it, a second person decides it and the numbered notice is there."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from teilhabe.core.models import User
from teilhabe.funding.models import Amendment, ApplicationStatus, Budget
from tests.conftest import login
from tests.funding.factories import authority_people, budget, make_application, make_call, next_year, walk

pytestmark = [pytest.mark.e2e]
S = ApplicationStatus
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def as_user(page: Any, live_server: Any, user: User) -> None:
    """The browser carries a session of ``user`` with the second factor confirmed (the login itself is tested
    elsewhere)."""
    client = login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def test_an_amendment_needs_two_people_in_the_browser(page: Any, live_server: Any) -> None:
    people = authority_people()
    call = make_call()
    budget(call.programme, next_year(), "100000")
    application = walk(make_application(people["kommune"], call), S.RUNNING, **people)
    year = next_year()
    detail = f"{live_server.url}/foerderung/antraege/{application.pk}/"

    as_user(page, live_server, people["proposer"])
    page.goto(detail)
    page.get_by_role("link", name="Änderungsbescheid vorschlagen").click()
    page.fill(f"#id_amount-{year}", "47000")  # more than applied for: refused with the reason
    page.fill("#id_reasons", "Mehrbedarf")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    assert "höchstens die beantragten" in page.locator("main").inner_text()
    page.fill(f"#id_amount-{year}", "30000")
    page.fill("#id_reasons", "Die Stelle wird erst zum 1. April besetzt.")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    main = page.locator("main").inner_text()
    assert "Offener Änderungsvorschlag" in main and "Vier-Augen-Prinzip" in main
    assert page.get_by_role("button", name="Änderungsbescheid zeichnen und erlassen").count() == 0
    assert Budget.objects.get().committed == Decimal("40000")

    as_user(page, live_server, people["decider"])
    page.goto(detail)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "amendment-decider.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Änderungsbescheid zeichnen und erlassen").click()
    assert "Änderungsbescheid erlassen" in page.locator("body").inner_text()
    assert Amendment.objects.get().number == 1 and Budget.objects.get().committed == Decimal("30000")
    pdf = page.get_by_role("link", name="PDF").first.get_attribute("href")
    response = page.request.get(f"{live_server.url}{pdf}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
