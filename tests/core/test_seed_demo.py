from __future__ import annotations

import base64
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.demo import ACCOUNTS, DEMO_TOTP_SECRET
from teilhabe.core.models import AuditEvent, Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of

pytestmark = pytest.mark.django_db

KEYS = (
    "land",
    "bewilligung",
    "bewilligung2",
    "bewilligung-arnsberg",
    "bewilligung-arnsberg2",
    "kommune",
    "organisation",
    "behoerde",
    "admin",
)
LOGINS = [f"{key}@demo.teilhabe.nrw" for key in KEYS]


@pytest.fixture(autouse=True)
def _no_generated_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry's thousands of generated offers add nothing to these tests of the accounts."""
    monkeypatch.setattr("teilhabe.registry.demo.generator.generate", lambda **_: {"organisations": 0, "offers": 0})


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_one_login_per_role_with_real_areas() -> None:
    text = seed()
    for email in LOGINS:
        assert email in text
        assert User.objects.get(email=email).check_password("teilhabe-demo")
    assert scope_of(User.objects.get(email="land@demo.teilhabe.nrw")).covers_ags(Role.LAND, "05111000")
    bewilligung = scope_of(User.objects.get(email="bewilligung@demo.teilhabe.nrw"))
    assert bewilligung.covers_ags(Role.BEWILLIGUNG, "05315000")  # Bezirksregierung Köln: Köln
    assert not bewilligung.covers_ags(Role.BEWILLIGUNG, "05111000")  # but not Düsseldorf
    assert scope_of(User.objects.get(email="bewilligung2@demo.teilhabe.nrw")).has_role(Role.BEWILLIGUNG)
    kommune = User.objects.get(email="kommune@demo.teilhabe.nrw")
    assert scope_of(kommune).covers_ags(Role.KOMMUNE, "05315000")
    assert not scope_of(kommune).covers_ags(Role.KOMMUNE, "05111000")
    admin = User.objects.get(email="admin@demo.teilhabe.nrw")
    assert admin.is_staff
    assert scope_of(admin).has_role(Role.ADMIN)
    assert Membership.objects.get(user=admin).ags == ""
    # The higher apps' demo modules scope the object roles.
    assert scope_of(User.objects.get(email="behoerde@demo.teilhabe.nrw")).has_role(Role.BEHOERDE)
    assert scope_of(User.objects.get(email="organisation@demo.teilhabe.nrw")).has_role(Role.ORGANISATION)
    assert not User.objects.filter(email__endswith="@demo.teilhabe.nrw", is_staff=True).exclude(pk=admin.pk).exists()


def test_seed_demo_goes_through_the_services() -> None:
    seed()
    # the demo logins and the commissioners of the dialogue's demo data, each through the service
    commissioners = User.objects.filter(email__startswith="integration-").count()
    assert AuditEvent.objects.filter(action="user.created").count() == len(ACCOUNTS) + commissioners
    assert AuditEvent.objects.filter(action="membership.granted").count() >= 5


def test_second_factor_roles_get_the_published_secret() -> None:
    text = seed()
    key = base64.b32decode(DEMO_TOTP_SECRET)
    for email in ("land", "bewilligung", "bewilligung2", "admin"):
        device = TOTPDevice.objects.get(user__email=f"{email}@demo.teilhabe.nrw")
        assert device.confirmed
        assert device.bin_key == key
    for email in ("kommune", "organisation", "behoerde"):
        assert not TOTPDevice.objects.filter(user__email=f"{email}@demo.teilhabe.nrw").exists()
    assert DEMO_TOTP_SECRET in text
    assert f"otpauth://totp/Teilhabe%20NRW:demo%40demo.teilhabe.nrw?secret={DEMO_TOTP_SECRET}" in text


def test_output_is_a_table_of_role_login_password_and_secret() -> None:
    lines = seed().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Rolle"))
    assert lines[header].split() == ["Rolle", "Anmeldung", "Passwort", "TOTP-Schlüssel"]
    rows = {line.split()[1]: line.split() for line in lines[header + 2 : header + 2 + len(ACCOUNTS)]}
    assert rows["land@demo.teilhabe.nrw"] == ["land", "land@demo.teilhabe.nrw", "teilhabe-demo", DEMO_TOTP_SECRET]
    assert rows["kommune@demo.teilhabe.nrw"] == ["kommune", "kommune@demo.teilhabe.nrw", "teilhabe-demo", "–"]


def test_demo_password_comes_from_the_settings(settings: object) -> None:
    settings.TEILHABE_DEMO_PASSWORD = "anderes-demo-passwort"  # type: ignore[attr-defined]
    assert "anderes-demo-passwort" in seed()
    assert User.objects.get(email="kommune@demo.teilhabe.nrw").check_password("anderes-demo-passwort")


def test_demo_login_with_second_factor_works_end_to_end() -> None:
    seed()
    client = Client()
    with time_machine.travel("2026-11-25 10:00:05 +0000", tick=False):
        response = client.post("/konto/anmelden/", {"username": "land@demo.teilhabe.nrw", "password": "teilhabe-demo"})
        assert response.status_code == 302
        code = f"{totp(base64.b32decode(DEMO_TOTP_SECRET)):06d}"
        assert client.post("/konto/zweiter-faktor/", {"token": code}).status_code == 302
        assert client.get("/konto/").status_code == 200


def test_seed_demo_is_idempotent() -> None:
    seed()

    def counts() -> tuple[int, ...]:
        grants = AuditEvent.objects.filter(action__in=["user.created", "membership.granted"])
        return User.objects.count(), Membership.objects.count(), TOTPDevice.objects.count(), grants.count()

    before = counts()
    text = seed()
    assert counts() == before
    assert f"Demo-Konten: {len(KEYS)} (0 neu)" in text
    for email in LOGINS:
        assert email in text


def test_seed_demo_keeps_what_people_changed() -> None:
    from teilhabe.core.services import membership_revoke, second_factor_reset

    seed()
    operator = User.objects.get(email="admin@demo.teilhabe.nrw")
    kommune = User.objects.get(email="kommune@demo.teilhabe.nrw")
    kommune.set_password("ein-eigenes-passwort")
    kommune.full_name = "Anderer Name"
    kommune.save()
    land = User.objects.get(email="land@demo.teilhabe.nrw")
    membership_revoke(membership=land.memberships.get(), actor=operator)
    second_factor_reset(user=land, actor=operator)
    TOTPDevice.objects.create(user=land, name="Eigenes Handy", confirmed=True)
    memberships = Membership.objects.count()
    seed()
    kommune.refresh_from_db()
    assert kommune.check_password("ein-eigenes-passwort")
    assert kommune.full_name == "Anderer Name"
    assert Membership.objects.count() == memberships
    assert not scope_of(User.objects.get(pk=land.pk)).has_role(Role.LAND)  # ended stays ended
    assert list(TOTPDevice.objects.filter(user=land).values_list("name", flat=True)) == ["Eigenes Handy"]


def test_accounts_exist_even_when_no_app_grants_the_object_roles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("teilhabe.core.management.commands.seed_demo.demo_modules", list)
    text = seed()
    for key in ("organisation", "behoerde"):
        user = User.objects.get(email=f"{key}@demo.teilhabe.nrw")
        assert not user.memberships.exists()
        assert f"{key} (noch ohne Bereich)" in text
        client = Client()
        response = client.post("/konto/anmelden/", {"username": user.email, "password": "teilhabe-demo"})
        assert response.status_code == 302
        assert "Ihnen ist noch keine Rolle zugewiesen." in client.get("/").content.decode()


def test_higher_apps_seed_in_installed_apps_order() -> None:
    from django.conf import settings

    from teilhabe.core.management.commands.seed_demo import demo_modules

    modules = demo_modules()
    assert "teilhabe.core.demo" not in modules  # core seeds first, by itself
    apps = [m.removesuffix(".demo") for m in modules]
    assert apps == [a for a in settings.INSTALLED_APPS if a in apps]
    assert {"teilhabe.registry", "teilhabe.workforce"} <= set(apps)
