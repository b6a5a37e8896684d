"""Attachments and documents (receipts, notices, payment notices) as files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.params import int_param
from teilhabe.funding import selectors, services
from teilhabe.funding.models import (
    Attachment,
    PaymentStatus,
)
from teilhabe.funding.views._base import (
    _application_or_404,
    _detail,
    _user,
)


@permission_required("funding.view_funding")
@require_POST
def attachment_upload(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Bitte wählen Sie eine Datei."))
        return _detail(application)
    try:
        services.attachment_add(actor=_user(request), application=application, file=upload, uploaded_by=_user(request))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Anlage hochgeladen."))
    return _detail(application)


@permission_required("funding.view_funding")
@require_GET
def attachment_download(request: HttpRequest, pk: str, attachment_pk: int) -> HttpResponse:
    """Always as a download with a neutral type: an attachment is never rendered in the platform's origin."""
    application = _application_or_404(request, pk)
    attachment = get_object_or_404(Attachment, application=application, pk=attachment_pk)
    with attachment.file.open("rb") as file:  # at most ATTACHMENT_MAX_BYTES
        content = file.read()
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=attachment.filename)
    return response


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required("funding.view_funding")
@require_GET
def receipt_pdf(request: HttpRequest, pk: str, number: int) -> HttpResponse:
    from teilhabe.funding import documents

    application = _application_or_404(request, pk)
    version = get_object_or_404(application.versions, number=number)
    return _pdf(
        documents.receipt_pdf(application, version), f"eingangsbestaetigung-{application.reference}-{number}.pdf"
    )


@permission_required("funding.view_funding")
@require_GET
def notice_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    from teilhabe.funding import documents

    application = _application_or_404(request, pk)
    if not application.decided_at:
        raise Http404
    amendment = None
    if "aenderung" in request.GET:
        number = int_param(request, "aenderung", minimum=1, maximum=9999)
        amendment = application.amendments.filter(number=number).first() if number else None
        if amendment is None:
            raise Http404
    return _pdf(documents.notice_pdf(application, amendment=amendment), f"bescheid-{application.reference}.pdf")


@permission_required("funding.view_funding")
@require_GET
def payment_notice_pdf(request: HttpRequest, pk: str, payment_pk: str) -> HttpResponse:
    from teilhabe.funding import documents

    application = _application_or_404(request, pk)
    payment = get_object_or_404(application.payment_requests, pk=selectors._uuid(payment_pk), status=PaymentStatus.PAID)
    return _pdf(documents.payment_notice_pdf(payment), f"auszahlung-{application.reference}.pdf")
