"""Funding of the staff of the Kommunale Integrationszentren."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.decorators import permission_required
from teilhabe.core.exports import csv_response
from teilhabe.funding import selectors, services
from teilhabe.funding.forms import (
    OccupancyForm,
    PositionForm,
    StaffRateForm,
)
from teilhabe.funding.models import (
    Occupancy,
    StaffRate,
)
from teilhabe.funding.views._base import (
    _errors_to_form,
    _user,
)


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


def _rate_initial(year: int) -> dict[str, Any]:
    rate = StaffRate.objects.filter(year__lte=year).order_by("-year").first()
    values = {f: getattr(rate, f) for f in StaffRateForm.base_fields if f != "year"} if rate else {}
    return {"year": year, **values}


@permission_required("funding.view_staff_funding")
@require_GET
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
            "vacancies": selectors.vacancies_visible_to(request.user, year, month),
            "total": total,
        },
    )


@permission_required("funding.view_staff_funding")
@require_http_methods(["GET", "POST"])
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
    form = OccupancyForm(
        request.POST if request.method == "POST" else None, positions=positions, year=year, filled=filled
    )
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


@permission_required("funding.view_staff_funding")
@require_GET
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
    rows: list[list[Any]] = [
        ["Kommunales Integrationszentrum", centre.name, "Jahr", year],
        ["Stelle", "Art", "Stellenanteil", *[f"{m:02d}" for m in range(1, 13)], "besetzte Monate"],
    ]
    filled = set(
        Occupancy.objects.filter(position__centre=centre, year=year, filled=True).values_list("position_id", "month")
    )
    for position in selectors.positions_of(centre):
        marks = ["x" if (position.pk, m) in filled else "" for m in range(1, 13)]
        rows.append([position.title, position.get_kind_display(), position.fte, *marks, marks.count("x")])
    rows.append([])
    if grant is None:
        rows.append([_("Für dieses Jahr sind keine Fördersätze hinterlegt.")])
    else:
        rows += [
            ["Zuwendung Fachstellen", grant["specialist"]],
            ["Zuwendung Verwaltung", grant["admin"]],
            ["Zuwendung gesamt", grant["total"]],
            ["Lehrkräfte (Stellen, ohne Zuwendung)", grant["teacher_posts"]],
        ]
    return csv_response(rows, f"ki-bericht-{year}.csv")


@permission_required("funding.manage_staff_rates")
@require_POST
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
