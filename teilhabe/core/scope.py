"""What a user may reach, derived from their current memberships.

Read once per request and cached on the user object, so predicates and selectors can ask freely.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from teilhabe.core.roles import Role

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_teilhabe_scope"


@dataclass(frozen=True)
class UserScope:
    roles: frozenset[str] = frozenset()
    #: role -> AGS prefixes ("05", "053", "05315", "05315000")
    ags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: role -> {(content type id, object uuid)}
    objects: dict[str, frozenset[tuple[int, UUID]]] = field(default_factory=dict)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def covers_ags(self, role: str, ags: str | None) -> bool:
        """True if one of the user's scopes for ``role`` contains the Kreis/Gemeinde key ``ags``."""
        if not ags:
            return False
        return any(ags.startswith(prefix) for prefix in self.ags.get(role, ()))

    def covers_object(self, role: str, obj: Model) -> bool:
        ct = ContentType.objects.get_for_model(obj)
        return (ct.pk, obj.pk) in self.objects.get(role, frozenset())

    def object_ids(self, role: str, model: type[Model]) -> list[UUID]:
        ct = ContentType.objects.get_for_model(model)
        return [oid for ct_id, oid in self.objects.get(role, frozenset()) if ct_id == ct.pk]

    def ags_q(self, role: str, field_name: str) -> Q:
        """A filter for rows whose AGS field lies in the user's scope for ``role``; matches none if no scope."""
        q = Q(pk__in=[])
        for prefix in self.ags.get(role, ()):
            q |= Q(**{f"{field_name}__startswith": prefix})
        return q


EMPTY_SCOPE = UserScope()


def scope_of(user: Any) -> UserScope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from teilhabe.core.selectors import current_memberships

    scope = build_scope(current_memberships(user=user))
    setattr(user, _CACHE_ATTR, scope)
    return scope


def build_scope(memberships: Iterable[Any]) -> UserScope:
    roles: set[str] = set()
    ags: dict[str, list[str]] = {}
    objects: dict[str, set[tuple[int, UUID]]] = {}
    for m in memberships:
        roles.add(m.role)
        if m.ags:
            ags.setdefault(m.role, []).append(m.ags)
        if m.scope_type_id and m.scope_id:
            objects.setdefault(m.role, set()).add((m.scope_type_id, m.scope_id))
    return UserScope(
        roles=frozenset(roles),
        ags={k: tuple(sorted(v)) for k, v in ags.items()},
        objects={k: frozenset(v) for k, v in objects.items()},
    )


def forget_scope(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def needs_second_factor(user: Any) -> bool:
    from django.conf import settings

    return any(scope_of(user).has_role(r) for r in settings.TEILHABE_SECOND_FACTOR_ROLES)


def get_in_scope_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """Fetch one row from an already scoped queryset; a row outside the scope answers 404, never 403.

    The convention for every view that opens one object by its key: build the queryset in a selector that
    filters to the user's scope (``scope.ags_q(...)``, ``scope.object_ids(...)``), then look the object up
    in it here. Another body's object then looks exactly like one that does not exist, so a 403 cannot
    confirm to a curious user that some other Kreis or organisation has it::

        offer = get_in_scope_or_404(selectors.offers_in_scope(user=request.user), pk=pk)

    Never ``Model.objects.get(pk=...)`` in a view. A lookup that matches several rows is a programming
    error and raises ``MultipleObjectsReturned``; an invalid key (a malformed UUID) answers 404 too.
    """
    from django.core.exceptions import ObjectDoesNotExist, ValidationError

    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


# --- Models that may scope a membership ---------------------------------------------------------------------

#: role -> labels ("registry.organisation") of the models whose rows may scope a membership of that role.
_SCOPE_MODELS: dict[str, set[str]] = {}
#: Until an app registers its scope model for a role, any model of this app may scope it (the higher apps are
#: being written; they call register_scope_model() in their AppConfig.ready()).
_FALLBACK_SCOPE_APPS: dict[str, str] = {Role.ORGANISATION: "registry", Role.BEHOERDE: "workforce"}


def register_scope_model(role: Role | str, model_label: str) -> None:
    """Declare that rows of ``model_label`` ("app_label.model") may scope memberships of ``role``.

    Called by a higher app in its AppConfig.ready(), so core needs no import of it. Once a role has a
    registered model, only registered models count for that role.
    """
    if Role(role) not in _FALLBACK_SCOPE_APPS:
        raise ValueError(f"role {role} is not scoped to objects")
    _SCOPE_MODELS.setdefault(str(Role(role).value), set()).add(model_label.lower())


def scope_content_types(role: Role | str | None = None) -> QuerySet[ContentType]:
    """Content types whose rows may scope a membership of ``role`` (all object-scoped roles when None)."""
    roles = [str(Role(role).value)] if role else list(_FALLBACK_SCOPE_APPS)
    q = Q(pk__in=[])
    for name in roles:
        if labels := _SCOPE_MODELS.get(name):
            for label in labels:
                app_label, _, model = label.partition(".")
                q |= Q(app_label=app_label, model=model)
        else:
            q |= Q(app_label=_FALLBACK_SCOPE_APPS[name])
    return ContentType.objects.filter(q).order_by("app_label", "model")


# --- Names of areas ----------------------------------------------------------------------------------------------

#: Functions ``fn(codes, role) -> {code: name}`` of the app that keeps the areas (geo), registered in its
#: AppConfig.ready(): a membership stores "05315", a person reads "Stadt Köln".
_AREA_NAMERS: list[Any] = []


def register_area_names(namer: Any) -> None:
    if namer not in _AREA_NAMERS:
        _AREA_NAMERS.append(namer)


def area_names(codes: Iterable[str], role: str = "") -> dict[str, str]:
    """The name of each AGS prefix ("05", "053", "05315", "05315000"); the code itself where none is known.
    A constant number of queries (the namer reads each kind of area once)."""
    wanted = sorted({c for c in codes if c})
    names: dict[str, str] = {}
    for namer in _AREA_NAMERS:
        names.update(namer(wanted, role))
    return {code: names.get(code, code) for code in wanted}


__all__ = [
    "Role",
    "UserScope",
    "area_names",
    "build_scope",
    "forget_scope",
    "get_in_scope_or_404",
    "needs_second_factor",
    "register_area_names",
    "register_scope_model",
    "scope_content_types",
    "scope_of",
]
