"""`/api/v1/`: the index for clients (JSON) and people (HTML with Swagger UI), the declared statuses, page=0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


def test_root_answers_json_to_clients(client: Client) -> None:
    data = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert data["openapi"].endswith("/api/v1/openapi.json")
    assert data["docs"].endswith("/api/v1/docs/")
    assert "offers" in data["endpoints"]
    assert client.get("/api/v1/").json()["version"] == "v1"  # no Accept header: JSON


def test_root_answers_html_with_swagger_ui_to_browsers(client: Client) -> None:
    response = client.get("/api/v1/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert 'id="swagger-ui" data-openapi="/api/v1/openapi.json"' in page
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "/static/api/docs.js" in page
    assert "<script>" not in page and "cdn" not in page.lower()  # CSP: own files only, no inline script
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert client.get("/api/v1/docs/").status_code == 200
    assert client.post("/api/v1/docs/").status_code in (403, 405)


def test_swagger_ui_is_installed_from_npm() -> None:
    import json

    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    assert "swagger-ui-dist" in package["dependencies"]
    assets = (settings.BASE_DIR / "scripts" / "build-assets.mjs").read_text()
    assert "swagger-ui-dist/swagger-ui-bundle.js" in assets


def test_every_operation_declares_its_error_statuses(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["schemas"]["Error"]["type"] == "object"
    operations = [op for path in document["paths"].values() for op in path.values() if "responses" in op]
    assert len(operations) > 10
    for operation in operations:
        assert {"200", "400", "403", "404", "406", "429"} <= set(operation["responses"]), operation["operationId"]
    lang = next(p for p in document["paths"]["/api/v1/offers"]["get"]["parameters"] if p["name"] == "lang")
    assert lang["schema"]["enum"] == ["ar", "de", "en", "ru", "tr", "uk"] or set(lang["schema"]["enum"]) == {
        "ar",
        "de",
        "en",
        "ru",
        "tr",
        "uk",
    }


@pytest.mark.parametrize("page", ["0", "-1", "eins"])
def test_page_zero_is_a_400_with_a_clear_message(client: Client, page: str) -> None:
    response = client.get("/api/v1/offers", {"page": page})
    assert response.status_code == 400
    assert response.json()["errors"]["page"] == ["Die Seite muss eine ganze Zahl ab 1 sein."]
    response = client.get("/api/v1/kreise", {"page": page})
    assert response.status_code == 400
    assert "page" in response.json()


def test_page_one_and_past_the_end(client: Client) -> None:
    assert client.get("/api/v1/offers", {"page": "1"}).status_code == 200
    assert client.get("/api/v1/kreise", {"page": "1"}).status_code == 200
    assert client.get("/api/v1/kreise", {"page": "999"}).status_code == 404
