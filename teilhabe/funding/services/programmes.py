"""Programmes, budgets and calls (Land)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.money import euro
from teilhabe.core.services import audit_record
from teilhabe.funding.calculations import ZERO
from teilhabe.funding.models import (
    AuthorityMode,
    Budget,
    Call,
    CostLine,
    District,
    FinancingType,
    Programme,
)
from teilhabe.funding.services._base import (
    _require,
)


@dataclass
class ProgrammeInput:
    key: str
    name: str
    legal_basis: str
    granting_authority: str
    financing_type: str
    applicant_kinds: list[str]
    cost_categories: list[dict[str, str]]
    description: str = ""
    #: AuthorityMode: one central authority (named here, with its Regierungsbezirk) or the applicant's Bezirksregierung
    authority_mode: str = AuthorityMode.AREA
    authority_district: str = ""
    granting_authority_address: str = ""
    organisation_kinds: list[str] = field(default_factory=list)
    required_partner_kinds: list[str] = field(default_factory=list)
    criteria: list[dict[str, Any]] = field(default_factory=list)
    max_share: Decimal | None = None
    min_own_share: Decimal = ZERO
    min_grant: Decimal = ZERO
    max_grant: Decimal | None = None
    proof_months: int = 6
    active: bool = True


def _check_authority(data: ProgrammeInput, errors: dict[str, list[str]]) -> None:
    """A central authority is named with its Regierungsbezirk (its staff work statewide on the programme)."""
    if data.authority_mode not in AuthorityMode.values:
        errors["authority_mode"].append(_("Bitte wählen Sie, wer bewilligt."))
    if data.authority_mode == AuthorityMode.CENTRAL:
        if data.authority_district not in District.values:
            errors["authority_district"].append(
                _("Bei einer zentralen Bewilligungsbehörde ist ihr Regierungsbezirk anzugeben.")
            )
        if not data.granting_authority.strip():
            errors["granting_authority"].append(_("Bitte nennen Sie die zentrale Bewilligungsbehörde."))


def _check_programme(data: ProgrammeInput, programme: Programme | None) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    others = Programme.objects.filter(key=data.key)
    if programme is not None:
        others = others.exclude(pk=programme.pk)
    if others.exists():
        errors["key"].append(_("Dieses Kürzel ist schon vergeben."))
    if not data.applicant_kinds:
        errors["applicant_kinds"].append(_("Bitte wählen Sie, wer antragsberechtigt ist."))
    if not data.cost_categories:
        errors["cost_categories"].append(_("Bitte nennen Sie mindestens eine zuwendungsfähige Ausgabeart."))
    keys = [c["key"] for c in data.cost_categories]
    if len(keys) != len(set(keys)):
        errors["cost_categories"].append(_("Jede Ausgabeart braucht ein eigenes Kürzel."))
    if programme is not None and programme.applications.exists():
        used = set(CostLine.objects.filter(application__programme=programme).values_list("category", flat=True))
        if used - set(keys):
            errors["cost_categories"].append(
                _("Ausgabearten in Anträgen können nicht entfallen: %(keys)s")
                % {"keys": ", ".join(sorted(used - set(keys)))}
            )
    _check_authority(data, errors)
    if data.financing_type == FinancingType.ANTEIL and data.max_share is None:
        errors["max_share"].append(_("Bei Anteilfinanzierung ist der höchste Förderanteil anzugeben."))
    if data.max_share is not None and not ZERO < data.max_share <= 100:
        errors["max_share"].append(_("Ein Anteil zwischen 0 und 100 %."))
    if not ZERO <= data.min_own_share <= 100:
        errors["min_own_share"].append(_("Ein Anteil zwischen 0 und 100 %."))
    if data.max_grant is not None and data.max_grant < data.min_grant:
        errors["max_grant"].append(_("Die Höchstzuwendung liegt unter der Mindestzuwendung."))
    if errors:
        raise ValidationError(dict(errors))


@transaction.atomic
def programme_save(*, actor: User, data: ProgrammeInput, programme: Programme | None = None) -> Programme:
    """Create or change a programme; its rules apply to applications submitted from then on."""
    _require(actor, "funding.manage_programmes")
    _check_programme(data, programme)
    created = programme is None
    programme = programme or Programme()
    for name, value in data.__dict__.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    audit_record(
        action="funding.programme_created" if created else "funding.programme_changed", actor=actor, obj=programme
    )
    return programme


@transaction.atomic
def budget_set(*, actor: User, programme: Programme, year: int, total: Decimal) -> Budget:
    """Set a Haushaltsansatz; it may never fall below what is already committed."""
    _require(actor, "funding.manage_programmes")
    if total < 0:
        raise ValidationError({"total": _("Der Ansatz darf nicht negativ sein.")})
    budget, _created = Budget.objects.select_for_update().get_or_create(programme=programme, year=year)
    if total < budget.committed:
        raise ValidationError(
            {
                "total": _("Bereits %(committed)s € gebunden: der Ansatz kann nicht darunter sinken.")
                % {"committed": euro(budget.committed)}
            }
        )
    before = budget.total
    budget.total = total
    budget.save()
    audit_record(
        action="funding.budget_set", actor=actor, obj=budget, data={"before": str(before), "after": str(total)}
    )
    return budget


@transaction.atomic
def call_create(
    *, actor: User, programme: Programme, title: str, opens_at: Any, closes_at: Any, description: str = ""
) -> Call:
    _require(actor, "funding.manage_programmes")
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Der Antragsschluss muss nach dem Beginn liegen.")})
    call = Call.objects.create(
        programme=programme, title=title, opens_at=opens_at, closes_at=closes_at, description=description
    )
    audit_record(action="funding.call_created", actor=actor, obj=call)
    return call
