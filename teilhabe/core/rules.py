"""Predicates every app composes its permissions from, and the core app's own permissions."""

from __future__ import annotations

from typing import Any

import rules

from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of


def _role(role: Role) -> Any:
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user: Any) -> bool:
        return scope_of(user).has_role(role)

    return predicate


is_land = _role(Role.LAND)
is_bewilligung = _role(Role.BEWILLIGUNG)
is_kommune = _role(Role.KOMMUNE)
is_organisation = _role(Role.ORGANISATION)
is_behoerde = _role(Role.BEHOERDE)
is_admin = _role(Role.ADMIN)
is_member = is_land | is_bewilligung | is_kommune | is_organisation | is_behoerde | is_admin

is_public = rules.always_allow


@rules.predicate
def is_system(user: Any) -> bool:
    """The system actor (teilhabe.core.system): granted a permission only where a task needs exactly that."""
    return bool(getattr(user, "is_system", False))


rules.add_perm("core.view_start", rules.always_allow)
rules.add_perm("core.view_health", rules.always_allow)
rules.add_perm("core.view_own_account", rules.is_authenticated)
rules.add_perm("core.view_audit", is_admin)
rules.add_perm("core.manage_users", is_admin)
#: The second person for privileged roles (Land, Bewilligung, Betrieb): another operator or a Land user.
rules.add_perm("core.approve_roles", is_admin | is_land)
