"""What a user may reach, derived from their current memberships.

Read once per request and cached on the user object, so predicates and selectors can ask freely.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from teilhabe.core.roles import Role

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


__all__ = ["Role", "UserScope", "build_scope", "forget_scope", "needs_second_factor", "scope_of"]


def get_in_scope_or_404(queryset: Any, **lookup: Any) -> Any:
    """Fetch one row from an already scoped queryset; anything outside the scope is simply not found.

    Views use this with a selector's scoped queryset so that another body's object answers 404, not 403:
    a 403 would confirm that the object exists.
    """
    from django.http import Http404

    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
