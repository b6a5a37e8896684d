"""Screens of the granting authority: scores, proposal, amendments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.funding import services
from teilhabe.funding.forms import (
    AmendmentForm,
    ChangeRequestForm,
    ProposalForm,
    ScoreForm,
)
from teilhabe.funding.views._base import (
    _application_or_404,
    _detail,
    _errors_to_form,
    _step,
    _user,
)


@permission_required("funding.view_funding")
@require_POST
def application_score(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if "score" not in services.available_actions(application, request.user):
        raise PermissionDenied
    form = ScoreForm(request.POST, criteria=application.programme.criteria, scores={})
    if form.is_valid():
        _step(request, services.score_set, _("Bewertung gespeichert."), application=application, scores=form.scores())
    else:
        messages.error(request, _("Bitte prüfen Sie die Punkte: zwischen 0 und dem Höchstwert je Kriterium."))
    return _detail(application)


@permission_required("funding.view_funding")
@require_http_methods(["GET", "POST"])
def application_propose(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if "propose" not in services.available_actions(application, request.user):
        raise PermissionDenied
    form = ProposalForm(request.POST if request.method == "POST" else None, years=application.years)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_propose(
                actor=_user(request),
                application=application,
                decision=form.cleaned_data["decision"],
                amounts=form.amounts(),
                conditions=form.cleaned_data["conditions"],
                reasons=form.cleaned_data["reasons"],
                early_start_allowed=form.cleaned_data["early_start_allowed"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Vorschlag gespeichert. Eine zweite Person entscheidet."))
            return _detail(application)
    return render(
        request,
        "funding/decision_form.html",
        {
            "form": form,
            "application": application,
            "totals": services.plan_totals(application),
            "title": _("Entscheidung vorschlagen"),
        },
    )


@permission_required("funding.view_funding")
@require_http_methods(["GET", "POST"])
def application_amend(request: HttpRequest, pk: str) -> HttpResponse:
    """Propose an Änderungsbescheid; a second person decides it on the application's page."""
    application = _application_or_404(request, pk)
    if "amend" not in services.available_actions(application, request.user):
        raise PermissionDenied
    initial = {f"amount-{g.year}": g.granted for g in application.grant_years.all()}
    form = AmendmentForm(request.POST if request.method == "POST" else None, years=application.years, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_propose(
                actor=_user(request),
                application=application,
                amounts={y: form.cleaned_data[f"amount-{y}"] for y in application.years},
                reason=form.cleaned_data["reasons"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Änderungsbescheid vorgeschlagen. Eine zweite Person entscheidet."))
            return _detail(application)
    return render(
        request,
        "funding/decision_form.html",
        {
            "form": form,
            "application": application,
            "totals": services.applied_totals(application),
            "title": _("Änderungsbescheid vorschlagen"),
        },
    )


@permission_required("funding.view_funding")
@require_http_methods(["GET", "POST"])
def change_request(request: HttpRequest, pk: str) -> HttpResponse:
    """The applicant's Änderungsantrag after the notice: a changed plan per year."""
    application = _application_or_404(request, pk)
    if "change_request" not in services.available_actions(application, request.user):
        raise PermissionDenied
    current = services.applied_plan(application)
    initial = {
        f"{key}-{year}": row.get(key) for year, row in current.items() for key, _label in ChangeRequestForm.COLUMNS
    }
    form = ChangeRequestForm(request.POST or None, years=application.years, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_submit(
                actor=_user(request), application=application, plan=form.plan(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Änderungsantrag gestellt. Die Bewilligungsbehörde entscheidet darüber."))
            return _detail(application)
    return render(
        request,
        "funding/decision_form.html",
        {
            "form": form,
            "application": application,
            "totals": services.applied_totals(application),
            "title": _("Änderung beantragen"),
        },
    )
