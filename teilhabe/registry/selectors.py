"""Read queries of the registry. Everything a kommune user sees goes through their AGS scope here.

Every list selector returns a queryset with its relations loaded (select_related/prefetch_related), so a page
costs the same number of queries whatever its length. Single-object selectors return None for objects outside
the user's scope; views answer that with 404, never 403.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from teilhabe.core.roles import Role
from teilhabe.core.scope import UserScope, scope_of
from teilhabe.registry.models import Contact, Location, Offer, OfferImport, Organisation, Status, Structure


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _sees_all(scope: UserScope) -> bool:
    """Land and admin read the whole registry (read-only for land: the rules refuse every change)."""
    return scope.has_role(Role.LAND) or scope.has_role(Role.ADMIN)


def _organisation_ids(user: Any) -> list[uuid.UUID]:
    return scope_of(user).object_ids(Role.ORGANISATION, Organisation)


# --- public (used by the finder) ---------------------------------------------------------------


def _offer_related(qs: QuerySet[Offer]) -> QuerySet[Offer]:
    return qs.select_related("organisation", "contact").prefetch_related(
        "topics",
        "target_groups",
        "languages",
        "translations",
        "opening_hours",
        Prefetch("locations", queryset=Location.objects.select_related("gemeinde").order_by("name", "id")),
    )


def published_offer(*, pk: Any) -> Offer | None:
    offer_id = _uuid(pk)
    if offer_id is None:
        return None
    return _offer_related(Offer.objects.filter(pk=offer_id, status=Status.PUBLISHED)).first()


def published_titles(ids: list[str]) -> dict[str, str]:
    valid = [i for i in (_uuid(x) for x in ids) if i is not None]
    rows = Offer.objects.filter(pk__in=valid, status=Status.PUBLISHED).values_list("pk", "title")
    return {str(pk): title for pk, title in rows}


# --- offers ------------------------------------------------------------------------------------


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    """Offers a logged-in user works with: land and admin all, kommune in scope, organisation its own."""
    scope = scope_of(user)
    offers = Offer.objects.filter(staged_by__isnull=True)  # not what a running import has written so far
    if _sees_all(scope):
        return offers
    q = Q(pk__in=[])
    if scope.has_role(Role.KOMMUNE):
        q |= scope.ags_q(Role.KOMMUNE, "ags")
    if scope.has_role(Role.ORGANISATION):
        q |= Q(organisation_id__in=_organisation_ids(user))
    return offers.filter(q)


def offer_import_for(*, user: Any, pk: Any) -> OfferImport | None:
    """An import the user started (others' imports are not found)."""
    try:
        return OfferImport.objects.filter(actor=user, pk=uuid.UUID(str(pk))).first()
    except ValueError:
        return None


def offer_imports_of(user: Any) -> QuerySet[OfferImport]:
    return OfferImport.objects.filter(actor=user).order_by("-created_at")[:10]


def offer_list(
    *,
    user: Any,
    status: str = "",
    topic: str = "",
    kreis: str = "",
    org_kind: str = "",
    text: str = "",
    organisation: str = "",
    target_group: str = "",
    stale: bool = False,
    gemeinde: str = "",
) -> QuerySet[Offer]:
    qs = offers_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(pk__in=Offer.topics.through.objects.filter(topic__key=topic).values("offer_id"))
    if target_group:
        qs = qs.filter(
            pk__in=Offer.target_groups.through.objects.filter(targetgroup__key=target_group).values("offer_id")
        )
    if kreis:
        qs = qs.filter(ags__startswith=kreis)
    if gemeinde:
        qs = qs.filter(ags=gemeinde)
    if org_kind:
        qs = qs.filter(organisation__kind=org_kind)
    if organisation and (org_id := _uuid(organisation)):
        qs = qs.filter(organisation_id=org_id)
    if stale:
        qs = qs.filter(stale_since__isnull=False)
    if text.strip():
        qs = qs.filter(Q(title__icontains=text.strip()) | Q(organisation__name__icontains=text.strip()))
    return _offer_related(qs).order_by("title", "pk")


def offer_for(*, user: Any, pk: Any) -> Offer | None:
    offer_id = _uuid(pk)
    if offer_id is None:
        return None
    return _offer_related(offers_visible_to(user).filter(pk=offer_id)).first()


def verification_queue(
    *, user: Any, text: str = "", topic: str = "", kreis: str = "", gemeinde: str = ""
) -> QuerySet[Offer]:
    """Submitted offers the kommune user verifies: those whose place (or organisation seat) lies in scope."""
    scope = scope_of(user)
    qs = Offer.objects.filter(scope.ags_q(Role.KOMMUNE, "ags"), status=Status.SUBMITTED)
    if topic:
        qs = qs.filter(pk__in=Offer.topics.through.objects.filter(topic__key=topic).values("offer_id"))
    if kreis:
        qs = qs.filter(ags__startswith=kreis)
    if gemeinde:
        qs = qs.filter(ags=gemeinde)
    if text.strip():
        qs = qs.filter(Q(title__icontains=text.strip()) | Q(organisation__name__icontains=text.strip()))
    return _offer_related(qs).order_by("submitted_at", "pk")


# --- organisations -----------------------------------------------------------------------------


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    scope = scope_of(user)
    if _sees_all(scope):
        qs = Organisation.objects.all()
    else:
        q = Q(pk__in=_organisation_ids(user))
        if scope.has_role(Role.KOMMUNE):
            q |= scope.ags_q(Role.KOMMUNE, "gemeinde__ags")
        qs = Organisation.objects.filter(q)
    return qs.select_related("gemeinde", "gemeinde__kreis").prefetch_related("languages")


def organisation_list(
    *, user: Any, kind: str = "", kreis: str = "", text: str = "", status: str = "", gemeinde: str = ""
) -> QuerySet[Organisation]:
    qs = organisations_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if kreis:
        qs = qs.filter(gemeinde__ags__startswith=kreis)
    if gemeinde:
        qs = qs.filter(gemeinde__ags=gemeinde)
    if status:
        qs = qs.filter(status=status)
    if text.strip():
        qs = qs.filter(name__icontains=text.strip())
    return qs.order_by("name", "pk")


def organisation_for(*, user: Any, pk: Any) -> Organisation | None:
    org_id = _uuid(pk)
    if org_id is None:
        return None
    return (
        organisations_visible_to(user)
        .filter(pk=org_id)
        .prefetch_related("gemeinden", Prefetch("contacts", queryset=Contact.objects.order_by("name", "pk")))
        .first()
    )


def organisations_for_new_offer(*, user: Any) -> list[Organisation]:
    """Organisations the user may propose offers for: its own (member) or those seated in its area (kommune)."""
    return [
        o
        for o in organisations_visible_to(user).exclude(status=Status.ARCHIVED).order_by("name", "pk")
        if user.has_perm("registry.keep_organisation", o)
    ]


def organisation_queue(*, user: Any) -> QuerySet[Organisation]:
    """Submitted organisations the kommune user verifies: those seated in scope."""
    scope = scope_of(user)
    return (
        Organisation.objects.filter(scope.ags_q(Role.KOMMUNE, "gemeinde__ags"), status=Status.SUBMITTED)
        .select_related("gemeinde")
        .order_by("submitted_at", "pk")
    )


# --- structures --------------------------------------------------------------------------------


def _structure_scope_q(scope: UserScope) -> Q:
    """Structures in the kommune user's scope: a Gemeinde's by its AGS, a whole Kreis's by ``<key>000``."""
    q = Q(pk__in=[])
    for prefix in scope.ags.get(Role.KOMMUNE, ()):
        q |= Q(gemeinde__ags__startswith=prefix)
        if len(prefix) <= 5:
            q |= Q(gemeinde__isnull=True, kreis__key__startswith=prefix)
        elif "000".startswith(prefix[5:]):
            q |= Q(gemeinde__isnull=True, kreis__key=prefix[:5])
    return q


def structures_visible_to(user: Any) -> QuerySet[Structure]:
    """Land and admin see all; everyone else with registry access sees published ones and those in scope."""
    scope = scope_of(user)
    if _sees_all(scope):
        qs = Structure.objects.all()
    else:
        qs = Structure.objects.filter(Q(status=Status.PUBLISHED) | _structure_scope_q(scope))
    return qs.select_related("kreis", "gemeinde", "contact")


def structure_list(
    *, user: Any, kind: str = "", kreis: str = "", text: str = "", status: str = ""
) -> QuerySet[Structure]:
    qs = structures_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if kreis:
        qs = qs.filter(Q(kreis__key__startswith=kreis) | Q(gemeinde__ags__startswith=kreis))
    if status:
        qs = qs.filter(status=status)
    if text.strip():
        qs = qs.filter(name__icontains=text.strip())
    return qs.order_by("name", "pk")


def structure_for(*, user: Any, pk: Any) -> Structure | None:
    structure_id = _uuid(pk)
    return structures_visible_to(user).filter(pk=structure_id).first() if structure_id else None


# --- contact persons ---------------------------------------------------------------------------


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    """Contact persons the user keeps: of its own organisation, or of organisations/structures in its area.

    Land does not see personal data of contact persons; operators do (they handle GDPR requests).
    """
    scope = scope_of(user)
    if scope.has_role(Role.ADMIN):
        return Contact.objects.select_related("organisation")
    q = Q(organisation_id__in=_organisation_ids(user))
    if scope.has_role(Role.KOMMUNE):
        q |= scope.ags_q(Role.KOMMUNE, "organisation__gemeinde__ags")
        q |= Q(pk__in=Structure.objects.filter(_structure_scope_q(scope)).values("contact_id"))
    return Contact.objects.filter(q).select_related("organisation")


def contact_for(*, user: Any, pk: Any) -> Contact | None:
    contact_id = _uuid(pk)
    if contact_id is None:
        return None
    return (
        contacts_visible_to(user)
        .filter(pk=contact_id)
        .prefetch_related(
            Prefetch("offers", queryset=Offer.objects.order_by("title", "pk")),
            Prefetch("structures", queryset=Structure.objects.order_by("name", "pk")),
        )
        .first()
    )


def organisation_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Organisation)
