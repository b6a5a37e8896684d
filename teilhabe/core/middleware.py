from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from teilhabe.core.scope import needs_second_factor

LOGIN_AT = "_teilhabe_login_at"
SEEN_AT = "_teilhabe_seen_at"

Handler = Callable[[HttpRequest], HttpResponse]


class SessionLimitMiddleware:
    """Ends a logged-in session after TEILHABE_SESSION_IDLE without a request or TEILHABE_SESSION_MAX in all.

    Both times are kept in the server-side session, so a client cannot stretch them.
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
                return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            request.session.setdefault(LOGIN_AT, now.isoformat())
            # Write the session at most once a minute instead of on every request.
            if (now - seen_at).total_seconds() >= 60 or SEEN_AT not in request.session:
                request.session[SEEN_AT] = now.isoformat()
        return self.get_response(request)


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


#: Paths a logged-in user who still owes the second factor may open.
_SECOND_FACTOR_EXEMPT = ("/konto/zweiter-faktor/", "/konto/abmelden/", "/static/", "/i18n/", "/health")


class SecondFactorRequiredMiddleware:
    """Staff roles (settings.TEILHABE_SECOND_FACTOR_ROLES) reach nothing before their TOTP code is confirmed."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and needs_second_factor(user)
            and not request.path.startswith(_SECOND_FACTOR_EXEMPT)
        ):
            return HttpResponseRedirect(f"{reverse('core:second_factor')}?next={request.get_full_path()}")
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
