"""An operator answers a data subject request in a real browser: finds the person, downloads the access ZIP,
erases the account and reads what was kept and why; the deletion concept is a readable table."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, TOTPDeviceFactory, UserFactory

pytestmark = [pytest.mark.e2e]


@pytest.fixture(autouse=True)
def _migrated_rules(transactional_db: None) -> None:
    """The flush of the previous browser test emptied the rules the data migration wrote."""
    from importlib import import_module

    from django.apps import apps

    import_module("teilhabe.lifecycle.migrations.0002_retention_rules").add_rules(apps, None)


@pytest.fixture
def operator() -> User:
    user = UserFactory(email="betrieb@example.nrw", full_name="Olga Operator", is_staff=True)
    MembershipFactory(user=user, role=Role.ADMIN, ags="")
    TOTPDeviceFactory(user=user)
    return user


def test_operator_answers_access_and_erasure_request(
    page: Any, live_server: Any, operator: User, tmp_path: Path, settings: Any
) -> None:
    settings.TEILHABE_ERASURE_JOURNAL = tmp_path / "journal.jsonl"
    UserFactory(email="frieda.frueher@example.nrw", full_name="Frieda Früher")
    page.goto(f"{live_server.url}/konto/anmelden/")
    page.fill("#id_username", operator.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    device = TOTPDevice.objects.get(user=operator)
    page.fill("#id_token", f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Bestätigen").click()

    page.goto(f"{live_server.url}/loeschkonzept/")
    assert "Anmeldeversuche und Sperren" in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "loeschkonzept.png"), full_page=True)

    page.goto(f"{live_server.url}/datenschutz/betroffene/")
    page.fill("#id_q", "frieda")
    with page.expect_navigation():
        page.get_by_role("button", name="Suchen").click()
    assert "frieda.frueher@example.nrw" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Auskunft als ZIP (JSON und PDF)").first.click()
    archive = tmp_path / "auskunft.zip"
    download.value.save_as(archive)
    assert sorted(zipfile.ZipFile(archive).namelist()) == ["auskunft.json", "auskunft.pdf"]

    page.fill("#id_reason", "Antrag nach Art. 17 DSGVO vom 1. Dezember")
    with page.expect_navigation():
        page.get_by_role("button", name="Konto löschen (pseudonymisieren)").click()
    main = page.locator("main").inner_text()
    assert "Löschung ausgeführt" in main and "Aufbewahrt, und warum" in main
    page.screenshot(path=str(tmp_path / "geloescht.png"), full_page=True)
    assert not User.objects.filter(email="frieda.frueher@example.nrw").exists()
