"""Every write of the staff survey: units, campaigns, codes, answers, hiring figures, publication.

Each function checks the actor's right on the object (rules.py), validates with German messages, stores nothing
on refusal and records an audit event - except ``response_submit``: the anonymous answer has no actor (its code is
the only credential) and deliberately leaves no trace but the answer itself (see README, "Staff survey").
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.workforce import categories
from teilhabe.workforce.models import (
    AgeBand,
    Authority,
    Birthplace,
    Campaign,
    CareerGroup,
    Citizenship,
    CodeBatch,
    HiringFigure,
    ImmigrationPeriod,
    OrgUnit,
    ParticipationCode,
    Publication,
    Response,
    StaffKind,
)

#: Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
MAX_CODES_PER_BATCH = 5000


def _require(actor: User, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))


# --- units -----------------------------------------------------------------------------------------------------


def _check_unit(name: str, staff_count: int) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Bitte geben Sie einen Namen an.")
    if staff_count < 0:
        errors["staff_count"] = _("Die Zahl der Beschäftigten kann nicht negativ sein.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def unit_create(*, actor: User, authority: Authority, name: str, staff_count: int) -> OrgUnit:
    _require(actor, "workforce.keep_authority", authority)
    _check_unit(name, staff_count)
    if OrgUnit.objects.filter(authority=authority, name=name.strip()).exists():
        raise ValidationError({"name": _("Eine Einheit dieses Namens gibt es in Ihrer Behörde schon.")})
    unit = OrgUnit(authority=authority, name=name.strip(), staff_count=staff_count)
    unit._history_user = actor  # type: ignore[attr-defined]
    unit.save()
    audit_record(action="workforce.unit_created", actor=actor, obj=unit, data={"staff_count": staff_count})
    return unit


@transaction.atomic
def unit_update(*, actor: User, unit: OrgUnit, name: str, staff_count: int, is_active: bool = True) -> OrgUnit:
    _require(actor, "workforce.keep_authority", unit)
    _check_unit(name, staff_count)
    if OrgUnit.objects.filter(authority=unit.authority, name=name.strip()).exclude(pk=unit.pk).exists():
        raise ValidationError({"name": _("Eine Einheit dieses Namens gibt es in Ihrer Behörde schon.")})
    before = {"name": unit.name, "staff_count": unit.staff_count, "is_active": unit.is_active}
    unit.name, unit.staff_count, unit.is_active = name.strip(), staff_count, is_active
    unit._history_user = actor  # type: ignore[attr-defined]
    unit.save()
    audit_record(
        action="workforce.unit_changed",
        actor=actor,
        obj=unit,
        data={"before": before, "after": {"name": unit.name, "staff_count": staff_count, "is_active": is_active}},
    )
    return unit


# --- campaigns -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignInput:
    year: int
    title: str
    threshold: int | None = None
    reference_share: Decimal | None = None
    reference_source: str = ""


@transaction.atomic
def campaign_create(*, actor: User, data: CampaignInput) -> Campaign:
    _require(actor, "workforce.manage_campaigns")
    errors: dict[str, str] = {}
    if not 2000 <= data.year <= timezone.localdate().year + 1:
        errors["year"] = _("Bitte geben Sie ein Jahr zwischen 2000 und dem nächsten Jahr an.")
    elif Campaign.objects.filter(year=data.year).exists():
        errors["year"] = _("Für dieses Jahr gibt es schon eine Befragung.")
    threshold = data.threshold if data.threshold is not None else settings.TEILHABE_WORKFORCE_THRESHOLD
    if not 3 <= threshold <= 50:
        errors["threshold"] = _("Die Mindestfallzahl muss zwischen 3 und 50 liegen.")
    share = data.reference_share
    if share is None:
        share = Decimal(settings.TEILHABE_WORKFORCE_REFERENCE_SHARE)
    if not Decimal(0) <= share <= Decimal(100):
        errors["reference_share"] = _("Der Vergleichswert ist ein Anteil zwischen 0 und 100 %.")
    if not data.title.strip():
        errors["title"] = _("Bitte geben Sie einen Titel an.")
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(
        year=data.year,
        title=data.title.strip(),
        threshold=threshold,
        reference_share=share,
        reference_source=data.reference_source.strip() or settings.TEILHABE_WORKFORCE_REFERENCE_SOURCE,
    )
    campaign._history_user = actor  # type: ignore[attr-defined]
    campaign.save()
    audit_record(action="workforce.campaign_created", actor=actor, obj=campaign, to_state=campaign.status)
    return campaign


def _transition(actor: User, campaign: Campaign, allowed: tuple[str, ...], to: str) -> Campaign:
    _require(actor, "workforce.manage_campaigns")
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status not in allowed:
        raise ValidationError(
            _("Die Befragung ist „%(status)s“; dieser Schritt ist jetzt nicht möglich.")
            % {"status": locked.get_status_display()}
        )
    before = locked.status
    locked.status = to
    if to == Campaign.Status.OPEN:
        locked.opened_at = timezone.now()
    if to == Campaign.Status.CLOSED:
        locked.closed_at = timezone.now()
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    audit_record(action=f"workforce.campaign_{to}", actor=actor, obj=locked, from_state=before, to_state=to)
    return locked


@transaction.atomic
def campaign_open(*, actor: User, campaign: Campaign) -> Campaign:
    return _transition(actor, campaign, (Campaign.Status.DRAFT,), Campaign.Status.OPEN)


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign) -> Campaign:
    """Close the campaign. Nothing is deleted: on SQLite the answers' table has no rowid (migration 0005), so the
    rows are ordered by their random key from the start; on PostgreSQL the close rewrites every answer once, in
    random order (see ``_scatter``)."""
    closed = _transition(actor, campaign, (Campaign.Status.OPEN,), Campaign.Status.CLOSED)
    _scatter(closed)
    return closed


def _scatter(campaign: Campaign) -> None:
    """PostgreSQL only: every answer of the campaign is updated once, one row per statement in a random order,
    in the close's transaction. Each update writes a new version of the row (same key, same values) at the place
    the heap has room, i.e. appended in the shuffled order, and stamps it with the close's transaction id: neither
    the physical position (``ctid``) nor the transaction id (``xmin``) keeps the order of arrival. The old versions
    are dead once the close commits and are removed by (auto)vacuum; the answers themselves stay, same keys, same
    count. An UPDATE, not a DELETE and INSERT: survey data is never hard-deleted."""
    if connection.vendor != "postgresql":
        return
    ids = [str(pk) for pk in Response.objects.filter(campaign=campaign).values_list("pk", flat=True)]
    random.SystemRandom().shuffle(ids)
    table = connection.ops.quote_name(Response._meta.db_table)
    column = connection.ops.quote_name(Response._meta.get_field("unit").column)
    # One row per statement, in the shuffled order: a statement touching many rows would visit them in the heap's
    # order, which is the order of arrival. The loop runs in the server (a function of this session only, in
    # pg_temp), so a campaign of 100,000 answers costs one round trip, not 100,000.
    update = f"UPDATE {table} SET {column} = {column} WHERE id = answer"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION pg_temp.workforce_scatter(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$ "
            f"DECLARE answer uuid; BEGIN FOREACH answer IN ARRAY ids LOOP {update}; END LOOP; END $$"
        )
        cursor.execute("SELECT pg_temp.workforce_scatter(%s::uuid[])", [ids])


@transaction.atomic
def campaign_publish(*, actor: User, campaign: Campaign) -> Publication:
    """Publish once: the predefined tables after primary and secondary suppression, proved by the LP audit."""
    from teilhabe.workforce import selectors

    _require(actor, "workforce.manage_campaigns")
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status != Campaign.Status.CLOSED:
        raise ValidationError(_("Nur eine abgeschlossene Befragung kann veröffentlicht werden, und nur einmal."))
    if not Response.objects.filter(campaign=locked).exists():
        raise ValidationError(_("Die Befragung hat keine Antworten; es gibt nichts zu veröffentlichen."))
    result = selectors.campaign_statistics(campaign=locked, audit=True)
    failing = [r for r in result.audit if not r.ok]
    if failing:  # pragma: no cover - protect() raises before
        raise ValidationError(_("Die Geheimhaltungsprüfung ist nicht bestanden; nichts wurde veröffentlicht."))
    publication = Publication.objects.create(
        campaign=locked,
        published_by=actor,
        tables=result.tables,
        summary=result.summary,
        audit={
            "threshold": result.threshold,
            "protection": result.protection,
            "suppressed_primary": result.suppressed_primary,
            "suppressed_secondary": result.suppressed_secondary,
            "cells_checked": len(result.audit),
            "solver": "HiGHS (scipy.optimize.linprog)",
        },
    )
    before = locked.status
    locked.status = Campaign.Status.PUBLISHED
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    audit_record(
        action="workforce.campaign_published",
        actor=actor,
        obj=locked,
        from_state=before,
        to_state=locked.status,
        data=publication.audit,
    )
    return publication


# --- codes -----------------------------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


@transaction.atomic
def codes_issue(*, actor: User, campaign: Campaign, unit: OrgUnit, count: int) -> CodeBatch:
    _require(actor, "workforce.keep_authority", unit)
    if campaign.status not in (Campaign.Status.DRAFT, Campaign.Status.OPEN):
        raise ValidationError(_("Für eine abgeschlossene Befragung werden keine Codes mehr ausgegeben."))
    if not unit.is_active:
        raise ValidationError({"unit": _("Die Einheit ist nicht mehr aktiv.")})
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise ValidationError(
            {"count": _("Bitte zwischen 1 und %(max)d Codes auf einmal.") % {"max": MAX_CODES_PER_BATCH}}
        )
    batch = CodeBatch.objects.create(campaign=campaign, unit=unit, size=count, issued_by=actor)
    codes: set[str] = set()
    while len(codes) < count:
        codes.update(new_code() for _ in range(count - len(codes)))
        codes -= set(ParticipationCode.objects.filter(code__in=codes).values_list("code", flat=True))
    ParticipationCode.objects.bulk_create([ParticipationCode(batch=batch, code=c) for c in sorted(codes)])
    audit_record(
        action="workforce.codes_issued",
        actor=actor,
        obj=unit,
        data={"campaign": str(campaign.pk), "batch": str(batch.pk), "count": count},
    )
    return batch


def codes_destroy(*, actor: User, campaign: Campaign, dry_run: bool = False) -> int:
    """Destroy the participation codes of a closed campaign (retention rule "participation_codes": their purpose
    ends with the campaign). Each batch keeps how many of its codes were used; the codes themselves are deleted,
    batch by batch, each in its own transaction, so an interrupted run leaves every batch either whole or done.
    Returns the number of codes destroyed (or, with ``dry_run``, that would be)."""
    _require(actor, "workforce.destroy_codes")
    campaign.refresh_from_db(fields=["status"])
    if campaign.status not in (Campaign.Status.CLOSED, Campaign.Status.PUBLISHED):
        raise ValidationError(_("Die Codes einer laufenden Befragung werden noch gebraucht."))
    batches = CodeBatch.objects.filter(campaign=campaign, codes_destroyed_at__isnull=True)
    if dry_run:
        return ParticipationCode.objects.filter(batch__in=batches).count()
    destroyed = 0
    for batch_id in list(batches.values_list("pk", flat=True)):
        with transaction.atomic():
            batch = CodeBatch.objects.select_for_update().get(pk=batch_id)
            if batch.codes_destroyed_at is not None:
                continue
            codes = ParticipationCode.objects.filter(batch=batch)
            batch.used_count = codes.filter(used=True).count()
            batch.codes_destroyed_at = timezone.now()
            batch.save(update_fields=["used_count", "codes_destroyed_at", "updated_at"])
            destroyed += codes.delete()[0]
    if destroyed:
        audit_record(
            action="workforce.codes_destroyed",
            actor=actor,
            obj=campaign,
            data={"codes": destroyed},
        )
    return destroyed


# --- the anonymous answer --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyAnswers:
    career_group: str = CareerGroup.NO_ANSWER
    staff_kind: str = StaffKind.NO_ANSWER
    age_band: str = AgeBand.NO_ANSWER
    self_person: categories.Person = field(default_factory=categories.Person)
    parent1: categories.Person = field(default_factory=categories.Person)
    parent2: categories.Person = field(default_factory=categories.Person)


def _check_answers(answers: SurveyAnswers) -> None:
    choices = {
        "career_group": CareerGroup.values,
        "staff_kind": StaffKind.values,
        "age_band": AgeBand.values,
    }
    for name, allowed in choices.items():
        if getattr(answers, name) not in allowed:
            raise ValidationError({name: _("Bitte wählen Sie eine der Antworten.")})
    for person in (answers.self_person, answers.parent1, answers.parent2):
        if (
            person.birthplace not in Birthplace.values
            or person.immigration not in ImmigrationPeriod.values
            or person.citizenship_birth not in Citizenship.values
            or person.citizenship_now not in Citizenship.values
        ):
            raise ValidationError(_("Bitte wählen Sie eine der Antworten."))


def find_open_code(code: str) -> ParticipationCode:
    """The unused code of an open campaign, or a ValidationError that says why not (the same for a used one)."""
    normalised = normalise_code(code)
    found = (
        ParticipationCode.objects.select_related("batch__campaign", "batch__unit").filter(code=normalised).first()
        if normalised
        else None
    )
    if found is None:
        raise ValidationError(
            _("Diesen Code kennen wir nicht. Bitte prüfen Sie die Schreibweise auf Ihrem Teilnahmebrief.")
        )
    if found.used:
        raise ValidationError(_("Mit diesem Code wurde bereits geantwortet. Jeder Code gilt nur einmal."))
    if found.batch.campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("Diese Befragung nimmt derzeit keine Antworten an."))
    return found


@transaction.atomic
def response_submit(*, code: str, answers: SurveyAnswers) -> None:
    """Mark the code used and store the answer, in one transaction, with nothing that links the two.

    The answer keeps its campaign, the unit the code was issued for and the answers; no code, user, address or
    time, and a random key. No audit event is written (it would carry a time). On PostgreSQL every row of a
    transaction carries its transaction id (``xmin``); so that the code's row does not share it alone with the
    answer, every code of the same unit and campaign is written in the same statement.
    """
    _check_answers(answers)
    found = find_open_code(code)
    # Lock every code of the unit and campaign in key order (a single order: two answers of the same unit wait for
    # each other instead of deadlocking), then write them all in one statement.
    batch_ids = list(
        CodeBatch.objects.filter(campaign_id=found.batch.campaign_id, unit_id=found.batch.unit_id).values_list(
            "pk", flat=True
        )
    )
    states = dict(
        ParticipationCode.objects.select_for_update()
        .filter(batch_id__in=batch_ids)
        .order_by("pk")
        .values_list("pk", "used")
    )
    if states.get(found.pk) is not False:
        raise ValidationError(_("Mit diesem Code wurde bereits geantwortet. Jeder Code gilt nur einmal."))
    ParticipationCode.objects.filter(batch_id__in=batch_ids).update(
        used=Case(When(pk=found.pk, then=Value(True)), default=F("used"))
    )
    derived = categories.derive(answers.self_person, answers.parent1, answers.parent2)
    people = {
        "self": categories.normalise(answers.self_person),
        "parent1": categories.normalise(answers.parent1),
        "parent2": categories.normalise(answers.parent2),
    }
    person_fields = {
        f"{prefix}_{attr}": getattr(person, attr)
        for prefix, person in people.items()
        for attr in ("birthplace", "immigration", "citizenship_birth", "citizenship_now")
    }
    Response.objects.create(
        campaign_id=found.batch.campaign_id,
        unit_id=found.batch.unit_id,
        career_group=answers.career_group,
        staff_kind=answers.staff_kind,
        age_band=answers.age_band,
        **person_fields,
        **derived,
    )


# --- hiring figures --------------------------------------------------------------------------------------------

HIRING_MEASURES = ("applications", "invitations", "hires", "trainees")


def _check_hiring(year: int, counts: dict[str, int]) -> None:
    errors: dict[str, str] = {}
    if not 2000 <= year <= timezone.localdate().year:
        errors["year"] = _("Bitte geben Sie ein vergangenes oder das laufende Jahr an.")
    for measure in HIRING_MEASURES:
        for name in (measure, f"{measure}_mh"):
            value = counts.get(name)
            if value is None or value < 0:
                errors[name] = _("Bitte geben Sie eine Zahl ab 0 an.")
    for measure in HIRING_MEASURES:
        if not errors and counts[f"{measure}_mh"] > counts[measure]:
            errors[f"{measure}_mh"] = _(
                "Es können nicht mehr Personen eine Einwanderungsgeschichte angeben, als es insgesamt sind."
            )
    if not errors:
        if counts["invitations"] > counts["applications"]:
            errors["invitations"] = _("Es kann nicht mehr Einladungen als Bewerbungen geben.")
        if counts["hires"] > counts["invitations"]:
            errors["hires"] = _("Es kann nicht mehr Einstellungen als Einladungen geben.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def hiring_save(*, actor: User, authority: Authority, year: int, counts: dict[str, int]) -> HiringFigure:
    """Enter or correct the hiring figures of one authority and year (aggregates only)."""
    _require(actor, "workforce.keep_authority", authority)
    _check_hiring(year, counts)
    figure = HiringFigure.objects.select_for_update().filter(authority=authority, year=year).first()
    before = {m: getattr(figure, m) for m in counts} if figure else {}
    if figure is None:
        figure = HiringFigure(authority=authority, year=year, **counts)
    else:
        for name, value in counts.items():
            setattr(figure, name, value)
    figure._history_user = actor  # type: ignore[attr-defined]
    figure.save()
    audit_record(
        action="workforce.hiring_saved", actor=actor, obj=figure, data={"year": year, "before": before, "after": counts}
    )
    return figure
