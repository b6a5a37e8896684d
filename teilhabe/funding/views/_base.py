"""Screens of the funding workflow. Thin: parse input, call one service or selector, render.

Every view states its permission; an application outside the user's scope answers 404 (selectors filter),
a step the user may not take answers 403 or a message from the service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.funding import selectors
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
)

S = ApplicationStatus


def _user(request: HttpRequest) -> User:
    """The logged-in person (every view here requires a permission, so never anonymous)."""
    return cast(User, request.user)


def _application_or_404(request: HttpRequest, pk: str) -> Application:
    application = selectors.application_for(user=request.user, pk=pk)
    if application is None:
        raise Http404
    return application


def _errors_to_form(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _step(http_request: HttpRequest, service: Callable[..., Any], message: Any, /, **kwargs: Any) -> None:
    """Run one workflow step as the user; a refusal becomes a message on the page the user returns to.

    The first three parameters are positional-only: a service's own keyword may be called ``request`` (a payment
    request), and it must not collide with the HTTP request.
    """
    try:
        service(actor=_user(http_request), **kwargs)
    except ValidationError as error:
        for text in error.messages:
            messages.error(http_request, text)
    except PermissionDenied as error:
        messages.error(http_request, str(error) or _("Dafür fehlt Ihnen die Berechtigung."))
    else:
        messages.success(http_request, str(message))


def _detail(application: Application) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("funding:application_detail", args=[application.pk]))
