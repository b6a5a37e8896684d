"""Demo accounts, one per role, for `teilhabe seed_demo` and `make run`.

Deterministic and idempotent: a second run finds the same accounts and keeps what users created.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any, TextIO

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role

DEMO_DOMAIN = "demo.teilhabe.nrw"
#: Fixed TOTP secret of the demo accounts with a second factor (base32, 20 bytes). Demo only.
DEMO_TOTP_SECRET = "ORSWS3DIMFRGKLLEMVWW6LLUN52HAIJB"  # noqa: S105 - published demo secret, never a real one


@dataclass(frozen=True)
class DemoAccount:
    key: str
    role: Role | None
    ags: str
    full_name: str


ACCOUNTS = [
    DemoAccount("land", Role.LAND, "05", "Lena Landwehr (Ministerium)"),
    DemoAccount("bewilligung", Role.BEWILLIGUNG, "053", "Bernd Becker (Bezirksregierung Köln)"),
    DemoAccount("bewilligung2", Role.BEWILLIGUNG, "053", "Berit Brandt (Bezirksregierung Köln)"),
    DemoAccount("kommune", Role.KOMMUNE, "05315", "Kemal Korkmaz (KI Köln)"),
    DemoAccount("organisation", None, "", "Olga Oster (Verein in Köln)"),
    DemoAccount("behoerde", None, "", "Bianca Bauer (IT.NRW)"),
    DemoAccount("admin", Role.ADMIN, "", "Anton Adler (Betrieb)"),
]


def demo_totp_key_hex() -> str:
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def seed(*, stdout: TextIO, users: dict[str, User], **_: Any) -> None:
    password = settings.TEILHABE_DEMO_PASSWORD
    for account in ACCOUNTS:
        email = f"{account.key}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, full_name=account.full_name)
        if account.role is not None:
            Membership.objects.get_or_create(user=user, role=account.role, ags=account.ags, scope_id=None)
        if account.role == Role.ADMIN and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if account.role is not None and account.role.value in settings.TEILHABE_SECOND_FACTOR_ROLES:
            TOTPDevice.objects.get_or_create(
                user=user, name="Demo-Authenticator", defaults={"key": demo_totp_key_hex(), "confirmed": True}
            )
        users[account.key] = user
    # Roles scoped to objects of higher apps are granted by those apps' demo modules under these keys.
    users.setdefault(Role.ORGANISATION.value, users["organisation"])
    users.setdefault(Role.BEHOERDE.value, users["behoerde"])
    stdout.write(f"Demo-Konten: {len(ACCOUNTS)}\n")
