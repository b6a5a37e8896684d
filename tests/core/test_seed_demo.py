from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.demo import DEMO_TOTP_SECRET
from teilhabe.core.models import Membership, User
from teilhabe.core.scope import scope_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("teilhabe.registry.demo.DEMO_OFFERS", 200)


def test_seed_demo_creates_one_login_per_role_and_is_idempotent() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    for role in ("land", "bewilligung", "kommune", "organisation", "behoerde", "admin"):
        assert f"{role}@demo.teilhabe.nrw" in text
    assert DEMO_TOTP_SECRET in text
    users = User.objects.count()
    memberships = Membership.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == users
    assert Membership.objects.count() == memberships
    kommune = User.objects.get(email="kommune@demo.teilhabe.nrw")
    assert kommune.check_password("teilhabe-demo")
    assert scope_of(kommune).covers_ags("kommune", "05315000")
    assert TOTPDevice.objects.filter(user__email="land@demo.teilhabe.nrw", confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user=kommune).exists()
    behoerde = User.objects.get(email="behoerde@demo.teilhabe.nrw")
    assert scope_of(behoerde).has_role("behoerde")
    assert User.objects.get(email="admin@demo.teilhabe.nrw").is_staff


def test_seed_demo_keeps_user_changes() -> None:
    call_command("seed_demo", stdout=StringIO())
    kommune = User.objects.get(email="kommune@demo.teilhabe.nrw")
    kommune.set_password("ein-eigenes-passwort")
    kommune.save()
    call_command("seed_demo", stdout=StringIO())
    kommune.refresh_from_db()
    assert kommune.check_password("ein-eigenes-passwort")
