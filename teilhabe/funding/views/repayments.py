"""Repayment claims: the page of one claim with the steps the user may take, the steps, and the two letters."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.funding import selectors, services
from teilhabe.funding.forms import HearingForm, RepaymentForm, RevocationForm, WaiverDecideForm, WaiverProposeForm
from teilhabe.funding.models import Application, RepaymentClaim
from teilhabe.funding.services._base import _today
from teilhabe.funding.views._base import _application_or_404, _user
from teilhabe.funding.views.documents import _pdf

#: action -> the form of that step (the service for it is called in _run)
FORMS: dict[str, type[django_forms.Form]] = {
    "hearing": HearingForm,
    "notice": RevocationForm,
    "waiver_propose": WaiverProposeForm,
    "waiver_decide": WaiverDecideForm,
    "record": RepaymentForm,
}


def _claim_or_404(request: HttpRequest, pk: str, claim_pk: str) -> tuple[Application, RepaymentClaim]:
    application = _application_or_404(request, pk)
    claim = get_object_or_404(RepaymentClaim, application=application, pk=selectors._uuid(claim_pk))
    return application, claim


def _page(request: HttpRequest, application: Application, claim: RepaymentClaim, **bound: Any) -> HttpResponse:
    actions = services.claim_actions(claim, _user(request))
    forms = {name: bound.get(name) or form() for name, form in FORMS.items() if actions[name]}
    due: tuple[Any, Any] | None = None
    if claim.status == "notice":
        try:
            due = services.amount_due(claim, _today())
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
    return render(
        request,
        "funding/claim_detail.html",
        {"application": application, "claim": claim, "actions": actions, "forms": forms, "due": due},
    )


@permission_required("funding.view_funding")
@require_GET
def claim_detail(request: HttpRequest, pk: str, claim_pk: str) -> HttpResponse:
    application, claim = _claim_or_404(request, pk, claim_pk)
    return _page(request, application, claim)


def _run(action: str, claim: RepaymentClaim, request: HttpRequest, data: dict[str, Any]) -> RepaymentClaim:
    actor = _user(request)
    if action == "hearing":
        return services.repayment_hearing(actor=actor, claim=claim, deadline=data["deadline"], text=data["text"])
    if action == "notice":
        return services.repayment_notice(
            actor=actor,
            claim=claim,
            legal_basis=data["legal_basis"],
            reasons=data["reasons"],
            due_on=data["due_on"],
            statement=data.get("statement") or "",
        )
    if action == "waiver_propose":
        return services.interest_waiver_propose(actor=actor, claim=claim, reason=data["reason"])
    if action == "waiver_decide":
        return services.interest_waiver_decide(
            actor=actor, claim=claim, approve=data["approve"], reason=data.get("reason") or ""
        )
    return services.repayment_record(actor=actor, claim=claim, received_on=data["received_on"], amount=data["amount"])


@permission_required("funding.view_funding")
@require_POST
def claim_action(request: HttpRequest, pk: str, claim_pk: str, action: str) -> HttpResponse:
    application, claim = _claim_or_404(request, pk, claim_pk)
    if action not in FORMS:
        raise Http404
    if not request.user.has_perm("funding.process_repayment", application):
        raise PermissionDenied
    form = FORMS[action](request.POST)
    if form.is_valid():
        try:
            _run(action, claim, request, form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        except PermissionDenied as error:
            messages.error(request, str(error) or _("Dafür fehlt Ihnen die Berechtigung."))
            return HttpResponseRedirect(reverse("funding:claim_detail", args=[application.pk, claim.pk]))
        else:
            messages.success(request, _("Gespeichert."))
            return HttpResponseRedirect(reverse("funding:claim_detail", args=[application.pk, claim.pk]))
    claim.refresh_from_db()
    return _page(request, application, claim, **{action: form})


@permission_required("funding.view_funding")
@require_GET
def claim_letter_pdf(request: HttpRequest, pk: str, claim_pk: str, letter: str) -> HttpResponse:
    from teilhabe.funding import documents

    application, claim = _claim_or_404(request, pk, claim_pk)
    if letter == "anhoerung" and claim.hearing_sent_on:
        return _pdf(documents.hearing_pdf(claim), f"anhoerung-{application.reference}.pdf")
    if letter == "bescheid" and claim.notice_issued_on:
        return _pdf(documents.revocation_pdf(claim), f"widerruf-{application.reference}.pdf")
    raise Http404
