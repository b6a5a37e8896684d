"""Processing by the granting authority: formal check, scores, proposal, four-eyes decision, notices, amendments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.funding import deadlines
from teilhabe.funding.calculations import ZERO
from teilhabe.funding.models import (
    Amendment,
    Application,
    Decision,
    GrantYear,
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
        for year, amount in amounts.items():
            asked = requested.get(year, {}).get("grant", ZERO)
            if amount < 0 or amount > asked:
                errors["amounts"].append(
                    _("%(year)s: höchstens die beantragten %(asked)s €.") % {"year": year, "asked": asked}
                )
        total = sum(amounts.values(), ZERO)
        if total <= 0:
            errors["amounts"].append(_("Eine Bewilligung braucht einen Betrag."))
        if decision == Decision.PARTIAL and not reasons.strip():
            errors["reasons"].append(_("Eine Teilbewilligung muss begründet werden."))
        if application.starts_on <= _today() and not (early_start_allowed or application.early_start_allowed):
            errors["early_start_allowed"].append(
                _("Das Projekt hat schon begonnen: ohne zugelassenen vorzeitigen Maßnahmebeginn keine Bewilligung.")
            )
    if errors:
        raise ValidationError(dict(errors))
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
        raise PermissionDenied(_("Vier-Augen-Prinzip: Wer vorschlägt, entscheidet nicht selbst."))
    application.decided_by = actor
    application.decided_at = timezone.now()
    if application.decision == Decision.REJECT:
        _move(application, actor, "decided", S.REJECTED, decision=application.decision)
        return application
    grant_years = list(application.grant_years.all())
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
        raise PermissionDenied(_("Vier-Augen-Prinzip: Wer vorschlägt, entscheidet nicht selbst."))
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


@transaction.atomic
def amendment_issue(*, actor: User, application: Application, amounts: Mapping[int, Decimal], reason: str) -> Amendment:
    """An Änderungsbescheid: new amounts per year, never below what is paid; budgets follow."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.FINAL, S.RUNNING)
    if not reason.strip():
        raise ValidationError({"reason": _("Ein Änderungsbescheid braucht eine Begründung.")})
    grants = {g.year: g for g in application.grant_years.select_for_update()}
    errors = []
    for year, amount in amounts.items():
        if year not in application.years:
            errors.append(_("%(year)s liegt außerhalb des Projektzeitraums.") % {"year": year})
        paid = grants[year].paid if year in grants else ZERO
        if amount < paid:
            errors.append(_("%(year)s: bereits %(paid)s € ausgezahlt.") % {"year": year, "paid": paid})
    if errors:
        raise ValidationError({"amounts": errors})
    before = {str(y): str(g.granted) for y, g in grants.items()}
    _commit(
        application.programme,
        {y: a - (grants[y].granted if y in grants else ZERO) for y, a in amounts.items()},
    )
    for year, amount in amounts.items():
        GrantYear.objects.update_or_create(
            application=application, year=year, defaults={"granted": amount, "proposed": amount}
        )
    application.amendment += 1
    application.save()
    amendment = Amendment.objects.create(
        application=application,
        number=application.amendment,
        reason=reason.strip(),
        before=before,
        after={str(y): str(a) for y, a in amounts.items()},
        decided_by=actor,
    )
    audit_record(action="funding.amended", actor=actor, obj=application, reason=reason, data=amendment.after)
    return amendment
