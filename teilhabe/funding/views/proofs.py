"""Proof of use: submit and check."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.listing import Column, ExportColumn, Listing
from teilhabe.funding import selectors, services
from teilhabe.funding.forms import (
    ProofFilterForm,
    ProofForm,
)
from teilhabe.funding.models import (
    ProofOfUse,
)
from teilhabe.funding.views._base import (
    S,
    _application_or_404,
    _detail,
    _errors_to_form,
    _step,
    _user,
)


@permission_required("funding.view_funding")
@require_http_methods(["GET", "POST"])
def proof_create(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if not request.user.has_perm("funding.submit_proof", application) or application.status != S.RUNNING:
        raise PermissionDenied
    form = ProofForm(request.POST if request.method == "POST" else None, application=application)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proof_submit(
                actor=_user(request),
                application=application,
                kind=data["kind"],
                year=data.get("year"),
                report=data["report"],
                actual=form.actual(),
                other_income=data["other_income"],
                late_use_amount=data.get("late_use_amount") or Decimal(0),
                late_use_days=data.get("late_use_days") or 0,
                late_use_from=data.get("late_use_from"),
                submitted_by=_user(request),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Nachweis eingereicht."))
            return _detail(application)
    return render(request, "funding/proof_form.html", {"form": form, "application": application})


@permission_required("funding.view_funding")
@require_POST
def proof_check(request: HttpRequest, pk: str, proof_pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    proof = get_object_or_404(ProofOfUse, application=application, pk=selectors._uuid(proof_pk))
    _step(request, services.proof_check, _("Nachweis geprüft."), proof=proof)
    return _detail(application)


PROOF_COLUMNS = [
    Column("reference", gettext_lazy("Aktenzeichen"), ("application__reference",)),
    Column("applicant", gettext_lazy("Zuwendungsempfänger"), ("application__applicant_name",)),
    Column("programme", gettext_lazy("Programm"), ("application__programme__name",)),
    Column("kind", gettext_lazy("Art"), ("kind", "year")),
    Column("submitted", gettext_lazy("Eingereicht"), ("submitted_at",)),
    Column("checked", gettext_lazy("Geprüft"), ("checked_at",)),
]
PROOF_EXPORT = [
    ExportColumn(gettext_lazy("Aktenzeichen"), lambda p: p.application.reference),
    ExportColumn(gettext_lazy("Programm"), lambda p: p.application.programme.name),
    ExportColumn(gettext_lazy("Zuwendungsempfänger"), lambda p: p.application.applicant_name),
    ExportColumn(gettext_lazy("AGS"), lambda p: p.application.ags),
    ExportColumn(gettext_lazy("Art"), lambda p: p.get_kind_display()),
    ExportColumn(gettext_lazy("Berichtsjahr"), lambda p: p.year or ""),
    ExportColumn(gettext_lazy("Eingereicht"), lambda p: p.submitted_at.date()),
    ExportColumn(gettext_lazy("Geprüft"), lambda p: p.checked_at.date() if p.checked_at else ""),
]


@permission_required("funding.view_funding")
@require_GET
def proof_list(request: HttpRequest) -> HttpResponse:
    """The proofs of use the user may see; a case worker's queue is the filter "zu prüfen"."""
    listing = Listing(request, ProofFilterForm, PROOF_COLUMNS, default_sort="-submitted")
    proofs = selectors.proof_list(user=request.user, filters=listing.filters)
    if (download := listing.export(proofs, PROOF_EXPORT, "verwendungsnachweise", sheet=_("Nachweise"))) is not None:
        return download
    return render(request, "funding/proof_list.html", listing.context(proofs))
