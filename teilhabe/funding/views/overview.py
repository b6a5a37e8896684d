"""Overview for Land and Bezirksregierungen: budgets, pipeline, grants per Kreis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from teilhabe.core.decorators import permission_required
from teilhabe.core.exports import xlsx_response
from teilhabe.core.params import int_param
from teilhabe.funding import selectors
from teilhabe.funding.models import (
    Programme,
)
from teilhabe.funding.views._base import (
    S,
)
from teilhabe.geo.models import Kreis


@permission_required("funding.view_overview")
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    year = int_param(request, "year", minimum=2000, maximum=2100)
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
    budget_rows = [[b.programme.name, b.year, b.total, b.committed, b.paid, b.available] for b in budgets]
    kreis_rows = [
        [r["kreis"].key, r["kreis"].name, r["applications"], r["granted"], r["per_inhabitant"] or Decimal(0)]
        for r in per_kreis
    ]
    return xlsx_response(
        [
            ("Haushalt", [["Programm", "Jahr", "Ansatz", "gebunden", "ausgezahlt", "verfügbar"], *budget_rows]),
            ("Kreise", [["Kreisschlüssel", "Kreis", "Vorhaben", "bewilligt", "je Einwohner"], *kreis_rows]),
        ],
        "foerderuebersicht.xlsx",
    )


@permission_required("funding.view_overview")
@require_GET
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
