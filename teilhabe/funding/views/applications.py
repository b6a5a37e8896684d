"""Screens of the applicant: list, create, edit, plan, detail, workflow actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.listing import Column, ExportColumn, Listing
from teilhabe.funding import selectors, services
from teilhabe.funding.authorities import authority_of
from teilhabe.funding.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    PlanForm,
    ScoreForm,
)
from teilhabe.funding.models import (
    Amendment,
    Application,
)
from teilhabe.funding.today import TASK_TITLES
from teilhabe.funding.views._base import (
    S,
    _application_or_404,
    _detail,
    _errors_to_form,
    _step,
    _user,
)
from teilhabe.registry.models import Organisation

APPLICATION_COLUMNS = [
    Column("reference", gettext_lazy("Aktenzeichen"), ("reference",)),
    Column("title", gettext_lazy("Projekt"), ("title",)),
    Column("applicant", gettext_lazy("Antragsteller"), ("applicant_name",)),
    Column("programme", gettext_lazy("Programm"), ("programme__name",)),
    Column("submitted", gettext_lazy("Eingereicht"), ("submitted_at",)),
    Column("status", gettext_lazy("Status"), ("status",)),
]
APPLICATION_EXPORT = [
    ExportColumn(gettext_lazy("Aktenzeichen"), lambda a: a.reference),
    ExportColumn(gettext_lazy("Projekt"), lambda a: a.title),
    ExportColumn(gettext_lazy("Antragsteller"), lambda a: a.applicant_name),
    ExportColumn(gettext_lazy("AGS"), lambda a: a.ags),
    ExportColumn(gettext_lazy("Programm"), lambda a: a.programme.name),
    ExportColumn(gettext_lazy("Projektbeginn"), lambda a: a.starts_on),
    ExportColumn(gettext_lazy("Projektende"), lambda a: a.ends_on),
    ExportColumn(gettext_lazy("Eingereicht"), lambda a: a.submitted_at.date() if a.submitted_at else ""),
    ExportColumn(gettext_lazy("Status"), lambda a: a.get_status_display()),
]


@permission_required("funding.view_funding")
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    listing = Listing(request, ApplicationFilterForm, APPLICATION_COLUMNS, default_sort="-submitted", keep=["aufgabe"])
    # A task of the start page (?aufgabe=…): the same filter that counted it there, so the list shows exactly those;
    # the list's own filters narrow it further. An unknown or foreign task shows the plain list.
    task = request.GET.get("aufgabe", "")
    if selectors.task_applications(request.user, task) is None:
        task = ""
    applications = selectors.application_list(user=request.user, filters=listing.filters, task=task)
    if (download := listing.export(applications, APPLICATION_EXPORT, "antraege", sheet=_("Anträge"))) is not None:
        return download
    return render(
        request,
        "funding/application_list.html",
        {
            **listing.context(applications),
            "task": task,
            "task_title": TASK_TITLES.get(task, ""),
            "calls": selectors.open_calls_for(request.user) if request.user.has_perm("funding.apply") else [],
            "tasks": selectors.authority_tasks(request.user),
            "deadlines": selectors.kommune_deadlines(request.user)[:10]
            if request.user.has_perm("funding.apply")
            else [],
        },
    )


def _input_from(form: ApplicationForm, application: Application | None = None) -> services.ApplicationInput:
    data = form.cleaned_data
    applicant = data["applicant"]
    organisation = None
    if applicant.startswith("org:"):
        organisation = Organisation.objects.filter(pk=applicant[4:]).first()
    result = services.ApplicationInput(
        title=data["title"],
        goals=data["goals"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        module=data.get("module"),
        applicant_ags="" if organisation else applicant,
        organisation=organisation,
        applicant_address=data.get("applicant_address", ""),
        target_groups=list(data.get("target_groups") or []),
        early_start_requested=data.get("early_start_requested", False),
    )
    if application is not None:  # keep the plan; it is edited on its own page
        result.costs = {(c.category, c.year): c.amount for c in application.cost_lines.all()}
        result.financing = {(f.source, f.year): f.amount for f in application.financing_lines.all()}
        result.partners = [(p.organisation, p.role) for p in application.partners.all()]
    return result


@permission_required("funding.apply")
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, call_pk: str) -> HttpResponse:
    key = selectors._uuid(call_pk)
    call = selectors.open_calls().filter(pk=key).first() if key else None
    if call is None:
        raise Http404
    applicants = selectors.applicant_choices(request.user, call)
    if not applicants:
        raise PermissionDenied
    form = ApplicationForm(request.POST if request.method == "POST" else None, call=call, applicants=applicants)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                actor=_user(request),
                call=call,
                data=_input_from(form),
                created_by=_user(request),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Entwurf angelegt. Tragen Sie nun Kosten- und Finanzierungsplan ein."))
            return HttpResponseRedirect(reverse("funding:application_plan", args=[application.pk]))
    return render(request, "funding/application_form.html", {"form": form, "call": call, "application": None})


@permission_required("funding.view_funding")
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if "edit" not in services.available_actions(application, request.user):
        raise PermissionDenied
    applicants = [
        (
            f"org:{application.organisation_id}" if application.organisation_id else application.ags,
            application.applicant_name,
        )
    ]
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        call=application.call,
        applicants=applicants,
        initial=ApplicationForm.initial_for(application),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                actor=_user(request), application=application, data=_input_from(form, application)
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return _detail(application)
    return render(
        request, "funding/application_form.html", {"form": form, "call": application.call, "application": application}
    )


@permission_required("funding.view_funding")
@require_http_methods(["GET", "POST"])
def application_plan(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if "plan" not in services.available_actions(application, request.user):
        raise PermissionDenied
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        application=application,
        partner_choices=selectors.partner_choices(application),
    )
    if request.method == "POST" and form.is_valid():
        costs, financing, partners = form.plan()
        data = services.ApplicationInput(
            title=application.title,
            goals=application.goals,
            starts_on=application.starts_on,
            ends_on=application.ends_on,
            module=application.module,
            applicant_address=application.applicant_address,
            target_groups=list(application.target_groups.all()),
            early_start_requested=application.early_start_requested,
            costs=costs,
            financing=financing,
            partners=[(o, "") for o in partners],
        )
        try:
            services.application_update(actor=_user(request), application=application, data=data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Plan gespeichert."))
            return _detail(application)
    return render(
        request,
        "funding/application_plan.html",
        {"form": form, "application": application, "problems": services.plan_problems(application)},
    )


@permission_required("funding.view_funding")
@require_GET
def application_detail(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    user = request.user
    if not user.has_perm("funding.view_application", application):
        raise Http404
    actions = services.available_actions(application, user)
    scores = {s.criterion: s for s in application.scores.all()}
    return render(
        request,
        "funding/application_detail.html",
        {
            "application": application,
            "actions": actions,
            "waiting_for_second_person": services.waiting_for_second_person(application, user),
            "authority": authority_of(application),
            "open_amendment": services.open_amendment(application),
            "return_reason": application.return_reason if application.status == S.RETURNED else "",
            "totals": services.plan_totals(application),
            "problems": services.plan_problems(application) if "edit" in actions else {},
            "categories": application.programme.category_labels(),
            "versions": application.versions.all(),
            "attachments": application.attachments.all(),
            "grant_years": application.grant_years.all(),
            "scores": [
                (c["label"], c["max"], scores[c["key"]]) for c in application.programme.criteria if c["key"] in scores
            ],
            "score_form": ScoreForm(criteria=application.programme.criteria, scores=scores)
            if "score" in actions
            else None,
            "payments": [(p, services.payment_actions(p, user)) for p in application.payment_requests.all()],
            "proofs": [(p, services.proof_actions(p, user)) for p in application.proofs.prefetch_related("lines")],
            "amendments": application.amendments.filter(status=Amendment.Status.DECIDED),
            "change_requests": application.change_requests.all(),
            "deadlines": services.proof_deadlines(application),
            "appeal_ends": services.appeal_period_ends(application),
            "history": selectors.application_history(application),
        },
    )


#: action -> (service, permission kind, success message). Reasons come from the form field "reason".
ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "submit": (
        services.application_submit,
        gettext_lazy("Antrag eingereicht. Die Eingangsbestätigung steht zum Download bereit."),
    ),
    "withdraw": (services.application_withdraw, gettext_lazy("Antrag zurückgezogen.")),
    "check": (services.formal_check_start, gettext_lazy("Formale Prüfung begonnen.")),
    "return": (services.application_return, gettext_lazy("Zur Ergänzung an den Antragsteller zurückgegeben.")),
    "pass": (services.formal_check_pass, gettext_lazy("Formal vollständig: fachliche Bewertung.")),
    "decide": (services.decision_take, gettext_lazy("Entschieden.")),
    "amendment_decide": (services.amendment_decide, gettext_lazy("Änderungsbescheid erlassen.")),
    "amendment_send_back": (
        services.amendment_send_back,
        gettext_lazy("Dem Änderungsvorschlag nicht gefolgt; es bleibt beim bisherigen Bescheid."),
    ),
    "send_back": (services.decision_send_back, gettext_lazy("Vorschlag zurück in die Bewertung.")),
    "issue": (services.notice_issue, gettext_lazy("Bescheid erlassen.")),
    "final": (services.notice_final, gettext_lazy("Bescheid bestandskräftig.")),
    "waive": (services.notice_final, gettext_lazy("Rechtsbehelfsverzicht erklärt: Bescheid bestandskräftig.")),
    "start": (services.project_start, gettext_lazy("Projekt läuft.")),
    "close": (services.application_close, gettext_lazy("Vorgang abgeschlossen.")),
}
WITH_REASON = {"withdraw", "return", "send_back", "amendment_send_back"}


@permission_required("funding.view_funding")
@require_POST
def application_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if action not in ACTIONS:
        raise Http404
    service, message = ACTIONS[action]
    kwargs: dict[str, Any] = {"application": application}
    if action in WITH_REASON:
        kwargs["reason"] = request.POST.get("reason", "")[:2000]
    if action == "waive":
        kwargs["waived"] = True
    _step(request, service, message, **kwargs)
    return _detail(application)
