"""Repayment as an administrative procedure: hearing (§ 28 VwVfG NRW), revocation or withdrawal notice (§§ 48, 49)
with the repayment demand and interest (§ 49a), an optional interest waiver decided by a second person
(§ 49a Abs. 3 Satz 2), and the repayment recorded when it arrives. An application with an open claim cannot be
closed (see proofs.application_close)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.money import euro
from teilhabe.core.services import audit_record
from teilhabe.funding import deadlines
from teilhabe.funding.calculations import ZERO
from teilhabe.funding.models import ClaimStatus, RepaymentClaim, RevocationBasis
from teilhabe.funding.services._base import _require, _today
from teilhabe.funding.services.proofs import claim_interest

#: A hearing gives at least two weeks after the deemed delivery of the letter (common practice under § 28).
HEARING_MIN_DAYS = 14
PERM = "funding.process_repayment"


def _locked_claim(claim: RepaymentClaim) -> RepaymentClaim:
    return RepaymentClaim.objects.select_for_update().select_related("application__programme").get(pk=claim.pk)


def _state(claim: RepaymentClaim, *states: str) -> None:
    if claim.status not in states:
        raise ValidationError(
            _("Dieser Schritt ist im Stand „%(status)s“ nicht möglich.") % {"status": claim.get_status_display()}
        )


def claim_actions(claim: RepaymentClaim, user: User) -> dict[str, bool]:
    """Which steps ``user`` may take on ``claim`` now: the one source for the buttons of the claim page."""
    allowed = user.has_perm(PERM, claim.application)
    open_waiver = bool(claim.waiver_proposed_by_id) and not claim.waiver_decided_by_id
    return {
        "hearing": allowed and claim.status == ClaimStatus.OPEN,
        "notice": allowed and claim.status == ClaimStatus.HEARING,
        "waiver_propose": allowed
        and claim.status in (ClaimStatus.OPEN, ClaimStatus.HEARING, ClaimStatus.NOTICE)
        and not claim.waiver_proposed_by_id,
        "waiver_decide": allowed and open_waiver and claim.waiver_proposed_by_id != user.pk,
        "record": allowed and claim.status == ClaimStatus.NOTICE and not open_waiver,
    }


@transaction.atomic
def repayment_hearing(
    *, actor: User, claim: RepaymentClaim, deadline: date, text: str, today: date | None = None
) -> RepaymentClaim:
    """The hearing letter goes out: what the authority intends, why, and until when the recipient may answer."""
    claim = _locked_claim(claim)
    _require(actor, PERM, claim.application)
    _state(claim, ClaimStatus.OPEN)
    today = today or _today()
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Bitte nennen Sie die beabsichtigte Entscheidung und ihre Gründe.")]
    earliest = deadlines.deemed_delivery(today) + timedelta(days=HEARING_MIN_DAYS)
    if deadline < earliest:
        errors["deadline"] = [
            _("Die Frist zur Stellungnahme muss mindestens bis %(date)s laufen (zwei Wochen nach Bekanntgabe).")
            % {"date": earliest.strftime("%d.%m.%Y")}
        ]
    if errors:
        raise ValidationError(errors)
    claim.hearing_sent_on = today
    claim.hearing_deadline = deadlines.period_end(deadline)
    claim.hearing_text = text.strip()
    claim.hearing_by = actor
    claim.status = ClaimStatus.HEARING
    claim.save()
    audit_record(
        action="funding.claim_hearing",
        actor=actor,
        obj=claim,
        from_state=ClaimStatus.OPEN,
        to_state=ClaimStatus.HEARING,
        data={"deadline": claim.hearing_deadline.isoformat()},
    )
    return claim


@transaction.atomic
def repayment_notice(
    *,
    actor: User,
    claim: RepaymentClaim,
    legal_basis: str,
    reasons: str,
    due_on: date,
    statement: str = "",
    today: date | None = None,
) -> RepaymentClaim:
    """The revocation (or withdrawal) notice with the repayment demand: after the hearing period, or earlier when
    the recipient has answered. The interest so far is stated; it runs on until the day of repayment."""
    claim = _locked_claim(claim)
    _require(actor, PERM, claim.application)
    _state(claim, ClaimStatus.HEARING)
    today = today or _today()
    errors: dict[str, list[str]] = {}
    assert claim.hearing_deadline is not None
    if today <= claim.hearing_deadline and not statement.strip():
        errors["statement"] = [
            _("Die Frist zur Stellungnahme läuft bis %(date)s; vorher nur mit Stellungnahme.")
            % {"date": claim.hearing_deadline.strftime("%d.%m.%Y")}
        ]
    if legal_basis not in RevocationBasis.values:
        errors["legal_basis"] = [_("Bitte wählen Sie die Rechtsgrundlage.")]
    if not reasons.strip():
        errors["reasons"] = [_("Der Bescheid muss begründet werden (§ 39 VwVfG NRW).")]
    if due_on <= deadlines.deemed_delivery(today):
        errors["due_on"] = [_("Die Zahlungsfrist muss nach der Bekanntgabe des Bescheids enden.")]
    if errors:
        raise ValidationError(errors)
    claim.notice_interest = ZERO if claim.interest_waived else claim_interest(claim, today)
    claim.statement = statement.strip() or claim.statement
    claim.legal_basis = legal_basis
    claim.notice_reasons = reasons.strip()
    claim.notice_issued_on = today
    claim.repayment_due_on = deadlines.period_end(due_on)
    claim.notice_by = actor
    claim.status = ClaimStatus.NOTICE
    claim.save()
    audit_record(
        action="funding.claim_notice",
        actor=actor,
        obj=claim,
        from_state=ClaimStatus.HEARING,
        to_state=ClaimStatus.NOTICE,
        data={"legal_basis": legal_basis, "amount": str(claim.amount), "interest": str(claim.notice_interest)},
    )
    return claim


@transaction.atomic
def interest_waiver_propose(*, actor: User, claim: RepaymentClaim, reason: str) -> RepaymentClaim:
    """Propose to waive the interest (§ 49a Abs. 3 Satz 2 VwVfG NRW); a second person decides."""
    claim = _locked_claim(claim)
    _require(actor, PERM, claim.application)
    _state(claim, ClaimStatus.OPEN, ClaimStatus.HEARING, ClaimStatus.NOTICE)
    if claim.waiver_proposed_by_id:
        raise ValidationError(_("Ein Zinsverzicht ist schon vorgeschlagen."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ein Zinsverzicht muss begründet werden.")})
    claim.waiver_reason = reason.strip()
    claim.waiver_proposed_by = actor
    claim.save()
    audit_record(action="funding.claim_waiver_proposed", actor=actor, obj=claim, reason=claim.waiver_reason)
    return claim


@transaction.atomic
def interest_waiver_decide(*, actor: User, claim: RepaymentClaim, approve: bool, reason: str = "") -> RepaymentClaim:
    """The second person grants or refuses the proposed waiver (four eyes)."""
    claim = _locked_claim(claim)
    _require(actor, PERM, claim.application)
    _state(claim, ClaimStatus.OPEN, ClaimStatus.HEARING, ClaimStatus.NOTICE)
    if not claim.waiver_proposed_by_id or claim.waiver_decided_by_id:
        raise ValidationError(_("Es liegt kein offener Vorschlag für einen Zinsverzicht vor."))
    if claim.waiver_proposed_by_id == actor.pk:
        raise PermissionDenied(_("Vier-Augen-Prinzip: Wer vorschlägt, entscheidet nicht selbst."))
    if approve:
        claim.waiver_decided_by = actor
        claim.interest_waived = True
        if claim.status == ClaimStatus.NOTICE:
            claim.notice_interest = ZERO
        claim.save()
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Bitte begründen Sie, warum Sie dem Vorschlag nicht folgen.")})
        claim.waiver_reason = ""
        claim.waiver_proposed_by = None
        claim.save()
    audit_record(
        action="funding.claim_waiver_granted" if approve else "funding.claim_waiver_refused",
        actor=actor,
        obj=claim,
        reason=reason.strip(),
    )
    return claim


def amount_due(claim: RepaymentClaim, on: date) -> tuple[Decimal, Decimal]:
    """(principal, interest) owed if paid on ``on``."""
    interest = ZERO if claim.interest_waived else claim_interest(claim, on)
    return claim.amount, interest


@transaction.atomic
def repayment_record(
    *, actor: User, claim: RepaymentClaim, received_on: date, amount: Decimal, today: date | None = None
) -> RepaymentClaim:
    """The repayment arrived: principal and interest until the day of repayment settle the claim."""
    claim = _locked_claim(claim)
    _require(actor, PERM, claim.application)
    _state(claim, ClaimStatus.NOTICE)
    today = today or _today()
    if claim.waiver_proposed_by_id and not claim.waiver_decided_by_id:
        raise ValidationError(_("Über den vorgeschlagenen Zinsverzicht ist noch nicht entschieden."))
    assert claim.notice_issued_on is not None
    if received_on > today or received_on < claim.notice_issued_on:
        raise ValidationError({"received_on": [_("Der Eingang liegt zwischen dem Bescheid und heute.")]})
    principal, interest = amount_due(claim, received_on)
    if amount != principal + interest:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "Zu erstatten sind am %(date)s %(principal)s € zuzüglich %(interest)s € Zinsen, zusammen "
                        "%(total)s €. Teilzahlungen erfassen Sie bitte erst, wenn der ganze Betrag eingegangen ist."
                    )
                    % {
                        "date": received_on.strftime("%d.%m.%Y"),
                        "principal": euro(principal),
                        "interest": euro(interest),
                        "total": euro(principal + interest),
                    }
                ]
            }
        )
    claim.received_on = received_on
    claim.received_amount = amount
    claim.interest = interest
    claim.recorded_by = actor
    claim.status = ClaimStatus.SETTLED
    claim.save()
    audit_record(
        action="funding.claim_settled",
        actor=actor,
        obj=claim,
        from_state=ClaimStatus.NOTICE,
        to_state=ClaimStatus.SETTLED,
        data={"amount": str(amount), "interest": str(interest), "received_on": received_on.isoformat()},
    )
    return claim
