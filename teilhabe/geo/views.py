"""Public pages of the NRW master data: Kreise, Gemeinden, their key facts and outlines."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from teilhabe.core.decorators import permission_required
from teilhabe.geo import selectors

GEMEINDEN_PER_PAGE = 50
#: Outlines change with a new boundary release only; anonymous visitors may keep them for an hour.
GEOJSON_MAX_AGE = 3600


def _param(request: HttpRequest, name: str, length: int) -> str:
    return request.GET.get(name, "").strip()[:length]


def _geojson(collection: dict[str, Any], max_age: int = GEOJSON_MAX_AGE) -> JsonResponse:
    response = JsonResponse(collection, content_type="application/geo+json")
    # Logged-in answers are made "no-store" by NoStoreForAuthenticatedMiddleware; this is for everyone else.
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


@permission_required("geo.view_gebiete")
@require_GET
def kreis_list(request: HttpRequest) -> HttpResponse:
    search = _param(request, "q", selectors.MAX_SEARCH)
    regierungsbezirk = _param(request, "regierungsbezirk", 3)
    groups = selectors.kreise_by_regierungsbezirk(search=search, regierungsbezirk=regierungsbezirk)
    regierungsbezirke = list(selectors.regierungsbezirk_list())
    return render(
        request,
        "geo/kreis_list.html",
        {
            "groups": groups,
            "kreise_count": sum(len(group.kreise) for group in groups),
            "regierungsbezirke": regierungsbezirke,
            "nrw": {
                "population": sum(rb.population for rb in regierungsbezirke),
                "area_km2": sum(rb.area_km2 or 0 for rb in regierungsbezirke),
            },
            "search": search,
            "selected_regierungsbezirk": regierungsbezirk,
            "filtered": bool(search or regierungsbezirk),
        },
    )


@permission_required("geo.view_gebiete")
@require_GET
def gemeinde_list(request: HttpRequest) -> HttpResponse:
    search = _param(request, "q", selectors.MAX_SEARCH)
    kreis = _param(request, "kreis", 5)
    regierungsbezirk = _param(request, "regierungsbezirk", 3)
    paginator = Paginator(
        selectors.gemeinde_list(search=search, kreis=kreis, regierungsbezirk=regierungsbezirk), GEMEINDEN_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "geo/gemeinde_list.html",
        {
            "page": page,
            "search": search,
            "selected_kreis": kreis,
            "selected_regierungsbezirk": regierungsbezirk,
            "kreise": selectors.kreis_list().order_by("name_short"),
            "regierungsbezirke": selectors.regierungsbezirk_list(),
            "query": query.urlencode(),
            "filtered": bool(search or kreis or regierungsbezirk),
        },
    )


@permission_required("geo.view_gebiete")
@require_GET
def kreis_detail(request: HttpRequest, key: str) -> HttpResponse:
    kreis = selectors.kreis_detail(key=key)
    if kreis is None:
        raise Http404
    return render(
        request,
        "geo/kreis_detail.html",
        {
            "kreis": kreis,
            "gemeinden": kreis.gemeinden_list,  # type: ignore[attr-defined]  # Prefetch(to_attr=...)
            "map_url": reverse("geo:kreis_boundary", args=[kreis.key]),
        },
    )


@permission_required("geo.view_gebiete")
@require_GET
def kreis_boundary(request: HttpRequest, key: str) -> JsonResponse:
    """GeoJSON FeatureCollection for the map of a Kreis: its outline and the outlines of its Gemeinden."""
    collection = selectors.kreis_map(key=key)
    if collection is None:
        raise Http404
    return _geojson(collection)


@permission_required("geo.view_gebiete")
@require_GET
def gemeinde_detail(request: HttpRequest, ags: str) -> HttpResponse:
    gemeinde = selectors.gemeinde_detail(ags=ags)
    if gemeinde is None:
        raise Http404
    return render(
        request,
        "geo/gemeinde_detail.html",
        {"gemeinde": gemeinde, "map_url": reverse("geo:gemeinde_boundary", args=[gemeinde.ags])},
    )


@permission_required("geo.view_gebiete")
@require_GET
def gemeinde_boundary(request: HttpRequest, ags: str) -> JsonResponse:
    """GeoJSON FeatureCollection for the map of a Gemeinde: its outline first, then its surroundings."""
    collection = selectors.gemeinde_map(ags=ags)
    if collection is None:
        raise Http404
    return _geojson(collection)


@permission_required("geo.view_gebiete")
@require_GET
def nrw_outline(request: HttpRequest) -> JsonResponse:
    """The five Regierungsbezirke as a background for maps that run without a tile server."""
    return _geojson(selectors.nrw_outline(), max_age=86400)
