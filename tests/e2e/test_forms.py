"""Forms that fit the data, in a real browser: a long checkbox list filtered by typing, with a live count; the focus
on the error summary after a failed submit and on the message after a successful one; programme rows added."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from teilhabe.registry.models import Organisation
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e]


def log_in(page: Any, live_server: Any, user: User) -> None:
    page.goto(f"{live_server.url}/konto/anmelden/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if "/konto/zweiter-faktor/" in page.url:  # staff roles confirm a second factor
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
        with page.expect_navigation():
            page.locator("main button[type=submit]").first.click()


def focused(page: Any) -> str:
    """The class and text of the focused element, for the assertion message."""
    return str(page.evaluate("() => document.activeElement.className + ' ' + document.activeElement.innerText"))


def test_gemeinden_are_a_filterable_checkbox_list_and_the_focus_follows_the_outcome(
    page: Any, live_server: Any
) -> None:
    user = UserFactory(email="kommune-formular@example.nrw")
    MembershipFactory(user=user, role=Role.KOMMUNE, ags="05315")
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/register/organisationen/neu/")

    fieldset = page.locator("fieldset", has=page.locator("legend", has_text="Tätig in den Gemeinden"))
    assert fieldset.locator("select[multiple]").count() == 0
    assert page.locator("select[multiple]").count() == 0
    count = fieldset.locator("[data-th-choices-count]")
    assert count.inner_text() == "396 von 396 sichtbar, 0 ausgewählt"
    assert count.get_attribute("aria-live") == "polite"

    page.get_by_label("Tätig in den Gemeinden: Liste eingrenzen").fill("bergisch")
    visible = fieldset.locator(".th-choices__options .kern-form-check:visible")
    assert 0 < visible.count() < 10
    assert all("Bergisch" in text for text in visible.all_inner_texts())
    visible.first.locator("input").check()
    assert "1 ausgewählt" in count.inner_text()
    page.get_by_label("Tätig in den Gemeinden: Liste eingrenzen").fill("koln")  # without the umlaut
    cologne = fieldset.locator(".th-choices__options .kern-form-check:visible")
    assert "Köln" in cologne.first.inner_text()
    cologne.first.locator("input").check()
    assert "2 ausgewählt" in count.inner_text()
    page.get_by_label("Tätig in den Gemeinden: Liste eingrenzen").press("Enter")  # does not submit the form
    assert page.url.endswith("/register/organisationen/neu/")

    # A failed submit: the error summary has the focus and keeps the two Gemeinden chosen.
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    assert page.evaluate("() => document.activeElement.classList.contains('th-error-summary')"), focused(page)
    assert "Name" in page.locator(".th-error-summary").inner_text()
    assert "2 ausgewählt" in page.locator("[data-th-choices-count]").first.inner_text()

    # A successful one: the message of the step has the focus.
    page.fill("#id_name", "Bergischer Kulturverein e.V.")
    page.select_option("#id_gemeinde", "05315000")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    organisation = Organisation.objects.get(name="Bergischer Kulturverein e.V.")
    assert organisation.gemeinden.count() == 2
    assert page.evaluate("() => document.activeElement.classList.contains('th-messages')"), focused(page)


def test_without_javascript_every_option_is_listed(browser: Any, live_server: Any) -> None:
    user = UserFactory(email="kommune-ohne-js@example.nrw")
    MembershipFactory(user=user, role=Role.KOMMUNE, ags="05315")
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, user)
        page.goto(f"{live_server.url}/register/organisationen/neu/")
        fieldset = page.locator("fieldset", has=page.locator("legend", has_text="Tätig in den Gemeinden"))
        assert fieldset.locator(".th-choices__filter").is_hidden()
        assert fieldset.locator("input[type=checkbox]").count() == 396
    finally:
        context.close()


def test_programme_rows_are_added_in_the_browser(page: Any, live_server: Any) -> None:
    user = UserFactory(email="land-formular@example.nrw")
    MembershipFactory(user=user, role=Role.LAND, ags="05")
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/foerderung/programme/neu/")
    assert page.url.endswith("/foerderung/programme/neu/"), page.url
    costs = page.locator("fieldset[data-th-formset]").first
    assert costs.locator(".th-formset__row").count() == 2
    costs.get_by_role("button", name="Weitere Ausgabeart").click()
    assert costs.locator(".th-formset__row").count() == 3
    assert page.locator("#id_cost-TOTAL_FORMS").input_value() == "3"
    assert page.evaluate("() => document.activeElement.id") == "id_cost-2-key"
