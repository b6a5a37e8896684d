from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.models import User
from teilhabe.lifecycle import selectors, services
from teilhabe.lifecycle.forms import AuditExportForm, ErasureForm, SubjectSearchForm
from teilhabe.registry.models import Contact


@permission_required("lifecycle.view_retention")
@require_GET
def retention_rules(request: HttpRequest) -> HttpResponse:
    rules = selectors.retention_rules(user=request.user)  # type: ignore[arg-type]
    return render(request, "lifecycle/retention_rules.html", {"rules": rules})


@permission_required("lifecycle.handle_subject_requests")
@require_GET
def subject_requests(request: HttpRequest) -> HttpResponse:
    form = SubjectSearchForm(request.GET or None)
    term = form.cleaned_data["q"] if form.is_valid() else ""
    user = request.user
    context = {
        "form": form,
        "term": term,
        "users": selectors.subject_users(user=user, email=term)[:20] if term else [],  # type: ignore[arg-type]
        "contacts": selectors.subject_contacts(user=user, email=term)[:20] if term else [],  # type: ignore[arg-type]
        "requests": selectors.erasure_requests(user=user)[:20],  # type: ignore[arg-type]
        "erase_form": ErasureForm(),
        "export_form": AuditExportForm(),
    }
    return render(request, "lifecycle/subject_requests.html", context)


def _zip(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required("lifecycle.handle_subject_requests")
@require_POST
def user_access(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(selectors.subject_users(user=request.user), pk=pk)  # type: ignore[arg-type]
    data = services.access_export(actor=request.user, subject=subject)  # type: ignore[arg-type]
    return _zip(data, f"auskunft-konto-{subject.pk}.zip")


@permission_required("lifecycle.handle_subject_requests")
@require_POST
def contact_access(request: HttpRequest, pk: UUID) -> HttpResponse:
    subject = get_object_or_404(selectors.subject_contacts(user=request.user), pk=pk)  # type: ignore[arg-type]
    data = services.access_export(actor=request.user, subject=subject)  # type: ignore[arg-type]
    return _zip(data, f"auskunft-ansprechperson-{str(subject.pk)[:8]}.zip")


def _erasure_done(request: HttpRequest, subject: User | Contact, erase: object) -> HttpResponse:
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            done = erase(reason=form.cleaned_data["reason"])  # type: ignore[operator]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Löschung wurde ausgeführt und im Journal vermerkt."))
            return render(request, "lifecycle/erasure_done.html", {"request_done": done})
    return render(request, "lifecycle/erasure_form.html", {"form": form, "subject": subject}, status=400)


@permission_required("lifecycle.handle_subject_requests")
@require_POST
def user_erase(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(selectors.subject_users(user=request.user), pk=pk)  # type: ignore[arg-type]

    def erase(reason: str) -> object:
        return services.user_erase(actor=request.user, user=subject, reason=reason)  # type: ignore[arg-type]

    return _erasure_done(request, subject, erase)


@permission_required("lifecycle.handle_subject_requests")
@require_POST
def contact_erase(request: HttpRequest, pk: UUID) -> HttpResponse:
    subject = get_object_or_404(selectors.subject_contacts(user=request.user), pk=pk)  # type: ignore[arg-type]

    def erase(reason: str) -> object:
        return services.contact_erase(actor=request.user, contact=subject, reason=reason)  # type: ignore[arg-type]

    return _erasure_done(request, subject, erase)


@permission_required("lifecycle.export_audit")
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    form = AuditExportForm(request.GET)
    if not form.is_valid():
        return render(request, "lifecycle/audit_export_invalid.html", {"form": form}, status=400)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(form.cleaned_data["start"], dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(form.cleaned_data["end"] + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    try:
        text = services.audit_export_csv(actor=request.user, start=start, end=end)  # type: ignore[arg-type]
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "lifecycle/audit_export_invalid.html", {"form": form}, status=400)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = f"protokoll-{form.cleaned_data['start']}-{form.cleaned_data['end']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
