"""Views of the staff survey: the back office of Land and the authorities, the anonymous survey, the published
results. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import io
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.exports import SafeCsvWriter
from teilhabe.core.models import User
from teilhabe.core.pdf import html_to_pdf
from teilhabe.core.scope import get_in_scope_or_404
from teilhabe.workforce import selectors, services
from teilhabe.workforce.forms import CampaignForm, CodeEntryForm, CodeIssueForm, HiringForm, SurveyForm, UnitForm
from teilhabe.workforce.models import Authority, HiringFigure
from teilhabe.workforce.services import HIRING_MEASURES


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _errors_to_form(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _authority(request: HttpRequest, pk: str) -> Authority:
    return get_in_scope_or_404(selectors.authorities_in_scope(user=_user(request)), pk=pk)


def _keep(request: HttpRequest, obj: Any) -> None:
    if not request.user.has_perm("workforce.keep_authority", obj):
        raise PermissionDenied


# --- back office -----------------------------------------------------------------------------------------------


@permission_required("workforce.view_workforce")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "workforce/home.html",
        {
            "today": selectors.today_for(user=user),
            "campaigns": selectors.campaigns_for(user=user),
            "authorities": selectors.authorities_in_scope(user=user).order_by("name"),
            "current": selectors.current_campaign(),
        },
    )


@permission_required("workforce.manage_campaigns")
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                actor=_user(request),
                data=services.CampaignInput(
                    year=data["year"],
                    title=data["title"],
                    threshold=data.get("threshold"),
                    reference_share=data.get("reference_share"),
                    reference_source=data.get("reference_source") or "",
                ),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Befragung angelegt. Öffnen Sie sie, sobald die Behörden Codes ausgeben."))
            return HttpResponseRedirect(reverse("workforce:campaign_detail", args=[campaign.pk]))
    return render(request, "workforce/campaign_form.html", {"form": form})


@permission_required("workforce.manage_campaigns")
@require_GET
def campaign_detail(request: HttpRequest, pk: str) -> HttpResponse:
    campaign = get_in_scope_or_404(selectors.campaigns_for(user=_user(request)), pk=pk)
    statistics = selectors.campaign_statistics(campaign=campaign, reveal=True)
    return render(
        request,
        "workforce/campaign_detail.html",
        {
            "campaign": campaign,
            "statistics": statistics,
            "rows": _rows(statistics.tables, "eg_tintg_by_authority", "authority"),
            "rates": selectors.response_rates(campaign=campaign),
        },
    )


CAMPAIGN_ACTIONS: dict[str, tuple[Any, Any]] = {
    "oeffnen": (services.campaign_open, gettext_lazy("Die Befragung ist geöffnet; Antworten werden angenommen.")),
    "schliessen": (services.campaign_close, gettext_lazy("Die Befragung ist geschlossen.")),
    "veroeffentlichen": (services.campaign_publish, gettext_lazy("Die Ergebnisse sind veröffentlicht.")),
}


@permission_required("workforce.manage_campaigns")
@require_POST
def campaign_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    campaign = get_in_scope_or_404(selectors.campaigns_for(user=_user(request)), pk=pk)
    if action not in CAMPAIGN_ACTIONS:
        raise Http404
    service, message = CAMPAIGN_ACTIONS[action]
    try:
        service(actor=_user(request), campaign=campaign)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return HttpResponseRedirect(reverse("workforce:campaign_detail", args=[campaign.pk]))


@permission_required("workforce.view_workforce")
@require_GET
def authority_detail(request: HttpRequest, pk: str) -> HttpResponse:
    authority = _authority(request, pk)
    current = selectors.current_campaign()
    return render(
        request,
        "workforce/authority_detail.html",
        {
            "authority": authority,
            "units": authority.units.all(),
            "current": current,
            "batches": selectors.batches_of(authority=authority),
            "hiring": authority.hiring_figures.all(),
            "campaigns": selectors.statistics_campaigns(user=_user(request)),
            "can_keep": request.user.has_perm("workforce.keep_authority", authority),
            "hiring_year": timezone.localdate().year - 1,
        },
    )


@permission_required("workforce.view_workforce")
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, pk: str) -> HttpResponse:
    authority = _authority(request, pk)
    _keep(request, authority)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_create(
                actor=_user(request),
                authority=authority,
                name=form.cleaned_data["name"],
                staff_count=form.cleaned_data["staff_count"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Einheit angelegt."))
            return HttpResponseRedirect(reverse("workforce:authority_detail", args=[authority.pk]))
    return render(request, "workforce/unit_form.html", {"form": form, "authority": authority, "unit": None})


@permission_required("workforce.view_workforce")
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: str) -> HttpResponse:
    unit = get_in_scope_or_404(selectors.units_in_scope(user=_user(request)), pk=pk)
    _keep(request, unit)
    initial = {"name": unit.name, "staff_count": unit.staff_count, "is_active": unit.is_active}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=_user(request), unit=unit, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return HttpResponseRedirect(reverse("workforce:authority_detail", args=[unit.authority_id]))
    return render(request, "workforce/unit_form.html", {"form": form, "authority": unit.authority, "unit": unit})


@permission_required("workforce.view_workforce")
@require_http_methods(["GET", "POST"])
def codes_issue(request: HttpRequest, pk: str) -> HttpResponse:
    authority = _authority(request, pk)
    _keep(request, authority)
    campaign = selectors.current_campaign()
    form = CodeIssueForm(request.POST or None, units=authority.units.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        try:
            if campaign is None:
                raise ValidationError(_("Es gibt keine laufende oder vorbereitete Befragung."))
            batch = services.codes_issue(
                actor=_user(request),
                campaign=campaign,
                unit=form.cleaned_data["unit"],
                count=form.cleaned_data["count"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("%(n)d Codes ausgegeben. Drucken Sie jetzt die Teilnahmebriefe.") % {"n": batch.size}
            )
            return HttpResponseRedirect(reverse("workforce:authority_detail", args=[authority.pk]))
    return render(request, "workforce/codes_form.html", {"form": form, "authority": authority, "campaign": campaign})


def _batch(request: HttpRequest, pk: str) -> Any:
    batch = get_in_scope_or_404(selectors.batches_in_scope(user=_user(request)), pk=pk)
    _keep(request, batch)
    return batch


def _codes_destroyed(request: HttpRequest, batch: Any) -> HttpResponse:
    """The deletion concept destroyed the codes when the campaign closed: say so instead of an empty letter."""
    messages.info(
        request,
        _("Die Teilnahmecodes dieser Ausgabe wurden nach dem Abschluss der Befragung vernichtet (Löschkonzept)."),
    )
    return HttpResponseRedirect(reverse("workforce:authority_detail", args=[batch.unit.authority_id]))


@permission_required("workforce.view_workforce")
@require_GET
def batch_letters(request: HttpRequest, pk: str) -> HttpResponse:
    """One letter per code (A4, DIN 5008 style), to print and hand out in closed envelopes."""
    batch = _batch(request, pk)
    if batch.codes_destroyed_at is not None:
        return _codes_destroyed(request, batch)
    html = render_to_string(
        "workforce/pdf/letters.html",
        {
            "batch": batch,
            "codes": [services.format_code(c) for c in batch.codes.values_list("code", flat=True)],
            "survey_url": request.build_absolute_uri(reverse("workforce:survey")),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="teilnahmebriefe-{batch.unit.name[:40]}.pdf"'
    return response


@permission_required("workforce.view_workforce")
@require_GET
def batch_csv(request: HttpRequest, pk: str) -> HttpResponse:
    """The codes for a mail merge: one row per code with the unit and the survey address."""
    batch = _batch(request, pk)
    if batch.codes_destroyed_at is not None:
        return _codes_destroyed(request, batch)
    out = io.StringIO()
    writer = SafeCsvWriter(out, delimiter=";")
    writer.writerow(["behoerde", "einheit", "befragung", "code", "adresse"])
    url = request.build_absolute_uri(reverse("workforce:survey"))
    for code in batch.codes.values_list("code", flat=True):
        writer.writerow(
            [batch.unit.authority.name, batch.unit.name, batch.campaign.year, services.format_code(code), url]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="codes-{batch.pk}.csv"'
    return response


@permission_required("workforce.view_workforce")
@require_http_methods(["GET", "POST"])
def hiring_edit(request: HttpRequest, pk: str, year: int) -> HttpResponse:
    authority = _authority(request, pk)
    _keep(request, authority)
    existing = HiringFigure.objects.filter(authority=authority, year=year).first()
    initial = {f: getattr(existing, f) for f in HiringForm.base_fields} if existing else None
    form = HiringForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hiring_save(actor=_user(request), authority=authority, year=year, counts=form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Einstellungszahlen %(year)d gespeichert.") % {"year": year})
            return HttpResponseRedirect(reverse("workforce:authority_detail", args=[authority.pk]))
    return render(
        request,
        "workforce/hiring_form.html",
        {"form": form, "authority": authority, "year": year, "measures": HIRING_MEASURES},
    )


def _rows(tables: list[dict[str, Any]], table_id: str, dim: str) -> list[dict[str, Any]]:
    for table in tables:
        if table["id"] == table_id:
            return selectors.rows_of(table, dim)
    return []


@permission_required("workforce.view_workforce")
@require_GET
def authority_statistics(request: HttpRequest, pk: str, campaign_pk: str) -> HttpResponse:
    """The authority's own results: after disclosure control for the survey officer, revealed for Land."""
    authority = _authority(request, pk)
    if not request.user.has_perm("workforce.view_statistics", authority):
        raise PermissionDenied
    reveal = request.user.has_perm("workforce.view_unsuppressed")
    campaign = get_in_scope_or_404(selectors.statistics_campaigns(user=_user(request)), pk=campaign_pk)
    statistics = selectors.campaign_statistics(campaign=campaign, authority=authority, reveal=reveal)
    by_unit = _rows(statistics.tables, "eg_tintg_by_unit", "unit")
    return render(
        request,
        "workforce/authority_statistics.html",
        {
            "authority": authority,
            "campaign": campaign,
            "statistics": statistics,
            "reveal": reveal,
            "by_unit": by_unit,
            "unit_rates": selectors.unit_rates(authority=authority, rows=by_unit),
            "by_career": _rows(statistics.tables, "eg_tintg_by_career_group", "career_group"),
            "by_kind": _rows(statistics.tables, "eg_tintg_by_staff_kind", "staff_kind"),
            "by_category": [
                (selectors.CATEGORY_TITLES[c], _rows(statistics.tables, f"{c}_total", "total"))
                for c in selectors.CATEGORY_TITLES
            ],
            "hiring": authority.hiring_figures.filter(year__lte=campaign.year).order_by("-year")[:5],
        },
    )


# --- the anonymous survey --------------------------------------------------------------------------------------


@permission_required("workforce.answer_survey")
@require_http_methods(["GET", "POST"])
@never_cache
def survey(request: HttpRequest) -> HttpResponse:
    """Step 1: the code from the letter. A valid code leads to the questions; nothing is stored yet."""
    form = CodeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            found = services.find_open_code(form.cleaned_data["code"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            questions = SurveyForm(initial={"code": found.code})
            return render(
                request,
                "workforce/survey_questions.html",
                {"form": questions, "authority": found.batch.unit.authority, "public_page": True},
            )
    return render(request, "workforce/survey_code.html", {"form": form, "public_page": True})


@permission_required("workforce.answer_survey")
@require_POST
@never_cache
def survey_submit(request: HttpRequest) -> HttpResponse:
    """Step 2: the answers. The code is marked used and the answer stored in one transaction, unlinked."""
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            services.response_submit(code=form.cleaned_data["code"], answers=form.answers())
        except ValidationError as error:
            return render(
                request,
                "workforce/survey_code.html",
                {"form": CodeEntryForm(), "refused": error.messages, "public_page": True},
                status=400,
            )
        return render(request, "workforce/survey_thanks.html", {"public_page": True})
    return render(
        request,
        "workforce/survey_code.html",
        {
            "form": CodeEntryForm(),
            "refused": [_("Die Antwort war unvollständig; bitte beginnen Sie neu.")],
            "public_page": True,
        },
        status=400,
    )


# --- published results -----------------------------------------------------------------------------------------


def _publication(year: int) -> Any:
    return get_in_scope_or_404(selectors.published_campaigns(), campaign__year=year)


@permission_required("workforce.view_published")
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    publications = list(selectors.published_campaigns())
    chosen = publications[0] if publications else None
    if request.GET.get("jahr"):
        chosen = next((p for p in publications if str(p.campaign.year) == request.GET["jahr"]), chosen)
    context: dict[str, Any] = {"publications": publications, "chosen": chosen, "public_page": True}
    if chosen is not None:
        context.update(selectors.publication_context(chosen))
        context["trend"] = selectors.trend(publications)
    return render(request, "workforce/published.html", context)


@permission_required("workforce.view_published")
@require_GET
def published_csv(request: HttpRequest, year: int) -> HttpResponse:
    publication = _publication(year)
    out = io.StringIO()
    writer = SafeCsvWriter(out, delimiter=";")
    writer.writerow(
        ["tabelle", "behoerde", "einheit", "laufbahngruppe", "beschaeftigungsart", "kategorie", "anzahl", "gesperrt"]
    )
    for table in publication.tables:
        for cell in table["cells"]:
            writer.writerow(
                [
                    table["id"],
                    cell.get("authority", ""),
                    cell.get("unit", ""),
                    cell.get("career_group", ""),
                    cell.get("staff_kind", ""),
                    cell["category"],
                    "" if cell["count"] is None else cell["count"],
                    "ja" if cell["suppressed"] else "nein",
                ]
            )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beschaeftigtenbefragung-{year}.csv"'
    return response


@permission_required("workforce.view_published")
@require_GET
def published_pdf(request: HttpRequest, year: int) -> HttpResponse:
    publication = _publication(year)
    html = render_to_string(
        "workforce/pdf/report.html", {"publication": publication, **selectors.publication_context(publication)}
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beschaeftigtenbefragung-{year}.pdf"'
    return response
