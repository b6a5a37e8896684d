"""The way in: start page, keyboard access, language switch and login, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def kommune_user() -> User:
    """Like the demo account `kommune`: staff of the KI Köln, scoped to Kreis 05315, no second factor."""
    user = UserFactory(email="kommune@example.nrw", full_name="Kemal Korkmaz (KI Köln)")
    MembershipFactory(user=user, role=Role.KOMMUNE, ags="05315")
    return user


def test_start_page_keyboard_language_and_login(page: Any, live_server: Any, kommune_user: User) -> None:
    response = page.goto(f"{live_server.url}/")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Teilhabe NRW"

    # The skip link is the first thing the keyboard reaches, becomes visible then, and leads to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["th-skip-link", "#main"]
    box = page.locator("a.th-skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    # Picking English in the language menu reloads the page in English.
    with page.expect_navigation():
        page.select_option("#th-language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("a.th-skip-link").inner_text() == "Skip to content"

    # Login as a Kommune member lands on the member start page, still in English.
    page.locator("header").get_by_role("link", name="Log in").click()
    page.wait_for_url("**/konto/anmelden/**")
    page.fill("#id_username", kommune_user.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.url == f"{live_server.url}/"
    assert "Kemal Korkmaz" in page.locator("h1").inner_text()
    # The body by name (German "Stadt Köln", English "City of Köln"), never its key "05315" (issue 10).
    main = page.locator("main").inner_text()
    assert "Köln" in main.split("Kemal Korkmaz", 1)[1] and "05315" not in main
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("header form[action='/konto/abmelden/'] button").is_visible()
