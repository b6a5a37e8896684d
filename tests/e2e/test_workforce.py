"""Answering the staff survey on a phone-sized screen, and the published charts, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from teilhabe.workforce import services
from teilhabe.workforce.models import Campaign, ParticipationCode, Response

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(
        locale="de-DE", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_answering_the_survey_on_a_phone(phone: Any, live_server: Any) -> None:
    from tests.workforce.factories import make_authority, make_campaign, make_codes, make_unit

    campaign = make_campaign(status=Campaign.Status.OPEN)
    unit = make_unit(make_authority("Bezirksregierung Musterstadt"), "Dezernat 21")
    code, other = make_codes(campaign, unit, 2)

    phone.goto(f"{live_server.url}/befragung/")
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        "no sideways scrolling"
    )
    phone.get_by_label("Ihr Teilnahmecode").fill(services.format_code(code).lower())
    phone.get_by_role("button", name="Weiter zu den Fragen").tap()
    phone.wait_for_selector("#survey-form")
    assert "Bezirksregierung Musterstadt" in phone.content()
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        "no sideways scrolling"
    )
    # Some answers, others left open ("keine Angabe").
    phone.locator("input[name=career_group][value=lg2_1]").check()
    phone.locator("input[name=staff_kind][value=beamte]").check()
    phone.locator("input[name=self_birthplace][value=de]").check()
    phone.locator("input[name=self_citizenship_birth][value=de]").check()
    phone.locator("input[name=self_citizenship_now][value=de]").check()
    phone.locator("input[name=parent1_birthplace][value=ausland]").check()
    phone.locator("input[name=parent1_immigration][value=ab1956]").check()
    phone.locator("input[name=parent1_citizenship_birth][value=andere]").check()
    button = phone.get_by_role("button", name="Antwort absenden")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None and box["height"] >= 40 and box["width"] <= 375, "a thumb-sized button on the screen"
    button.tap()
    phone.wait_for_selector("text=Vielen Dank für Ihre Teilnahme")

    response = Response.objects.get()
    assert (response.eg_tintg, response.eg_destatis, response.mh_mikrozensus) == ("ja", "ka", "ja")
    assert response.age_band == "ka"
    assert ParticipationCode.objects.get(code=code).used
    assert not ParticipationCode.objects.get(code=other).used

    # The same code a second time: refused, nothing stored.
    phone.goto(f"{live_server.url}/befragung/")
    phone.get_by_label("Ihr Teilnahmecode").fill(code)
    phone.get_by_role("button", name="Weiter zu den Fragen").tap()
    phone.wait_for_selector("text=Jeder Code gilt nur einmal")
    assert Response.objects.count() == 1


def test_published_results_draw_their_charts(page: Any, live_server: Any) -> None:
    from tests.workforce.factories import fill, make_authority, make_campaign, make_land, make_unit

    campaign = make_campaign(2015, status=Campaign.Status.CLOSED)
    authority = make_authority("Ministerium B", short_name="MB")
    fill(campaign, make_unit(authority, "Abteilung 1", staff=300), yes=30, no=170, seed=1)
    fill(campaign, make_unit(authority, "Abteilung 2", staff=300), yes=25, no=180, seed=2)
    services.campaign_publish(actor=make_land(), campaign=campaign)
    page.goto(f"{live_server.url}/oeffentlicher-dienst/")
    page.wait_for_function("() => document.getElementById('wf-authorities').dataset.ready === '1'")
    page.wait_for_function("() => document.getElementById('wf-trend').dataset.ready === '1'")
    assert page.locator("table caption", has_text="nach Behörde").count() == 1
