from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from teilhabe.core.models import AuditEvent, Membership, User
from teilhabe.core.roles import APPROVAL_ROLES, ROLE_DESCRIPTIONS, Role
from teilhabe.core.scope import area_names


def in_force_q() -> Q:
    """Memberships in force today: not ended, and approved where the role needs a second person's approval."""
    today = timezone.localdate()
    not_ended = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    approved = ~Q(role__in=APPROVAL_ROLES) | Q(approved_at__isnull=False)
    return not_ended & approved


def current_memberships(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).filter(in_force_q())


def same_membership(*, membership: Membership) -> Membership | None:
    """The other row with the same person, role and scope as ``membership`` (what the unique constraints forbid
    twice), if any: the grant reactivates an ended one, the admin's form refuses a current one."""
    rows = Membership.objects.filter(user=membership.user, role=membership.role)
    if membership.scope_id:
        rows = rows.filter(scope_type_id=membership.scope_type_id, scope_id=membership.scope_id)
    else:
        rows = rows.filter(ags=membership.ags, scope_id__isnull=True)
    return rows.exclude(pk=membership.pk).first()


def users_with_role(*, role: str) -> QuerySet[User]:
    """People with a membership in ``role`` that is in force (not ended, approved where needed)."""
    current = Membership.objects.filter(role=role).filter(in_force_q())
    return User.objects.filter(pk__in=current.values("user_id"))


def memberships_awaiting_approval(*, user: User) -> QuerySet[Membership]:
    """Privileged memberships that wait for a second person, for one who may approve them (operator or Land).

    The person's own memberships and those they asked for themselves are left out: they may not approve them.
    """
    from teilhabe.core.scope import scope_of

    scope = scope_of(user)
    if not (scope.has_role(Role.ADMIN) or scope.has_role(Role.LAND)):
        return Membership.objects.none()
    today = timezone.localdate()
    return (
        Membership.objects.filter(role__in=APPROVAL_ROLES, approved_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exclude(user=user)
        .exclude(requested_by=user)
        .select_related("user", "requested_by")
        .order_by("created_at")
    )


def with_scope_labels(memberships: QuerySet[Membership]) -> list[Membership]:
    """The memberships, each with ``scope_label``: its area or object by name ("Bezirksregierung Köln", "Stadt
    Köln", an organisation's name), never the bare key; a constant number of queries."""
    rows = list(memberships.prefetch_related("scope_object"))
    names: dict[tuple[str, str], str] = {}
    for role in {m.role for m in rows if m.ags}:
        for code, name in area_names([m.ags for m in rows if m.role == role and m.ags], role).items():
            names[(role, code)] = name
    for m in rows:
        if m.ags:
            m.scope_label = names.get((m.role, m.ags), m.ags)  # type: ignore[attr-defined]
        elif m.scope_id:
            m.scope_label = str(m.scope_object) if m.scope_object is not None else ""  # type: ignore[attr-defined]
        else:
            m.scope_label = ""  # type: ignore[attr-defined]
    return rows


@dataclass
class RoleSummary:
    """One role of a person with what it is for and where it applies (start and account page)."""

    role: str
    label: str | Promise
    description: str | Promise
    scopes: list[str] = field(default_factory=list)


def role_summaries(*, user: User) -> list[RoleSummary]:
    """The person's current roles in the order of Role, each with its areas (by name) or objects; a constant
    number of queries (memberships, their objects, the names of their areas)."""
    memberships = current_memberships(user=user).select_related("scope_type").prefetch_related("scope_object")
    by_role: dict[str, RoleSummary] = {}
    for m in memberships:
        summary = by_role.setdefault(
            m.role, RoleSummary(role=m.role, label=m.get_role_display(), description=ROLE_DESCRIPTIONS[Role(m.role)])
        )
        if m.ags:
            summary.scopes.append(m.ags)
        elif m.scope_id:
            summary.scopes.append(str(m.scope_object) if m.scope_object is not None else str(m.scope_id))
    for summary in by_role.values():
        # Areas by name ("Stadt Köln", never "05315"); objects already are (their __str__).
        names = area_names([s for s in summary.scopes if s.isdigit()], summary.role)
        summary.scopes = [names.get(s, s) for s in summary.scopes]
    order = [r.value for r in Role]
    return sorted(by_role.values(), key=lambda s: order.index(s.role))


def audit_events_for(*, obj_type_id: int, obj_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type_id=obj_type_id, object_id=obj_id).select_related("actor")
