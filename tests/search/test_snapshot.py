"""Readers see the index and its facet dictionary as one snapshot, while another process writes new combinations."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from teilhabe.search import SearchIndex, SearchQuery
from tests.search.test_index import offer


def test_a_commit_with_new_facet_keys_never_reaches_a_reader_before_its_codes(tmp_path: Path) -> None:
    reader = SearchIndex(tmp_path / "search", reload_interval=None)  # a web worker: reloads only when told
    writer = SearchIndex(tmp_path / "search")  # the index worker: another process
    writer.rebuild([offer("a", "Beratung", topics=["Sprache"])])
    reader.reload()
    assert reader.search(SearchQuery("Beratung")).facets["topic"] == {"Sprache": 1}
    writer.upsert([offer("b", "Beratung", topics=["Arbeit"], languages=["uk"], kreis_key="05111")])
    time.sleep(1.0)  # tantivy's own reader would pick the commit up by itself within half a second
    result = reader.search(SearchQuery("Beratung"))  # the old snapshot, consistent
    assert result.total == 1
    reader.reload()
    result = reader.search(SearchQuery("Beratung"))
    assert result.total == 2
    assert result.facets["topic"] == {"Arbeit": 1, "Sprache": 1}


def test_searches_while_others_edit_never_fail(tmp_path: Path) -> None:
    reader = SearchIndex(tmp_path / "search", reload_interval=0)  # checks for commits on every search
    writer = SearchIndex(tmp_path / "search")
    writer.rebuild([offer("a", "Beratung", topics=["Sprache"])])
    stop = threading.Event()
    errors: list[BaseException] = []
    searches = [0]

    def search() -> None:
        while not stop.is_set():
            try:
                result = reader.search(SearchQuery("Beratung"))
                assert sum(result.facets["kreis"].values()) == result.total
                searches[0] += 1
            except BaseException as error:  # reported below
                errors.append(error)
                return

    threads = [threading.Thread(target=search) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for n in range(25):  # every commit brings new combinations of facet keys
            writer.upsert([offer(f"o{n}", "Beratung", topics=[f"Thema {n}"], kreis_key=f"05{n:03d}")])
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors, errors[:3]
    assert searches[0] > 0
    assert reader.search(SearchQuery("Beratung")).total == 26
