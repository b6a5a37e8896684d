"""Reads of the dialogue, scoped to the user: Land sees every event, a kommune user those of its target groups."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.dialogue.mails import Recipient
from teilhabe.dialogue.models import (
    ActionItem,
    AgendaItem,
    Audience,
    Document,
    DocumentVersion,
    Event,
    Need,
    Registration,
    Topic,
)
from teilhabe.registry.models import Status, Structure

R = Registration.Status

#: The kinds of registry structure in the directory, and which target group each belongs to.
DIRECTORY_KINDS = {
    Structure.Kind.INTEGRATIONSBEAUFTRAGTE: Audience.COMMISSIONERS,
    Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM: Audience.KI,
}


def _prefixes(ags: str) -> list[str]:
    """Every AGS prefix that contains ``ags`` ("05315" -> 05, 053, 05315): regions a user of that area is in."""
    return [p for p in (ags[:2], ags[:3], ags[:5], ags[:8]) if p and len(p) <= len(ags)]


def region_q(user: Any, field: str = "region") -> Q:
    """Rows whose region overlaps one of the user's kommune areas (either contains the other)."""
    q = Q(pk__in=[])
    for ags in scope_of(user).ags.get(Role.KOMMUNE, ()):
        q |= Q(**{f"{field}__in": _prefixes(ags)}) | Q(**{f"{field}__startswith": ags})
    return q


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related("series").annotate(
        registered_count=Count("registrations", filter=Q(registrations__status=R.REGISTERED), distinct=True),
        waiting_count=Count("registrations", filter=Q(registrations__status=R.WAITING), distinct=True),
    )


def events_visible_to(user: Any) -> QuerySet[Event]:
    scope = scope_of(user)
    if scope.has_role(Role.LAND):
        events = Event.objects.all()
    elif scope.has_role(Role.KOMMUNE):
        events = Event.objects.filter(region_q(user))
    else:
        events = Event.objects.none()
    return _with_counts(events)


def event_for(*, user: Any, pk: Any) -> Event | None:
    try:
        return (
            events_visible_to(user)
            .prefetch_related(
                Prefetch("agenda", queryset=AgendaItem.objects.order_by("order", "time")),
                "action_items",
            )
            .filter(pk=pk)
            .first()
        )
    except (ValidationError, ValueError):  # a malformed key is no event
        return None


def upcoming(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.filter(ends_at__gte=timezone.now()).order_by("starts_at")


def past(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.filter(ends_at__lt=timezone.now()).order_by("-starts_at")


def own_registrations(*, user: Any) -> dict[Any, Registration]:
    """The user's registrations by event id (cancelled ones included)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {r.event_id: r for r in Registration.objects.filter(user=user)}


def registration_of(*, user: Any, event: Event) -> Registration | None:
    return Registration.objects.filter(user=user, event=event).first()


def participants(*, event: Event) -> QuerySet[Registration]:
    """Registered and waiting people, in order; the attendance list."""
    return (
        Registration.objects.filter(event=event, status__in=[R.REGISTERED, R.WAITING])
        .select_related("user")
        .order_by("-status", "registered_at")  # "registered" sorts after "waiting": descending puts it first
    )


def needs_summary(*, event: Event) -> list[tuple[str, int]]:
    """How many registered or waiting people stated each need: counts only, never who."""
    counter: Counter[str] = Counter()
    for needs in Registration.objects.filter(event=event, status__in=[R.REGISTERED, R.WAITING]).values_list(
        "needs", flat=True
    ):
        counter.update(set(needs or []))
    return [(str(label), counter.get(code, 0)) for code, label in Need.choices]


def needs_notes(*, event: Event) -> list[str]:
    """The free-text notes of the needs (which language, which diet), without names, sorted so the order hides who."""
    return sorted(
        note
        for note in Registration.objects.filter(
            event=event, status__in=[R.REGISTERED, R.WAITING], needs_note__gt=""
        ).values_list("needs_note", flat=True)
    )


def documents_for(*, user: Any, event: Event | None = None, topic: Topic | None = None) -> list[Document]:
    """The documents of an event or topic that the user may read, each with its versions (newest first)."""
    documents = Document.objects.filter(archived_at__isnull=True).prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
    )
    documents = documents.filter(event=event) if event is not None else documents.filter(topic=topic)
    return [d for d in documents.select_related("event", "topic") if user.has_perm("dialogue.view_document", d)]


def document_for(*, user: Any, pk: Any) -> Document | None:
    document = Document.objects.select_related("event", "topic").filter(pk=pk, archived_at__isnull=True).first()
    if document is None or not user.has_perm("dialogue.view_document", document):
        return None
    return document


def topics_visible_to(user: Any) -> QuerySet[Topic]:
    scope = scope_of(user)
    if scope.has_role(Role.LAND):
        return Topic.objects.all()
    if scope.has_role(Role.KOMMUNE):
        return Topic.objects.filter(region_q(user))
    return Topic.objects.none()


def open_action_items_before(*, event: Event) -> QuerySet[ActionItem]:
    """Open action items of the earlier events of the event's series: they belong on its agenda."""
    if event.series_id is None:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(
        status=ActionItem.Status.OPEN, event__series_id=event.series_id, event__starts_at__lt=event.starts_at
    ).select_related("event")


def next_in_series(*, event: Event) -> Event | None:
    if event.series_id is None:
        return None
    return (
        Event.objects.filter(series_id=event.series_id, starts_at__gt=event.starts_at)
        .exclude(status=Event.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )


# --- recipients --------------------------------------------------------------------------------------------------


def kommune_users_for(*, region: str) -> list[User]:
    """Active people with a current kommune membership whose area overlaps ``region``."""
    memberships = (
        Membership.objects.filter(role=Role.KOMMUNE, user__is_active=True)
        .filter(Q(ags__in=_prefixes(region)) | Q(ags__startswith=region))
        .select_related("user")
    )
    people = {m.user.pk: m.user for m in memberships if m.is_current()}
    return sorted(people.values(), key=lambda u: u.email)


def invitation_recipients(*, event: Event) -> list[Recipient]:
    """The target group: the platform's kommune users of the region, and the directory's addresses of the kinds
    addressed (the structure's functional address; a contact person's only with consent). One entry per address."""
    by_email: dict[str, Recipient] = {}
    for user in kommune_users_for(region=event.region):
        if user.email:
            by_email.setdefault(user.email.lower(), Recipient(user.email, user.full_name))
    for entry in directory(audience=event.audience, region=event.region):
        contact = entry.contact if entry.contact is not None and entry.contact.is_public else None
        if contact is not None and contact.email:
            by_email.setdefault(contact.email.lower(), Recipient(contact.email, contact.name))
        elif entry.email:
            by_email.setdefault(entry.email.lower(), Recipient(entry.email, entry.name))
    return [by_email[k] for k in sorted(by_email)]


# --- directory ---------------------------------------------------------------------------------------------------


def directory(*, query: str = "", audience: str = Audience.ALL, region: str = "05") -> QuerySet[Structure]:
    """Integration commissioners and KIs of every Kreis and Gemeinde from the registry (published structures).

    Searching matches a contact person's name only where that person consented to be shown publicly.
    """
    kinds = [k for k, group in DIRECTORY_KINDS.items() if audience in (Audience.ALL, group)]
    entries = Structure.objects.filter(kind__in=kinds, status=Status.PUBLISHED).filter(
        Q(kreis__key__startswith=region) | Q(gemeinde__ags__startswith=region) | Q(kreis__key__in=_prefixes(region))
    )
    if query:
        public_contact = Q(
            contact__consent_public=True, contact__consent_at__isnull=False, contact__erased_at__isnull=True
        )
        entries = entries.filter(
            Q(name__icontains=query)
            | Q(kreis__name__icontains=query)
            | Q(gemeinde__name__icontains=query)
            | (public_contact & Q(contact__name__icontains=query))
        )
    return (
        entries.select_related("kreis", "gemeinde", "contact")
        .defer("kreis__boundary", "gemeinde__boundary")
        .order_by("kreis_id", "gemeinde_id", "kind", "name")
    )
