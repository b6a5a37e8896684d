import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_kreise_filter_and_search(client: Client) -> None:
    data = client.get("/api/v1/kreise", {"regierungsbezirk": "053"}).json()
    assert data["count"] == 11
    assert {k["regierungsbezirk"] for k in data["results"]} == {"053"}
    data = client.get("/api/v1/kreise", {"search": "Münster"}).json()
    assert [k["key"] for k in data["results"]] == ["05515"]


def test_gemeinden_paginated_and_filtered(client: Client) -> None:
    data = client.get("/api/v1/gemeinden").json()
    assert data["count"] == 396
    assert len(data["results"]) == 50
    assert data["next"].endswith("page=2")
    data = client.get("/api/v1/gemeinden", {"kreis": "05334"}).json()
    assert data["count"] == 10
    data = client.get("/api/v1/gemeinden", {"regierungsbezirk": "055", "search": "Münster"}).json()
    assert [g["ags"] for g in data["results"]] == ["05515000"]


def test_detail_and_404(client: Client) -> None:
    assert client.get("/api/v1/kreise/05315").json()["population"] == 1_024_621
    assert client.get("/api/v1/gemeinden/05315000").json()["kreis"] == "05315"
    assert client.get("/api/v1/kreise/99999").status_code == 404


def test_list_query_count(client: Client, django_assert_max_num_queries: object) -> None:
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        client.get("/api/v1/gemeinden", {"page_size": 400})


def test_openapi_document_lists_endpoints(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/kreise", "/api/v1/gemeinden", "/api/v1/kreise/{key}", "/api/v1/gemeinden/{ags}"} <= set(paths)


def test_api_root(client: Client) -> None:
    data = client.get("/api/v1/").json()
    assert data["openapi"].endswith("/api/v1/openapi.json")
