"""Malformed values for every parameter of every /api/v1/ endpoint: a clear 4xx, never a 5xx."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db

#: Values that broke or could break parsers, the database or the search: dates that do not exist, offsets beyond
#: a day, numbers beyond 64 bits, NaN, NUL, very long and very many words.
MALFORMED = [
    "",
    "x",
    "-1",
    "0",
    "1" + "0" * 30,
    "-" + "9" * 25,
    "1e309",
    "nan",
    "inf",
    "-inf",
    "١٢",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31T23:59:59-23:59",
    "2026-01-01T00:00:00+99:00",
    "2026-01-01T25:61:61",
    "' OR 1=1 --",
    "a\x00b",
    "%",
    "_",
    "*",
    '"',
    "ä" * 300,
    "x" * 5000,
    " ".join(f"wort{n}" for n in range(1500)),
    "50667",
    "50.9,6.9",
    "91,181",
    "[]",
    "{}",
]
#: Parameters every endpoint may see besides those the OpenAPI document names, with a shorter battery.
EXTRA = ["page", "per_page", "page_size"]
SHORT = ["x", "-1", "1" + "0" * 30, "nan", "a\x00b"]


def endpoints(client: Client) -> list[tuple[str, list[str]]]:
    document = client.get("/api/v1/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        names = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"]
        found.append((path, names))
    return found


def concrete(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def test_no_malformed_parameter_causes_a_server_error(client: Client) -> None:
    make_offer(status="published", title="Beratung für Familien")
    client.raise_request_exception = False
    failures: list[tuple[str, str, str, int]] = []
    paths = endpoints(client)
    assert any(path.endswith("/hsds/services") for path, _ in paths)
    for path, names in paths:
        url = concrete(path, "00000000-0000-4000-8000-000000000001")
        battery = [(name, MALFORMED) for name in names] + [(name, SHORT) for name in EXTRA if name not in names]
        for name, values in battery:
            for value in values:
                response = client.get(url, {name: value})
                if response.status_code >= 500:
                    failures.append((url, name, value[:40], response.status_code))
    for path, _names in paths:
        if "{" in path:
            for value in MALFORMED:
                if "\x00" in value or "/" in value or value in ("", "%"):
                    continue
                response = client.get(concrete(path, value))
                if response.status_code >= 500:
                    failures.append((path, "path", value[:40], response.status_code))
    assert not failures, failures[:80]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"modified_after": "2026-02-30"}, "modified_after"),
        ({"modified_after": "2026-13-01"}, "modified_after"),
        ({"modified_after": "0000-00-00"}, "modified_after"),
        ({"modified_after": "2026-01-01T00:00:00+99:00"}, "modified_after"),
        ({"page": "1" + "0" * 30}, "page"),
        ({"page": "100000", "per_page": "200"}, "page"),
        ({"search": " ".join(["wort"] * 300)}, "search"),  # 1,500 words: see test_an_overlong_address_is_a_414
        ({"proximity": "nan", "postcode": "50667"}, "proximity"),
    ],
)
def test_hsds_refuses_bad_values_with_a_clear_message(client: Client, params: dict[str, str], field: str) -> None:
    response = client.get("/api/v1/hsds/services", params)
    assert response.status_code == 400
    assert field in response.json()


def test_hsds_accepts_good_values(client: Client) -> None:
    make_offer(status="published", title="Beratung für Familien")
    for params in (
        {"modified_after": "2026-01-01"},
        {"modified_after": "2026-01-01T10:00:00+02:00"},
        {"page": "3", "per_page": "200"},
        {"search": "Beratung Familien"},
    ):
        assert client.get("/api/v1/hsds/services", params).status_code == 200, params


def test_an_overlong_address_is_a_414(client: Client) -> None:
    """1,500 words make an address longer than TEILHABE_MAX_URL_LENGTH: the app's 414, never a 5xx."""
    response = client.get("/api/v1/hsds/services", {"search": " ".join(["wort"] * 1500)})
    assert response.status_code == 414
