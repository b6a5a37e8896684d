from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.decorators import permission_required
from teilhabe.core.forms import EmailAuthenticationForm, TokenForm
from teilhabe.core.navigation import items_for
from teilhabe.core.scope import needs_second_factor, scope_of
from teilhabe.core.selectors import current_memberships
from teilhabe.core.services import audit_record


@require_GET
@permission_required("core.view_start")
def start(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"tiles": [i for i in items_for(request.user) if i.tile]}
    if request.user.is_authenticated:
        context["memberships"] = current_memberships(user=request.user)  # type: ignore[arg-type]
        return render(request, "core/start_member.html", context)
    context["public_page"] = True
    return render(request, "core/start_public.html", context)


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
    template_name = "core/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset_form.html"
    email_template_name = "core/mail/password_reset.txt"
    subject_template_name = "core/mail/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return str(reverse_lazy(settings.LOGIN_REDIRECT_URL))


@require_http_methods(["GET", "POST"])
@permission_required("core.view_own_account")
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the TOTP code; on first use, set the authenticator up and confirm it with a code.

    A code counts once: TOTPDevice remembers the last time step it accepted and refuses it again.
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
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _reason = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(action="second_factor.confirmed", actor=user, obj=user)  # type: ignore[arg-type]
            otp_login(request, device)
            return HttpResponseRedirect(_safe_next(request))
        form.add_error("token", _("Der Code ist ungültig oder wurde schon verwendet."))
    context: dict[str, Any] = {"form": form, "setting_up": setting_up, "next": _safe_next(request)}
    if setting_up:
        secret = base64.b32encode(device.bin_key).decode()
        qr = segno.make(device.config_url, error="m")
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["qr_data_uri"] = qr.svg_data_uri(scale=4, dark="#1a1a1a")
    return render(request, "core/second_factor.html", context)


@require_GET
@permission_required("core.view_own_account")
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/account.html",
        {
            "memberships": current_memberships(user=request.user),  # type: ignore[arg-type]
            "needs_second_factor": needs_second_factor(request.user),
            "has_device": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),  # type: ignore[misc]
            "roles": sorted(scope_of(request.user).roles),
        },
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    messages.error(request, _("Das Formular war veraltet. Bitte versuchen Sie es noch einmal."))
    return render(request, "403.html", {"csrf": True}, status=403)
