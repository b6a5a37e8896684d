"""Builders of workforce data for the tests."""

from __future__ import annotations

import random
from typing import Any

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from teilhabe.core.services import membership_grant
from teilhabe.core.system import system_actor
from teilhabe.workforce import categories, services
from teilhabe.workforce.models import Authority, Campaign, CodeBatch, OrgUnit, ParticipationCode, Response
from tests.factories import UserFactory

_counter = iter(range(1, 1_000_000))


def make_authority(name: str | None = None, **kwargs: Any) -> Authority:
    return Authority.objects.create(
        name=name or f"Behörde {next(_counter)}",
        short_name=kwargs.pop("short_name", ""),
        kind=Authority.Kind.SONSTIGE,
        **kwargs,
    )


def make_officer(authority: Authority) -> User:
    user = UserFactory()
    membership_grant(user=user, role=Role.BEHOERDE, scope_object=authority, actor=system_actor())
    return user


def make_land() -> User:
    user = UserFactory()
    membership_grant(user=user, role=Role.LAND, ags="05", actor=system_actor())
    return user


def make_campaign(year: int = 2024, status: str = Campaign.Status.OPEN, threshold: int = 5) -> Campaign:
    return Campaign.objects.create(year=year, title=f"Befragung {year}", status=status, threshold=threshold)


def make_unit(authority: Authority, name: str | None = None, staff: int = 50) -> OrgUnit:
    return OrgUnit.objects.create(authority=authority, name=name or f"Einheit {next(_counter)}", staff_count=staff)


def make_codes(campaign: Campaign, unit: OrgUnit, count: int = 5) -> list[str]:
    batch = CodeBatch.objects.create(campaign=campaign, unit=unit, size=count, issued_by=UserFactory())
    codes = [services.new_code() for _ in range(count)]
    ParticipationCode.objects.bulk_create([ParticipationCode(batch=batch, code=c) for c in codes])
    return codes


YES = services.SurveyAnswers(
    career_group="lg2_1",
    staff_kind="tarif",
    age_band="30_44",
    self_person=categories.Person("ausland", "ab1956", "andere", "de"),
    parent1=categories.Person("ausland", "ab1956", "andere", "andere"),
    parent2=categories.Person("ausland", "ab1956", "andere", "andere"),
)
NO = services.SurveyAnswers(
    career_group="lg2_2",
    staff_kind="beamte",
    age_band="45_59",
    self_person=categories.Person("de", "ka", "de", "de"),
    parent1=categories.Person("de", "ka", "de", "de"),
    parent2=categories.Person("de", "ka", "de", "de"),
)


def fill(campaign: Campaign, unit: OrgUnit, yes: int, no: int, seed: int = 0) -> None:
    """Answers straight into the table (without codes), shuffled."""
    rows = [YES] * yes + [NO] * no
    random.Random(seed).shuffle(rows)
    objs = []
    for a in rows:
        fields = {
            f"{prefix}_{attr}": getattr(person, attr)
            for prefix, person in (("self", a.self_person), ("parent1", a.parent1), ("parent2", a.parent2))
            for attr in ("birthplace", "immigration", "citizenship_birth", "citizenship_now")
        }
        objs.append(
            Response(
                campaign=campaign,
                unit=unit,
                career_group=a.career_group,
                staff_kind=a.staff_kind,
                age_band=a.age_band,
                **fields,
                **categories.derive(a.self_person, a.parent1, a.parent2),
            )
        )
    Response.objects.bulk_create(objs)
