"""The finder and the API search in the reader's language: translations and taxonomy names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from teilhabe.registry import search_i18n
from teilhabe.registry.search import rebuild_search_index
from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    search_i18n.clear()


@pytest.fixture
def offers() -> dict[str, Any]:
    made = {
        "beratung": make_offer(
            status="published",
            title="Migrationsberatung für Erwachsene",
            description="Wir helfen bei Aufenthalt, Arbeit und Wohnung.",
            topics=["beratung"],
            target_groups=["neuzugewanderte"],
            languages=["de", "uk", "ar"],
            translations={
                "uk": ("Консультація з питань міграції", "Допомагаємо з перебуванням, роботою та житлом."),
                "ar": ("الاستشارة للمهاجرين", "نساعدكم في الإقامة والعمل والسكن"),
            },
        ),
        "kurs": make_offer(
            status="published",
            title="Deutschkurs für Frauen",
            topics=["sprache"],
            target_groups=["frauen"],
            languages=["de", "tr"],
            translations={"tr": ("Kadınlar için Almanca kursu", "Sabahları çocuk bakımı ile Almanca öğrenin.")},
        ),
    }
    rebuild_search_index()
    return made


def found(client: Client, lang: str, q: str, **params: Any) -> set[str]:
    data = client.get("/api/v1/offers", {"q": q, "lang": lang, **params}).json()
    return {item["title"] for item in data["items"]}


def test_topic_names_in_every_language_find_beratung(client: Client, offers: dict[str, Any]) -> None:
    title = offers["beratung"].title
    assert found(client, "tr", "danışmanlık") == {title}
    assert found(client, "uk", "консультація") == {title}
    assert found(client, "ru", "консультации") == {title}
    assert found(client, "en", "counselling") == {title}
    assert found(client, "ar", "استشارة") == {title}
    # German words for it in German, and nothing for a word that names nothing.
    assert found(client, "de", "danışmanlık") == set()
    assert found(client, "tr", "yangın") == set()


def test_target_groups_and_languages_by_name(client: Client, offers: dict[str, Any]) -> None:
    kurs = offers["kurs"].title
    assert found(client, "tr", "kadınlar") == {kurs}  # Frauen
    assert found(client, "uk", "жінки") == {kurs}
    assert found(client, "en", "turkish") == {kurs}  # language name in English
    assert found(client, "ru", "турецкий") == {kurs}
    assert found(client, "tr", "Türkçe") == {kurs}  # native name


def test_translations_with_the_language_analysis(client: Client, offers: dict[str, Any]) -> None:
    kurs = offers["kurs"].title
    assert found(client, "tr", "ALMANCA KURSU") == {kurs}
    assert found(client, "tr", "kurs") == {kurs}  # prefix of "kursu"
    assert found(client, "uk", "житло") == {offers["beratung"].title}  # "житлом" in the text


def test_api_lang_is_validated(client: Client, offers: dict[str, Any]) -> None:
    response = client.get("/api/v1/offers", {"q": "kurs", "lang": "xx"})
    assert response.status_code == 400
    assert "lang" in response.json()["errors"]
    assert client.get("/api/v1/offers", {"q": "kurs", "lang": ""}).status_code == 400


def test_finder_page_language_is_the_query_language(client: Client, offers: dict[str, Any]) -> None:
    client.cookies["django_language"] = "uk"
    response = client.get("/angebote/", {"q": "консультація"})
    assert response.status_code == 200
    assert offers["beratung"].title.encode() in response.content or "Консультація".encode() in response.content
    client.cookies["django_language"] = "de"
    response = client.get("/angebote/", {"q": "danışmanlık"})
    assert offers["beratung"].title.encode() not in response.content
