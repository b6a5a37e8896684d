"""Search in the reader's language: analysis per language of translations and queries, taxonomy names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from teilhabe.search import SearchIndex, SearchQuery
from teilhabe.search.analysis import arabic_normal, language_terms, query_tokens, ukrainian_stem
from tests.search.test_index import offer


def tr(lang: str, title: str, description: str = "") -> dict[str, Any]:
    return {lang: {"title": title, "description": description}}


@pytest.fixture
def multi(tmp_path: Path) -> SearchIndex:
    index = SearchIndex(tmp_path / "search")
    index.rebuild(
        [
            offer(
                "ar",
                "Migrationsberatung für Erwachsene",
                topics=["Beratung"],
                topic_keys=["beratung"],
                translations=tr("ar", "الاستشارة للمهاجرين البالغين", "نساعدكم في الإقامة والعمل والسكن"),
            ),
            offer(
                "tr",
                "Sozialberatung",
                topics=["Beratung"],
                topic_keys=["beratung"],
                translations=tr("tr", "Sosyal danışmanlık", "İŞ ARAYANLAR için ücretsiz danışmanlığı"),
            ),
            offer(
                "uk",
                "Deutschkurs für Geflüchtete",
                topics=["Sprache"],
                topic_keys=["sprache"],
                translations=tr("uk", "Курси німецької мови", "Безкоштовна консультація щодо курсів"),
            ),
            offer(
                "ru",
                "Elterncafé",
                topics=["Familie"],
                topic_keys=["familie"],
                translations=tr("ru", "Кафе для родителей", "Консультации для семей с детьми"),
            ),
            offer("de", "Nachhilfe", "Lernen am Nachmittag", topics=["Bildung"], topic_keys=["bildung"]),
        ]
    )
    return index


def ids(index: SearchIndex, text: str, language: str = "de", **kwargs: Any) -> list[str]:
    query = SearchQuery(text, page_size=50, language=language, **kwargs)
    return sorted(h.id for h in index.search(query).hits)


# --- analysis -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "normal"),
    [
        ("الاستشارة", "استشاره"),  # article and taa marbuta
        ("والاستشارة", "استشاره"),  # wa + al
        ("بالعربية", "عربيه"),  # bi + al
        ("للأطفال", "اطفال"),  # li + al, alef with hamza
        ("إقامة", "اقامه"),  # alef with hamza below
        ("مُسْتَشْفَى", "مستشفي"),  # diacritics, alef maqsura
        ("استـــشارة", "استشاره"),  # tatweel
        ("آمن", "امن"),  # alef madda
        ("ال", "ال"),  # the article alone stays
    ],
)
def test_arabic_normalisation(word: str, normal: str) -> None:
    assert arabic_normal(word) == normal


def test_arabic_forms_share_terms() -> None:
    assert language_terms("استشارة", "ar") == language_terms("الاستشارة", "ar")
    assert language_terms("استشارة", "ar") == language_terms("والاستشارة", "ar")
    assert language_terms("في", "ar") == ()  # stop word


def test_turkish_dotted_and_dotless_i() -> None:
    assert language_terms("DANIŞMANLIK", "tr") == language_terms("danışmanlık", "tr") == ("danismanlik",)
    assert language_terms("İSTANBUL", "tr") == language_terms("istanbul", "tr")
    assert "danismanlik" in language_terms("danışmanlığı", "tr")  # the stem of the inflected form
    assert language_terms("ve", "tr") == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [("консультація", "консультації"), ("консультація", "консультацію"), ("курси", "курсів"), ("мова", "мовою")],
)
def test_ukrainian_light_stemmer(a: str, b: str) -> None:
    assert ukrainian_stem(a) == ukrainian_stem(b)
    assert language_terms(a, "uk")[-1] == language_terms(b, "uk")[-1]


def test_ukrainian_stemmer_keeps_short_words() -> None:
    assert ukrainian_stem("мир") == "мир"
    assert ukrainian_stem("дім") == "дім"


def test_russian_snowball() -> None:
    assert language_terms("консультация", "ru")[-1] == language_terms("консультации", "ru")[-1] == "консультац"
    assert language_terms("для", "ru") == ()


def test_query_tokens_follow_the_script() -> None:
    # Cyrillic on a German page is read as Russian and Ukrainian, Arabic script as Arabic.
    ((_word, terms),) = query_tokens("консультація", "de")
    assert "консультац" in terms
    assert query_tokens("الاستشارة", "de")[0][1] == language_terms("الاستشارة", "ar")
    assert query_tokens("Beratung", "de") == [("beratung", ())]
    assert query_tokens("für", "de") == []


# --- the index ----------------------------------------------------------------------------------------------------


def test_arabic_without_article_finds_the_article(multi: SearchIndex) -> None:
    assert ids(multi, "استشارة", "ar") == ["ar"]
    assert ids(multi, "الاستشارة", "ar") == ["ar"]
    assert ids(multi, "اقامة", "ar") == ["ar"]  # "والإقامة" in the text: wa + al + hamza
    assert ids(multi, "استشارة", "de") == ["ar"]  # the script says Arabic


def test_turkish_cases_and_inflection(multi: SearchIndex) -> None:
    assert ids(multi, "danışmanlık", "tr") == ["tr"]
    assert ids(multi, "DANIŞMANLIK", "tr") == ["tr"]
    assert ids(multi, "danismanlik", "tr") == ["tr"]  # typed without Turkish letters
    assert ids(multi, "iş arayanlar", "tr") == ["tr"]  # "İŞ ARAYANLAR" in capitals


def test_ukrainian_and_russian_stemming(multi: SearchIndex) -> None:
    # Russian and Ukrainian share this stem: the Russian "Консультации" is found too, as it should.
    assert ids(multi, "консультації", "uk") == ["ru", "uk"]
    assert ids(multi, "безкоштовна", "uk") == ["uk"]
    assert ids(multi, "курс", "uk") == ["uk"]
    assert ids(multi, "консультация", "ru") == ["ru", "uk"]
    assert ids(multi, "семья", "ru") == ["ru"]  # "семей" in the description
    assert ids(multi, "родители", "ru") == ["ru"]  # "родителей" in the title
    assert ids(multi, "консультаций", "ru") == ["ru", "uk"]


def test_taxonomy_names_in_the_query_language(multi: SearchIndex) -> None:
    vocabulary = {"danismanlik": ["t:beratung"], "консультац": ["t:beratung"]}
    # Without the vocabulary "консультація" finds only the texts that say it; with it the Beratung offers too.
    assert ids(multi, "консультація", "uk") == ["ru", "uk"]
    assert ids(multi, "консультація", "uk", vocabulary=vocabulary) == ["ar", "ru", "tr", "uk"]
    assert ids(multi, "danışmanlık", "tr", vocabulary=vocabulary) == ["ar", "tr"]
    assert ids(multi, "Nachhilfe", "tr", vocabulary=vocabulary) == ["de"]  # German still works on any page


def test_a_word_in_no_language_finds_nothing(multi: SearchIndex) -> None:
    assert ids(multi, "консультація", "uk", vocabulary={"xyz": ["t:beratung"]}) == ["ru", "uk"]
    assert ids(multi, "пожежа", "uk") == []
    assert ids(multi, "حريق", "ar") == []
