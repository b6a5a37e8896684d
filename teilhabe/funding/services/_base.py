"""Shared helpers of the funding services: rights, states, audit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.money import euro
from teilhabe.core.services import audit_record
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    Budget,
    Programme,
)

S = ApplicationStatus
ATTACHMENT_KINDS = {"pdf", "docx", "xlsx", "odt"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
APPEAL_PERIOD_MONTHS = 1
#: Nr. 1.4 ANBest-P/-G: only what is due within two months of the payout may be requested (counted in months).
PAYMENT_HORIZON_MONTHS = 2
PAYMENT_HORIZON_DAYS = 61  # kept for callers that show the horizon in days
RETENTION_YEARS = 5
#: States in which the applicant may still withdraw (until decided).
WITHDRAWABLE = {S.DRAFT, S.SUBMITTED, S.FORMAL_CHECK, S.RETURNED, S.ASSESSMENT, S.PROPOSED}
EDITABLE = {S.DRAFT, S.RETURNED}


def _require(actor: User | None, perm: str, obj: Any = None) -> None:
    """The actor's right, always: no actor is no right (background work acts as teilhabe.core.system)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))


def _today() -> date:
    return timezone.localdate()


def _move(application: Application, actor: User, action: str, to: str, reason: str = "", **data: Any) -> None:
    before = application.status
    application.status = to
    application.save()
    audit_record(
        action=f"funding.{action}",
        actor=actor,
        obj=application,
        from_state=before,
        to_state=to,
        reason=reason,
        data={k: str(v) for k, v in data.items()},
    )


def _expect(application: Application, *states: str) -> None:
    if application.status not in states:
        raise ValidationError(
            _("Dieser Schritt ist im Status „%(status)s“ nicht möglich.") % {"status": application.get_status_display()}
        )


def _locked(application: Application) -> Application:
    """The application row, locked for this transaction (the status is read again under the lock)."""
    return Application.objects.select_for_update().get(pk=application.pk)


def _lock_budgets(programme: Programme, years: Iterable[int]) -> dict[int, Budget]:
    budgets = {b.year: b for b in Budget.objects.select_for_update().filter(programme=programme, year__in=set(years))}
    return budgets


def _commit(programme: Programme, changes: Mapping[int, Decimal]) -> None:
    """Add (or with negative values release) commitments, refusing any year without enough money."""
    budgets = _lock_budgets(programme, changes)
    errors = []
    for year, delta in sorted(changes.items()):
        budget = budgets.get(year)
        if budget is None:
            errors.append(_("Für %(year)s gibt es keinen Haushaltsansatz.") % {"year": year})
        elif delta > budget.total - budget.committed:
            errors.append(
                _("Haushaltsjahr %(year)s: nur noch %(available)s € verfügbar, benötigt %(needed)s €.")
                % {"year": year, "available": euro(budget.total - budget.committed), "needed": euro(delta)}
            )
    if errors:
        raise ValidationError({"amounts": errors})
    for year, delta in changes.items():
        Budget.objects.filter(pk=budgets[year].pk).update(committed=F("committed") + delta)
