"""Proof of use: interim and final proofs, the recomputed grant, repayment and interest, closing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.funding import calculations
from teilhabe.funding.calculations import ZERO, add_months
from teilhabe.funding.models import (
    Application,
    BaseRate,
    ClaimStatus,
    FinancingSource,
    PaymentStatus,
    ProofKind,
    ProofLine,
    ProofOfUse,
    RepaymentClaim,
)
from teilhabe.funding.services._base import (
    RETENTION_YEARS,
    S,
    _commit,
    _expect,
    _locked,
    _move,
    _require,
    _today,
)

#: Late use of paid-out money is counted in days; ten years is far beyond any grant (and keeps the interest
#: calculation within the calendar).
MAX_LATE_USE_DAYS = 3650


def proof_deadlines(application: Application) -> list[tuple[str, date]]:
    """Interim proofs by 30 April for every past project year, the final one months after the end."""
    deadlines = [
        (_("Zwischennachweis %(year)s") % {"year": year}, date(year + 1, 4, 30)) for year in application.years[:-1]
    ]
    deadlines.append((_("Verwendungsnachweis"), add_months(application.ends_on, application.programme.proof_months)))
    return deadlines


def open_deadlines(application: Application) -> list[tuple[str, date]]:
    """The deadlines still ahead of the applicant, met or not: the call's closing for a draft or a returned
    application; for a granted project every proof of use not yet submitted."""
    if application.status in (S.DRAFT, S.RETURNED):
        return [(str(_("Antragsschluss")), timezone.localtime(application.call.closes_at).date())]
    if application.status not in (S.FINAL, S.RUNNING):
        return []
    submitted = {(p.kind, p.year) for p in application.proofs.all()}
    kinds = [(ProofKind.INTERIM, year) for year in application.years[:-1]] + [(ProofKind.FINAL, None)]
    return [
        (str(label), due)
        for (label, due), kind in zip(proof_deadlines(application), kinds, strict=True)
        if kind not in submitted
    ]


def _check_dates(
    application: Application,
    kind: str,
    *,
    today: date,
    late_use_amount: Decimal,
    late_use_days: int,
    late_use_from: date | None,
    errors: dict[str, list[str]],
) -> None:
    """The final proof only after the project period; a late use period that is stated and already over."""
    if kind == ProofKind.FINAL and today <= application.ends_on:
        errors["kind"].append(
            _("Den Verwendungsnachweis können Sie erst nach dem Ende des Projektzeitraums (%(end)s) einreichen.")
            % {"end": application.ends_on.strftime("%d.%m.%Y")}
        )
    if late_use_amount and late_use_days:
        if late_use_from is None:
            errors["late_use_from"].append(
                _("Bitte nennen Sie den Tag der Auszahlung der verspätet verwendeten Mittel.")
            )
        elif late_use_from + timedelta(days=late_use_days) > today:
            errors["late_use_days"].append(_("Der Zeitraum der verspäteten Verwendung reicht in die Zukunft."))


@transaction.atomic
def proof_submit(
    *,
    actor: User,
    application: Application,
    kind: str,
    report: str,
    actual: Mapping[str, Decimal],
    other_income: Decimal,
    submitted_by: User,
    year: int | None = None,
    late_use_amount: Decimal = ZERO,
    late_use_days: int = 0,
    late_use_from: date | None = None,
    today: date | None = None,
) -> ProofOfUse:
    """An interim proof for a year of the project, or the final proof once the project period has ended."""
    application = _locked(application)
    _require(actor, "funding.submit_proof", application)
    _expect(application, S.RUNNING)
    today = today or _today()
    errors: dict[str, list[str]] = defaultdict(list)
    _check_dates(
        application,
        kind,
        today=today,
        late_use_amount=late_use_amount,
        late_use_days=late_use_days,
        late_use_from=late_use_from,
        errors=errors,
    )
    if not report.strip():
        errors["report"].append(_("Der Sachbericht fehlt."))
    categories = application.programme.category_labels()
    for category, amount in actual.items():
        if category not in categories:
            errors["actual"].append(_("„%(c)s“ ist keine Ausgabeart des Programms.") % {"c": category})
        if amount < 0:
            errors["actual"].append(_("Beträge dürfen nicht negativ sein."))
    if not 0 <= late_use_days <= MAX_LATE_USE_DAYS:
        errors["late_use_days"].append(
            _("Die Tage verspäteter Verwendung liegen zwischen 0 und %(max)s.") % {"max": MAX_LATE_USE_DAYS}
        )
    if late_use_amount < 0:
        errors["late_use_amount"].append(_("Beträge dürfen nicht negativ sein."))
    if kind == ProofKind.INTERIM and (year is None or year not in application.years):
        errors["year"].append(_("Bitte wählen Sie ein Jahr des Projektzeitraums."))
    if kind == ProofKind.FINAL and application.proofs.filter(kind=ProofKind.FINAL).exists():
        errors["kind"].append(_("Der Verwendungsnachweis ist schon eingereicht."))
    if errors:
        raise ValidationError(dict(errors))
    planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in application.cost_lines.all():
        if kind == ProofKind.FINAL or line.year == year:
            planned[line.category] += line.amount
    proof = ProofOfUse.objects.create(
        application=application,
        kind=kind,
        year=year,
        report=report.strip(),
        other_income=other_income,
        submitted_by=submitted_by,
        late_use_amount=late_use_amount,
        late_use_days=late_use_days,
        late_use_from=late_use_from,
    )
    ProofLine.objects.bulk_create(
        ProofLine(proof=proof, category=c, planned=planned.get(c, ZERO), actual=actual.get(c, ZERO))
        for c in sorted(set(planned) | set(actual))
    )
    audit_record(action="funding.proof_submitted", actor=actor, obj=proof, data={"kind": kind})
    if kind == ProofKind.FINAL:
        _move(application, actor, "proof_submitted", S.PROOF_SUBMITTED)
    return proof


def base_rates() -> list[tuple[date, Decimal]]:
    """The confirmed base rates; an unconfirmed one counts as missing."""
    return list(BaseRate.objects.filter(confirmed=True).values_list("valid_from", "rate"))


def missing_rate_error(error: calculations.MissingBaseRate) -> ValidationError:
    return ValidationError(
        _(
            "Für das Halbjahr ab %(date)s ist kein bestätigter Basiszinssatz hinterlegt, die Zinsen lassen sich "
            "nicht berechnen. Bitte bitten Sie den Betrieb, den von der Deutschen Bundesbank bekannt gegebenen "
            "Satz unter „Basiszinssätze“ einzutragen oder zu bestätigen."
        )
        % {"date": error.half_year.strftime("%d.%m.%Y")}
    )


def payouts(application: Application) -> list[tuple[date, Decimal]]:
    """Every payout of the application: (paid on, amount)."""
    return [
        (paid_on, amount)
        for paid_on, amount in application.payment_requests.filter(status=PaymentStatus.PAID)
        .order_by("paid_on")
        .values_list("paid_on", "amount")
        if paid_on is not None
    ]


def claim_interest(claim: RepaymentClaim, until: date) -> Decimal:
    """Interest on a claim from each repaid payout until ``until`` (§ 49a Abs. 3 VwVfG NRW); refuses clearly when
    a base rate is missing."""
    tranches = [(date.fromisoformat(t["paid_on"]), Decimal(t["repaid"])) for t in claim.tranches]
    try:
        return sum((calculations.interest(amount, paid_on, until, base_rates()) for paid_on, amount in tranches), ZERO)
    except calculations.MissingBaseRate as error:
        raise missing_rate_error(error) from error


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February only in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def proof_check(*, actor: User, proof: ProofOfUse, today: date | None = None) -> ProofOfUse:
    """Check the final proof: recompute the grant, the repayment claim and the interest (§ 49a VwVfG NRW)."""
    proof = ProofOfUse.objects.select_for_update().select_related("application__programme").get(pk=proof.pk)
    application = _locked(proof.application)
    _require(actor, "funding.check_proof", application)
    if proof.checked_at is not None:
        raise ValidationError(_("Dieser Nachweis ist schon geprüft."))
    today = today or _today()
    rates = base_rates()
    result: dict[str, Any] = {}
    claim_tranches: list[dict[str, str]] = []
    if proof.kind == ProofKind.FINAL:
        # checked only once submitted: the application waits for exactly this check
        _expect(application, S.PROOF_SUBMITTED)
        if today <= application.ends_on:
            raise ValidationError(_("Der Projektzeitraum ist noch nicht beendet."))
        planned_other = sum((f.amount for f in application.financing_lines.exclude(source=FinancingSource.GRANT)), ZERO)
        grants = list(application.grant_years.all())
        outcome = calculations.final_grant(
            financing_type=application.programme.financing_type,
            planned={line.category: line.planned for line in proof.lines.all()},
            actual={line.category: line.actual for line in proof.lines.all()},
            planned_other_income=planned_other,
            actual_other_income=proof.other_income,
            granted=sum((g.granted for g in grants), ZERO),
            paid=sum((g.paid for g in grants), ZERO),
        )
        result = outcome.as_dict()
        try:
            tranches = calculations.repayment_interest(outcome.repayment, payouts(application), today, rates)
        except calculations.MissingBaseRate as error:
            raise missing_rate_error(error) from error
        claim_tranches = [
            {"paid_on": t.paid_on.isoformat(), "paid": str(t.paid), "repaid": str(t.repaid)} for t in tranches
        ]
        # interest so far (until the check); the claim runs on until the day of repayment
        result["repayment_interest"] = str(sum((t.interest for t in tranches), ZERO))
        result["interest_from"] = tranches[-1].paid_on.isoformat() if tranches else ""
        result["tranches"] = [
            {**row, "interest": str(t.interest)} for row, t in zip(claim_tranches, tranches, strict=True)
        ]
    if proof.late_use_amount and proof.late_use_days and proof.late_use_from:
        # § 49a Abs. 4 VwVfG NRW: over the actual late period, from the payout until the use
        used_on = proof.late_use_from + timedelta(days=proof.late_use_days)
        try:
            result["late_use_interest"] = str(
                calculations.interest(proof.late_use_amount, proof.late_use_from, used_on, rates)
            )
        except calculations.MissingBaseRate as error:
            raise missing_rate_error(error) from error
        result["late_use_period"] = [proof.late_use_from.isoformat(), used_on.isoformat()]
    result["checked_on"] = today.isoformat()
    proof.result = result
    proof.checked_by = actor
    proof.checked_at = timezone.now()
    submitted = timezone.localtime(proof.submitted_at).date()
    proof.retention_until = add_years(submitted, RETENTION_YEARS)
    proof.save()
    audit_record(action="funding.proof_checked", actor=actor, obj=proof, data={"result": result})
    if claim_tranches:
        claim = RepaymentClaim.objects.create(
            application=application,
            proof=proof,
            amount=Decimal(result["repayment"]),
            tranches=claim_tranches,
            created_by=actor,
        )
        audit_record(action="funding.claim_found", actor=actor, obj=claim, data={"amount": result["repayment"]})
    if proof.kind == ProofKind.FINAL:
        _move(application, actor, "proof_checked", S.PROOF_CHECKED, final_grant=result["final_grant"])
    return proof


@transaction.atomic
def application_close(*, actor: User, application: Application) -> Application:
    """Close after the checked proof: commitments not needed for the final grant go back to the budget. Not while
    a repayment claim is open."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.PROOF_CHECKED)
    if application.repayment_claims.exclude(status=ClaimStatus.SETTLED).exists():
        raise ValidationError(
            _("Ein Erstattungsanspruch ist noch offen: Der Vorgang kann erst nach der Erstattung abgeschlossen werden.")
        )
    final = application.proofs.filter(kind=ProofKind.FINAL).exclude(checked_at=None).first()
    keep = Decimal(final.result["final_grant"]) if final else ZERO
    releases: dict[int, Decimal] = {}
    for grant in application.grant_years.select_for_update().order_by("year"):
        kept = min(grant.granted, keep)
        keep -= kept
        # never release below what was paid out: a repayment claim covers the difference
        new_granted = max(kept, grant.paid)
        if new_granted != grant.granted:
            releases[grant.year] = new_granted - grant.granted
            grant.granted = new_granted
            grant.save()
    if releases:
        _commit(application.programme, releases)
    application.closed_at = timezone.now()
    _move(application, actor, "closed", S.CLOSED, released=sum(releases.values(), ZERO))
    return application
