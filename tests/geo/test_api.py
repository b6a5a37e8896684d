"""The geo part of the API: lists with filters, search and paging, details, 404, 400, OpenAPI, API root."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from teilhabe.api.views import ApiRoot
from teilhabe.geo.api import GemeindeDetail, GemeindeList, KreisDetail, KreisList

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, **params: Any) -> dict[str, Any]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


def test_kreise_filter_and_search(client: Client) -> None:
    data = _get(client, "/api/v1/kreise", regierungsbezirk="053")
    assert data["count"] == 11
    assert {k["regierungsbezirk"] for k in data["results"]} == {"053"}
    assert [k["key"] for k in _get(client, "/api/v1/kreise", search="Münster")["results"]] == ["05515"]
    assert [k["key"] for k in _get(client, "/api/v1/kreise", search="05334002")["results"]] == ["05334"]
    assert _get(client, "/api/v1/kreise", search="Aachen", regierungsbezirk="051")["count"] == 0


def test_kreis_fields(client: Client) -> None:
    koeln = _get(client, "/api/v1/kreise/05315")
    assert koeln == {
        "url": "http://testserver/api/v1/kreise/05315",
        "key": "05315",
        "ags": "05315000",
        "name": "Köln, Stadt",
        "name_short": "Köln",
        "kind": "kreisfreie_stadt",
        "seat": "Köln",
        "regierungsbezirk": "053",
        "regierungsbezirk_name": "Reg.-Bez. Köln",
        "gemeinden_count": 1,
        "population": 1_024_621,
        "population_date": "2024-12-31",
        "area_km2": "405.02",
        "density_per_km2": 2530,
        "lat": koeln["lat"],
        "lon": koeln["lon"],
    }
    assert 50.9 < koeln["lat"] < 51.0


def test_gemeinden_paginated_and_filtered(client: Client) -> None:
    data = _get(client, "/api/v1/gemeinden")
    assert data["count"] == 396
    assert len(data["results"]) == 50
    assert data["next"] == "http://testserver/api/v1/gemeinden?page=2"
    assert data["previous"] is None
    page8 = _get(client, "/api/v1/gemeinden", page=8)
    assert len(page8["results"]) == 396 - 7 * 50 and page8["next"] is None
    assert _get(client, "/api/v1/gemeinden", page_size=500)["count"] == 396
    assert len(_get(client, "/api/v1/gemeinden", page_size=1000)["results"]) == 396  # capped at 500
    assert _get(client, "/api/v1/gemeinden", kreis="05334")["count"] == 10
    assert _get(client, "/api/v1/gemeinden", regierungsbezirk="059")["count"] == 83
    data = _get(client, "/api/v1/gemeinden", regierungsbezirk="055", search="Münster")
    assert [g["ags"] for g in data["results"]] == ["05515000"]
    data = _get(client, "/api/v1/gemeinden", kreis="05334", search="Alsdorf")
    assert [(g["ags"], g["ars"], g["kreis_name"]) for g in data["results"]] == [
        ("05334004", "053340004004", "Städteregion Aachen")
    ]
    assert client.get("/api/v1/gemeinden", {"page": 99}).status_code == 404


def test_malformed_filters_answer_400(client: Client) -> None:
    response = client.get("/api/v1/gemeinden", {"kreis": "Köln", "regierungsbezirk": "5"})
    assert response.status_code == 400
    assert set(response.json()) == {"kreis", "regierungsbezirk"}
    assert client.get("/api/v1/kreise", {"regierungsbezirk": "053; drop"}).status_code == 400
    assert client.get("/api/v1/kreise", {"search": "x" * 101}).status_code == 400


def test_details_and_404(client: Client) -> None:
    assert _get(client, "/api/v1/kreise/05315")["population"] == 1_024_621
    gemeinde = _get(client, "/api/v1/gemeinden/05315000")
    assert (gemeinde["kreis"], gemeinde["regierungsbezirk"], gemeinde["kind"]) == ("05315", "053", "61")
    assert gemeinde["url"] == "http://testserver/api/v1/gemeinden/05315000"
    for url in ("/api/v1/kreise/99999", "/api/v1/gemeinden/05999999", "/api/v1/kreise/x"):
        response = client.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()
    assert client.get("/api/v1/kreise/05315/").status_code == 404  # no trailing slash


def test_logged_in_users_read_the_same(client_for: Callable[..., Client]) -> None:
    client = client_for("kommune")
    assert client.get("/api/v1/kreise/05315").json()["key"] == "05315"


def test_list_query_count_does_not_grow(client: Client, django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    for url in ("/api/v1/gemeinden", "/api/v1/kreise"):
        for size in (5, 500):
            with django_assert_max_num_queries(2):
                assert client.get(url, {"page_size": size}).status_code == 200


def test_views_declare_their_rule() -> None:
    for view in (KreisList, KreisDetail, GemeindeList, GemeindeDetail):
        assert view.permission_required == "geo.view_gebiete"  # type: ignore[attr-defined]
    assert ApiRoot.permission_required == "core.view_start"  # type: ignore[attr-defined]


def test_openapi_document_describes_the_endpoints(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    expected = {
        "/api/v1/kreise": "gebiete_kreise_list",
        "/api/v1/kreise/{key}": "gebiete_kreise_get",
        "/api/v1/gemeinden": "gebiete_gemeinden_list",
        "/api/v1/gemeinden/{ags}": "gebiete_gemeinden_get",
    }
    for path, operation_id in expected.items():
        operation = paths[path]["get"]
        assert operation["operationId"] == operation_id
        assert operation["tags"] == ["Gebiete"]
        assert operation["summary"] and "Destatis" in operation["description"]
        assert all(p.get("description") for p in operation["parameters"]), path
    assert {p["name"] for p in paths["/api/v1/gemeinden"]["get"]["parameters"]} >= {
        "search",
        "kreis",
        "regierungsbezirk",
        "page",
        "page_size",
    }
    assert "404" in paths["/api/v1/gemeinden/{ags}"]["get"]["responses"]
    assert "400" in paths["/api/v1/kreise"]["get"]["responses"]
    gemeinde = document["components"]["schemas"]["Gemeinde"]["properties"]
    assert all(field.get("description") for field in gemeinde.values()), [
        name for name, field in gemeinde.items() if not field.get("description")
    ]


def test_api_root_lists_the_endpoints(client: Client) -> None:
    data = _get(client, "/api/v1/")
    assert data["openapi"] == "http://testserver/api/v1/openapi.json"
    assert data["endpoints"]["kreise"] == "http://testserver/api/v1/kreise"
    assert data["endpoints"]["kreis"] == "http://testserver/api/v1/kreise/{key}"
    assert data["endpoints"]["gemeinden"] == "http://testserver/api/v1/gemeinden"
    assert data["endpoints"]["gemeinde"] == "http://testserver/api/v1/gemeinden/{ags}"
