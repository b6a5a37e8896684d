"""Payment requests: requested by the applicant, checked by one person, ordered by another."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.money import euro
from teilhabe.core.services import audit_record
from teilhabe.funding import calculations
from teilhabe.funding.calculations import ZERO, add_months
from teilhabe.funding.models import (
    Application,
    Budget,
    FinancingType,
    GrantYear,
    PaymentRequest,
    PaymentStatus,
)
from teilhabe.funding.services._base import (
    PAYMENT_HORIZON_MONTHS,
    S,
    _expect,
    _lock_budgets,
    _locked,
    _move,
    _require,
    _today,
)
from teilhabe.funding.services.applications import plan_totals

#: The length of a payment request's idempotency key (the column's width).
KEY_LENGTH = PaymentRequest._meta.get_field("idempotency_key").max_length or 80


def payable_share(application: Application) -> Decimal:
    """Which part of due payments the grant may cover: for Anteil- and Festbetragsfinanzierung in proportion to
    own and third-party funds (Nr. 1.4 ANBest-P/-G), otherwise all of it."""
    if application.programme.financing_type in (FinancingType.ANTEIL, FinancingType.FESTBETRAG):
        totals = plan_totals(application)["total"]
        granted = sum((g.granted for g in application.grant_years.all()), ZERO)
        return granted / totals["costs"] if totals["costs"] else ZERO
    return Decimal(1)


@transaction.atomic
def payment_request(
    *,
    actor: User,
    application: Application,
    year: int,
    amount: Decimal,
    due_payments: Decimal,
    need: str,
    needed_by: date,
    idempotency_key: str,
    requested_by: User,
    today: date | None = None,
) -> PaymentRequest:
    """A Mittelabruf. Sent twice with the same key, it is recorded once (the first one is returned).

    § 45 LHO: only money of the budget year in which it is requested (no later year's grant before that year, no
    past year's money after it), and only for payments due from today to two months ahead (Nr. 1.4 ANBest-P/-G).
    """
    application = _locked(application)
    _require(actor, "funding.request_payment", application)
    if len(idempotency_key) > KEY_LENGTH:
        raise ValidationError({"idempotency_key": _("Die Kennung des Abrufs ist zu lang.")})
    existing = PaymentRequest.objects.filter(application=application, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    _expect(application, S.FINAL, S.RUNNING)
    today = today or _today()
    errors: dict[str, list[str]] = defaultdict(list)
    if not idempotency_key:
        errors["idempotency_key"].append(_("Der Abruf braucht eine Kennung."))
    if not need.strip():
        errors["need"].append(_("Bitte begründen Sie den Bedarf (welche Zahlungen werden fällig)."))
    if year != today.year:
        errors["year"].append(
            _(
                "Abrufen können Sie nur Mittel des laufenden Haushaltsjahres %(current)s (§ 45 LHO), "
                "nicht des Jahres %(year)s."
            )
            % {"current": today.year, "year": year}
        )
    if needed_by < today:
        errors["needed_by"].append(_("Der Fälligkeitstag liegt in der Vergangenheit."))
    elif needed_by > add_months(today, PAYMENT_HORIZON_MONTHS):
        errors["needed_by"].append(
            _("Abrufen dürfen Sie nur, was binnen zwei Monaten nach der Auszahlung fällig wird (bis %(date)s).")
            % {"date": add_months(today, PAYMENT_HORIZON_MONTHS).strftime("%d.%m.%Y")}
        )
    grant = application.grant_years.filter(year=year).first()
    open_requests = (
        PaymentRequest.objects.filter(
            application=application, year=year, status__in=[PaymentStatus.REQUESTED, PaymentStatus.CHECKED]
        ).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    left = (grant.granted - grant.paid - open_requests) if grant else ZERO
    if amount <= 0:
        errors["amount"].append(_("Bitte geben Sie einen Betrag an."))
    elif amount > left:
        errors["amount"].append(
            _("Für %(year)s sind höchstens noch %(left)s € abrufbar.") % {"year": year, "left": euro(max(left, ZERO))}
        )
    limit = calculations.cents_down(due_payments * payable_share(application))
    if amount > limit:
        errors["amount"].append(
            _("Die Zuwendung trägt anteilig höchstens %(limit)s € der fälligen Zahlungen von %(due)s €.")
            % {"limit": euro(limit), "due": euro(due_payments)}
        )
    if errors:
        raise ValidationError(dict(errors))
    request = PaymentRequest.objects.create(
        application=application,
        year=year,
        amount=amount,
        due_payments=due_payments,
        need=need.strip(),
        needed_by=needed_by,
        idempotency_key=idempotency_key,
        requested_by=requested_by,
    )
    if application.status == S.FINAL:
        _move(application, actor, "project_started", S.RUNNING)
    audit_record(action="funding.payment_requested", actor=actor, obj=request, data={"amount": str(amount)})
    return request


def _locked_payment(request: PaymentRequest) -> PaymentRequest:
    return PaymentRequest.objects.select_for_update().select_related("application").get(pk=request.pk)


@transaction.atomic
def payment_check(*, actor: User, request: PaymentRequest) -> PaymentRequest:
    """Sachlich richtig: the first person confirms the request is correct."""
    request = _locked_payment(request)
    _require(actor, "funding.process_payment", request.application)
    if request.status != PaymentStatus.REQUESTED:
        raise ValidationError(_("Dieser Abruf ist schon bearbeitet."))
    request.status = PaymentStatus.CHECKED
    request.checked_by = actor
    request.checked_at = timezone.now()
    request.save()
    audit_record(action="funding.payment_checked", actor=actor, obj=request)
    return request


@transaction.atomic
def payment_order(*, actor: User, request: PaymentRequest, paid_on: date | None = None) -> PaymentRequest:
    """Anordnung: a second person orders the payment; the grant year and the budget record it. Money of a budget
    year can be ordered only in that year (§ 45 LHO)."""
    request = _locked_payment(request)
    _require(actor, "funding.process_payment", request.application)
    if request.status != PaymentStatus.CHECKED:
        raise ValidationError(_("Nur sachlich richtig gezeichnete Abrufe können angeordnet werden."))
    if request.checked_by_id == actor.pk:
        raise PermissionDenied(_("Vier-Augen-Prinzip: Wer die sachliche Richtigkeit zeichnet, ordnet nicht an."))
    paid_on = paid_on or _today()
    if paid_on.year != request.year:
        raise ValidationError(
            _("Mittel des Haushaltsjahres %(year)s können am %(date)s nicht mehr angeordnet werden (§ 45 LHO).")
            % {"year": request.year, "date": paid_on.strftime("%d.%m.%Y")}
        )
    grant = GrantYear.objects.select_for_update().get(application=request.application, year=request.year)
    if grant.paid + request.amount > grant.granted:
        raise ValidationError(_("Der Abruf übersteigt die bewilligte Zuwendung für dieses Jahr."))
    budgets = _lock_budgets(request.application.programme, [request.year])
    GrantYear.objects.filter(pk=grant.pk).update(paid=F("paid") + request.amount)
    Budget.objects.filter(pk=budgets[request.year].pk).update(paid=F("paid") + request.amount)
    request.status = PaymentStatus.PAID
    request.ordered_by = actor
    request.paid_on = paid_on
    request.save()
    audit_record(action="funding.payment_ordered", actor=actor, obj=request, data={"amount": str(request.amount)})
    return request


@transaction.atomic
def payment_reject(*, actor: User, request: PaymentRequest, reason: str) -> PaymentRequest:
    request = _locked_payment(request)
    _require(actor, "funding.process_payment", request.application)
    if request.status not in (PaymentStatus.REQUESTED, PaymentStatus.CHECKED):
        raise ValidationError(_("Dieser Abruf ist schon abgeschlossen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Ablehnung.")})
    request.status = PaymentStatus.REJECTED
    request.reject_reason = reason.strip()
    request.save()
    audit_record(action="funding.payment_rejected", actor=actor, obj=request, reason=reason)
    return request
