"""`GET /api/v1/offers`: answers kept per index snapshot, and when they are not given again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from teilhabe.public.api import _ANSWERS
from teilhabe.registry import services
from teilhabe.registry.search import rebuild_search_index
from tests.registry.factories import keeper_of, make_offer

pytestmark = pytest.mark.django_db

URL = "/api/v1/offers?q=Sprachcafe"


@pytest.fixture(autouse=True)
def _index(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


@pytest.fixture
def offers() -> list[Any]:
    made = [make_offer(status="published", title=f"Sprachcafé {n}") for n in range(3)]
    rebuild_search_index()
    return made


def titles(response: Any) -> list[str]:
    return sorted(item["title"] for item in response.json()["items"])


def test_an_answer_given_again_is_the_same_and_asks_only_whether_its_offers_are_still_published(
    client: Client, offers: list[Any]
) -> None:
    first = client.get(URL)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(URL)
    assert again.status_code == 200 and again["Content-Type"] == "application/json"
    assert again.content == first.content
    assert titles(again) == ["Sprachcafé 0", "Sprachcafé 1", "Sprachcafé 2"]
    assert len(captured.captured_queries) == 1  # the offers of the page, by primary key


def test_an_offer_withdrawn_leaves_the_kept_answer_before_the_index_knows(client: Client, offers: list[Any]) -> None:
    assert len(titles(client.get(URL))) == 3
    services.offer_archive(actor=keeper_of(offers[0].organisation), offer=offers[0])
    # The outbox was not applied: the index still finds the offer, the answer leaves it out.
    assert titles(client.get(URL)) == ["Sprachcafé 1", "Sprachcafé 2"]


def test_a_new_index_snapshot_gives_a_new_answer(client: Client, offers: list[Any]) -> None:
    from tests.registry.factories import kommune_for, offer_input

    assert "Sprachcafé 0" in titles(client.get(URL))
    offers[0].refresh_from_db()
    services.offer_update(actor=kommune_for(offers[0].ags), offer=offers[0], data=offer_input(title="Sprachcafé neu"))
    rebuild_search_index()
    assert titles(client.get(URL)) == ["Sprachcafé 1", "Sprachcafé 2", "Sprachcafé neu"]


def test_answers_differ_by_query_and_host(client: Client, offers: list[Any]) -> None:
    assert client.get(URL + "&page=1").json()["count"] == 3
    assert client.get("/api/v1/offers?q=Nichtda").json()["count"] == 0
    other_host = client.get(URL, HTTP_HOST="127.0.0.1")
    assert other_host.json()["items"][0]["url"].startswith("http://127.0.0.1/angebote/")
    assert client.get(URL).json()["items"][0]["url"].startswith("http://testserver/angebote/")


def test_refusals_are_not_kept(client: Client, offers: list[Any]) -> None:
    for _ in range(2):
        response = client.get("/api/v1/offers?near=Atlantis")
        assert response.status_code == 400 and "near" in response.json()["errors"]


def test_an_answer_is_kept_for_a_minute_at_most(client: Client, offers: list[Any], monkeypatch: Any) -> None:
    from teilhabe.public.api import OfferSearch

    built: list[str] = []
    build = OfferSearch._answer

    def counted(self: OfferSearch, request: Any, base_url: str) -> Any:
        built.append(request.META["QUERY_STRING"])
        return build(self, request, base_url)

    monkeypatch.setattr(OfferSearch, "_answer", counted)
    client.get(URL)
    client.get(URL)
    assert len(built) == 1
    monkeypatch.setattr(_ANSWERS, "ttl", 0.0)
    client.get(URL)
    assert len(built) == 2


def test_the_kept_answers_are_bounded(offers: list[Any]) -> None:
    from teilhabe.public.api import _Answer

    assert _ANSWERS.size == 256
    for n in range(_ANSWERS.size + 10):
        _ANSWERS.put(("index", 1, "http://x/", f"q={n}"), _Answer((), b"{}"))
    assert len(_ANSWERS._values) == _ANSWERS.size
