"""A commissioner of Köln registers for a dialogue event in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from teilhabe.dialogue.models import Registration
from tests.dialogue.factories import kommune_user, make_event
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def commissioner() -> User:
    user = UserFactory(email="ib-koeln@example.nrw", full_name="Kemal Korkmaz (KI Köln)")
    MembershipFactory(user=user, role=Role.KOMMUNE, ags="05315")
    return user


def test_kommune_registers_for_an_event(page: Any, live_server: Any, commissioner: User) -> None:
    event = make_event(title="Dialogforum Herbst", capacity=2)
    from teilhabe.dialogue import services

    services.registration_create(actor=kommune_user("05314"), event=event)  # one place left

    page.goto(f"{live_server.url}/konto/anmelden/")
    page.fill("#id_username", commissioner.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    page.get_by_role("link", name="Veranstaltungen").first.click()
    page.get_by_role("link", name="Dialogforum Herbst").click()
    assert "1 von 2 belegt" in page.locator("#th-places").inner_text()
    page.get_by_label("Stufenloser Zugang").check()
    page.fill("#id_needs_note", "Rollstuhl")
    with page.expect_navigation():
        page.get_by_role("button", name="Verbindlich anmelden").click()

    assert "Sie sind angemeldet" in page.locator("body").inner_text()
    assert "2 von 2 belegt" in page.locator("#th-places").inner_text()
    registration = Registration.objects.get(user=commissioner)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.needs == ["step_free"]
