"""Demo accounts, one per role, for `teilhabe seed_demo` and `make run`.

Deterministic and idempotent: a second run finds the same accounts and keeps what people changed (passwords,
ended memberships, a second factor set up anew). Every account has the password settings.TEILHABE_DEMO_PASSWORD
(env TEILHABE_DEMO_PASSWORD, default "teilhabe-demo"). The accounts of the roles with a second factor get a
confirmed authenticator with the published secret DEMO_TOTP_SECRET, so a demo needs no phone: any TOTP tool
computes the code (e.g. ``oathtool --totp -b ORSWS3DIMFRGKLLEMVWW6LLUN52HAIJB``).

The organisation and behoerde accounts are scoped to objects of higher apps; their demo modules grant those
memberships (they find the accounts under the keys "organisation" and "behoerde" in ``users``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core import services
from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.system import system_actor

DEMO_DOMAIN = "demo.teilhabe.nrw"
#: Fixed TOTP secret of the demo accounts with a second factor (base32 of the 20 bytes "teilhabe-demo-totp!!").
#: Published on purpose, demo only: never on a platform with real data.
DEMO_TOTP_SECRET = "ORSWS3DIMFRGKLLEMVWW6LLUN52HAIJB"  # noqa: S105 - published demo secret, never a real one


class Output(Protocol):
    """Where the seed reports: a command's stdout, or any text stream."""

    def write(self, msg: str) -> Any: ...


@dataclass(frozen=True)
class DemoAccount:
    key: str
    #: The role this account demonstrates (organisation and behoerde are granted by the higher apps).
    role: Role
    #: Area of the membership granted here; None: granted by a higher app's demo module.
    ags: str | None
    full_name: str

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"

    @property
    def second_factor(self) -> bool:
        return self.role.value in settings.TEILHABE_SECOND_FACTOR_ROLES


ACCOUNTS = [
    DemoAccount("land", Role.LAND, "05", "Lena Landwehr (Ministerium)"),
    DemoAccount("bewilligung", Role.BEWILLIGUNG, "053", "Bernd Becker (Bezirksregierung Köln)"),
    DemoAccount("bewilligung2", Role.BEWILLIGUNG, "053", "Berit Brandt (Bezirksregierung Köln)"),
    # the central granting authority of KOMM-AN NRW (Kompetenzzentrum für Integration), statewide
    DemoAccount("bewilligung-arnsberg", Role.BEWILLIGUNG, "059", "Anja Arndt (Bezirksregierung Arnsberg, KfI)"),
    DemoAccount("bewilligung-arnsberg2", Role.BEWILLIGUNG, "059", "Armin Albers (Bezirksregierung Arnsberg, KfI)"),
    DemoAccount("kommune", Role.KOMMUNE, "05315", "Kemal Korkmaz (KI Köln)"),
    DemoAccount("organisation", Role.ORGANISATION, None, "Olga Oster (Verein in Köln)"),
    DemoAccount("behoerde", Role.BEHOERDE, None, "Bianca Bauer (IT.NRW)"),
    DemoAccount("admin", Role.ADMIN, "", "Anton Adler (Betrieb)"),
]


def demo_totp_key_hex() -> str:
    """The demo secret as django-otp stores it (hex)."""
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def demo_otpauth_url() -> str:
    """The otpauth:// URL of the demo secret, for an authenticator app."""
    issuer = settings.OTP_TOTP_ISSUER
    query = urlencode({"secret": DEMO_TOTP_SECRET, "issuer": issuer, "digits": 6, "period": 30}, quote_via=quote)
    return f"otpauth://totp/{quote(issuer)}:{quote('demo@' + DEMO_DOMAIN)}?{query}"


def seed(*, stdout: Output, users: dict[str, User], **_: Any) -> None:
    """Create the demo accounts that are missing, through the services (so the audit log shows them)."""
    password = settings.TEILHABE_DEMO_PASSWORD
    created = 0
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        is_new = user is None
        if user is None:
            user = services.user_create(
                email=account.email, full_name=account.full_name, password=password, actor=system_actor()
            )
            created += 1
        if (
            account.ags is not None
            and not Membership.objects.filter(
                user=user, role=account.role, ags=account.ags, scope_id__isnull=True
            ).exists()
        ):
            services.membership_grant(user=user, role=account.role, ags=account.ags, actor=system_actor())
        if account.role == Role.ADMIN and is_new:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if account.second_factor and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name="Demo-Authenticator", key=demo_totp_key_hex(), confirmed=True)
        users[account.key] = user
    stdout.write(f"Demo-Konten: {len(ACCOUNTS)} ({created} neu)\n")


def print_logins(*, stdout: Output, users: dict[str, User]) -> None:
    """The table of demo logins: role, login, password, TOTP secret."""
    password = settings.TEILHABE_DEMO_PASSWORD
    rows = [("Rolle", "Anmeldung", "Passwort", "TOTP-Schlüssel")]
    for account in ACCOUNTS:
        user = users[account.key]
        has_role = Membership.objects.filter(user=user, role=account.role).exists()
        role = account.role.value if has_role else f"{account.role.value} (noch ohne Bereich)"
        rows.append((role, user.email, password, DEMO_TOTP_SECRET if account.second_factor else "–"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["", "Demo-Zugänge (Passwort gilt, solange es niemand geändert hat):"]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        f"Zweiter Faktor der Demo-Konten: TOTP-Schlüssel {DEMO_TOTP_SECRET} (für Authenticator-Apps:",
        f"  {demo_otpauth_url()} )",
        "",
    ]
    stdout.write("\n".join(lines))
