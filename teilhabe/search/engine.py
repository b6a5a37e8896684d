"""The search engine: schema, German analysis, index lifecycle and queries.

Documents are dicts with the keys of ``OfferDocument``. One index directory per app server under
``<root>/<generation>``, the current one named by ``<root>/CURRENT``: a rebuild writes a fresh generation and
then switches ``CURRENT`` atomically, so readers never see a half-built index.

Only one process may write (tantivy holds a lock); web workers only read and reopen when the index changed.
"""

from __future__ import annotations

import math
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import tantivy

ANALYZER = "de_folded"
#: Unstemmed words, for prefix and typo matching: a stemmer would have cut "Beratung" to "berat" already.
PLAIN_ANALYZER = "de_plain"
FACETS = ("topic", "target_group", "language", "kreis", "gemeinde", "org_kind")
#: Field boosts: a word in the title counts most, then topics and organisation, then the description.
TEXT_FIELDS = {"title": 3.0, "topics": 1.5, "organisation": 1.5, "body": 1.0}
FUZZY_BOOST = 0.2
PREFIX_BOOST = 0.4
MIN_FUZZY_LENGTH = 5
EARTH_RADIUS_KM = 6371.0088
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
#: Inflection endings tried on query words, because the Snowball stemmer maps "Kurs" and "Kurse" apart.
_ENDINGS = ("", "e", "en", "n", "s", "es", "er", "ern")


class OfferDocument(TypedDict, total=False):
    id: str
    title: str
    description: str
    organisation: str
    topics: list[str]  # labels, searched as text
    topic_keys: list[str]
    target_groups: list[str]
    languages: list[str]
    kreis: str
    gemeinde: str
    org_kind: str
    lat: float | None
    lon: float | None
    extra_text: list[str]  # translations and other searchable text


def fold(text: str) -> str:
    """Umlauts and ß written out (Köln -> Koeln), so both spellings meet in the index."""
    return text.translate(_FOLD)


def _analyzer() -> Any:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("german"))
        .build()
    )


def _plain_analyzer() -> Any:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def _schema() -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name=ANALYZER, index_option="freq")
    sb.add_text_field("plain", tokenizer_name=PLAIN_ANALYZER, index_option="basic")
    for name in FACETS:
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_float_field("lat", fast=True, indexed=True)
    sb.add_float_field("lon", fast=True, indexed=True)
    return sb.build()


SCHEMA = _schema()
_ANALYZER = _analyzer()
_PLAIN = _plain_analyzer()


def analyze(text: str) -> list[str]:
    return list(_ANALYZER.analyze(fold(text)))


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    #: facet name -> accepted values (any of them); facets are ANDed
    filters: dict[str, list[str]] = field(default_factory=dict)
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    sort_by_distance: bool = False
    page: int = 1
    page_size: int = 20
    facets: bool = True


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    distance_km: float | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    elapsed_ms: float
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(0.01, math.cos(math.radians(lat)))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def to_tantivy(doc: OfferDocument) -> Any:
    d = tantivy.Document()
    d.add_text("id", doc["id"])
    d.add_text("title", fold(doc.get("title", "")))
    d.add_text("organisation", fold(doc.get("organisation", "")))
    d.add_text("topics", fold(" ".join(doc.get("topics", []))))
    body = fold(" ".join([doc.get("description", ""), *doc.get("extra_text", [])]))
    d.add_text("body", body)
    d.add_text(
        "plain",
        " ".join(
            [fold(doc.get("title", "")), fold(doc.get("organisation", "")), fold(" ".join(doc.get("topics", []))), body]
        ),
    )
    for facet, key in (("topic", "topic_keys"), ("target_group", "target_groups"), ("language", "languages")):
        for value in doc.get(key, []):  # type: ignore[attr-defined]
            d.add_text(facet, value)
    for facet in ("kreis", "gemeinde", "org_kind"):
        if doc.get(facet):
            d.add_text(facet, doc[facet])  # type: ignore[literal-required]
    if doc.get("lat") is not None and doc.get("lon") is not None:
        d.add_float("lat", float(doc["lat"]))  # type: ignore[arg-type]
        d.add_float("lon", float(doc["lon"]))  # type: ignore[arg-type]
    return d


class SearchIndex:
    """One index on disk. Readers call ``search``; the single writer calls ``upsert``/``delete``/``rebuild``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._index: Any = None
        self._generation: str | None = None
        self._checked_at = 0.0

    # --- lifecycle --------------------------------------------------------------------------

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    def _current_generation(self) -> str | None:
        try:
            return self.current_file.read_text().strip() or None
        except FileNotFoundError:
            return None

    def _open(self, generation: str) -> Any:
        index = tantivy.Index(SCHEMA, path=str(self.root / generation), reuse=True)
        index.register_tokenizer(ANALYZER, _analyzer())
        index.register_tokenizer(PLAIN_ANALYZER, _plain_analyzer())
        return index

    def _create_generation(self) -> tuple[str, Any]:
        generation = f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        path = self.root / generation
        path.mkdir(parents=True)
        index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
        index.register_tokenizer(ANALYZER, _analyzer())
        index.register_tokenizer(PLAIN_ANALYZER, _plain_analyzer())
        return generation, index

    def _switch(self, generation: str) -> None:
        tmp = self.root / f"CURRENT.{uuid.uuid4().hex}"
        tmp.write_text(generation)
        os.replace(tmp, self.current_file)
        for old in self.root.iterdir():
            if old.is_dir() and old.name != generation:
                shutil.rmtree(old, ignore_errors=True)

    def index(self) -> Any:
        """The current index, reopened when another process switched generations (checked once a second)."""
        with self._lock:
            now = time.monotonic()
            if self._index is None or now - self._checked_at > 1.0:
                self._checked_at = now
                generation = self._current_generation()
                if generation is None:
                    generation, index = self._create_generation()
                    index.writer(15_000_000, 1).commit()
                    self._switch(generation)
                    self._index, self._generation = self._open(generation), generation
                elif generation != self._generation:
                    self._index, self._generation = self._open(generation), generation
                else:
                    self._index.reload()
            return self._index

    def rebuild(self, documents: Iterable[OfferDocument], *, threads: int = 2) -> int:
        """Write every document into a fresh generation, then switch to it; returns the number written."""
        self.root.mkdir(parents=True, exist_ok=True)
        generation, index = self._create_generation()
        writer = index.writer(heap_size=256_000_000, num_threads=threads)
        count = 0
        for doc in documents:
            writer.add_document(to_tantivy(doc))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self._switch(generation)
        with self._lock:
            self._index, self._generation, self._checked_at = self._open(generation), generation, time.monotonic()
        return count

    def apply(self, *, upserts: Iterable[OfferDocument] = (), deletes: Iterable[str] = ()) -> None:
        """Replace or remove documents by id in one commit."""
        index = self.index()
        writer = index.writer(heap_size=15_000_000, num_threads=1)
        for doc in upserts:
            writer.delete_documents_by_term("id", doc["id"])
            writer.add_document(to_tantivy(doc))
        for doc_id in deletes:
            writer.delete_documents_by_term("id", doc_id)
        writer.commit()
        writer.wait_merging_threads()
        index.reload()

    def count(self) -> int:
        index = self.index()
        return int(index.searcher().num_docs)

    # --- queries ----------------------------------------------------------------------------

    def _text_query(self, text: str) -> Any | None:
        words = [w for w in fold(text).split() if w.strip()]
        clauses = []
        for word in words:
            exact_terms = sorted({t for ending in _ENDINGS for t in _ANALYZER.analyze(word.lower() + ending)})
            plain = _PLAIN.analyze(word.lower())
            if not plain or not exact_terms:
                continue
            raw = plain[0]
            alternatives: list[tuple[Any, Any]] = []
            for field_name, boost in TEXT_FIELDS.items():
                alternatives.extend(
                    (
                        tantivy.Occur.Should,
                        tantivy.Query.boost_query(tantivy.Query.term_query(SCHEMA, field_name, term), boost),
                    )
                    for term in exact_terms
                )
            alternatives.append(
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.fuzzy_term_query(SCHEMA, "plain", raw, distance=0, prefix=True), PREFIX_BOOST
                    ),
                )
            )
            if len(raw) >= MIN_FUZZY_LENGTH:
                alternatives.append(
                    (
                        tantivy.Occur.Should,
                        tantivy.Query.boost_query(
                            tantivy.Query.fuzzy_term_query(SCHEMA, "plain", raw, distance=1), FUZZY_BOOST
                        ),
                    )
                )
            clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(alternatives)))
        if not clauses:
            return None
        return tantivy.Query.boolean_query(clauses)

    def _query(self, q: SearchQuery, *, skip_facet: str | None = None) -> tuple[Any, bool]:
        clauses: list[tuple[Any, Any]] = []
        text_query = self._text_query(q.text) if q.text.strip() else None
        if text_query is not None:
            clauses.append((tantivy.Occur.Must, text_query))
        for facet, values in q.filters.items():
            if facet not in FACETS or not values or facet == skip_facet:
                continue
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.const_score_query(tantivy.Query.term_set_query(SCHEMA, facet, list(values)), 0.0),
                )
            )
        if q.lat is not None and q.lon is not None and q.radius_km:
            south, north, west, east = bounding_box(q.lat, q.lon, q.radius_km)
            for name, low, high in (("lat", south, north), ("lon", west, east)):
                clauses.append(
                    (
                        tantivy.Occur.Must,
                        tantivy.Query.const_score_query(
                            tantivy.Query.range_query(SCHEMA, name, tantivy.FieldType.Float, low, high), 0.0
                        ),
                    )
                )
        if not clauses:
            return tantivy.Query.all_query(), False
        return tantivy.Query.boolean_query(clauses), text_query is not None

    def search(self, q: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        index = self.index()
        searcher = index.searcher()
        query, ranked = self._query(q)
        offset = (max(1, q.page) - 1) * q.page_size
        outside: list[str] = []
        if q.lat is not None and q.lon is not None and q.radius_km:
            hits, total, outside = self._search_geo(searcher, query, q, offset)
        else:
            if ranked:
                result = searcher.search(query, limit=q.page_size, offset=offset, count=True)
            else:
                # Without words every hit scores the same: a stable order by id keeps pages consistent.
                result = searcher.search(
                    query, limit=q.page_size, offset=offset, count=True, order_by_field="id", order=tantivy.Order.Asc
                )
            total = int(result.count)
            hits = [
                Hit(searcher.doc(address)["id"][0], float(score) if ranked else 0.0) for score, address in result.hits
            ]
        facets = self._facets(searcher, q, outside) if q.facets else {}
        return SearchResult(total, hits, facets, (time.perf_counter() - started) * 1000, q.page, q.page_size)

    def points(self, q: SearchQuery, *, limit: int = 5000) -> list[tuple[str, float, float]]:
        """(id, lat, lon) of up to ``limit`` best matches, for the map (within the circle if one is given)."""
        searcher = self.index().searcher()
        query, _ranked = self._query(q)
        result = searcher.search(query, limit=limit, count=False)
        addresses = [address for _score, address in result.hits]
        lats = searcher.fast_field_values("lat", addresses)
        lons = searcher.fast_field_values("lon", addresses)
        points = []
        for address, lat, lon in zip(addresses, lats, lons, strict=True):
            if lat is None or lon is None:
                continue
            outside = q.lat is not None and q.lon is not None and bool(q.radius_km)
            if outside and haversine_km(q.lat, q.lon, lat, lon) > q.radius_km:  # type: ignore[arg-type,operator]
                continue
            points.append((searcher.doc(address)["id"][0], lat, lon))
        return points

    def _search_geo(self, searcher: Any, query: Any, q: SearchQuery, offset: int) -> tuple[list[Hit], int, list[str]]:
        """Bounding box in the index, then the exact circle and (if asked) the distance order in Python.

        Returns the page, the exact total and the ids inside the box but outside the circle (for the facets).
        """
        assert q.lat is not None and q.lon is not None and q.radius_km is not None
        candidates = searcher.search(query, limit=max(1, searcher.num_docs), count=False)
        addresses = [address for _score, address in candidates.hits]
        lats = searcher.fast_field_values("lat", addresses)
        lons = searcher.fast_field_values("lon", addresses)
        inside = []
        outside = []
        for (score, address), lat, lon in zip(candidates.hits, lats, lons, strict=True):
            distance = haversine_km(q.lat, q.lon, lat, lon) if lat is not None and lon is not None else math.inf
            if distance <= q.radius_km:
                inside.append((score, distance, address))
            else:
                outside.append(address)
        if q.sort_by_distance or not q.text.strip():
            inside.sort(key=lambda item: (item[1], -item[0]))
        else:
            inside.sort(key=lambda item: (-item[0], item[1]))
        page = inside[offset : offset + q.page_size]
        hits = [
            Hit(searcher.doc(address)["id"][0], float(score), round(distance, 2)) for score, distance, address in page
        ]
        return hits, len(inside), [searcher.doc(address)["id"][0] for address in outside]

    def _facets(self, searcher: Any, q: SearchQuery, outside: list[str]) -> dict[str, dict[str, int]]:
        """Counts over the whole match set; a facet's own filter is left out so its other values stay visible."""
        facets: dict[str, dict[str, int]] = {}
        groups: dict[str | None, list[str]] = {}
        geo = q.lat is not None and q.lon is not None and bool(q.radius_km)
        for facet in FACETS:
            # Leaving a facet's own filter out keeps its other values visible for multiple choice; not with a
            # distance, where the corners cut from the box belong to the full query only.
            key = facet if q.filters.get(facet) and not geo else None
            groups.setdefault(key, []).append(facet)
        for skip, names in groups.items():
            query, _ranked = self._query(q, skip_facet=skip)
            if outside and skip is None:
                # The box matched more than the circle: take the corners out again for exact counts.
                query = tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Must, query),
                        (tantivy.Occur.MustNot, tantivy.Query.term_set_query(SCHEMA, "id", outside)),
                    ]
                )
            aggregation = {name: {"terms": {"field": name, "size": 1000}} for name in names}
            result = searcher.aggregate(query, aggregation)
            for name in names:
                facets[name] = {b["key"]: int(b["doc_count"]) for b in result[name]["buckets"]}
        return facets


def iter_batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
