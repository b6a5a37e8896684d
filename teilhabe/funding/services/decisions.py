"""Processing by the granting authority: formal check, scores, proposal, four-eyes decision, notices, amendments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core.models import User
from teilhabe.core.money import euro
from teilhabe.core.services import audit_record
from teilhabe.funding import deadlines
from teilhabe.funding.authorities import freeze_authority
from teilhabe.funding.calculations import ZERO, share_percent
from teilhabe.funding.models import (
    Amendment,
    Application,
    ChangeRequest,
    Decision,
    FinancingType,
    GrantYear,
    Programme,
    Score,
)
from teilhabe.funding.services._base import (
    APPEAL_PERIOD_MONTHS,
    S,
    _commit,
    _expect,
    _locked,
    _move,
    _require,
    _today,
)
from teilhabe.funding.services.applications import plan_totals

#: A year of the plan the rules look at: costs, own and third-party funds, grant applied for.
PlanYears = dict[int, dict[str, Decimal]]
PLAN_KEYS = ("costs", "own", "third_party", "grant")
FOUR_EYES = gettext_lazy("Vier-Augen-Prinzip: Wer vorschlägt, entscheidet nicht selbst.")
AMENDABLE = (S.FINAL, S.RUNNING)


def applied_plan(application: Application) -> PlanYears:
    """What the applicant applies for now: the plan of the latest change request, else the submitted plan."""
    change = application.change_requests.order_by("-submitted_at", "-pk").first()
    if change is not None:
        return {int(y): {k: Decimal(row.get(k, "0")) for k in PLAN_KEYS} for y, row in change.plan.items()}
    return {y: dict(row) for y, row in plan_totals(application)["years"].items()}


def applied_totals(application: Application) -> dict[str, Any]:
    """applied_plan in the shape of plan_totals (years, total, grant_share, own_share) for the screens."""
    years = applied_plan(application)
    total = {k: sum((row[k] for row in years.values()), ZERO) for k in PLAN_KEYS}
    return {
        "years": dict(sorted(years.items())),
        "total": total,
        "grant_share": share_percent(total["grant"], total["costs"]),
        "own_share": share_percent(total["own"], total["costs"]),
    }


def grant_problems(programme: Programme, plan: PlanYears, amounts: Mapping[int, Decimal]) -> list[str]:
    """Why granting ``amounts`` (per year) on ``plan`` breaks the programme's rules; empty when it does not.

    The same rules for a decision in full, a partial approval and an Änderungsbescheid: never more than applied for
    (per year), the minimum and maximum grant, the financing type (share of the eligible costs, the gap of a
    Fehlbedarfsfinanzierung, costs as the cap) and the minimum own share that remains with this grant.
    """
    errors: list[str] = []
    for year, amount in sorted(amounts.items()):
        asked = plan.get(year, {}).get("grant", ZERO)
        if amount < 0:
            errors.append(_("%(year)s: Beträge dürfen nicht negativ sein.") % {"year": year})
        elif amount > asked:
            errors.append(_("%(year)s: höchstens die beantragten %(asked)s €.") % {"year": year, "asked": euro(asked)})
    total = sum(amounts.values(), ZERO)
    costs = sum((row["costs"] for row in plan.values()), ZERO)
    own = sum((row["own"] for row in plan.values()), ZERO)
    third = sum((row["third_party"] for row in plan.values()), ZERO)
    if total <= 0:
        errors.append(_("Eine Bewilligung braucht einen Betrag."))
        return errors
    if total < programme.min_grant:
        errors.append(_("Die Mindestzuwendung beträgt %(min)s €.") % {"min": euro(programme.min_grant)})
    if programme.max_grant is not None and total > programme.max_grant:
        errors.append(_("Die Höchstzuwendung beträgt %(max)s €.") % {"max": euro(programme.max_grant)})
    ftype = programme.financing_type
    if ftype == FinancingType.ANTEIL and programme.max_share is not None and total * 100 > costs * programme.max_share:
        errors.append(
            _("Bei Anteilfinanzierung höchstens %(max)s %% der zuwendungsfähigen Ausgaben; das wären %(share)s %%.")
            % {"max": programme.max_share, "share": share_percent(total, costs)}
        )
    if ftype == FinancingType.FEHLBEDARF and total > costs - own - third:
        errors.append(
            _(
                "Bei Fehlbedarfsfinanzierung höchstens der Fehlbedarf von %(gap)s € "
                "(Ausgaben ohne Eigen- und Drittmittel)."
            )
            % {"gap": euro(costs - own - third)}
        )
    if ftype in (FinancingType.FESTBETRAG, FinancingType.VOLL) and total > costs:
        errors.append(
            _("Die Zuwendung darf die zuwendungsfähigen Ausgaben von %(costs)s € nicht übersteigen.")
            % {"costs": euro(costs)}
        )
    remaining_own = costs - third - total
    if ftype != FinancingType.VOLL and costs and remaining_own * 100 < costs * programme.min_own_share:
        errors.append(
            _(
                "Der Eigenanteil muss mindestens %(min)s %% der Ausgaben betragen; "
                "bei dieser Zuwendung blieben %(share)s %%."
            )
            % {"min": programme.min_own_share, "share": share_percent(remaining_own, costs)}
        )
    return errors


@transaction.atomic
def formal_check_start(*, actor: User, application: Application) -> Application:
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.SUBMITTED)
    _move(application, actor, "formal_check_started", S.FORMAL_CHECK)
    return application


@transaction.atomic
def application_return(*, actor: User, application: Application, reason: str) -> Application:
    """Back to the applicant for completion; the reason says what is missing."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.FORMAL_CHECK)
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte nennen Sie, was fehlt oder zu ändern ist.")})
    application.return_reason = reason.strip()
    _move(application, actor, "application_returned", S.RETURNED, reason=reason.strip())
    return application


@transaction.atomic
def formal_check_pass(*, actor: User, application: Application) -> Application:
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.FORMAL_CHECK)
    _move(application, actor, "formal_check_passed", S.ASSESSMENT)
    return application


@transaction.atomic
def score_set(*, actor: User, application: Application, scores: Mapping[str, tuple[int, str]]) -> Application:
    """Points per programme criterion (0 … its maximum) with a comment each."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.ASSESSMENT)
    criteria = {c["key"]: c for c in application.programme.criteria}
    errors: dict[str, list[str]] = {}
    for key, (points, _comment) in scores.items():
        if key not in criteria:
            errors[key] = [_("Unbekanntes Kriterium.")]
        elif not 0 <= points <= int(criteria[key]["max"]):
            errors[key] = [_("Zwischen 0 und %(max)s Punkten.") % {"max": criteria[key]["max"]}]
    if errors:
        raise ValidationError(errors)
    for key, (points, comment) in scores.items():
        Score.objects.update_or_create(
            application=application,
            criterion=key,
            defaults={"points": points, "comment": comment, "assessor": actor},
        )
    audit_record(action="funding.scored", actor=actor, obj=application, data={k: v[0] for k, v in scores.items()})
    return application


@transaction.atomic
def decision_propose(
    *,
    actor: User,
    application: Application,
    decision: str,
    amounts: Mapping[int, Decimal] | None = None,
    conditions: str = "",
    reasons: str = "",
    early_start_allowed: bool = False,
) -> Application:
    """Propose approval (in full or in part, amounts per year) or rejection; a second person decides."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.ASSESSMENT)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Bitte wählen Sie eine Entscheidung.")})
    requested = plan_totals(application)["years"]
    amounts = {int(y): Decimal(a) for y, a in (amounts or {}).items()}
    errors: dict[str, list[str]] = defaultdict(list)
    if decision == Decision.REJECT:
        if not reasons.strip():
            errors["reasons"].append(_("Eine Ablehnung muss begründet werden."))
        amounts = {}
    else:
        if decision == Decision.APPROVE:
            amounts = {y: row["grant"] for y, row in requested.items() if row["grant"]}
        errors["amounts"] += grant_problems(application.programme, requested, amounts)
        if decision == Decision.PARTIAL and not reasons.strip():
            errors["reasons"].append(_("Eine Teilbewilligung muss begründet werden."))
        if application.starts_on <= _today() and not (early_start_allowed or application.early_start_allowed):
            errors["early_start_allowed"].append(
                _("Das Projekt hat schon begonnen: ohne zugelassenen vorzeitigen Maßnahmebeginn keine Bewilligung.")
            )
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise ValidationError(errors)
    application.decision = decision
    application.decision_reasons = reasons.strip()
    application.conditions = conditions.strip()
    application.early_start_allowed = early_start_allowed or application.early_start_allowed
    application.proposed_by = actor
    application.proposed_at = timezone.now()
    application.grant_years.filter(paid=0).delete()
    for year, amount in amounts.items():
        GrantYear.objects.update_or_create(application=application, year=year, defaults={"proposed": amount})
    _move(application, actor, "decision_proposed", S.PROPOSED, decision=decision)
    return application


@transaction.atomic
def decision_take(*, actor: User, application: Application) -> Application:
    """The second person decides the proposal; approving commits the amounts against each year's budget."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.PROPOSED)
    if application.proposed_by_id == actor.pk:
        raise PermissionDenied(FOUR_EYES)
    application.decided_by = actor
    application.decided_at = timezone.now()
    freeze_authority(application)
    if application.decision == Decision.REJECT:
        _move(application, actor, "decided", S.REJECTED, decision=application.decision)
        return application
    grant_years = list(application.grant_years.all())
    problems = grant_problems(
        application.programme, applied_plan(application), {g.year: g.proposed for g in grant_years}
    )
    if problems:  # the programme's rules changed since the proposal
        raise ValidationError({"amounts": problems})
    _commit(application.programme, {g.year: g.proposed for g in grant_years})
    for grant in grant_years:
        grant.granted = grant.proposed
        grant.save()
    try:
        with transaction.atomic():
            _move(application, actor, "decided", S.DECIDED, decision=application.decision)
    except IntegrityError as error:  # the database's last line: a budget over its total, decider = proposer
        raise ValidationError(_("Die Entscheidung verletzt eine Haushalts- oder Vier-Augen-Regel.")) from error
    return application


@transaction.atomic
def decision_send_back(*, actor: User, application: Application, reason: str) -> Application:
    """The second person does not follow the proposal: back to assessment, with the reason."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.PROPOSED)
    if application.proposed_by_id == actor.pk:
        raise PermissionDenied(FOUR_EYES)
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte begründen Sie, warum Sie dem Vorschlag nicht folgen.")})
    _move(application, actor, "proposal_sent_back", S.ASSESSMENT, reason=reason.strip())
    return application


@transaction.atomic
def notice_issue(*, actor: User, application: Application, issued_on: date | None = None) -> Application:
    """The Zuwendungsbescheid goes out; the appeal period of one month starts."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.DECIDED)
    application.notice_issued_on = issued_on or _today()
    _move(application, actor, "notice_issued", S.NOTICE_ISSUED)
    return application


def appeal_period_ends(application: Application) -> date | None:
    """The last day of the appeal period: one month from the deemed delivery of the notice posted on
    ``notice_issued_on`` (§ 41 Abs. 2 VwVfG NRW), moved off weekends and NRW holidays (§ 31 Abs. 3)."""
    if application.notice_issued_on is None:
        return None
    return deadlines.appeal_period_end(application.notice_issued_on, APPEAL_PERIOD_MONTHS)


@transaction.atomic
def notice_final(
    *, actor: User, application: Application, waived: bool = False, today: date | None = None
) -> Application:
    """The notice becomes final after the appeal period, or at once when the applicant waives the appeal."""
    application = _locked(application)
    if waived:
        _require(actor, "funding.edit_application", application)
    else:
        _require(actor, "funding.finalize_notice", application)
    _expect(application, S.NOTICE_ISSUED)
    today = today or _today()
    ends = appeal_period_ends(application)
    if not waived and ends is not None and today <= ends:
        raise ValidationError(_("Die Klagefrist läuft bis %(date)s.") % {"date": ends.strftime("%d.%m.%Y")})
    application.appeal_waived = waived
    application.final_on = today
    _move(application, actor, "notice_final", S.FINAL, waived=waived)
    return application


@transaction.atomic
def project_start(*, actor: User, application: Application) -> Application:
    application = _locked(application)
    if not (
        actor.has_perm("funding.edit_application", application)
        or actor.has_perm("funding.process_application", application)
    ):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))
    _expect(application, S.FINAL)
    _move(application, actor, "project_started", S.RUNNING)
    return application


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise ValidationError({field: _("Bitte geben Sie Beträge in Euro an.")}) from error
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise ValidationError({field: _("Bitte geben Sie Beträge in Euro an.")})
    return amount


@transaction.atomic
def change_request_submit(
    *, actor: User, application: Application, plan: Mapping[int, Mapping[str, Any]], reason: str
) -> ChangeRequest:
    """The applicant applies for a change after the notice: a new plan per year (costs = own + third-party funds +
    grant). It raises nothing by itself: an amendment may then grant up to what is applied for now."""
    application = _locked(application)
    _require(actor, "funding.edit_application", application)
    _expect(application, *AMENDABLE)
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Änderung.")})
    # years the request leaves out keep what is applied for so far
    rows: dict[str, dict[str, str]] = {
        str(y): {k: str(v) for k, v in row.items()} for y, row in applied_plan(application).items() if y not in plan
    }
    errors: list[str] = []
    for year, row in sorted(plan.items()):
        if int(year) not in application.years:
            errors.append(_("%(year)s liegt außerhalb des Projektzeitraums.") % {"year": year})
            continue
        values = {k: _money(row.get(k, ZERO), "plan") for k in PLAN_KEYS}
        if values["own"] + values["third_party"] + values["grant"] != values["costs"]:
            errors.append(
                _("%(year)s: Ausgaben %(costs)s € und Finanzierung %(financed)s € müssen gleich sein.")
                % {
                    "year": year,
                    "costs": euro(values["costs"]),
                    "financed": euro(values["own"] + values["third_party"] + values["grant"]),
                }
            )
        rows[str(int(year))] = {k: str(v) for k, v in values.items()}
    if not plan and not errors:
        errors.append(_("Bitte geben Sie den geänderten Plan an."))
    if errors:
        raise ValidationError({"plan": errors})
    change = ChangeRequest.objects.create(application=application, reason=reason.strip(), plan=rows, submitted_by=actor)
    audit_record(
        action="funding.change_requested", actor=actor, obj=application, reason=reason.strip(), data={"plan": rows}
    )
    return change


def open_amendment(application: Application) -> Amendment | None:
    return application.amendments.filter(status=Amendment.Status.PROPOSED).first()


def _amendment_problems(
    application: Application, grants: Mapping[int, GrantYear], amounts: Mapping[int, Decimal]
) -> list[str]:
    errors: list[str] = []
    for year, amount in sorted(amounts.items()):
        if year not in application.years:
            errors.append(_("%(year)s liegt außerhalb des Projektzeitraums.") % {"year": year})
        paid = grants[year].paid if year in grants else ZERO
        if amount < paid:
            errors.append(_("%(year)s: bereits %(paid)s € ausgezahlt.") % {"year": year, "paid": euro(paid)})
    if errors:
        return errors
    after = {year: grant.granted for year, grant in grants.items()}
    after.update(amounts)
    return grant_problems(application.programme, applied_plan(application), after)


@transaction.atomic
def amendment_propose(
    *, actor: User, application: Application, amounts: Mapping[int, Decimal], reason: str
) -> Amendment:
    """Propose an Änderungsbescheid: new amounts per year with the reason. Held to the programme's rules like a
    decision (never more than applied for, unless the applicant's change request asks for more); nothing moves
    until a second person decides (amendment_decide)."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, *AMENDABLE)
    if not reason.strip():
        raise ValidationError({"reason": _("Ein Änderungsbescheid braucht eine Begründung.")})
    if open_amendment(application) is not None:
        raise ValidationError(
            _("Ein Änderungsvorschlag ist noch offen: eine zweite Person entscheidet zuerst darüber.")
        )
    amounts = {int(y): _money(a, "amounts") for y, a in amounts.items()}
    grants = {g.year: g for g in application.grant_years.all()}
    if all(amount == (grants[y].granted if y in grants else ZERO) for y, amount in amounts.items()):
        raise ValidationError({"amounts": [_("Der Änderungsbescheid ändert keinen Betrag.")]})
    problems = _amendment_problems(application, grants, amounts)
    if problems:
        raise ValidationError({"amounts": problems})
    amendment = Amendment.objects.create(
        application=application,
        status=Amendment.Status.PROPOSED,
        reason=reason.strip(),
        before={str(y): str(g.granted) for y, g in sorted(grants.items())},
        after={str(y): str(a) for y, a in sorted(amounts.items())},
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    audit_record(
        action="funding.amendment_proposed", actor=actor, obj=application, reason=reason.strip(), data=amendment.after
    )
    return amendment


def _open_for_decision(application: Application, actor: User) -> Amendment:
    amendment = application.amendments.select_for_update().filter(status=Amendment.Status.PROPOSED).first()
    if amendment is None:
        raise ValidationError(_("Es liegt kein offener Änderungsvorschlag vor."))
    if amendment.proposed_by_id == actor.pk:
        raise PermissionDenied(FOUR_EYES)
    return amendment


@transaction.atomic
def amendment_decide(*, actor: User, application: Application) -> Amendment:
    """A second person decides the proposed Änderungsbescheid: the rules are checked again, the budgets follow
    (under row locks) and the notice gets its number."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, *AMENDABLE)
    amendment = _open_for_decision(application, actor)
    grants = {g.year: g for g in application.grant_years.select_for_update()}
    amounts = {int(y): Decimal(a) for y, a in amendment.after.items()}
    problems = _amendment_problems(application, grants, amounts)
    if problems:
        raise ValidationError({"amounts": problems})
    _commit(application.programme, {y: a - (grants[y].granted if y in grants else ZERO) for y, a in amounts.items()})
    for year, amount in amounts.items():
        GrantYear.objects.update_or_create(
            application=application, year=year, defaults={"granted": amount, "proposed": amount}
        )
    application.amendment += 1
    application.save()
    amendment.before = {str(y): str(g.granted) for y, g in sorted(grants.items())}
    amendment.number = application.amendment
    amendment.status = Amendment.Status.DECIDED
    amendment.decided_by = actor
    amendment.decided_at = timezone.now()
    try:
        with transaction.atomic():
            amendment.save()
    except IntegrityError as error:  # the database's last line: decider = proposer
        raise ValidationError(_("Die Entscheidung verletzt eine Haushalts- oder Vier-Augen-Regel.")) from error
    audit_record(
        action="funding.amended",
        actor=actor,
        obj=application,
        reason=amendment.reason,
        data={"number": amendment.number, **amendment.after},
    )
    return amendment


@transaction.atomic
def amendment_send_back(*, actor: User, application: Application, reason: str) -> Amendment:
    """The second person does not follow the proposed amendment; nothing changes, the reason is kept."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, *AMENDABLE)
    amendment = _open_for_decision(application, actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte begründen Sie, warum Sie dem Vorschlag nicht folgen.")})
    amendment.status = Amendment.Status.SENT_BACK
    amendment.decided_by = actor
    amendment.decided_at = timezone.now()
    amendment.send_back_reason = reason.strip()
    amendment.save()
    audit_record(action="funding.amendment_sent_back", actor=actor, obj=application, reason=reason.strip())
    return amendment
