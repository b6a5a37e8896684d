from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class DeclaredRulePermission(BasePermission):
    """Every API view names its rule in ``permission_required``; a view that names none is refused.

    Object permissions use the same rule names with the object, as the HTML views do.
    """

    def _perm(self, view: Any) -> str:
        perm = getattr(view, "permission_required", None)
        if not perm:
            raise ImproperlyConfigured(f"{type(view).__name__} declares no permission_required")
        return str(perm)

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm(self._perm(view)))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return bool(request.user.has_perm(self._perm(view), obj))
