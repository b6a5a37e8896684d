from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from teilhabe.registry import hsds, services
from tests.registry.factories import OrganisationFactory, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers() -> dict[str, Any]:
    organisation = OrganisationFactory(
        name="Caritas Köln", description="Wohlfahrtsverband", email="info@caritas.example", phone="0221 12345"
    )
    return {
        "kurs": make_offer(
            organisation,
            status="published",
            title="Deutschkurs",
            languages=["de", "ar"],
            target_groups=["frauen", "eltern"],
            phone="0221 555 66",
            opening_hours=[services.HoursInput(1, dt.time(9), dt.time(12))],
            translations={"ar": ("دورة ألمانية", "وصف")},
            accessibility="Aufzug vorhanden",
        ),
        "beratung": make_offer(
            status="published",
            title="Migrationsberatung",
            topics=["beratung"],
            locations=[services.LocationInput(postal_code="40213")],
        ),
        "entwurf": make_offer(title="Entwurf bleibt intern"),
    }


def test_every_exported_object_validates_against_the_official_schemas(offers: dict[str, Any]) -> None:
    documents = list(hsds.iter_services())
    assert len(documents) == 2
    for document in documents:
        assert hsds.validation_errors("service", document) == []
        assert hsds.validation_errors("organization", document["organization"]) == []
        for sal in document["service_at_locations"]:
            assert hsds.validation_errors("service_at_location", sal) == []
            assert hsds.validation_errors("location", sal["location"]) == []
        for attribute in document["attributes"]:
            assert hsds.validation_errors("attribute", attribute) == []
    for taxonomy in hsds.taxonomies():
        assert hsds.validation_errors("taxonomy", taxonomy) == []


def test_validator_rejects_broken_documents(offers: dict[str, Any]) -> None:
    document = hsds.service(offers["kurs"])
    del document["name"]
    document["status"] = "unbekannt"
    errors = hsds.validation_errors("service", document)
    assert any("'name' is a required property" in e for e in errors)
    assert any("status" in e for e in errors)


def test_mapping_of_schedule_language_taxonomy_and_translation(offers: dict[str, Any]) -> None:
    document = hsds.service(offers["kurs"])
    schedule = document["schedules"][0]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WEEKLY",
        "TU",
        "09:00",
        "12:00",
    )
    assert {lang["code"] for lang in document["languages"]} == {"de", "ar"}
    links = {(a["link_type"], a.get("taxonomy_term", {}).get("code")) for a in document["attributes"]}
    assert ("topic", "sprache") in links and ("target_group", "frauen") in links
    assert document["translations"] == [
        {"language": "ar", "name": "دورة ألمانية", "description": "وصف", "current": True}
    ]
    location = document["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "50667"
    assert location["external_identifier"] == "05315000"
    assert hsds.service(offers["kurs"])["phones"][0]["id"] == document["phones"][0]["id"]  # stable ids


def test_download_is_a_streamed_array_of_published_services(client: Client, offers: dict[str, Any]) -> None:
    response = client.get("/opendata/hsds.json")
    assert response.streaming
    data = json.loads(b"".join(response.streaming_content))
    response.close()
    assert {d["name"] for d in data} == {"Deutschkurs", "Migrationsberatung"}


def test_api_root_and_envelope(client: Client, offers: dict[str, Any]) -> None:
    root = client.get("/api/v1/hsds/").json()
    assert root["version"] == "3.1" and root["openapi_url"].endswith("/api/v1/openapi.json")
    page = client.get("/api/v1/hsds/services", {"per_page": 1}).json()
    assert {
        k: page[k] for k in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")
    } == {
        "total_items": 2,
        "total_pages": 2,
        "page_number": 1,
        "size": 1,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    empty = client.get("/api/v1/hsds/services", {"search": "gibtesnicht"}).json()
    assert empty["empty"] is True and empty["contents"] == []


def test_api_filters(client: Client, offers: dict[str, Any]) -> None:
    topic_id = next(
        a["taxonomy_term_id"] for a in hsds.service(offers["beratung"])["attributes"] if a["link_type"] == "topic"
    )
    data = client.get("/api/v1/hsds/services", {"taxonomy_term_id": topic_id}).json()
    assert [s["name"] for s in data["contents"]] == ["Migrationsberatung"]
    data = client.get("/api/v1/hsds/services", {"organization_id": str(offers["kurs"].organisation_id)}).json()
    assert [s["name"] for s in data["contents"]] == ["Deutschkurs"]
    data = client.get("/api/v1/hsds/services", {"postcode": "50667", "proximity": "5"}).json()
    assert [s["name"] for s in data["contents"]] == ["Deutschkurs"]
    data = client.get("/api/v1/hsds/services", {"modified_after": "2999-01-01"}).json()
    assert data["total_items"] == 0
    assert client.get("/api/v1/hsds/services", {"modified_after": "gestern"}).status_code == 400


def test_api_details_and_404(client: Client, offers: dict[str, Any]) -> None:
    kurs = offers["kurs"]
    assert client.get(f"/api/v1/hsds/services/{kurs.pk}").json()["name"] == "Deutschkurs"
    assert client.get(f"/api/v1/hsds/services/{offers['entwurf'].pk}").status_code == 404
    assert client.get("/api/v1/hsds/services/kaputt").status_code == 404
    org = client.get(f"/api/v1/hsds/organizations/{kurs.organisation_id}").json()
    assert org["name"] == "Caritas Köln" and org["services"][0]["name"] == "Deutschkurs"
    sal_id = hsds.service(kurs)["service_at_locations"][0]["id"]
    assert client.get(f"/api/v1/hsds/service_at_locations/{sal_id}").json()["service_id"] == str(kurs.pk)
    terms = client.get("/api/v1/hsds/taxonomy_terms", {"per_page": 100}).json()["contents"]
    term = terms[0]
    assert client.get(f"/api/v1/hsds/taxonomy_terms/{term['id']}").json()["name"] == term["name"]
    taxonomy = client.get("/api/v1/hsds/taxonomies").json()["contents"][0]
    assert client.get(f"/api/v1/hsds/taxonomies/{taxonomy['id']}").json()["name"] == taxonomy["name"]
