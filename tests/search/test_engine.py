"""The engine on plain documents: German analysis, typos, prefixes, filters, distance, facets, totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from teilhabe.search.engine import SearchIndex, SearchQuery, haversine_km

KOELN = (50.9375, 6.9603)

DOCS = [
    {
        "id": "kurs-koeln",
        "title": "Deutschkurs für Mütter in Köln",
        "description": "Sprachkurs am Vormittag",
        "organisation": "Caritas Köln",
        "topics": ["Sprache"],
        "topic_keys": ["sprache"],
        "languages": ["de", "ar"],
        "target_groups": ["frauen"],
        "kreis": "05315",
        "gemeinde": "05315000",
        "org_kind": "wohlfahrtspflege",
        "lat": 50.94,
        "lon": 6.96,
    },
    {
        "id": "kurse-ddorf",
        "title": "Deutschkurse am Abend",
        "description": "Kurse für Berufstätige in Düsseldorf",
        "organisation": "VHS Düsseldorf",
        "topics": ["Sprache"],
        "topic_keys": ["sprache"],
        "languages": ["de"],
        "target_groups": ["fachkraefte"],
        "kreis": "05111",
        "gemeinde": "05111000",
        "org_kind": "bildungstraeger",
        "lat": 51.22,
        "lon": 6.77,
    },
    {
        "id": "beratung-muelheim",
        "title": "Beratung auf Arabisch",
        "description": "Migrationsberatung in Köln-Mülheim",
        "organisation": "AWO Köln",
        "topics": ["Beratung", "Arabisch"],
        "topic_keys": ["beratung"],
        "languages": ["ar"],
        "target_groups": ["gefluechtete"],
        "kreis": "05315",
        "gemeinde": "05315000",
        "org_kind": "wohlfahrtspflege",
        "lat": 50.96,
        "lon": 7.0,
    },
    {
        "id": "strasse-bonn",
        "title": "Straßenfest der Kulturen",
        "description": "Begegnung in Bonn",
        "organisation": "Initiative Bonn",
        "topics": ["Sport und Kultur"],
        "topic_keys": ["sport-kultur"],
        "languages": ["de", "tr"],
        "target_groups": ["alle"],
        "kreis": "05314",
        "gemeinde": "05314000",
        "org_kind": "verein",
        "lat": 50.73,
        "lon": 7.10,
    },
]


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    idx = SearchIndex(tmp_path / "search")
    assert idx.rebuild(DOCS) == 4
    return idx


def ids(index: SearchIndex, **kwargs: object) -> list[str]:
    return [h.id for h in index.search(SearchQuery(**kwargs)).hits]  # type: ignore[arg-type]


def test_stemming_finds_inflected_forms(index: SearchIndex) -> None:
    assert "kurse-ddorf" in ids(index, text="Kurs")
    assert "kurse-ddorf" in ids(index, text="Deutschkurse")
    assert "kurs-koeln" in ids(index, text="Deutschkurse")


@pytest.mark.parametrize("query", ["Köln", "Koeln", "KÖLN"])
def test_umlauts_fold_both_ways(index: SearchIndex, query: str) -> None:
    assert set(ids(index, text=query)) == {"kurs-koeln", "beratung-muelheim"}


def test_umlaut_written_out_in_document_is_found_with_umlaut(index: SearchIndex) -> None:
    assert ids(index, text="Muelheim") == ["beratung-muelheim"]
    assert ids(index, text="Mülheim") == ["beratung-muelheim"]


def test_sharp_s(index: SearchIndex) -> None:
    assert ids(index, text="Strassenfest") == ["strasse-bonn"]
    assert ids(index, text="Straßenfest") == ["strasse-bonn"]


def test_prefix(index: SearchIndex) -> None:
    assert set(ids(index, text="Deutschk")) == {"kurs-koeln", "kurse-ddorf"}


def test_one_typo_is_tolerated_and_ranks_below_exact(index: SearchIndex) -> None:
    assert ids(index, text="Beratnug") == ["beratung-muelheim"]
    result = index.search(SearchQuery(text="Beratung"))
    typo = index.search(SearchQuery(text="Beratng"))
    assert result.hits[0].score > typo.hits[0].score


def test_all_words_must_match_and_title_ranks_first(index: SearchIndex) -> None:
    assert ids(index, text="Deutschkurs Köln") == ["kurs-koeln"]
    assert ids(index, text="Beratung Arabisch") == ["beratung-muelheim"]
    assert ids(index, text="Deutschkurs Bonn") == []


def test_filters_any_of_within_and_across(index: SearchIndex) -> None:
    assert set(ids(index, filters={"language": ["ar", "tr"]})) == {"kurs-koeln", "beratung-muelheim", "strasse-bonn"}
    assert ids(index, filters={"language": ["ar"], "topic": ["beratung"]}) == ["beratung-muelheim"]
    assert ids(index, text="Kurs", filters={"kreis": ["05111"]}) == ["kurse-ddorf"]


def test_distance_radius_and_order(index: SearchIndex) -> None:
    result = index.search(SearchQuery(lat=KOELN[0], lon=KOELN[1], radius_km=10, sort_by_distance=True))
    assert [h.id for h in result.hits] == ["kurs-koeln", "beratung-muelheim"]
    assert result.total == 2
    distances = [h.distance_km for h in result.hits]
    assert distances == sorted(distances)
    assert distances[0] == pytest.approx(haversine_km(*KOELN, 50.94, 6.96), abs=0.01)
    assert index.search(SearchQuery(lat=KOELN[0], lon=KOELN[1], radius_km=50)).total == 4


def test_facets_count_the_whole_match_set(index: SearchIndex) -> None:
    result = index.search(SearchQuery(page_size=1))
    assert len(result.hits) == 1
    assert result.total == 4
    assert result.facets["language"] == {"de": 3, "ar": 2, "tr": 1}
    assert result.facets["kreis"] == {"05315": 2, "05111": 1, "05314": 1}
    geo = index.search(SearchQuery(lat=KOELN[0], lon=KOELN[1], radius_km=10))
    assert geo.facets["kreis"] == {"05315": 2}


def test_pagination_exact_total(index: SearchIndex) -> None:
    first = index.search(SearchQuery(page=1, page_size=3))
    second = index.search(SearchQuery(page=2, page_size=3))
    assert first.total == second.total == 4
    assert len(first.hits) == 3 and len(second.hits) == 1
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_upsert_delete_and_a_second_reader(index: SearchIndex, tmp_path: Path) -> None:
    reader = SearchIndex(tmp_path / "search")
    assert reader.search(SearchQuery(text="Theater")).total == 0
    index.apply(upserts=[{**DOCS[3], "title": "Theaterprojekt der Kulturen"}], deletes=["kurs-koeln"])
    reader._checked_at = 0  # a real reader looks again after a second
    assert [h.id for h in reader.search(SearchQuery(text="Theater")).hits] == ["strasse-bonn"]
    assert reader.search(SearchQuery(text="Mütter")).total == 0
    assert reader.count() == 3


def test_rebuild_switches_atomically(index: SearchIndex, tmp_path: Path) -> None:
    reader = SearchIndex(tmp_path / "search")
    assert reader.count() == 4
    index.rebuild(DOCS[:1])
    reader._checked_at = 0
    assert reader.count() == 1
    generations = [p for p in (tmp_path / "search").iterdir() if p.is_dir()]
    assert len(generations) == 1
