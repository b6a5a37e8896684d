"""Funding of the staff of the Kommunale Integrationszentren."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.funding import calculations
from teilhabe.funding.calculations import ZERO
from teilhabe.funding.models import (
    Occupancy,
    Position,
    StaffRate,
)
from teilhabe.funding.services._base import (
    _require,
)
from teilhabe.geo.models import Kreis
from teilhabe.registry.models import Structure


def rate_for(year: int) -> StaffRate:
    rate = StaffRate.objects.filter(year__lte=year).order_by("-year").first()
    if rate is None:
        raise ValidationError(_("Für %(year)s sind keine Fördersätze hinterlegt.") % {"year": year})
    return rate


def centre_grant(centre: Structure, year: int) -> dict[str, Any]:
    """The yearly grant of a KI from the filled months of its posts, within the caps of the year's rules."""
    rate = rate_for(year)
    kreis = centre.kreis or (centre.gemeinde.kreis if centre.gemeinde else None)
    is_city = kreis is not None and kreis.kind == Kreis.Kind.KREISFREIE_STADT
    max_specialist = rate.max_specialist_kreisfreie_stadt if is_city else rate.max_specialist_kreis
    months: dict[int, tuple[Decimal, Decimal]] = {m: (ZERO, ZERO) for m in range(1, 13)}
    teachers = ZERO
    for occ in Occupancy.objects.filter(position__centre=centre, year=year, filled=True).select_related("position"):
        specialist, admin = months[occ.month]
        if occ.position.kind == Position.Kind.SPECIALIST:
            months[occ.month] = (specialist + occ.position.fte, admin)
        elif occ.position.kind == Position.Kind.ADMIN:
            months[occ.month] = (specialist, admin + occ.position.fte)
        else:
            teachers += occ.position.fte / 12
    grant = calculations.staff_grant(
        months=months,
        specialist_amount=rate.specialist_amount,
        admin_amount=rate.admin_amount,
        max_specialist=max_specialist,
        max_admin=rate.max_admin,
    )
    return {
        **grant,
        "max_specialist": max_specialist,
        "max_admin": rate.max_admin,
        "teacher_posts": teachers.quantize(Decimal("0.01")),
        "months": months,
        "rate": rate,
    }


@transaction.atomic
def occupancy_set(*, actor: User, position: Position, year: int, filled_months: Iterable[int]) -> list[Occupancy]:
    """Record for every month of ``year`` whether the post was filled."""
    _require(actor, "funding.keep_occupancy", position)
    months = set(filled_months)
    if not months <= set(range(1, 13)):
        raise ValidationError({"months": _("Monate von 1 bis 12.")})
    rows = []
    for month in range(1, 13):
        row, _created = Occupancy.objects.update_or_create(
            position=position, year=year, month=month, defaults={"filled": month in months}
        )
        rows.append(row)
    audit_record(
        action="funding.occupancy_set", actor=actor, obj=position, data={"year": year, "months": sorted(months)}
    )
    return rows


@transaction.atomic
def position_create(*, actor: User, centre: Structure, kind: str, title: str, fte: Decimal) -> Position:
    _require(actor, "funding.keep_occupancy", centre)
    if centre.kind != Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM:
        raise ValidationError(_("Stellen gibt es nur an Kommunalen Integrationszentren."))
    if kind not in Position.Kind.values:
        raise ValidationError({"kind": _("Unbekannte Stellenart.")})
    if not ZERO < fte <= 1:
        raise ValidationError({"fte": _("Der Stellenanteil liegt zwischen 0 und 1.")})
    position = Position.objects.create(centre=centre, kind=kind, title=title.strip() or kind, fte=fte)
    audit_record(action="funding.position_created", actor=actor, obj=position)
    return position


@transaction.atomic
def staff_rate_set(*, actor: User, year: int, **values: Decimal) -> StaffRate:
    _require(actor, "funding.manage_staff_rates")
    if any(v < 0 for v in values.values()):
        raise ValidationError(_("Fördersätze dürfen nicht negativ sein."))
    rate, _created = StaffRate.objects.update_or_create(year=year, defaults=values)
    audit_record(action="funding.staff_rate_set", actor=actor, obj=rate, data={k: str(v) for k, v in values.items()})
    return rate
