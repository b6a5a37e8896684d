"""GET /api/v1/grants over HTTP: public, paginated, filtered, only decided grants, no personal data, documented."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.funding import giving
from teilhabe.funding.api import GrantList
from tests.funding.test_giving import PUBLISHED, demo_grants

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(make_user: Any) -> dict[str, Any]:
    return demo_grants(make_user)


def _get(client: Client, **params: Any) -> dict[str, Any]:
    response = client.get(reverse("api:grants"), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    data: dict[str, Any] = response.json()
    return data


def _titles(data: dict[str, Any]) -> set[str]:
    return {g["title"] for g in data["results"]}


def test_lists_decided_grants_only(client: Client, demo: dict[str, Any]) -> None:
    assert reverse("api:grants") == "/api/v1/grants"
    data = _get(client)
    made = demo["applications"]
    assert data["count"] == 4 and data["next"] is None
    assert {g["id"] for g in data["results"]} == {f"360G-teilhabe-nrw-{made[k].reference}" for k in PUBLISHED}
    assert giving.validate({"grants": data["results"]}) == []
    first = data["results"][0]
    assert first["dataSource"] == "http://testserver/opendata/360giving.json"


def test_no_drafts_rejections_or_personal_data(client: Client, demo: dict[str, Any]) -> None:
    text = json.dumps(_get(client, page_size=500), ensure_ascii=False)
    for title in ("Entwurf Nachbarschaft", "Eingereicht Sprachkurs", "Zurückgezogen Theater", "Abgelehnt Sportfest"):
        assert title not in text
    assert "@" not in text
    for user in demo["people"].values():
        assert user.full_name not in text


def test_filters(client: Client, demo: dict[str, Any]) -> None:
    year = demo["year"]
    assert _titles(_get(client, programme="mso-nrw")) == {"Hausaufgabenhilfe"}
    assert _get(client, programme="gibt-es-nicht")["count"] == 0
    assert _titles(_get(client, kreis="05362")) == {"Integrationslotsen Bedburg"}
    assert _get(client, kreis="05315")["count"] == 3
    assert _titles(_get(client, year=year + 1)) == {"Mehrsprachige Beratung"}
    assert _get(client, year=year)["count"] == 4
    assert _titles(_get(client, recipient="kulturverein")) == {"Hausaufgabenhilfe"}
    assert _titles(_get(client, recipient="köln", programme="komm-in", kreis="05315", year=year + 1)) == {
        "Mehrsprachige Beratung"
    }


def test_pages(client: Client, demo: dict[str, Any]) -> None:
    first = _get(client, page_size=3)
    assert first["count"] == 4 and len(first["results"]) == 3 and first["next"]
    second = _get(client, page_size=3, page=2)
    assert len(second["results"]) == 1
    assert not {g["id"] for g in first["results"]} & {g["id"] for g in second["results"]}


@pytest.mark.parametrize("params", [{"kreis": "5315"}, {"year": "zwei"}, {"programme": "ä ö"}])
def test_bad_filters_answer_400(client: Client, params: dict[str, str]) -> None:
    response = client.get("/api/v1/grants", params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_public_and_read_only(client: Client) -> None:
    assert GrantList.permission_required == "funding.view_open_data"
    assert client.get("/api/v1/grants").status_code == 200
    assert client.post("/api/v1/grants", {}).status_code == 405


def test_openapi_documents_the_endpoint(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/grants"]["get"]
    assert operation["operationId"] == "foerderung_grants_list"
    assert operation["tags"] == ["Förderung"]
    assert {p["name"] for p in operation["parameters"]} >= {"programme", "year", "kreis", "recipient", "page"}
    assert all(p.get("description") for p in operation["parameters"])
    assert "400" in operation["responses"]
    grant = document["components"]["schemas"]["Grant"]["properties"]
    assert {"id", "amountAwarded", "recipientOrganization", "beneficiaryLocation"} <= set(grant)
    assert all(field.get("description") for field in grant.values())


def test_api_root_names_the_endpoint(client: Client) -> None:
    endpoints = client.get("/api/v1/").json()["endpoints"]
    assert endpoints["grants"] == "http://testserver/api/v1/grants"
    assert endpoints["grants_download"] == "http://testserver/opendata/360giving.json"
