"""Read queries of the funding screens, API and reports, always filtered to what the user may see."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
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
    PaymentStatus,
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
    q = applicant_q(user)
    if scope.has_role(Role.LAND):
        q |= submitted_q()
    if scope.has_role(Role.BEWILLIGUNG):
        q |= case_worker_q(scope) & submitted_q()
    return qs.filter(q)


def applicant_q(user: Any) -> Q:
    """The applications the user makes: their Kreis's or Gemeinde's own, or their organisation's."""
    scope = scope_of(user)
    q = Q(pk__in=[])
    if scope.has_role(Role.KOMMUNE):
        q |= scope.ags_q(Role.KOMMUNE, "ags") & Q(organisation__isnull=True)
    organisations = scope.object_ids(Role.ORGANISATION, Organisation)
    if organisations:
        q |= Q(organisation_id__in=organisations)
    return q


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


class _ApplicantPool:
    """The Kreise, Gemeinden and organisations a user may apply for, each read once (on first use)."""

    def __init__(self, user: Any) -> None:
        self.scope = scope_of(user)
        self._kreise: list[Kreis] | None = None
        self._gemeinden: list[Gemeinde] | None = None
        self._organisations: list[Organisation] | None = None

    @property
    def kreise(self) -> list[Kreis]:
        if self._kreise is None:
            kreise = Kreis.objects.filter(kind=Kreis.Kind.KREIS).order_by("name_short")
            self._kreise = [k for k in kreise if self.scope.covers_ags(Role.KOMMUNE, f"{k.key}000")]
        return self._kreise

    @property
    def gemeinden(self) -> list[Gemeinde]:
        if self._gemeinden is None:
            self._gemeinden = list(
                Gemeinde.objects.filter(self.scope.ags_q(Role.KOMMUNE, "ags")).order_by("name_short")
            )
        return self._gemeinden

    @property
    def organisations(self) -> list[Organisation]:
        if self._organisations is None:
            ids = self.scope.object_ids(Role.ORGANISATION, Organisation)
            self._organisations = list(Organisation.objects.filter(pk__in=ids).order_by("name")) if ids else []
        return self._organisations


def applicant_choices(user: Any, call: Call, pool: _ApplicantPool | None = None) -> list[tuple[str, str]]:
    """The bodies and organisations ``user`` may apply for in ``call``: value = AGS or "org:<uuid>"."""
    pool = pool or _ApplicantPool(user)
    scope = pool.scope
    kinds = set(call.programme.applicant_kinds)
    choices: list[tuple[str, str]] = []
    if scope.ags.get(Role.KOMMUNE) and ApplicantKind.KREIS in kinds:
        choices += [(f"{k.key}000", k.name) for k in pool.kreise]
    if scope.ags.get(Role.KOMMUNE):
        wanted: dict[str, bool] = {
            Gemeinde.Kind.KREISFREIE_STADT: ApplicantKind.KREISFREIE_STADT in kinds,
            Gemeinde.Kind.STADT: ApplicantKind.GEMEINDE in kinds,
            Gemeinde.Kind.GEMEINDE: ApplicantKind.GEMEINDE in kinds,
        }
        choices += [(g.ags, g.name) for g in pool.gemeinden if wanted.get(g.kind)]
    if ApplicantKind.ORGANISATION in kinds:
        allowed = call.programme.organisation_kinds
        choices += [(f"org:{o.pk}", o.name) for o in pool.organisations if not allowed or o.kind in allowed]
    return choices


@dataclass
class OpenCall:
    """An open call as the user sees it: whether they can apply, and if not, who the programme is for."""

    call: Call
    can_apply: bool
    eligible: str


def open_calls_for(user: Any) -> list[OpenCall]:
    """Open calls with the user's eligibility, from the same applicant choices the application form offers, so a
    button "Antrag stellen" appears only where the form can be filled (and the page says why elsewhere).
    A constant number of queries: the user's Kreise, Gemeinden and organisations are read once for all calls."""
    pool = _ApplicantPool(user)
    result = []
    for call in open_calls().order_by("closes_at"):
        labels = [ApplicantKind(kind).label for kind in call.programme.applicant_kinds if kind in ApplicantKind.values]
        result.append(
            OpenCall(
                call=call,
                can_apply=bool(applicant_choices(user, call, pool)),
                eligible=", ".join(str(x) for x in labels),
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
    qs = qs.select_related("kreis", "gemeinde").defer("kreis__boundary", "gemeinde__boundary")
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


def application_list(*, user: Any, filters: dict[str, Any], task: str = "") -> QuerySet[Application]:
    """The applications the user may see (or only those of one start-page ``task``), narrowed by the list's filters
    (status, programme, area, year, text)."""
    tasked = task_applications(user, task) if task else None  # an empty task stays empty (a QuerySet is falsy)
    visible = applications_visible_to(user) if tasked is None else tasked
    qs = _area_text_filter(visible, "", filters, ("reference", "title", "applicant_name"))
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


# --- The start page: tasks as named filters of the application list ----------------------------------------------
#
# Each task is a filter over applications_visible_to(user). The start page counts them in one query and links to
# the application list with ?aufgabe=<key>, which applies the same filter to the same queryset: the count and the
# list cannot differ.

#: Tasks of an applicant (Kommune, organisation), over its own applications only.
APPLICANT_TASKS = ("drafts", "returned", "payable", "applicant_overdue")
#: Tasks of a case worker of a granting authority, over the applications that authority handles.
CASE_WORKER_TASKS = (
    "to_check",
    "to_score",
    "to_decide",
    "amendments_to_decide",
    "to_issue",
    "payments_to_check",
    "payments_to_order",
    "proofs_to_check",
    "overdue",
)
#: Tasks of the Land: what is in procedure anywhere in NRW.
LAND_TASKS = ("in_procedure",)
IN_PROCEDURE = [S.SUBMITTED, S.FORMAL_CHECK, S.ASSESSMENT, S.PROPOSED, S.DECIDED]


def overdue_ids(applications: QuerySet[Application], today: date) -> list[uuid.UUID]:
    """Granted projects with a proof of use (interim or final) due before ``today`` and not submitted; two queries
    (the applications with their programme, and their proofs)."""
    from teilhabe.funding.services import open_deadlines

    rows = applications.filter(status__in=[S.FINAL, S.RUNNING]).select_related("programme", "call")
    return [a.pk for a in rows.prefetch_related("proofs") if any(due < today for _, due in open_deadlines(a))]


def task_filters(user: Any, *, today: date | None = None) -> dict[str, Q]:
    """The tasks open to ``user``'s roles, each as a filter of applications_visible_to(user).

    Four eyes: a proposal the user made, or a payment the user checked, is never the user's task to decide or
    order. Overdue proofs are computed in Python (the deadlines follow from dates and the programme), so their
    filter is a list of keys.
    """
    scope = scope_of(user)
    today = today or timezone.localdate()
    filters: dict[str, Q] = {}
    own = applicant_q(user)
    if scope.has_role(Role.KOMMUNE) or scope.object_ids(Role.ORGANISATION, Organisation):
        unpaid_this_year = GrantYear.objects.filter(application=OuterRef("pk"), year=today.year, granted__gt=F("paid"))
        filters["drafts"] = own & Q(status=S.DRAFT)
        filters["returned"] = own & Q(status=S.RETURNED)
        filters["payable"] = own & Q(status__in=[S.FINAL, S.RUNNING]) & Q(Exists(unpaid_this_year))
        mine = Application.objects.filter(own)
        filters["applicant_overdue"] = own & Q(pk__in=overdue_ids(mine, today))
    if scope.has_role(Role.BEWILLIGUNG):
        handled = case_worker_q(scope) & submitted_q()
        payments = PaymentRequest.objects.filter(application=OuterRef("pk"))
        amendments = Amendment.objects.filter(application=OuterRef("pk"), status=Amendment.Status.PROPOSED)
        filters["to_check"] = handled & Q(status__in=[S.SUBMITTED, S.FORMAL_CHECK])
        filters["to_score"] = handled & Q(status=S.ASSESSMENT)
        filters["to_decide"] = handled & Q(status=S.PROPOSED) & ~Q(proposed_by=user)
        filters["amendments_to_decide"] = handled & Q(Exists(amendments.exclude(proposed_by=user)))
        filters["to_issue"] = handled & Q(status=S.DECIDED)
        filters["payments_to_check"] = handled & Q(Exists(payments.filter(status=PaymentStatus.REQUESTED)))
        filters["payments_to_order"] = handled & Q(
            Exists(payments.filter(status=PaymentStatus.CHECKED).exclude(checked_by=user))
        )
        filters["proofs_to_check"] = handled & Q(status=S.PROOF_SUBMITTED)
        filters["overdue"] = handled & Q(pk__in=overdue_ids(Application.objects.filter(handled), today))
    if scope.has_role(Role.LAND):
        filters["in_procedure"] = submitted_q() & Q(status__in=IN_PROCEDURE)
    return filters


def task_counts(user: Any, *, today: date | None = None) -> dict[str, int]:
    """How many applications each of the user's tasks holds: one query for all (plus two for overdue proofs)."""
    filters = task_filters(user, today=today)
    if not filters:
        return {}
    counts = applications_visible_to(user).aggregate(**{k: Count("pk", filter=q) for k, q in filters.items()})
    return {k: int(v or 0) for k, v in counts.items()}


def task_applications(user: Any, key: str, *, today: date | None = None) -> QuerySet[Application] | None:
    """The applications of one task (the list the start page links to); None for a task the user does not have."""
    q = task_filters(user, today=today).get(key)
    return None if q is None else applications_visible_to(user).filter(q)


def payment_year_window(*, today: date | None = None) -> date:
    """The last day on which money of the current budget year can be requested and ordered (§ 45 LHO)."""
    today = today or timezone.localdate()
    return date(today.year, 12, 31)


def budgets_of_year(year: int) -> list[Budget]:
    """The budgets of one Haushaltsjahr with their programme, by programme name (one query)."""
    return list(Budget.objects.filter(year=year).select_related("programme").order_by("programme__name"))


def vacancies_visible_to(user: Any, year: int, month: int) -> list[dict[str, Any]]:
    """The KIs of the user's area with posts not filled in the month (the staff overview and the start page);
    two queries."""
    visible = set(centres_visible_to(user).values_list("pk", flat=True))
    return [v for v in vacancies(year, month) if v["centre"].pk in visible and v["vacant"] > 0]


def application_history(application: Application) -> list[Any]:
    """The application's history as sentences, its payment requests' steps included, oldest first; three queries.
    (Proof steps are recorded on the application too, so the proofs' own events would say the same twice.)"""
    from teilhabe.core.models import AuditEvent
    from teilhabe.funding.history import sentence

    payments = [str(pk) for pk in PaymentRequest.objects.filter(application=application).values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(
        Q(object_type=application_content_type(), object_id=str(application.pk))
        | Q(object_type=ContentType.objects.get_for_model(PaymentRequest), object_id__in=payments)
    ).select_related("actor")
    return [sentence(event) for event in events.order_by("at", "seq")]
