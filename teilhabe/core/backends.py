"""Rights of operators (role admin) in the Django admin, derived from their membership, not from flags."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of

#: Apps whose rows the application never hard-deletes, not even operators in the admin.
NO_DELETE_APPS = frozenset({"funding", "workforce", "registry", "core", "geo"})
_MODEL_ACTIONS = ("view_", "add_", "change_", "delete_")


class OperatorPermissionBackend:
    """Grants the admin role the model permissions of the admin site (no object permissions, no app rules).

    It authenticates nobody (no authenticate/get_user), so it is never the backend a session points to.
    """

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if obj is not None or not scope_of(user_obj).has_role(Role.ADMIN):
            return False
        if rules.perm_exists(perm):
            return False  # the app's own rule decides, never the operator flag
        app_label, _, codename = perm.partition(".")
        if not codename.startswith(_MODEL_ACTIONS):
            return False
        return not (codename.startswith("delete_") and app_label in NO_DELETE_APPS)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return scope_of(user_obj).has_role(Role.ADMIN)


class PasswordBackend(ModelBackend):
    """Django's ModelBackend for the password check only: it grants no permissions.

    Rights come from memberships (rules, OperatorPermissionBackend), never from Django's per-user or group
    permissions, which no screen assigns. ModelBackend would still read both tables on every logged-in request
    (two queries) and honour rows written there by other means.
    """

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False

    def with_perm(self, perm: Any, is_active: bool = True, include_superusers: bool = True, obj: Any = None) -> Any:
        return get_user_model()._default_manager.none()
