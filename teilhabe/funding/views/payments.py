"""Payment requests: request, check, order, reject; the list for the state's accounting."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.exports import csv_response, xlsx_response
from teilhabe.core.listing import Column, ExportColumn, Listing
from teilhabe.core.params import int_param
from teilhabe.funding import selectors, services
from teilhabe.funding.forms import (
    PaymentFilterForm,
    PaymentRequestForm,
)
from teilhabe.funding.models import (
    PaymentStatus,
)
from teilhabe.funding.views._base import (
    _application_or_404,
    _detail,
    _errors_to_form,
    _step,
    _user,
)


@permission_required("funding.view_funding")
@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if not request.user.has_perm("funding.request_payment", application):
        raise PermissionDenied
    form = PaymentRequestForm(
        request.POST if request.method == "POST" else None,
        years=[g.year for g in application.grant_years.all()],
        initial={"idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.payment_request(
                actor=_user(request),
                application=application,
                year=data["year"],
                amount=data["amount"],
                due_payments=data["due_payments"],
                need=data["need"],
                needed_by=data["needed_by"],
                idempotency_key=data["idempotency_key"],
                requested_by=_user(request),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Mittelabruf gestellt."))
            return _detail(application)
    return render(
        request,
        "funding/payment_form.html",
        {"form": form, "application": application, "share": services.payable_share(application) * 100},
    )


PAYMENT_ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "check": (services.payment_check, gettext_lazy("Sachliche Richtigkeit gezeichnet.")),
    "order": (services.payment_order, gettext_lazy("Zahlung angeordnet.")),
    "reject": (services.payment_reject, gettext_lazy("Abruf abgelehnt.")),
}


@permission_required("funding.view_funding")
@require_POST
def payment_action(request: HttpRequest, pk: str, payment_pk: str, action: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    payment = get_object_or_404(application.payment_requests, pk=selectors._uuid(payment_pk))
    if action not in PAYMENT_ACTIONS:
        raise Http404
    if not request.user.has_perm("funding.process_payment", application):
        raise PermissionDenied
    service, message = PAYMENT_ACTIONS[action]
    kwargs: dict[str, Any] = {"request": payment}
    if action == "reject":
        kwargs["reason"] = request.POST.get("reason", "")[:2000]
    _step(request, service, message, **kwargs)
    return _detail(application)


PAYMENT_COLUMNS = [
    ("Aktenzeichen", lambda p: p.application.reference),
    ("Programm", lambda p: p.application.programme.name),
    ("Zuwendungsempfänger", lambda p: p.application.applicant_name),
    ("AGS", lambda p: p.application.ags),
    ("Haushaltsjahr", lambda p: p.year),
    ("Betrag", lambda p: p.amount),
    ("Status", lambda p: p.get_status_display()),
    ("angewiesen am", lambda p: p.paid_on.isoformat() if p.paid_on else ""),
    ("Kennung", lambda p: p.idempotency_key),
]


@permission_required("funding.export_payments")
@require_GET
def payment_export(request: HttpRequest) -> HttpResponse:
    """The payment list for the state's accounting (Landeshauptkasse), as CSV or XLSX."""
    payments = selectors.payments_visible_to(request.user).order_by("paid_on", "application__reference")
    if request.GET.get("status") in PaymentStatus.values:
        payments = payments.filter(status=request.GET["status"])
    if (year := int_param(request, "year", minimum=2000, maximum=2100)) is not None:
        payments = payments.filter(year=year)
    rows = [[f(p) for _h, f in PAYMENT_COLUMNS] for p in payments]
    table = [[h for h, _f in PAYMENT_COLUMNS], *rows]
    if request.GET.get("format") == "xlsx":
        return xlsx_response([("Zahlungen", table)], "zahlungen.xlsx")
    return csv_response(table, "zahlungen.csv")


PAYMENT_LIST_COLUMNS = [
    Column("reference", gettext_lazy("Aktenzeichen"), ("application__reference",)),
    Column("applicant", gettext_lazy("Zuwendungsempfänger"), ("application__applicant_name",)),
    Column("programme", gettext_lazy("Programm"), ("application__programme__name",)),
    Column("year", gettext_lazy("Haushaltsjahr"), ("year",)),
    Column("amount", gettext_lazy("Betrag"), ("amount",)),
    Column("requested", gettext_lazy("Abgerufen am"), ("requested_at",)),
    Column("status", gettext_lazy("Status"), ("status",)),
]
PAYMENT_LIST_EXPORT = [
    ExportColumn(gettext_lazy("Aktenzeichen"), lambda p: p.application.reference),
    ExportColumn(gettext_lazy("Programm"), lambda p: p.application.programme.name),
    ExportColumn(gettext_lazy("Zuwendungsempfänger"), lambda p: p.application.applicant_name),
    ExportColumn(gettext_lazy("AGS"), lambda p: p.application.ags),
    ExportColumn(gettext_lazy("Haushaltsjahr"), lambda p: p.year),
    ExportColumn(gettext_lazy("Betrag"), lambda p: p.amount),
    ExportColumn(gettext_lazy("fällige Zahlungen bis"), lambda p: p.needed_by),
    ExportColumn(gettext_lazy("Abgerufen am"), lambda p: p.requested_at.date()),
    ExportColumn(gettext_lazy("Status"), lambda p: p.get_status_display()),
    ExportColumn(gettext_lazy("angewiesen am"), lambda p: p.paid_on or ""),
]


@permission_required("funding.view_funding")
@require_GET
def payment_list(request: HttpRequest) -> HttpResponse:
    """The payment requests (Mittelabrufe) the user may see: to check, to order, or its own."""
    listing = Listing(request, PaymentFilterForm, PAYMENT_LIST_COLUMNS, default_sort="-requested")
    payments = selectors.payment_list(user=request.user, filters=listing.filters)
    if (download := listing.export(payments, PAYMENT_LIST_EXPORT, "mittelabrufe", sheet=_("Mittelabrufe"))) is not None:
        return download
    return render(request, "funding/payment_list.html", listing.context(payments))
