"""Every write of the funding app: one function per step, in one transaction, checking the actor's right and
scope and writing an audit event.

Budgets are never over-committed: deciding, amending and paying lock the budget rows (SELECT … FOR UPDATE on
PostgreSQL; on SQLite every transaction is IMMEDIATE, so writers queue) and the database refuses
committed > total and paid > committed anyway. ``actor`` None is the system (demo data, background tasks).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.core.services import audit_record
from teilhabe.core.uploads import validate_upload
from teilhabe.funding import calculations
from teilhabe.funding.calculations import ZERO, add_months, share_percent
from teilhabe.funding.models import (
    Amendment,
    ApplicantKind,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    Attachment,
    BaseRate,
    Budget,
    Call,
    CostLine,
    Decision,
    FinancingLine,
    FinancingSource,
    FinancingType,
    GrantYear,
    Module,
    Occupancy,
    Partner,
    PaymentRequest,
    PaymentStatus,
    Position,
    Programme,
    ProofKind,
    ProofLine,
    ProofOfUse,
    Score,
    StaffRate,
)
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry.models import Organisation, Status, Structure, TargetGroup

S = ApplicationStatus
ATTACHMENT_KINDS = {"pdf", "docx", "xlsx", "odt"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
APPEAL_PERIOD_MONTHS = 1
PAYMENT_HORIZON_DAYS = 61  # "within two months of payout"
RETENTION_YEARS = 5
#: States in which the applicant may still withdraw (until decided).
WITHDRAWABLE = {S.DRAFT, S.SUBMITTED, S.FORMAL_CHECK, S.RETURNED, S.ASSESSMENT, S.PROPOSED}
EDITABLE = {S.DRAFT, S.RETURNED}


def _require(actor: User | None, perm: str, obj: Any = None) -> None:
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))


def _today() -> date:
    return timezone.localdate()


def _move(application: Application, actor: User | None, action: str, to: str, reason: str = "", **data: Any) -> None:
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


# --- programmes, budgets, calls (Land) --------------------------------------------------------------------------


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
def programme_save(*, actor: User | None, data: ProgrammeInput, programme: Programme | None = None) -> Programme:
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
def budget_set(*, actor: User | None, programme: Programme, year: int, total: Decimal) -> Budget:
    """Set a Haushaltsansatz; it may never fall below what is already committed."""
    _require(actor, "funding.manage_programmes")
    if total < 0:
        raise ValidationError({"total": _("Der Ansatz darf nicht negativ sein.")})
    budget, _created = Budget.objects.select_for_update().get_or_create(programme=programme, year=year)
    if total < budget.committed:
        raise ValidationError(
            {
                "total": _("Bereits %(committed)s € gebunden: der Ansatz kann nicht darunter sinken.")
                % {"committed": budget.committed}
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
    *, actor: User | None, programme: Programme, title: str, opens_at: Any, closes_at: Any, description: str = ""
) -> Call:
    _require(actor, "funding.manage_programmes")
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Der Antragsschluss muss nach dem Beginn liegen.")})
    call = Call.objects.create(
        programme=programme, title=title, opens_at=opens_at, closes_at=closes_at, description=description
    )
    audit_record(action="funding.call_created", actor=actor, obj=call)
    return call


# --- application ------------------------------------------------------------------------------------------------


@dataclass
class ApplicationInput:
    title: str
    goals: str
    starts_on: date
    ends_on: date
    module: Module | None = None
    applicant_ags: str = ""
    organisation: Organisation | None = None
    applicant_address: str = ""
    target_groups: list[TargetGroup] = field(default_factory=list)
    early_start_requested: bool = False
    #: (category key, year) -> amount
    costs: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    #: (FinancingSource, year) -> amount
    financing: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    #: [(organisation, role in the project)]
    partners: list[tuple[Organisation, str]] = field(default_factory=list)


def _applicant(actor: User | None, programme: Programme, data: ApplicationInput) -> dict[str, Any]:
    """Who applies: the kommune body of ``applicant_ags``, or the organisation; checked against the programme."""
    if data.organisation is not None:
        organisation = data.organisation
        if ApplicantKind.ORGANISATION not in programme.applicant_kinds:
            raise ValidationError(
                {"organisation": _("Organisationen sind in diesem Programm nicht antragsberechtigt.")}
            )
        if programme.organisation_kinds and organisation.kind not in programme.organisation_kinds:
            raise ValidationError(
                {"organisation": _("Organisationen dieser Art sind in diesem Programm nicht antragsberechtigt.")}
            )
        if actor is not None and not scope_of(actor).covers_object(Role.ORGANISATION, organisation):
            raise PermissionDenied(_("Sie können nur für Ihre eigene Organisation Anträge stellen."))
        return {
            "applicant_kind": ApplicantKind.ORGANISATION,
            "applicant_name": organisation.name,
            "organisation": organisation,
            "ags": organisation.ags,
        }
    ags = data.applicant_ags
    gemeinde = Gemeinde.objects.filter(ags=ags).first()
    kreis = Kreis.objects.filter(key=ags[:5]).first() if ags.endswith("000") else None
    if gemeinde is not None and gemeinde.kind == Gemeinde.Kind.KREISFREIE_STADT:
        kind, name = ApplicantKind.KREISFREIE_STADT, gemeinde.name
    elif kreis is not None and kreis.kind == Kreis.Kind.KREIS and gemeinde is None:
        kind, name = ApplicantKind.KREIS, kreis.name
    elif gemeinde is not None:
        kind, name = ApplicantKind.GEMEINDE, gemeinde.name
    else:
        raise ValidationError({"applicant_ags": _("Unbekannter Gebietsschlüssel des Antragstellers.")})
    if kind not in programme.applicant_kinds:
        raise ValidationError(
            {"applicant_ags": _("%(kind)s ist in diesem Programm nicht antragsberechtigt.") % {"kind": kind.label}}
        )
    if actor is not None and not scope_of(actor).covers_ags(Role.KOMMUNE, ags):
        raise PermissionDenied(_("Sie können nur für eine Körperschaft Ihres Bereichs Anträge stellen."))
    return {"applicant_kind": kind, "applicant_name": name, "organisation": None, "ags": ags}


def _check_input(programme: Programme, data: ApplicationInput) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if not data.title.strip():
        errors["title"].append(_("Bitte geben Sie einen Projekttitel an."))
    if data.ends_on < data.starts_on:
        errors["ends_on"].append(_("Das Projektende liegt vor dem Beginn."))
    if data.module is not None and data.module.programme_id != programme.pk:
        errors["module"].append(_("Dieser Förderbaustein gehört nicht zum Programm."))
    _check_plan_lines(programme, data, errors)
    for organisation, _role in data.partners:
        if organisation.status != Status.PUBLISHED:
            errors["partners"].append(_("%(o)s ist nicht im Register veröffentlicht.") % {"o": organisation.name})
    if errors:
        raise ValidationError({k: sorted(set(v)) for k, v in errors.items()})


def _check_plan_lines(programme: Programme, data: ApplicationInput, errors: dict[str, list[str]]) -> None:
    years = set(range(data.starts_on.year, data.ends_on.year + 1))
    categories = programme.category_labels()
    for (category, year), amount in data.costs.items():
        if category not in categories:
            errors["costs"].append(_("„%(c)s“ ist keine zuwendungsfähige Ausgabeart.") % {"c": category})
        if year not in years:
            errors["costs"].append(_("Ausgaben im Jahr %(y)s liegen außerhalb des Projektzeitraums.") % {"y": year})
        if amount < 0:
            errors["costs"].append(_("Beträge dürfen nicht negativ sein."))
    for (source, year), amount in data.financing.items():
        if source not in FinancingSource.values:
            errors["financing"].append(_("Unbekannte Finanzierungsquelle."))
        if year not in years:
            errors["financing"].append(
                _("Finanzierung im Jahr %(y)s liegt außerhalb des Projektzeitraums.") % {"y": year}
            )
        if amount < 0:
            errors["financing"].append(_("Beträge dürfen nicht negativ sein."))


def _write_plan(application: Application, data: ApplicationInput) -> None:
    application.cost_lines.all().delete()
    application.financing_lines.all().delete()
    application.partners.all().delete()
    CostLine.objects.bulk_create(
        CostLine(application=application, category=c, year=y, amount=a) for (c, y), a in data.costs.items() if a
    )
    FinancingLine.objects.bulk_create(
        FinancingLine(application=application, source=s, year=y, amount=a) for (s, y), a in data.financing.items() if a
    )
    Partner.objects.bulk_create(Partner(application=application, organisation=o, role=r) for o, r in data.partners)
    application.target_groups.set(data.target_groups)


@transaction.atomic
def application_create(*, actor: User | None, call: Call, data: ApplicationInput, created_by: User) -> Application:
    """A draft application to a call; the applicant follows from the input and the actor's scope."""
    _require(actor, "funding.apply")
    programme = call.programme
    if not programme.active:
        raise ValidationError(_("Dieses Programm nimmt keine Anträge an."))
    applicant = _applicant(actor, programme, data)
    _check_input(programme, data)
    application = Application.objects.create(
        reference=f"{programme.key.upper()}-{call.opens_at.year}-{uuid.uuid4().hex[:6].upper()}",
        call=call,
        programme=programme,
        module=data.module,
        applicant_address=data.applicant_address,
        title=data.title.strip(),
        goals=data.goals,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        early_start_requested=data.early_start_requested,
        created_by=created_by,
        **applicant,
    )
    _write_plan(application, data)
    audit_record(action="funding.application_created", actor=actor, obj=application, to_state=S.DRAFT)
    return application


@transaction.atomic
def application_update(*, actor: User | None, application: Application, data: ApplicationInput) -> Application:
    application = _locked(application)
    _require(actor, "funding.edit_application", application)
    _expect(application, *EDITABLE)
    _check_input(application.programme, data)
    for name in ("title", "goals", "starts_on", "ends_on", "module", "early_start_requested", "applicant_address"):
        setattr(application, name, getattr(data, name))
    application.save()
    _write_plan(application, data)
    audit_record(action="funding.application_updated", actor=actor, obj=application)
    return application


def plan_totals(application: Application) -> dict[str, Any]:
    """Costs and financing per year and in total, and the shares that the rules look at."""
    years: dict[int, dict[str, Decimal]] = {
        y: {"costs": ZERO, "own": ZERO, "third_party": ZERO, "grant": ZERO} for y in application.years
    }
    for line in application.cost_lines.all():
        years.setdefault(line.year, {"costs": ZERO, "own": ZERO, "third_party": ZERO, "grant": ZERO})
        years[line.year]["costs"] += line.amount
    for fline in application.financing_lines.all():
        years.setdefault(fline.year, {"costs": ZERO, "own": ZERO, "third_party": ZERO, "grant": ZERO})
        years[fline.year][fline.source] += fline.amount
    total = {k: sum((y[k] for y in years.values()), ZERO) for k in ("costs", "own", "third_party", "grant")}
    return {
        "years": dict(sorted(years.items())),
        "total": total,
        "grant_share": share_percent(total["grant"], total["costs"]),
        "own_share": share_percent(total["own"], total["costs"]),
    }


def plan_problems(application: Application, *, today: date | None = None) -> dict[str, list[str]]:
    """Everything that keeps the application from being submitted, by field, in German."""
    today = today or _today()
    programme = application.programme
    totals = plan_totals(application)
    total = totals["total"]
    problems: dict[str, list[str]] = defaultdict(list)
    if total["costs"] <= 0:
        problems["costs"].append(_("Bitte tragen Sie die geplanten Ausgaben ein."))
    for year, row in totals["years"].items():
        financed = row["own"] + row["third_party"] + row["grant"]
        if financed != row["costs"]:
            problems["financing"].append(
                _("%(year)s: Ausgaben %(costs)s € und Finanzierung %(financed)s € müssen gleich sein.")
                % {"year": year, "costs": row["costs"], "financed": financed}
            )
    _financing_rule_problems(application.programme, totals, problems)
    if application.starts_on <= today and not application.early_start_requested:
        problems["starts_on"].append(
            _(
                "Das Projekt darf nicht vor der Bewilligung beginnen. Verschieben Sie den Beginn oder beantragen Sie "
                "den vorzeitigen Maßnahmebeginn."
            )
        )
    partner_kinds = {p.organisation.kind for p in application.partners.select_related("organisation")}
    labels = dict(Organisation.Kind.choices)
    for kind in programme.required_partner_kinds:
        if kind not in partner_kinds:
            problems["partners"].append(
                _("Mindestens ein Partner der Art „%(kind)s“ aus dem Register ist erforderlich.")
                % {"kind": labels.get(kind, kind)}
            )
    return dict(problems)


def _financing_rule_problems(programme: Programme, totals: dict[str, Any], problems: dict[str, list[str]]) -> None:
    """The programme's grant limits and its financing type."""
    total = totals["total"]
    grant = total["grant"]
    if grant <= 0:
        problems["grant"].append(_("Bitte geben Sie die beantragte Zuwendung an."))
    if grant and grant < programme.min_grant:
        problems["grant"].append(_("Die Mindestzuwendung beträgt %(min)s €.") % {"min": programme.min_grant})
    if programme.max_grant is not None and grant > programme.max_grant:
        problems["grant"].append(_("Die Höchstzuwendung beträgt %(max)s €.") % {"max": programme.max_grant})
    ftype = programme.financing_type
    if (
        ftype == FinancingType.ANTEIL
        and programme.max_share is not None
        and total["costs"]
        and grant * 100 > total["costs"] * programme.max_share  # exact, not the rounded percentage
    ):
        problems["grant"].append(
            _("Bei Anteilfinanzierung höchstens %(max)s %% der Ausgaben; beantragt sind %(share)s %%.")
            % {"max": programme.max_share, "share": totals["grant_share"]}
        )
    if ftype == FinancingType.FESTBETRAG and grant > total["costs"]:
        problems["grant"].append(_("Der Festbetrag darf die Ausgaben nicht übersteigen."))
    if ftype == FinancingType.VOLL and (total["own"] or total["third_party"]):
        problems["financing"].append(_("Bei Vollfinanzierung trägt die Zuwendung alle Ausgaben allein."))
    if ftype != FinancingType.VOLL and total["costs"] and total["own"] * 100 < total["costs"] * programme.min_own_share:
        problems["own"].append(
            _("Der Eigenanteil muss mindestens %(min)s %% der Ausgaben betragen; geplant sind %(share)s %%.")
            % {"min": programme.min_own_share, "share": totals["own_share"]}
        )


def _snapshot(application: Application) -> dict[str, Any]:
    totals = plan_totals(application)
    return {
        "reference": application.reference,
        "programme": application.programme.name,
        "module": str(application.module) if application.module else "",
        "applicant": application.applicant_name,
        "title": application.title,
        "goals": application.goals,
        "starts_on": application.starts_on.isoformat(),
        "ends_on": application.ends_on.isoformat(),
        "early_start_requested": application.early_start_requested,
        "target_groups": [t.name for t in application.target_groups.all()],
        "costs": [
            {"category": c.category, "year": c.year, "amount": str(c.amount)} for c in application.cost_lines.all()
        ],
        "financing": [
            {"source": f.source, "year": f.year, "amount": str(f.amount)} for f in application.financing_lines.all()
        ],
        "partners": [
            {"organisation": p.organisation.name, "kind": p.organisation.kind, "role": p.role}
            for p in application.partners.select_related("organisation")
        ],
        "attachments": [a.filename for a in application.attachments.all()],
        "total": {k: str(v) for k, v in totals["total"].items()},
    }


@transaction.atomic
def application_submit(*, actor: User | None, application: Application) -> ApplicationVersion:
    """Submit inside the call's window; the application is frozen as a new version (the receipt shows it)."""
    application = _locked(application)
    _require(actor, "funding.edit_application", application)
    _expect(application, *EDITABLE)
    now = timezone.now()
    call = application.call
    if not call.opens_at <= now <= call.closes_at:
        raise ValidationError(
            _("Anträge zu „%(call)s“ können nur vom %(open)s bis %(close)s eingereicht werden.")
            % {
                "call": call.title,
                "open": timezone.localtime(call.opens_at).strftime("%d.%m.%Y"),
                "close": timezone.localtime(call.closes_at).strftime("%d.%m.%Y %H:%M"),
            }
        )
    problems = plan_problems(application)
    if problems:
        raise ValidationError(problems)
    application.version += 1
    application.submitted_at = now
    application.return_reason = ""
    version = ApplicationVersion.objects.create(
        application=application,
        number=application.version,
        submitted_at=now,
        submitted_by=actor or application.created_by,
        data=_snapshot(application),
    )
    _move(application, actor, "application_submitted", S.SUBMITTED, version=application.version)
    return version


@transaction.atomic
def attachment_add(
    *, actor: User | None, application: Application, file: UploadedFile, uploaded_by: User
) -> Attachment:
    application = _locked(application)
    _require(actor, "funding.edit_application", application)
    _expect(application, *EDITABLE)
    kind = validate_upload(file, allowed=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
    attachment = Attachment(
        application=application,
        filename=(file.name or "anlage")[:200],
        kind=kind,
        size=file.size or 0,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{kind}", file, save=False)
    attachment.save()
    audit_record(action="funding.attachment_added", actor=actor, obj=application, data={"file": attachment.filename})
    return attachment


@transaction.atomic
def application_withdraw(*, actor: User | None, application: Application, reason: str = "") -> Application:
    application = _locked(application)
    _require(actor, "funding.edit_application", application)
    _expect(application, *WITHDRAWABLE)
    _move(application, actor, "application_withdrawn", S.WITHDRAWN, reason=reason)
    return application


# --- processing by the authority --------------------------------------------------------------------------------


@transaction.atomic
def formal_check_start(*, actor: User | None, application: Application) -> Application:
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.SUBMITTED)
    _move(application, actor, "formal_check_started", S.FORMAL_CHECK)
    return application


@transaction.atomic
def application_return(*, actor: User | None, application: Application, reason: str) -> Application:
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
def formal_check_pass(*, actor: User | None, application: Application) -> Application:
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
    actor: User | None,
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
                % {"year": year, "available": budget.total - budget.committed, "needed": delta}
            )
    if errors:
        raise ValidationError({"amounts": errors})
    for year, delta in changes.items():
        Budget.objects.filter(pk=budgets[year].pk).update(committed=F("committed") + delta)


@transaction.atomic
def decision_take(*, actor: User | None, application: Application) -> Application:
    """The second person decides the proposal; approving commits the amounts against each year's budget."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.PROPOSED)
    if actor is not None and application.proposed_by_id == actor.pk:
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
def notice_issue(*, actor: User | None, application: Application, issued_on: date | None = None) -> Application:
    """The Zuwendungsbescheid goes out; the appeal period of one month starts."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.DECIDED)
    application.notice_issued_on = issued_on or _today()
    _move(application, actor, "notice_issued", S.NOTICE_ISSUED)
    return application


def appeal_period_ends(application: Application) -> date | None:
    if application.notice_issued_on is None:
        return None
    return add_months(application.notice_issued_on, APPEAL_PERIOD_MONTHS)


@transaction.atomic
def notice_final(
    *, actor: User | None, application: Application, waived: bool = False, today: date | None = None
) -> Application:
    """The notice becomes final after the appeal period, or at once when the applicant waives the appeal."""
    application = _locked(application)
    if waived:
        _require(actor, "funding.edit_application", application)
    else:
        _require(actor, "funding.process_application", application)
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
def project_start(*, actor: User | None, application: Application) -> Application:
    application = _locked(application)
    if actor is not None and not (
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


# --- payments ---------------------------------------------------------------------------------------------------


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
    actor: User | None,
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
    """A Mittelabruf. Sent twice with the same key, it is recorded once (the first one is returned)."""
    application = _locked(application)
    _require(actor, "funding.request_payment", application)
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
    if needed_by > today + timedelta(days=PAYMENT_HORIZON_DAYS):
        errors["needed_by"].append(
            _("Abrufen dürfen Sie nur, was binnen zwei Monaten nach der Auszahlung fällig wird.")
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
            _("Für %(year)s sind höchstens noch %(left)s € abrufbar.") % {"year": year, "left": max(left, ZERO)}
        )
    limit = calculations.cents_down(due_payments * payable_share(application))
    if amount > limit:
        errors["amount"].append(
            _("Die Zuwendung trägt anteilig höchstens %(limit)s € der fälligen Zahlungen von %(due)s €.")
            % {"limit": limit, "due": due_payments}
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
def payment_check(*, actor: User | None, request: PaymentRequest) -> PaymentRequest:
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
def payment_order(*, actor: User | None, request: PaymentRequest, paid_on: date | None = None) -> PaymentRequest:
    """Anordnung: a second person orders the payment; the grant year and the budget record it."""
    request = _locked_payment(request)
    _require(actor, "funding.process_payment", request.application)
    if request.status != PaymentStatus.CHECKED:
        raise ValidationError(_("Nur sachlich richtig gezeichnete Abrufe können angeordnet werden."))
    if actor is not None and request.checked_by_id == actor.pk:
        raise PermissionDenied(_("Vier-Augen-Prinzip: Wer die sachliche Richtigkeit zeichnet, ordnet nicht an."))
    grant = GrantYear.objects.select_for_update().get(application=request.application, year=request.year)
    if grant.paid + request.amount > grant.granted:
        raise ValidationError(_("Der Abruf übersteigt die bewilligte Zuwendung für dieses Jahr."))
    budgets = _lock_budgets(request.application.programme, [request.year])
    GrantYear.objects.filter(pk=grant.pk).update(paid=F("paid") + request.amount)
    Budget.objects.filter(pk=budgets[request.year].pk).update(paid=F("paid") + request.amount)
    request.status = PaymentStatus.PAID
    request.ordered_by = actor
    request.paid_on = paid_on or _today()
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


# --- proof of use -----------------------------------------------------------------------------------------------


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


@transaction.atomic
def proof_submit(
    *,
    actor: User | None,
    application: Application,
    kind: str,
    report: str,
    actual: Mapping[str, Decimal],
    other_income: Decimal,
    submitted_by: User,
    year: int | None = None,
    late_use_amount: Decimal = ZERO,
    late_use_days: int = 0,
) -> ProofOfUse:
    application = _locked(application)
    _require(actor, "funding.submit_proof", application)
    _expect(application, S.RUNNING)
    errors: dict[str, list[str]] = defaultdict(list)
    if not report.strip():
        errors["report"].append(_("Der Sachbericht fehlt."))
    categories = application.programme.category_labels()
    for category, amount in actual.items():
        if category not in categories:
            errors["actual"].append(_("„%(c)s“ ist keine Ausgabeart des Programms.") % {"c": category})
        if amount < 0:
            errors["actual"].append(_("Beträge dürfen nicht negativ sein."))
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
    return list(BaseRate.objects.values_list("valid_from", "rate"))


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
    if proof.kind == ProofKind.FINAL:
        _expect(application, S.PROOF_SUBMITTED)
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
        last_payment = (
            application.payment_requests.filter(status=PaymentStatus.PAID)
            .order_by("-paid_on")
            .values_list("paid_on", flat=True)
            .first()
        )
        result["repayment_interest"] = str(
            calculations.interest(outcome.repayment, last_payment, today, rates) if last_payment else ZERO
        )
        result["interest_from"] = last_payment.isoformat() if last_payment else ""
    if proof.late_use_amount and proof.late_use_days:
        result["late_use_interest"] = str(
            calculations.interest(proof.late_use_amount, today - timedelta(days=proof.late_use_days), today, rates)
        )
    result["checked_on"] = today.isoformat()
    proof.result = result
    proof.checked_by = actor
    proof.checked_at = timezone.now()
    submitted = timezone.localtime(proof.submitted_at).date()
    proof.retention_until = date(submitted.year + RETENTION_YEARS, submitted.month, min(submitted.day, 28))
    proof.save()
    audit_record(action="funding.proof_checked", actor=actor, obj=proof, data={"result": result})
    if proof.kind == ProofKind.FINAL:
        _move(application, actor, "proof_checked", S.PROOF_CHECKED, final_grant=result["final_grant"])
    return proof


@transaction.atomic
def application_close(*, actor: User, application: Application) -> Application:
    """Close after the checked proof: commitments not needed for the final grant go back to the budget."""
    application = _locked(application)
    _require(actor, "funding.process_application", application)
    _expect(application, S.PROOF_CHECKED)
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


# --- KI staff funding -------------------------------------------------------------------------------------------


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
def occupancy_set(
    *, actor: User | None, position: Position, year: int, filled_months: Iterable[int]
) -> list[Occupancy]:
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
def position_create(*, actor: User | None, centre: Structure, kind: str, title: str, fte: Decimal) -> Position:
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
def staff_rate_set(*, actor: User | None, year: int, **values: Decimal) -> StaffRate:
    _require(actor, "funding.manage_staff_rates")
    if any(v < 0 for v in values.values()):
        raise ValidationError(_("Fördersätze dürfen nicht negativ sein."))
    rate, _created = StaffRate.objects.update_or_create(year=year, defaults=values)
    audit_record(action="funding.staff_rate_set", actor=actor, obj=rate, data={k: str(v) for k, v in values.items()})
    return rate
