from __future__ import annotations

import base64
import logging
from functools import cache
from pathlib import Path
from typing import Any, cast

import segno
from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core import services
from teilhabe.core.decorators import permission_required, public
from teilhabe.core.forms import AccountPasswordChangeForm, EmailAuthenticationForm, TokenForm
from teilhabe.core.middleware import session_started_at
from teilhabe.core.models import User
from teilhabe.core.navigation import items_for, today_for
from teilhabe.core.scope import get_in_scope_or_404, needs_second_factor
from teilhabe.core.selectors import memberships_awaiting_approval, role_summaries, with_scope_labels

logger = logging.getLogger(__name__)


@permission_required("core.view_start")
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"tiles": [i for i in items_for(request.user) if i.tile]}
    if request.user.is_authenticated:
        context["roles"] = role_summaries(user=request.user)  # type: ignore[arg-type]
        context["today"] = today_for(request.user)
        return render(request, "core/start_member.html", context)
    context["public_page"] = True
    return render(request, "core/start_public.html", context)


#: The icon browsers ask for at /favicon.ico whatever the page says; read once from the package's static folder.
FAVICON = Path(__file__).resolve().parent.parent / "static" / "teilhabe" / "favicon.ico"


@public
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """The site icon at the address every browser tries first (no 404 in the log for each new visitor)."""
    response = HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@cache
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


@public
@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 otherwise. Public: it reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class LoginView(auth_views.LoginView):
    """E-mail and password. Django gives the session a new key on login (no session fixation); django-axes
    counts failures per account and address (settings AXES_*); the second factor follows for staff roles."""

    template_name = "core/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Only by POST (a link or an image could otherwise log a person out); ends the whole session."""

    http_method_names = ["post", "options"]


def _reset_link_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the link only to active accounts with a password, and answers the same for any address."""

    template_name = "core/password_reset_form.html"
    email_template_name = "core/mail/password_reset.txt"
    subject_template_name = "core/mail/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        """Throttled per address and per client: beyond the limits nothing is sent, and the answer is the same,
        so the form can neither flood a mailbox nor tell which addresses exist."""
        email = form.cleaned_data["email"]
        if services.password_reset_allowed(email=email, ip=get_client_ip_address(self.request) or ""):
            self.extra_email_context = {"link_hours": _reset_link_hours()}
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "link_hours": _reset_link_hours()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the mail. It works once: the token covers the password hash and the last login.

    Setting the password ends every session of the person (Django binds sessions to the password hash), is
    audited, and lifts a login lockout of this account from this address: the lockout page points here.
    """

    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        services.audit_record(action="user.password_reset", actor=user, obj=user, reason="E-Mail-Link")
        axes_reset(ip=get_client_ip_address(self.request), username=user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return str(reverse_lazy(settings.LOGIN_REDIRECT_URL))


@permission_required("core.view_own_account")
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the TOTP code; on first use, set the authenticator up and confirm it with a code.

    A code counts once: TOTPDevice remembers the last time step it accepted and refuses it again. After a wrong
    code django-otp makes the next attempt wait (1, 2, 4, 8 … seconds), so codes cannot be guessed in bulk.
    """
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return HttpResponseRedirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="Authenticator", confirmed=False
        )
    assert device is not None
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        allowed, _reason = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "token", _("Zu viele falsche Codes. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.")
            )
        elif device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                services.audit_record(action="second_factor.confirmed", actor=user, obj=user)  # type: ignore[arg-type]
            otp_login(request, device)
            request.session.cycle_key()  # a new session key for the higher privilege, as at login
            return HttpResponseRedirect(_safe_next(request))
        else:
            form.add_error("token", _("Der Code ist ungültig oder wurde schon verwendet."))
    context: dict[str, Any] = {"form": form, "setting_up": setting_up, "next": _safe_next(request)}
    if setting_up:
        secret = base64.b32encode(device.bin_key).decode()
        qr = segno.make(device.config_url, error="m")
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["qr_data_uri"] = qr.svg_data_uri(scale=4, dark="#1a1a1a")
    return render(request, "core/second_factor.html", context)


@permission_required("core.view_own_account")
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The person's own data, roles, second factor, session, and the form to change the password."""
    user = cast(User, request.user)  # the permission needs a login
    form = AccountPasswordChangeForm(user, request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(
            user=user, password=form.cleaned_data["new_password1"], actor=user, reason="Kontoseite"
        )
        update_session_auth_hash(request, user)  # keeps this session (with a new key); all others end
        messages.success(request, _("Ihr Passwort ist geändert. Ihre anderen Sitzungen sind beendet."))
        return HttpResponseRedirect(reverse("core:account"))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    started = session_started_at(request)
    return render(
        request,
        "core/account.html",
        {
            "form": form,
            "roles": role_summaries(user=user),
            "needs_second_factor": needs_second_factor(user),
            "device": device,
            "session_started": started,
            "session_ends": started + settings.TEILHABE_SESSION_MAX if started else None,
            "idle_minutes": int(settings.TEILHABE_SESSION_IDLE.total_seconds() // 60),
        },
    )


@permission_required("core.approve_roles")
@require_GET
def role_approvals(request: HttpRequest) -> HttpResponse:
    """Privileged roles (Land, Bewilligung, Betrieb) that wait for a second person's approval."""
    pending = with_scope_labels(memberships_awaiting_approval(user=cast(User, request.user)))
    return render(request, "core/role_approvals.html", {"pending": pending})


@permission_required("core.approve_roles")
@require_POST
def role_approval_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve or refuse one waiting role; the service checks four eyes (never one's own, never one's request)."""
    actor = cast(User, request.user)
    membership = get_in_scope_or_404(memberships_awaiting_approval(user=actor), pk=pk)
    try:
        if action == "freigeben":
            services.membership_approve(membership=membership, actor=actor)
            messages.success(request, _("Die Rolle ist freigegeben und gilt ab sofort."))
        elif action == "ablehnen":
            services.membership_reject(membership=membership, actor=actor, reason=request.POST.get("reason", ""))
            messages.success(request, _("Die Rolle ist abgelehnt."))
        else:
            raise Http404
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("core:role_approvals"))


def _back_url(request: HttpRequest) -> str:
    """The page the person came from, when it is on this site and not the page that failed: the way back."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return "" if referer.endswith(request.get_full_path()) else referer


def error_page(request: HttpRequest, status: int, **context: Any) -> HttpResponse:
    """An error in the platform's layout, in the person's language, with a way back (``<status>.html``)."""
    context = {"status": status, "back_url": _back_url(request), **context}
    return render(request, f"{status}.html", context, status=status)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A malformed request; too much form data (Django's RequestDataTooBig, too many fields or files) is a 413."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return error_413(request)
    return error_page(request, 400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def error_413(request: HttpRequest) -> HttpResponse:
    return error_page(request, 413, limit=filesizeformat(settings.TEILHABE_MAX_UPLOAD_BYTES))


def error_414(request: HttpRequest) -> HttpResponse:
    return error_page(request, 414)


def error_500(request: HttpRequest) -> HttpResponse:
    """The page in the layout; if the layout itself fails (the database is gone, say), a page without it."""
    try:
        return error_page(request, 500)
    except Exception:
        logger.exception("Die Fehlerseite mit Layout ließ sich nicht erzeugen.")
        return HttpResponse(render_to_string("500_plain.html", request=None), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """An outdated or missing CSRF token: the page says what happened and leads back to the form."""
    return error_page(request, 403, csrf=True)
