"""Read queries of the registry. Everything a kommune user sees goes through their AGS scope here."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.registry.models import Location, Offer, Organisation, Status, Structure


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


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


def _organisation_ids(user: Any) -> list[uuid.UUID]:
    return scope_of(user).object_ids(Role.ORGANISATION, Organisation)


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    """Offers a logged-in user works with: land and admin all, kommune in scope, organisation its own."""
    scope = scope_of(user)
    if scope.has_role(Role.LAND) or scope.has_role(Role.ADMIN):
        return Offer.objects.all()
    q = Q(pk__in=[])
    if scope.has_role(Role.KOMMUNE):
        q |= scope.ags_q(Role.KOMMUNE, "ags")
    if scope.has_role(Role.ORGANISATION):
        q |= Q(organisation_id__in=_organisation_ids(user))
    return Offer.objects.filter(q)


def offer_list(
    *,
    user: Any,
    status: str = "",
    topic: str = "",
    kreis: str = "",
    org_kind: str = "",
    text: str = "",
    organisation: str = "",
) -> QuerySet[Offer]:
    qs = offers_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(topics__key=topic)
    if kreis:
        qs = qs.filter(ags__startswith=kreis)
    if org_kind:
        qs = qs.filter(organisation__kind=org_kind)
    if organisation and (org_id := _uuid(organisation)):
        qs = qs.filter(organisation_id=org_id)
    if text.strip():
        qs = qs.filter(Q(title__icontains=text.strip()) | Q(organisation__name__icontains=text.strip()))
    return _offer_related(qs.distinct()).order_by("title", "pk")


def offer_for(*, user: Any, pk: Any) -> Offer | None:
    offer_id = _uuid(pk)
    if offer_id is None:
        return None
    return _offer_related(offers_visible_to(user).filter(pk=offer_id)).first()


def verification_queue(*, user: Any) -> QuerySet[Offer]:
    scope = scope_of(user)
    return _offer_related(Offer.objects.filter(scope.ags_q(Role.KOMMUNE, "ags"), status=Status.SUBMITTED)).order_by(
        "submitted_at", "pk"
    )


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    scope = scope_of(user)
    if scope.has_role(Role.LAND) or scope.has_role(Role.ADMIN):
        qs = Organisation.objects.all()
    else:
        q = Q(pk__in=_organisation_ids(user))
        if scope.has_role(Role.KOMMUNE):
            q |= scope.ags_q(Role.KOMMUNE, "gemeinde__ags")
        qs = Organisation.objects.filter(q)
    return qs.select_related("gemeinde").prefetch_related("languages")


def organisation_list(*, user: Any, kind: str = "", kreis: str = "", text: str = "") -> QuerySet[Organisation]:
    qs = organisations_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if kreis:
        qs = qs.filter(gemeinde__ags__startswith=kreis)
    if text.strip():
        qs = qs.filter(name__icontains=text.strip())
    return qs.order_by("name", "pk")


def organisation_for(*, user: Any, pk: Any) -> Organisation | None:
    org_id = _uuid(pk)
    return organisations_visible_to(user).filter(pk=org_id).first() if org_id else None


def structures_visible_to(user: Any) -> QuerySet[Structure]:
    scope = scope_of(user)
    if scope.has_role(Role.LAND) or scope.has_role(Role.ADMIN):
        qs = Structure.objects.all()
    else:
        qs = Structure.objects.filter(
            scope.ags_q(Role.KOMMUNE, "gemeinde__ags") | scope.ags_q(Role.KOMMUNE, "kreis__key")
        )
    return qs.select_related("kreis", "gemeinde", "contact")


def structure_list(*, user: Any, kind: str = "", kreis: str = "") -> QuerySet[Structure]:
    qs = structures_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if kreis:
        qs = qs.filter(Q(kreis_id=kreis) | Q(gemeinde__ags__startswith=kreis))
    return qs.order_by("name", "pk")


def organisation_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Organisation)
