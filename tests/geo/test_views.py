import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_kreis_list_and_search(client: Client) -> None:
    response = client.get("/gebiete/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/gebiete/kreise/') == 53
    response = client.get("/gebiete/", {"q": "Köln"})
    assert "Köln, Stadt" in response.content.decode()
    assert response.content.decode().count('href="/gebiete/kreise/') == 1


def test_kreis_list_has_fixed_query_count(client: Client, django_assert_max_num_queries: object) -> None:
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        client.get("/gebiete/")


def test_gemeinde_list_paginates_with_fixed_queries(client: Client, django_assert_max_num_queries: object) -> None:
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        response = client.get("/gebiete/gemeinden/", {"regierungsbezirk": "051"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 66
    assert "Seite 1 von 2" in response.content.decode()


def test_kreis_detail_shows_map_and_gemeinden(client: Client) -> None:
    response = client.get("/gebiete/kreise/05334/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-geojson-url="/gebiete/kreise/05334/grenzen.geojson"' in body
    assert "Alsdorf" in body
    geojson = client.get("/gebiete/kreise/05334/grenzen.geojson").json()
    assert geojson["type"] == "FeatureCollection"
    assert len(geojson["features"]) == 1 + 10
    assert geojson["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(
    "url", ["/gebiete/kreise/99999/", "/gebiete/kreise/x/grenzen.geojson", "/gebiete/gemeinden/05999999/"]
)
def test_unknown_keys_answer_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_gemeinde_detail(client: Client) -> None:
    response = client.get("/gebiete/gemeinden/05315000/")
    assert response.status_code == 200
    assert "1.024.621" in response.content.decode()
    assert client.get("/gebiete/gemeinden/05315000/grenze.geojson").json()["features"][0]["id"] == "05315000"
