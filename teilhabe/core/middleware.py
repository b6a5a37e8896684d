"""Session limits, the second factor and cache headers: the request-wide security rules of the platform."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from teilhabe.core.scope import needs_second_factor

#: Session keys of the two session clocks (ISO timestamps): login time and last request.
LOGIN_AT = "_teilhabe_login_at"
SEEN_AT = "_teilhabe_seen_at"

Handler = Callable[[HttpRequest], HttpResponse]


def redirect_with_next(request: HttpRequest, url_name: str) -> HttpResponse:
    """Send the browser to ``url_name`` with the current path as ``next``.

    An htmx request would swap the target page into a fragment; it gets HX-Redirect instead, so the whole
    page changes.
    """
    target = f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


def session_started_at(request: HttpRequest) -> datetime | None:
    """When the current session logged in (set on user_logged_in, see CoreConfig.ready)."""
    return _parse(request.session.get(LOGIN_AT))


class SessionLimitMiddleware:
    """Ends a logged-in session after TEILHABE_SESSION_IDLE without a request or TEILHABE_SESSION_MAX in all.

    Both times are kept in the server-side session, so a client cannot stretch them. The login time is set
    when the person logs in (signal user_logged_in); a session without it starts its clocks on its next request.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            login_at = _parse(request.session.get(LOGIN_AT)) or now
            seen_at = _parse(request.session.get(SEEN_AT)) or now
            if now - seen_at > settings.TEILHABE_SESSION_IDLE or now - login_at > settings.TEILHABE_SESSION_MAX:
                logout(request)
                messages.info(request, _("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."))
                return redirect_with_next(request, settings.LOGIN_URL)
            request.session.setdefault(LOGIN_AT, now.isoformat())
            # Write the session at most once a minute instead of on every request.
            if (now - seen_at).total_seconds() >= 60 or SEEN_AT not in request.session:
                request.session[SEEN_AT] = now.isoformat()
        return self.get_response(request)


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@cache
def _second_factor_exempt() -> tuple[str, ...]:
    """Paths a logged-in person who still owes the second factor may open."""
    return (
        reverse("core:second_factor"),
        reverse("core:logout"),
        reverse("health"),
        reverse("set_language"),
        reverse("javascript-catalog"),
        settings.STATIC_URL,
    )


class SecondFactorRequiredMiddleware:
    """Staff roles (settings.TEILHABE_SECOND_FACTOR_ROLES) reach nothing before their TOTP code is confirmed.

    That includes the admin and the API with session authentication: everything but the code page, logout,
    language switch, static files and /health answers with a redirect to the code page.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and needs_second_factor(user)
            and not request.path.startswith(_second_factor_exempt())
        ):
            return redirect_with_next(request, "core:second_factor")
        return self.get_response(request)


#: Room for the form fields and multipart framing beside the largest file.
REQUEST_OVERHEAD_BYTES = 256 * 1024


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than settings.TEILHABE_MAX_UPLOAD_BYTES (plus room for the form) with 413,
    and an address longer than settings.TEILHABE_MAX_URL_LENGTH with 414, both as the platform's error page.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves out uploaded files: without this a client could stream any amount
    of data to a temporary file before a form even looks at it. Decided on the Content-Length header, before a
    byte of the body is read. (The reverse proxy in front should enforce the same limit.) The address limit lies
    below gunicorn's request line limit (scripts/serve.sh), so people see this page and not gunicorn's bare text.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from teilhabe.core.views import error_413, error_414  # the views import this module

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.TEILHABE_MAX_UPLOAD_BYTES + REQUEST_OVERHEAD_BYTES:
            return error_413(request)
        if len(request.get_full_path()) > settings.TEILHABE_MAX_URL_LENGTH:
            return error_414(request)
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """No cache, proxy or back button may keep a page that was rendered for a logged-in person."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The session decides, not request.user: an API view without authentication replaces request.user.
        session = getattr(request, "session", None)
        if request.user.is_authenticated or (session is not None and "_auth_user_id" in session):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
            patch_vary_headers(response, ["Cookie"])
        return response
