"""Read queries of the funding screens, API and reports, always filtered to what the user may see."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.funding.authorities import case_worker_q, is_ki_staff_case_worker
from teilhabe.funding.models import (
    Amendment,
    ApplicantKind,
    Application,
    ApplicationStatus,
    Budget,
    Call,
    GrantYear,
    PaymentRequest,
    Position,
    Programme,
    ProofOfUse,
)
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry.models import Organisation, Status, Structure

S = ApplicationStatus
#: States in which money is committed (decided and later, not closed without grant).
DECIDED_STATES = [S.DECIDED, S.NOTICE_ISSUED, S.FINAL, S.RUNNING, S.PROOF_SUBMITTED, S.PROOF_CHECKED, S.CLOSED]


def submitted_q() -> Q:
    """Applications that were submitted once: a draft belongs to its applicant until then (withdrawn drafts too)."""
    return Q(version__gt=0) | ~Q(status__in=[S.DRAFT, S.WITHDRAWN])


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Applicants see their own body's or organisation's, case workers those of their granting authority
    (a central authority's programmes statewide, area programmes in their Regierungsbezirk), Land all; the case
    workers and Land only what was submitted (a draft belongs to its applicant)."""
    scope = scope_of(user)
    qs = Application.objects.select_related("programme", "call")
    q = Q(pk__in=[])
    if scope.has_role(Role.LAND):
        q |= submitted_q()
    if scope.has_role(Role.BEWILLIGUNG):
        q |= case_worker_q(scope) & submitted_q()
    if scope.has_role(Role.KOMMUNE):
        q |= scope.ags_q(Role.KOMMUNE, "ags") & Q(organisation__isnull=True)
    organisations = scope.object_ids(Role.ORGANISATION, Organisation)
    if organisations:
        q |= Q(organisation_id__in=organisations)
    return qs.filter(q)


def _uuid(pk: Any) -> uuid.UUID | None:
    """A malformed key finds nothing (404), like a key of another body's row."""
    try:
        return uuid.UUID(str(pk))
    except ValueError:
        return None


def application_for(*, user: Any, pk: Any) -> Application | None:
    key = _uuid(pk)
    if key is None:
        return None
    return (
        applications_visible_to(user)
        .select_related("module", "organisation", "created_by", "proposed_by", "decided_by")
        .prefetch_related("target_groups", "cost_lines", "financing_lines", "partners__organisation")
        .filter(pk=key)
        .first()
    )


def open_calls() -> QuerySet[Call]:
    now = timezone.now()
    return Call.objects.filter(opens_at__lte=now, closes_at__gte=now, programme__active=True).select_related(
        "programme"
    )


def applicant_choices(user: Any, call: Call) -> list[tuple[str, str]]:
    """The bodies and organisations ``user`` may apply for in ``call``: value = AGS or "org:<uuid>"."""
    scope = scope_of(user)
    kinds = set(call.programme.applicant_kinds)
    choices: list[tuple[str, str]] = []
    if scope.ags.get(Role.KOMMUNE) and ApplicantKind.KREIS in kinds:
        kreise = Kreis.objects.filter(kind=Kreis.Kind.KREIS).order_by("name_short")
        choices += [(f"{k.key}000", k.name) for k in kreise if scope.covers_ags(Role.KOMMUNE, f"{k.key}000")]
    if scope.ags.get(Role.KOMMUNE):
        gemeinden = Gemeinde.objects.filter(scope.ags_q(Role.KOMMUNE, "ags")).order_by("name_short")
        wanted: dict[str, bool] = {
            Gemeinde.Kind.KREISFREIE_STADT: ApplicantKind.KREISFREIE_STADT in kinds,
            Gemeinde.Kind.STADT: ApplicantKind.GEMEINDE in kinds,
            Gemeinde.Kind.GEMEINDE: ApplicantKind.GEMEINDE in kinds,
        }
        choices += [(g.ags, g.name) for g in gemeinden if wanted.get(g.kind)]
    if ApplicantKind.ORGANISATION in kinds:
        organisations = Organisation.objects.filter(pk__in=scope.object_ids(Role.ORGANISATION, Organisation))
        allowed = call.programme.organisation_kinds
        choices += [(f"org:{o.pk}", o.name) for o in organisations.order_by("name") if not allowed or o.kind in allowed]
    return choices


@dataclass
class OpenCall:
    """An open call as the user sees it: whether they can apply, and if not, who the programme is for."""

    call: Call
    can_apply: bool
    eligible: str


def open_calls_for(user: Any) -> list[OpenCall]:
    """Open calls with the user's eligibility, from the same applicant choices the application form offers, so a
    button "Antrag stellen" appears only where the form can be filled (and the page says why elsewhere)."""
    result = []
    for call in open_calls().order_by("closes_at"):
        labels = [ApplicantKind(kind).label for kind in call.programme.applicant_kinds if kind in ApplicantKind.values]
        result.append(
            OpenCall(
                call=call, can_apply=bool(applicant_choices(user, call)), eligible=", ".join(str(x) for x in labels)
            )
        )
    return result


def partner_choices(application: Application) -> QuerySet[Organisation]:
    return Organisation.objects.filter(status=Status.PUBLISHED, gemeinde__ags__startswith=application.ags[:5]).order_by(
        "name"
    )


def budgets_overview(year: int | None = None) -> list[Budget]:
    qs = Budget.objects.select_related("programme").order_by("programme__name", "year")
    return list(qs.filter(year=year) if year else qs)


def pipeline() -> dict[str, dict[str, Any]]:
    """Submitted applications by programme and state (drafts are the applicants' own business)."""
    rows = (
        Application.objects.filter(submitted_q()).values("programme__name", "status").annotate(n=Count("id")).order_by()
    )
    result: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in rows:
        result[row["programme__name"]][row["status"]] = row["n"]
    return dict(result)


def grants_per_kreis(programme: Programme | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Granted sums per Kreis (an applicant's AGS starts with its Kreis key), with per-inhabitant figures."""
    grants = GrantYear.objects.filter(application__status__in=DECIDED_STATES)
    if programme is not None:
        grants = grants.filter(application__programme=programme)
    if year:
        grants = grants.filter(year=year)
    sums: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, set[Any]] = defaultdict(set)
    for ags, application_id, granted in grants.values_list("application__ags", "application_id", "granted"):
        sums[ags[:5]] += granted
        counts[ags[:5]].add(application_id)
    rows = []
    for kreis in Kreis.objects.order_by("name_short"):
        total = sums.get(kreis.key, Decimal(0))
        rows.append(
            {
                "kreis": kreis,
                "granted": total,
                "applications": len(counts.get(kreis.key, ())),
                "per_inhabitant": (total / kreis.population).quantize(Decimal("0.01")) if kreis.population else None,
            }
        )
    return rows


def payments_visible_to(user: Any) -> QuerySet[PaymentRequest]:
    ids = applications_visible_to(user).values("pk")
    return PaymentRequest.objects.filter(application_id__in=ids).select_related("application", "application__programme")


def centres_visible_to(user: Any) -> QuerySet[Structure]:
    scope = scope_of(user)
    qs = Structure.objects.filter(kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM).exclude(status=Status.ARCHIVED)
    qs = qs.select_related("kreis", "gemeinde")
    if scope.has_role(Role.LAND) or is_ki_staff_case_worker(scope):  # the granting authority: all of NRW
        return qs.order_by("name")
    q = Q(pk__in=[])
    for role in (Role.KOMMUNE,):
        for prefix in scope.ags.get(role, ()):
            q |= Q(gemeinde__ags__startswith=prefix) | Q(gemeinde__isnull=True, kreis__key__startswith=prefix[:5])
    return qs.filter(q).order_by("name")


def centre_for(*, user: Any, pk: Any) -> Structure | None:
    key = _uuid(pk)
    return centres_visible_to(user).filter(pk=key).first() if key else None


def positions_of(centre: Structure) -> list[Position]:
    return list(Position.objects.filter(centre=centre, active=True).order_by("kind", "title"))


def vacancies(year: int, month: int) -> list[dict[str, Any]]:
    """Statewide: funded posts (not teachers) not filled in the given month, per KI."""
    positions = (
        Position.objects.filter(active=True)
        .exclude(kind=Position.Kind.TEACHER)
        .select_related("centre")
        .annotate(
            filled=Count("occupancy", filter=Q(occupancy__year=year, occupancy__month=month, occupancy__filled=True))
        )
    )
    per_centre: dict[Any, dict[str, Any]] = {}
    for position in positions:
        row = per_centre.setdefault(
            position.centre_id, {"centre": position.centre, "vacant": Decimal(0), "posts": Decimal(0)}
        )
        row["posts"] += position.fte
        if not position.filled:
            row["vacant"] += position.fte
    return sorted(per_centre.values(), key=lambda r: r["centre"].name)


def application_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Application)


def kommune_deadlines(user: Any) -> list[tuple[Application, str, Any]]:
    """The next deadline still ahead of each of the user's own applications, soonest first."""
    from teilhabe.funding.services import open_deadlines

    today = timezone.localdate()
    open_applications = (
        applications_visible_to(user)
        .filter(status__in=[S.DRAFT, S.RETURNED, S.RUNNING, S.FINAL])
        .select_related("programme", "call")
        .prefetch_related("proofs")
    )
    rows: list[tuple[Application, str, Any]] = []
    for application in open_applications:
        upcoming = [(label, due) for label, due in open_deadlines(application) if due >= today]
        if upcoming:
            rows.append((application, *upcoming[0]))
    return sorted(rows, key=lambda r: r[2])


def authority_tasks(user: Any) -> dict[str, int]:
    """What waits for a Bezirksregierung user: counted over the applications of its area (one query each)."""
    if not scope_of(user).has_role(Role.BEWILLIGUNG):
        return {}
    mine = applications_visible_to(user).filter(case_worker_q(scope_of(user)))
    payments = PaymentRequest.objects.filter(application__in=mine)
    return {
        "submitted": mine.filter(status=S.SUBMITTED).count(),
        "formal_check": mine.filter(status=S.FORMAL_CHECK).count(),
        "assessment": mine.filter(status=S.ASSESSMENT).count(),
        "to_decide": mine.filter(status=S.PROPOSED).exclude(proposed_by=user).count(),
        "to_issue": mine.filter(status=S.DECIDED).count(),
        "amendments_to_decide": Amendment.objects.filter(application__in=mine, status=Amendment.Status.PROPOSED)
        .exclude(proposed_by=user)
        .count(),
        "proofs": mine.filter(status=S.PROOF_SUBMITTED).count(),
        "payments_to_check": payments.filter(status="requested").count(),
        "payments_to_order": payments.filter(status="checked").exclude(checked_by=user).count(),
    }


# --- lists of the case work (filtered by core.listing; page and export use the same queryset) ---------------------


def _area_text_filter(qs: QuerySet[Any], prefix: str, filters: dict[str, Any], text_fields: tuple[str, ...]) -> Any:
    """Programme, Kreis/Gemeinde (by the applicant's AGS) and text search for any row that hangs at an application."""
    if programme := filters.get("programme"):
        qs = qs.filter(**{f"{prefix}programme__key": programme})
    if kreis := filters.get("kreis"):
        qs = qs.filter(**{f"{prefix}ags__startswith": kreis})
    if gemeinde := filters.get("gemeinde"):
        qs = qs.filter(**{f"{prefix}ags": gemeinde})
    if text := str(filters.get("q", "")).strip():
        q = Q(pk__in=[])
        for name in text_fields:
            q |= Q(**{f"{prefix}{name}__icontains": text})
        qs = qs.filter(q)
    return qs


def application_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[Application]:
    """The applications the user may see, narrowed by the list's filters (status, programme, area, year, text)."""
    qs = _area_text_filter(applications_visible_to(user), "", filters, ("reference", "title", "applicant_name"))
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if year := filters.get("year"):
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return qs


def payment_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[PaymentRequest]:
    """The payment requests (Mittelabrufe) of the applications the user may see, narrowed by the list's filters."""
    qs = _area_text_filter(
        payments_visible_to(user), "application__", filters, ("reference", "title", "applicant_name")
    )
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if year := filters.get("year"):
        qs = qs.filter(year=year)
    return qs


def proofs_visible_to(user: Any) -> QuerySet[ProofOfUse]:
    ids = applications_visible_to(user).values("pk")
    return ProofOfUse.objects.filter(application_id__in=ids).select_related("application", "application__programme")


def proof_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[ProofOfUse]:
    """The proofs of use (Verwendungsnachweise) the user may see, narrowed by the list's filters."""
    qs = _area_text_filter(proofs_visible_to(user), "application__", filters, ("reference", "title", "applicant_name"))
    if status := filters.get("status"):
        qs = qs.filter(checked_at__isnull=status == "open")
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if year := filters.get("year"):
        qs = qs.filter(Q(year=year) | Q(year__isnull=True, submitted_at__year=year))
    return qs
