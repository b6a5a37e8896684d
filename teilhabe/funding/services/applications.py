"""Applications: create, edit, plan, submit, attachments, withdraw (the applicant)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.money import euro
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.core.services import audit_record
from teilhabe.core.uploads import validate_upload
from teilhabe.funding.calculations import ZERO, share_percent
from teilhabe.funding.models import (
    ApplicantKind,
    Application,
    ApplicationVersion,
    Attachment,
    Call,
    CostLine,
    FinancingLine,
    FinancingSource,
    FinancingType,
    Module,
    Partner,
    Programme,
)
from teilhabe.funding.services._base import (
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_BYTES,
    EDITABLE,
    WITHDRAWABLE,
    S,
    _expect,
    _locked,
    _move,
    _require,
    _today,
)
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry.models import Organisation, Status, TargetGroup


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


def _applicant(actor: User, programme: Programme, data: ApplicationInput) -> dict[str, Any]:
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
        if not scope_of(actor).covers_object(Role.ORGANISATION, organisation):
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
    if not scope_of(actor).covers_ags(Role.KOMMUNE, ags):
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
def application_create(*, actor: User, call: Call, data: ApplicationInput, created_by: User) -> Application:
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
def application_update(*, actor: User, application: Application, data: ApplicationInput) -> Application:
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
                % {"year": year, "costs": euro(row["costs"]), "financed": euro(financed)}
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
        problems["grant"].append(_("Die Mindestzuwendung beträgt %(min)s €.") % {"min": euro(programme.min_grant)})
    if programme.max_grant is not None and grant > programme.max_grant:
        problems["grant"].append(_("Die Höchstzuwendung beträgt %(max)s €.") % {"max": euro(programme.max_grant)})
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
def application_submit(*, actor: User, application: Application) -> ApplicationVersion:
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
def attachment_add(*, actor: User, application: Application, file: UploadedFile, uploaded_by: User) -> Attachment:
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
def application_withdraw(*, actor: User, application: Application, reason: str = "") -> Application:
    application = _locked(application)
    _require(actor, "funding.edit_application", application)
    _expect(application, *WITHDRAWABLE)
    _move(application, actor, "application_withdrawn", S.WITHDRAWN, reason=reason)
    return application
