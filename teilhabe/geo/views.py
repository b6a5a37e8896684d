from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from teilhabe.core.decorators import permission_required
from teilhabe.geo import selectors
from teilhabe.geo.models import Regierungsbezirk

GEMEINDEN_PER_PAGE = 50


@require_GET
@permission_required("geo.view_gebiete")
def kreis_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    regierungsbezirk = request.GET.get("regierungsbezirk", "")[:3]
    return render(
        request,
        "geo/kreis_list.html",
        {
            "kreise": selectors.kreis_list(search=search, regierungsbezirk=regierungsbezirk),
            "regierungsbezirke": selectors.regierungsbezirk_list(),
            "search": search,
            "selected_regierungsbezirk": regierungsbezirk,
        },
    )


@require_GET
@permission_required("geo.view_gebiete")
def gemeinde_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    kreis = request.GET.get("kreis", "")[:5]
    regierungsbezirk = request.GET.get("regierungsbezirk", "")[:3]
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
            "kreise": selectors.kreis_list(),
            "regierungsbezirke": selectors.regierungsbezirk_list(),
            "query": query.urlencode(),
        },
    )


@require_GET
@permission_required("geo.view_gebiete")
def kreis_detail(request: HttpRequest, key: str) -> HttpResponse:
    kreis = selectors.kreis_detail(key=key)
    if kreis is None:
        raise Http404
    return render(
        request,
        "geo/kreis_detail.html",
        {
            "kreis": kreis,
            "gemeinden": selectors.gemeinden_of(kreis=kreis),
            "boundary_url": reverse("geo:kreis_boundary", args=[kreis.key]),
        },
    )


@require_GET
@permission_required("geo.view_gebiete")
def kreis_boundary(request: HttpRequest, key: str) -> JsonResponse:
    """GeoJSON FeatureCollection: the Kreis outline and the outlines of its Gemeinden, for the map."""
    kreis = selectors.kreis_detail(key=key)
    if kreis is None:
        raise Http404
    features = [
        {
            "type": "Feature",
            "id": kreis.key,
            "properties": {"kind": "kreis", "name": kreis.name_short},
            "geometry": kreis.boundary,
        }
    ]
    features += [
        {
            "type": "Feature",
            "id": g.ags,
            "properties": {
                "kind": "gemeinde",
                "name": g.name_short,
                "url": reverse("geo:gemeinde_detail", args=[g.ags]),
            },
            "geometry": g.boundary,
        }
        for g in kreis.gemeinden.only("ags", "name_short", "boundary").order_by("ags")
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    return response


@require_GET
@permission_required("geo.view_gebiete")
def gemeinde_detail(request: HttpRequest, ags: str) -> HttpResponse:
    gemeinde = selectors.gemeinde_detail(ags=ags)
    if gemeinde is None:
        raise Http404
    return render(
        request,
        "geo/gemeinde_detail.html",
        {"gemeinde": gemeinde, "boundary_url": reverse("geo:gemeinde_boundary", args=[gemeinde.ags])},
    )


@require_GET
@permission_required("geo.view_gebiete")
def gemeinde_boundary(request: HttpRequest, ags: str) -> JsonResponse:
    gemeinde = selectors.gemeinde_detail(ags=ags)
    if gemeinde is None:
        raise Http404
    response = JsonResponse(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": gemeinde.ags,
                    "properties": {"kind": "kreis", "name": gemeinde.name_short},
                    "geometry": gemeinde.boundary,
                }
            ],
        }
    )
    response["Content-Type"] = "application/geo+json"
    return response


@require_GET
@permission_required("geo.view_gebiete")
def nrw_outline(request: HttpRequest) -> JsonResponse:
    """The five Regierungsbezirke as a background for maps that run without a tile server."""
    features = [
        {"type": "Feature", "id": rb.key, "properties": {"name": rb.name}, "geometry": rb.boundary}
        for rb in Regierungsbezirk.objects.order_by("key")
        if rb.boundary
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    response["Cache-Control"] = "public, max-age=86400"
    return response
