"""Every answer of every documented operation is a status the OpenAPI document declares for it (what schemathesis
checks as status-code conformance), tried with good, missing and bad parameters."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from teilhabe.registry.search import rebuild_search_index
from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db

BAD_VALUES = ["0", "-1", "x" * 300, "ü", "9999999"]


@pytest.fixture(autouse=True)
def _index(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


def test_every_answer_is_declared(client: Client) -> None:
    offer = make_offer(status="published", title="Sprachcafé")
    rebuild_search_index()
    document = client.get("/api/v1/openapi.json").json()
    samples = {"key": "05315", "ags": "05315000", "pk": str(offer.pk), "id": str(offer.pk), "code": "x"}
    tried = 0
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        declared = set(operation["responses"])
        names = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
        urls = [re.sub(r"\{(\w+)\}", lambda m: samples.get(m.group(1), "unbekannt"), path)]
        urls.append(re.sub(r"\{(\w+)\}", "unbekannt", path))
        for url in dict.fromkeys(urls):
            attempts: list[dict[str, str]] = [{}]
            attempts += [{name: value} for name in names for value in BAD_VALUES]
            for params in attempts:
                response = client.get(url, params)
                tried += 1
                assert str(response.status_code) in declared, (url, params, response.status_code, sorted(declared))
    assert tried > 100
