from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from teilhabe.core.navigation import current_key, items_for
from teilhabe.core.scope import scope_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = items_for(user)
    return {
        "nav_items": items,
        "nav_current": current_key(request.path, items),
        "user_roles": sorted(scope_of(user).roles),
    }
