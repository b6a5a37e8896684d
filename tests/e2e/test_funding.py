"""An application made in a real browser: project data, the plan grid, partners, submission and receipt."""

from __future__ import annotations

from typing import Any

import pytest

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from teilhabe.funding.models import Application, ApplicationStatus
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory
from tests.funding.factories import make_call, next_year
from tests.registry.factories import OrganisationFactory

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def kommune_user() -> User:
    user = UserFactory(email="ki-koeln@example.nrw", full_name="Kemal Korkmaz (KI Köln)")
    MembershipFactory(user=user, role=Role.KOMMUNE, ags="05315")
    return user


def test_kommune_applies_for_komm_in(page: Any, live_server: Any, kommune_user: User) -> None:
    call = make_call()
    OrganisationFactory(name="Kölner Migrantenverein e.V.")
    year = next_year()
    page.goto(f"{live_server.url}/konto/anmelden/")
    page.fill("#id_username", kommune_user.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    page.get_by_role("link", name="Förderanträge").first.click()
    page.get_by_role("link", name="Antrag stellen").click()
    assert call.programme.name in page.locator("main").inner_text()
    page.fill("#id_title", "Elternlotsen im Veedel")
    page.fill("#id_goals", "Mehrsprachige Elternlotsen begleiten Familien in Kita und Schule.")
    page.fill("#id_starts_on", f"{year}-01-01")
    page.fill("#id_ends_on", f"{year}-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Entwurf anlegen").click()

    # the plan: a grid of categories and sources per year; the warnings say what is still missing
    assert "Noch nicht einreichbar" in page.locator("main").inner_text()
    page.fill(f"#id_cost-personal-{year}", "40000")
    page.fill(f"#id_cost-sach-{year}", "10000")
    page.fill(f"#id_fin-own-{year}", "10000")
    page.fill(f"#id_fin-grant-{year}", "40000")
    page.get_by_label("Kölner Migrantenverein e.V.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Plan speichern").click()

    main = page.locator("main").inner_text()
    assert "Vor dem Einreichen zu klären" not in main
    with page.expect_navigation():
        page.get_by_role("button", name="Verbindlich einreichen").click()
    assert "Antrag eingereicht" in page.locator("body").inner_text()
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    receipt = page.get_by_role("link", name="Eingangsbestätigung (PDF)")
    assert receipt.is_visible()
    response = page.request.get(f"{live_server.url}{receipt.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
