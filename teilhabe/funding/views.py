"""Screens of the funding workflow. Thin: parse input, call one service or selector, render.

Every view states its permission; an application outside the user's scope answers 404 (selectors filter),
a step the user may not take answers 403 or a message from the service.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.models import AuditEvent, User
from teilhabe.funding import selectors, services
from teilhabe.funding.forms import (
    AmendmentForm,
    ApplicationForm,
    BudgetForm,
    CallForm,
    OccupancyForm,
    PaymentRequestForm,
    PlanForm,
    PositionForm,
    ProgrammeForm,
    ProofForm,
    ProposalForm,
    ScoreForm,
    StaffRateForm,
)
from teilhabe.funding.models import (
    Application,
    ApplicationStatus,
    Attachment,
    Occupancy,
    PaymentStatus,
    Programme,
    ProofOfUse,
    StaffRate,
)
from teilhabe.geo.models import Kreis
from teilhabe.registry.models import Organisation

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


def _step(request: HttpRequest, service: Callable[..., Any], message: Any, **kwargs: Any) -> None:
    """Run one workflow step as the user; a refusal becomes a message on the page the user returns to."""
    try:
        service(actor=_user(request), **kwargs)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Dafür fehlt Ihnen die Berechtigung."))
    else:
        messages.success(request, str(message))


def _detail(application: Application) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("funding:application_detail", args=[application.pk]))


# --- lists ------------------------------------------------------------------------------------------------------


@require_GET
@permission_required("funding.view_funding")
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_visible_to(request.user).order_by("-created_at")
    status = request.GET.get("status", "")
    programme = request.GET.get("programme", "")
    if status in S.values:
        applications = applications.filter(status=status)
    if programme:
        applications = applications.filter(programme__key=programme)
    page = Paginator(applications, 25).get_page(request.GET.get("seite"))
    return render(
        request,
        "funding/application_list.html",
        {
            "page": page,
            "statuses": S.choices,
            "status": status,
            "programmes": Programme.objects.order_by("name"),
            "programme": programme,
            "calls": selectors.open_calls() if request.user.has_perm("funding.apply") else [],
            "tasks": selectors.authority_tasks(request.user),
            "deadlines": selectors.kommune_deadlines(request.user)[:10]
            if request.user.has_perm("funding.apply")
            else [],
        },
    )


# --- application ------------------------------------------------------------------------------------------------


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


@require_http_methods(["GET", "POST"])
@permission_required("funding.apply")
def application_create(request: HttpRequest, call_pk: str) -> HttpResponse:
    key = selectors._uuid(call_pk)
    call = selectors.open_calls().filter(pk=key).first() if key else None
    if call is None:
        raise Http404
    applicants = selectors.applicant_choices(request.user, call)
    if not applicants:
        raise PermissionDenied
    form = ApplicationForm(request.POST or None, call=call, applicants=applicants)
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


@require_http_methods(["GET", "POST"])
@permission_required("funding.view_funding")
def application_edit(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if (
        not request.user.has_perm("funding.edit_application", application)
        or application.status not in services.EDITABLE
    ):
        raise PermissionDenied
    applicants = [
        (
            f"org:{application.organisation_id}" if application.organisation_id else application.ags,
            application.applicant_name,
        )
    ]
    form = ApplicationForm(
        request.POST or None,
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


@require_http_methods(["GET", "POST"])
@permission_required("funding.view_funding")
def application_plan(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if (
        not request.user.has_perm("funding.edit_application", application)
        or application.status not in services.EDITABLE
    ):
        raise PermissionDenied
    form = PlanForm(
        request.POST or None, application=application, partner_choices=selectors.partner_choices(application)
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


@require_GET
@permission_required("funding.view_funding")
def application_detail(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    user = request.user
    if not user.has_perm("funding.view_application", application):
        raise Http404
    can_edit = user.has_perm("funding.edit_application", application)
    can_process = user.has_perm("funding.process_application", application)
    scores = {s.criterion: s for s in application.scores.all()}
    events = AuditEvent.objects.filter(
        object_type=selectors.application_content_type(), object_id=str(application.pk)
    ).select_related("actor")
    return render(
        request,
        "funding/application_detail.html",
        {
            "application": application,
            "totals": services.plan_totals(application),
            "problems": services.plan_problems(application) if application.status in services.EDITABLE else {},
            "categories": application.programme.category_labels(),
            "versions": application.versions.all(),
            "attachments": application.attachments.all(),
            "grant_years": application.grant_years.all(),
            "scores": [
                (c["label"], c["max"], scores[c["key"]]) for c in application.programme.criteria if c["key"] in scores
            ],
            "score_form": ScoreForm(
                criteria=application.programme.criteria, scores={s.criterion: s for s in application.scores.all()}
            )
            if can_process and application.status == S.ASSESSMENT
            else None,
            "payments": application.payment_requests.all(),
            "proofs": application.proofs.prefetch_related("lines"),
            "amendments": application.amendments.all(),
            "deadlines": services.proof_deadlines(application),
            "appeal_ends": services.appeal_period_ends(application),
            "events": events,
            "can_edit": can_edit and application.status in services.EDITABLE,
            "can_withdraw": can_edit and application.status in services.WITHDRAWABLE,
            "can_waive": can_edit and application.status == S.NOTICE_ISSUED,
            "can_pay": user.has_perm("funding.request_payment", application)
            and application.status in (S.FINAL, S.RUNNING),
            "can_prove": user.has_perm("funding.submit_proof", application) and application.status == S.RUNNING,
            "can_process": can_process,
            "is_proposer": application.proposed_by_id == user.pk,
            "S": S,
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
    "send_back": (services.decision_send_back, gettext_lazy("Vorschlag zurück in die Bewertung.")),
    "issue": (services.notice_issue, gettext_lazy("Bescheid erlassen.")),
    "final": (services.notice_final, gettext_lazy("Bescheid bestandskräftig.")),
    "waive": (services.notice_final, gettext_lazy("Rechtsbehelfsverzicht erklärt: Bescheid bestandskräftig.")),
    "start": (services.project_start, gettext_lazy("Projekt läuft.")),
    "close": (services.application_close, gettext_lazy("Vorgang abgeschlossen.")),
}
WITH_REASON = {"withdraw", "return", "send_back"}


@require_POST
@permission_required("funding.view_funding")
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


@require_POST
@permission_required("funding.view_funding")
def application_score(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if not request.user.has_perm("funding.process_application", application):
        raise PermissionDenied
    form = ScoreForm(request.POST, criteria=application.programme.criteria, scores={})
    if form.is_valid():
        _step(request, services.score_set, _("Bewertung gespeichert."), application=application, scores=form.scores())
    else:
        messages.error(request, _("Bitte prüfen Sie die Punkte: zwischen 0 und dem Höchstwert je Kriterium."))
    return _detail(application)


@require_http_methods(["GET", "POST"])
@permission_required("funding.view_funding")
def application_propose(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if not request.user.has_perm("funding.process_application", application) or application.status != S.ASSESSMENT:
        raise PermissionDenied
    form = ProposalForm(request.POST or None, years=application.years)
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


@require_http_methods(["GET", "POST"])
@permission_required("funding.view_funding")
def application_amend(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if not request.user.has_perm("funding.process_application", application) or application.status not in (
        S.FINAL,
        S.RUNNING,
    ):
        raise PermissionDenied
    initial = {f"amount-{g.year}": g.granted for g in application.grant_years.all()}
    form = AmendmentForm(request.POST or None, years=application.years, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_issue(
                actor=_user(request),
                application=application,
                amounts={y: form.cleaned_data[f"amount-{y}"] for y in application.years},
                reason=form.cleaned_data["reasons"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Änderungsbescheid erlassen."))
            return _detail(application)
    return render(
        request,
        "funding/decision_form.html",
        {
            "form": form,
            "application": application,
            "totals": services.plan_totals(application),
            "title": _("Änderungsbescheid"),
        },
    )


# --- attachments and documents ----------------------------------------------------------------------------------


@require_POST
@permission_required("funding.view_funding")
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


@require_GET
@permission_required("funding.view_funding")
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


@require_GET
@permission_required("funding.view_funding")
def receipt_pdf(request: HttpRequest, pk: str, number: int) -> HttpResponse:
    from teilhabe.funding import documents

    application = _application_or_404(request, pk)
    version = get_object_or_404(application.versions, number=number)
    return _pdf(
        documents.receipt_pdf(application, version), f"eingangsbestaetigung-{application.reference}-{number}.pdf"
    )


@require_GET
@permission_required("funding.view_funding")
def notice_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    from teilhabe.funding import documents

    application = _application_or_404(request, pk)
    if not application.decided_at:
        raise Http404
    amendment = None
    if request.GET.get("aenderung"):
        amendment = application.amendments.filter(number=request.GET["aenderung"]).first()
        if amendment is None:
            raise Http404
    return _pdf(documents.notice_pdf(application, amendment=amendment), f"bescheid-{application.reference}.pdf")


@require_GET
@permission_required("funding.view_funding")
def payment_notice_pdf(request: HttpRequest, pk: str, payment_pk: str) -> HttpResponse:
    from teilhabe.funding import documents

    application = _application_or_404(request, pk)
    payment = get_object_or_404(application.payment_requests, pk=selectors._uuid(payment_pk), status=PaymentStatus.PAID)
    return _pdf(documents.payment_notice_pdf(payment), f"auszahlung-{application.reference}.pdf")


# --- payments ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("funding.view_funding")
def payment_create(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if not request.user.has_perm("funding.request_payment", application):
        raise PermissionDenied
    form = PaymentRequestForm(
        request.POST or None,
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


@require_POST
@permission_required("funding.view_funding")
def payment_action(request: HttpRequest, pk: str, payment_pk: str, action: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    payment = get_object_or_404(application.payment_requests, pk=selectors._uuid(payment_pk))
    if action not in PAYMENT_ACTIONS:
        raise Http404
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


@require_GET
@permission_required("funding.export_payments")
def payment_export(request: HttpRequest) -> HttpResponse:
    """The payment list for the state's accounting (Landeshauptkasse), as CSV or XLSX."""
    payments = selectors.payments_visible_to(request.user).order_by("paid_on", "application__reference")
    if request.GET.get("status") in PaymentStatus.values:
        payments = payments.filter(status=request.GET["status"])
    if request.GET.get("year", "").isdigit():
        payments = payments.filter(year=int(request.GET["year"]))
    rows = [[f(p) for _h, f in PAYMENT_COLUMNS] for p in payments]
    headers = [h for h, _f in PAYMENT_COLUMNS]
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Zahlungen")
        sheet.append(headers)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="zahlungen.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(headers)
    writer.writerows([[str(v) for v in row] for row in rows])
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="zahlungen.csv"'
    return response


# --- proof of use -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("funding.view_funding")
def proof_create(request: HttpRequest, pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    if not request.user.has_perm("funding.submit_proof", application) or application.status != S.RUNNING:
        raise PermissionDenied
    form = ProofForm(request.POST or None, application=application)
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
                submitted_by=_user(request),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Nachweis eingereicht."))
            return _detail(application)
    return render(request, "funding/proof_form.html", {"form": form, "application": application})


@require_POST
@permission_required("funding.view_funding")
def proof_check(request: HttpRequest, pk: str, proof_pk: str) -> HttpResponse:
    application = _application_or_404(request, pk)
    proof = get_object_or_404(ProofOfUse, application=application, pk=selectors._uuid(proof_pk))
    _step(request, services.proof_check, _("Nachweis geprüft."), proof=proof)
    return _detail(application)


# --- overview (Land, Bewilligung) -------------------------------------------------------------------------------


@require_GET
@permission_required("funding.view_overview")
def overview(request: HttpRequest) -> HttpResponse:
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    programme = Programme.objects.filter(key=request.GET.get("programme", "")).first()
    per_kreis = selectors.grants_per_kreis(programme, year)
    if request.GET.get("format") == "xlsx":
        return _overview_xlsx(per_kreis, selectors.budgets_overview(year))
    return render(
        request,
        "funding/overview.html",
        {
            "budgets": selectors.budgets_overview(year),
            "pipeline": selectors.pipeline(),
            "statuses": S.choices,
            "per_kreis": per_kreis,
            "map_values": {r["kreis"].key: str(r["per_inhabitant"] or 0) for r in per_kreis},
            "programmes": Programme.objects.order_by("name"),
            "programme": programme,
            "year": year,
            "total_granted": sum((r["granted"] for r in per_kreis), Decimal(0)),
        },
    )


def _overview_xlsx(per_kreis: list[dict[str, Any]], budgets: list[Any]) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Haushalt")
    sheet.append(["Programm", "Jahr", "Ansatz", "gebunden", "ausgezahlt", "verfügbar"])
    for b in budgets:
        sheet.append([b.programme.name, b.year, float(b.total), float(b.committed), float(b.paid), float(b.available)])
    sheet = book.create_sheet("Kreise")
    sheet.append(["Kreisschlüssel", "Kreis", "Vorhaben", "bewilligt", "je Einwohner"])
    for r in per_kreis:
        sheet.append(
            [r["kreis"].key, r["kreis"].name, r["applications"], float(r["granted"]), float(r["per_inhabitant"] or 0)]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="foerderuebersicht.xlsx"'
    return response


# --- KI staff funding -------------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


def _rate_initial(year: int) -> dict[str, Any]:
    rate = StaffRate.objects.filter(year__lte=year).order_by("-year").first()
    values = {f: getattr(rate, f) for f in StaffRateForm.base_fields if f != "year"} if rate else {}
    return {"year": year, **values}


@require_GET
@permission_required("funding.view_staff_funding")
def staff_overview(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    month = timezone.localdate().month if year == timezone.localdate().year else 12
    centres = list(selectors.centres_visible_to(request.user))
    rows: list[dict[str, Any]] = []
    total = Decimal(0)
    for centre in centres:
        try:
            grant: dict[str, Any] | None = services.centre_grant(centre, year)
        except ValidationError:
            grant = None  # no rates for the year yet
        total += grant["total"] if grant else 0
        rows.append({"centre": centre, "grant": grant})
    vacancies = selectors.vacancies(year, month)
    visible = {c.pk for c in centres}
    return render(
        request,
        "funding/staff_overview.html",
        {
            "rows": rows,
            "year": year,
            "month": month,
            "rate_form": StaffRateForm(initial=_rate_initial(year))
            if request.user.has_perm("funding.manage_staff_rates")
            else None,
            "vacancies": [v for v in vacancies if v["centre"].pk in visible and v["vacant"] > 0],
            "total": total,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("funding.view_staff_funding")
def centre_detail(request: HttpRequest, pk: str) -> HttpResponse:
    centre = selectors.centre_for(user=request.user, pk=pk)
    if centre is None:
        raise Http404
    year = _year(request)
    positions = selectors.positions_of(centre)
    filled = set(
        Occupancy.objects.filter(position__in=positions, year=year, filled=True).values_list("position_id", "month")
    )
    can_keep = request.user.has_perm("funding.keep_occupancy", centre)
    form = OccupancyForm(request.POST or None, positions=positions, year=year, filled=filled)
    position_form = PositionForm()
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        if request.POST.get("new_position"):
            position_form = PositionForm(request.POST)
            if position_form.is_valid():
                try:
                    services.position_create(actor=_user(request), centre=centre, **position_form.cleaned_data)
                except ValidationError as error:
                    _errors_to_form(position_form, error)
                else:
                    messages.success(request, _("Stelle angelegt."))
                    return HttpResponseRedirect(f"{request.path}?year={year}")
        elif form.is_valid():
            for position in positions:
                services.occupancy_set(
                    actor=_user(request), position=position, year=year, filled_months=form.months_of(position)
                )
            messages.success(request, _("Besetzung gespeichert."))
            return HttpResponseRedirect(f"{request.path}?year={year}")
    try:
        grant = services.centre_grant(centre, year)
    except ValidationError as error:
        grant = None
        messages.warning(request, error.messages[0])
    return render(
        request,
        "funding/centre_detail.html",
        {
            "centre": centre,
            "year": year,
            "form": form,
            "position_form": position_form,
            "grant": grant,
            "can_keep": can_keep,
            "months": range(1, 13),
        },
    )


@require_GET
@permission_required("funding.view_staff_funding")
def staff_report(request: HttpRequest, pk: str) -> HttpResponse:
    """The yearly report of a KI: posts, filled months and the grant, as CSV."""
    centre = selectors.centre_for(user=request.user, pk=pk)
    if centre is None:
        raise Http404
    year = _year(request)
    try:
        grant: dict[str, Any] | None = services.centre_grant(centre, year)
    except ValidationError:
        grant = None  # no rates for the year: the report lists the posts without money
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(["Kommunales Integrationszentrum", centre.name, "Jahr", year])
    writer.writerow(["Stelle", "Art", "Stellenanteil", *[f"{m:02d}" for m in range(1, 13)], "besetzte Monate"])
    filled = set(
        Occupancy.objects.filter(position__centre=centre, year=year, filled=True).values_list("position_id", "month")
    )
    for position in selectors.positions_of(centre):
        marks = ["x" if (position.pk, m) in filled else "" for m in range(1, 13)]
        writer.writerow([position.title, position.get_kind_display(), position.fte, *marks, marks.count("x")])
    writer.writerow([])
    if grant is None:
        writer.writerow([_("Für dieses Jahr sind keine Fördersätze hinterlegt.")])
    else:
        writer.writerow(["Zuwendung Fachstellen", grant["specialist"]])
        writer.writerow(["Zuwendung Verwaltung", grant["admin"]])
        writer.writerow(["Zuwendung gesamt", grant["total"]])
        writer.writerow(["Lehrkräfte (Stellen, ohne Zuwendung)", grant["teacher_posts"]])
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ki-bericht-{year}.csv"'
    return response


@require_GET
@permission_required("funding.view_overview")
def overview_geojson(request: HttpRequest) -> JsonResponse:
    """Kreis outlines for the grants map; the values come from the page (the same figures as its table)."""
    features = [
        {"type": "Feature", "id": k.key, "geometry": k.boundary, "properties": {"key": k.key, "name": k.name_short}}
        for k in Kreis.objects.only("key", "name_short", "boundary").order_by("key")
        if k.boundary
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    return response


# --- programmes, budgets, calls (Land sets up; the Bezirksregierungen read) -------------------------------------


@require_GET
@permission_required("funding.view_overview")
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.prefetch_related("budgets", "calls").order_by("name")
    return render(
        request,
        "funding/programme_list.html",
        {"programmes": programmes, "can_manage": request.user.has_perm("funding.manage_programmes")},
    )


def _programme_input(form: ProgrammeForm) -> services.ProgrammeInput:
    return services.ProgrammeInput(**form.cleaned_data)


@require_http_methods(["GET", "POST"])
@permission_required("funding.manage_programmes")
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(actor=_user(request), data=_programme_input(form))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Programm angelegt. Legen Sie nun Haushaltsansätze und einen Aufruf an."))
            return HttpResponseRedirect(reverse("funding:programme_detail", args=[programme.key]))
    return render(request, "funding/programme_form.html", {"form": form, "programme": None})


@require_http_methods(["GET", "POST"])
@permission_required("funding.manage_programmes")
def programme_edit(request: HttpRequest, key: str) -> HttpResponse:
    programme = get_object_or_404(Programme, key=key)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(actor=_user(request), data=_programme_input(form), programme=programme)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return HttpResponseRedirect(reverse("funding:programme_detail", args=[programme.key]))
    return render(request, "funding/programme_form.html", {"form": form, "programme": programme})


@require_http_methods(["GET", "POST"])
@permission_required("funding.view_overview")
def programme_detail(request: HttpRequest, key: str) -> HttpResponse:
    programme = get_object_or_404(Programme, key=key)
    can_manage = request.user.has_perm("funding.manage_programmes")
    budget_form = BudgetForm(request.POST if request.POST.get("form") == "budget" else None)
    call_form = CallForm(request.POST if request.POST.get("form") == "call" else None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if request.POST.get("form") == "budget" and budget_form.is_valid():
                services.budget_set(actor=_user(request), programme=programme, **budget_form.cleaned_data)
                messages.success(request, _("Haushaltsansatz gespeichert."))
                return HttpResponseRedirect(request.path)
            if request.POST.get("form") == "call" and call_form.is_valid():
                services.call_create(actor=_user(request), programme=programme, **call_form.cleaned_data)
                messages.success(request, _("Förderaufruf angelegt."))
                return HttpResponseRedirect(request.path)
        except ValidationError as error:
            _errors_to_form(budget_form if request.POST.get("form") == "budget" else call_form, error)
    return render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "budgets": programme.budgets.order_by("year"),
            "calls": programme.calls.order_by("-opens_at"),
            "modules": programme.modules.all(),
            "can_manage": can_manage,
            "budget_form": budget_form,
            "call_form": call_form,
        },
    )


@require_POST
@permission_required("funding.manage_staff_rates")
def staff_rates(request: HttpRequest) -> HttpResponse:
    form = StaffRateForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        services.staff_rate_set(actor=_user(request), year=year, **data)
        messages.success(request, _("Fördersätze für %(year)s gespeichert.") % {"year": year})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
    return HttpResponseRedirect(reverse("funding:staff_overview") + f"?year={request.POST.get('year', '')}")
