"""Public pages of the geo app: lists with search, filters and paging, details with maps, GeoJSON, 404."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db


def _body(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def _assert_no_inline_code(body: str) -> None:
    """The CSP forbids inline scripts and style attributes; json_script would be the only exception."""
    assert 'style="' not in body
    for tag in re.findall(r"<script\b[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_kreis_list_groups_by_regierungsbezirk(client: Client) -> None:
    response = client.get("/gebiete/")
    body = _body(response)
    assert response.status_code == 200
    assert body.count('href="/gebiete/kreise/') == 53
    assert [m for m in re.findall(r'<h2 class="kern-heading-medium" id="rb-(\d+)">', body)] == [
        "051",
        "053",
        "055",
        "057",
        "059",
    ]
    assert "18.034.454 Einwohner" in body  # NRW in the introduction
    assert "4.486.282 Einwohner" in body  # Regierungsbezirk Köln
    assert "53 Kreise und kreisfreie Städte" in body
    _assert_no_inline_code(body)


def test_kreis_list_search_and_filter(client: Client) -> None:
    body = _body(client.get("/gebiete/", {"q": "Köln"}))
    assert "Köln, Stadt" in body
    assert body.count('href="/gebiete/kreise/') == 1
    assert 'value="Köln"' in body
    body = _body(client.get("/gebiete/", {"q": "05334002"}))
    assert re.findall(r'href="/gebiete/kreise/(\d+)/"', body) == ["05334"]
    body = _body(client.get("/gebiete/", {"regierungsbezirk": "057"}))
    assert body.count('href="/gebiete/kreise/') == 7
    assert '<option value="057" selected>' in body
    assert "Filter zurücksetzen" in body
    body = _body(client.get("/gebiete/", {"q": "Atlantis"}))
    assert "Kein Kreis passt zur Suche." in body


def test_kreis_list_has_fixed_query_count(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for params in ({}, {"regierungsbezirk": "053"}, {"q": "Kreis"}):
        with django_assert_max_num_queries(3):
            assert client.get("/gebiete/", params).status_code == 200


def test_gemeinde_list_paginates_with_fixed_queries(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_max_num_queries(5):
        response = client.get("/gebiete/gemeinden/", {"regierungsbezirk": "051"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 66
    body = _body(response)
    assert "Seite 1 von 2" in body
    assert body.count('href="/gebiete/gemeinden/0') == 50
    assert "regierungsbezirk=051&amp;seite=2" in body
    with django_assert_max_num_queries(5):
        response = client.get("/gebiete/gemeinden/", {"seite": "8"})
    assert _body(response).count('href="/gebiete/gemeinden/0') == 396 - 7 * 50
    _assert_no_inline_code(_body(response))


def test_gemeinde_list_search_and_filters(client: Client) -> None:
    body = _body(client.get("/gebiete/gemeinden/", {"q": "Bergheim"}))
    assert re.findall(r'href="/gebiete/gemeinden/(\d+)/"', body) == ["05362008"]
    body = _body(client.get("/gebiete/gemeinden/", {"kreis": "05334"}))
    assert "10 Gemeinden" in body
    assert '<option value="05334" selected>' in body
    body = _body(client.get("/gebiete/gemeinden/", {"q": "0533400"}))
    assert "Alsdorf, Stadt" in body
    body = _body(client.get("/gebiete/gemeinden/", {"q": "Atlantis"}))
    assert "Keine Gemeinde passt zur Suche." in body
    # A page number out of range shows the last page rather than an error.
    assert client.get("/gebiete/gemeinden/", {"seite": "999"}).context["page"].number == 8


def test_kreis_detail_shows_facts_map_and_gemeinden(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_max_num_queries(2):
        response = client.get("/gebiete/kreise/05334/")
    body = _body(response)
    assert response.status_code == 200
    assert '<h1 class="kern-heading-large">Städteregion Aachen</h1>' in body
    assert 'data-geojson-url="/gebiete/kreise/05334/grenzen.geojson"' in body
    assert "vendor/leaflet/leaflet.js" in body and "geo/boundary-map.js" in body
    assert body.count('href="/gebiete/gemeinden/0533') == 10
    assert "Alsdorf, Stadt" in body
    assert "05334000" in body  # the AGS form of the key
    _assert_no_inline_code(body)
    body = _body(client.get("/gebiete/kreise/05154/"))
    assert '<h1 class="kern-heading-large">Kreis Kleve</h1>' in body


def test_kreis_boundary_geojson(client: Client) -> None:
    response = client.get("/gebiete/kreise/05334/grenzen.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=3600"
    geojson = response.json()
    assert geojson["type"] == "FeatureCollection"
    assert len(geojson["features"]) == 1 + 10
    assert geojson["features"][0]["properties"]["focus"] is True
    assert geojson["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_gemeinde_detail(client: Client, django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_max_num_queries(2):
        response = client.get("/gebiete/gemeinden/05315000/")
    body = _body(response)
    assert response.status_code == 200
    assert "1.024.621" in body
    assert "405,02 km²" in body
    assert "053150000000" in body
    assert "50667" in body
    assert 'data-geojson-url="/gebiete/gemeinden/05315000/grenze.geojson"' in body
    _assert_no_inline_code(body)


def test_gemeinde_boundary_geojson(client: Client) -> None:
    features = client.get("/gebiete/gemeinden/05334004/grenze.geojson").json()["features"]
    assert features[0]["id"] == "05334004"
    assert features[-1]["id"] == "05334"
    assert client.get("/gebiete/gemeinden/05315000/grenze.geojson").json()["features"][0]["id"] == "05315000"


def test_nrw_outline(client: Client) -> None:
    response = client.get("/gebiete/nrw.geojson")
    assert response["Cache-Control"] == "public, max-age=86400"
    assert len(response.json()["features"]) == 5


def test_logged_in_pages_are_not_cached(client_for: Callable[..., Client]) -> None:
    response = client_for("kommune").get("/gebiete/kreise/05315/grenzen.geojson")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    [
        "/gebiete/kreise/99999/",
        "/gebiete/kreise/x/",
        "/gebiete/kreise/99999/grenzen.geojson",
        "/gebiete/gemeinden/05999999/",
        "/gebiete/gemeinden/05999999/grenze.geojson",
        "/gebiete/gemeinden/%3Cscript%3E/",
    ],
)
def test_unknown_keys_answer_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/gebiete/", "/gebiete/gemeinden/", "/gebiete/kreise/05315/"])
def test_pages_only_answer_get(client: Client, url: str) -> None:
    assert client.post(url).status_code == 405
