"""Demo data of the workforce app: a few real NRW authorities, and the demo survey officer's scope."""

from __future__ import annotations

from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.workforce.models import Authority

AUTHORITIES = [
    (
        "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW",
        "MKJFGFI",
        Authority.Kind.OBERSTE_LANDESBEHOERDE,
        "05111000",
        900,
    ),
    ("Bezirksregierung Köln", "BR Köln", Authority.Kind.BEZIRKSREGIERUNG, "05315000", 2300),
    ("Bezirksregierung Arnsberg", "BR Arnsberg", Authority.Kind.BEZIRKSREGIERUNG, "05958004", 2100),
    ("Landesamt für Zentrale Polizeiliche Dienste NRW", "LZPD", Authority.Kind.LANDESOBERBEHOERDE, "05112000", 1800),
    ("Information und Technik Nordrhein-Westfalen", "IT.NRW", Authority.Kind.LANDESOBERBEHOERDE, "05111000", 1700),
    (
        "Stadt Köln – Personal- und Verwaltungsmanagement",
        "Stadt Köln",
        Authority.Kind.KOMMUNALVERWALTUNG,
        "05315000",
        21000,
    ),
]


def seed(*, stdout: TextIO, users: dict[str, User], **_: Any) -> None:
    created = 0
    for name, short, kind, ags, staff in AUTHORITIES:
        _authority, was_created = Authority.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "ags": ags, "staff_count": staff}
        )
        created += was_created
    officer = users.get(Role.BEHOERDE.value)
    if officer is not None:
        authority = Authority.objects.get(short_name="IT.NRW")
        Membership.objects.get_or_create(
            user=officer,
            role=Role.BEHOERDE,
            scope_type=ContentType.objects.get_for_model(Authority),
            scope_id=authority.pk,
            defaults={"ags": ""},
        )
    stdout.write(f"Behörden: {Authority.objects.count()} ({created} neu)\n")
