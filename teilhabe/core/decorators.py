"""The one way a view declares its permission: ``permission_required(perm)``, or ``public`` for pages everyone may
open (the login, the password reset, the health check). tests/test_access_matrix.py fails for a view with neither.

``permission_required`` is the outermost decorator, so rights are checked before the HTTP method: a stranger who
POSTs to a GET-only page gets 403 (or the login), never 405.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Final

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase


def permission_required(perm: str) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Allow the view only with ``perm`` (a rules permission name).

    Anonymous visitors are sent to the login; logged-in people without the right get 403. Object-level checks
    happen in the view through scoped selectors, so another body's object answers 404.
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.has_perm(perm):
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied

        wrapped.permission_required = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator


#: The value of ``permission_required`` on a view that everyone may open.
PUBLIC: Final = "<public>"


def public(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Declare a view open to everyone, anonymous visitors included (a wrapper: the view itself stays untouched)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return view(request, *args, **kwargs)

    wrapped.permission_required = PUBLIC  # type: ignore[attr-defined]
    return wrapped
