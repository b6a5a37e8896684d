"""The index schema and the conversion of an offer document into index fields.

Text, ranked with BM25F: ``text`` holds the stems (``analysis``) of the title three times, of the topics and the
    organisation twice and of the description once (``FIELD_WEIGHTS``), plus every word of the translations marked
    ``~``. Term frequencies are thus weighted by field before BM25's saturation and length normalisation (BM25F):
    a title word counts more than a topic or organisation word, which counts more than a description word. One
    field means one posting list per term, so a single word is ranked with block-max WAND, and "how many offers
    contain it" is one list too (totals, facets, intersections of several words).
Vocabulary for prefixes and typos: ``plain`` (every word of every text as written, lowercase and ASCII-folded, plus
    umlaut words written out; document ids only). The words come analysed from Python (``analysis.plain_text``,
    cached for repeated texts), the index splits on spaces only: tantivy's analyzer chain cost about 6 µs per
    document more.
Filters: ``facet`` (raw, indexed) holds every key with a one-letter prefix (``t:sprache``, ``g:frauen``, ``l:ar``,
    ``k:05315``, ``o:verein``), so a filter is one lookup per key; ``gemeinde`` (raw, indexed) the AGS.
Facet counting: tantivy aggregates single-valued fast columns of small numbers fastest (multi-valued columns were
    fifty times slower, large numbers three times). So every document gets five such codes (``FacetCodes``, kept
    next to the index as ``facets.json``): one for its (Kreis, organisation kind) pair, one for its Gemeinde and one
    each for its set of topics, of target groups and of languages. A terms aggregation counts each code; the counts
    of the keys follow by adding up the codes that contain them. The Gemeinde has a code of its own because the
    (Kreis, kind) code also gives every total: with the Gemeinde in it, that aggregation had some 4,700 buckets
    instead of some 600, and every query paid for them.
Places: ``lat``/``lon`` (fast, every place; fast-field reads give the first, range queries see all), ``lat2``/``lon2``
    and ``lat3``/``lon3`` (fast: the second and third place), ``locs`` (stored, all places, only when there are more),
    ``nloc`` (number of places, fast), ``cell`` (grid cells of every place, see ``geo``).
Identity: ``id`` (stored bytes, not indexed), ``key`` and ``key_lo`` (the id's 128 bits: a UUID's own, else its
    BLAKE2b hash). ``key`` is indexed and fast (deletes look it up; a stable order for results without words),
    ``key_lo`` fast only: a delete is ``key`` = k and ``key_lo`` = l. Indexing the id as text cost about 11 µs per
    document in a rebuild, a number about 1 µs (ids arrive in key order).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import tantivy

from teilhabe.search.analysis import (
    STEMMED_ANALYZER,
    analyze_short,
    analyze_text,
    language_terms,
    plain_words,
    tokens,
)
from teilhabe.search.geo import cell_text

TEXT_FIELD = "text"
#: How often each part of an offer is repeated in ``text``: its weight in the term frequencies of BM25F.
FIELD_WEIGHTS: dict[str, int] = {"title": 3, "topics": 2, "organisation_name": 2, "description": 1}
#: Marks translation words in ``text``, apart from German stems.
TRANSLATION_MARK = "~"
#: Facets, counted over the whole match set and usable as filters -> their prefix in the ``facet`` field.
FACET_PREFIXES: dict[str, str] = {
    "topic": "t",
    "target_group": "g",
    "language": "l",
    "kreis": "k",
    "organisation_kind": "o",
}
FACET_FIELD = "facet"
GEMEINDE_FIELD = "gemeinde"
#: Code fields -> the facets whose keys they combine.
CODE_FIELDS: dict[str, tuple[str, ...]] = {
    "code_place_kind": ("kreis", "organisation_kind"),
    "code_gemeinde": ("gemeinde",),
    "code_topics": ("topic",),
    "code_groups": ("target_group",),
    "code_languages": ("language",),
}
#: Filter names of ``SearchQuery.filters``: the facets and the Gemeinde.
FILTERS = (*FACET_PREFIXES, "gemeinde")
#: Places after the first get their own fast fields (``lat2``/``lon2`` …); more than that go to the stored ``locs``.
EXTRA_PLACES = (2, 3)
SCHEMA_VERSION = 5
_UUID_LENGTH = 36
_DOCUMENT_CACHE = 200_000
#: Whitespace inside a key would split its term in the ``facet`` field: it becomes a no-break space there.
_KEY_SPACES = str.maketrans({" ": "\u00a0", "\t": "\u00a0", "\n": "\u00a0", "\r": "\u00a0"})


def facet_term(facet: str, key: str) -> str:
    """The term of a facet key in the ``facet`` field: ``facet_term("topic", "sprache") == "t:sprache"``."""
    return f"{FACET_PREFIXES[facet]}:{key.translate(_KEY_SPACES)}"


class Translation(TypedDict, total=False):
    title: str
    description: str


class OfferDocument(TypedDict):
    """One offer as the search index takes it (plain data; the Django side builds it from the database).

    ``topics`` are the labels, searched as text; ``topic_keys`` the taxonomy keys for filters and facets (when
    missing, the labels serve as keys). ``locations`` are (lat, lon) pairs in WGS84 degrees. ``translations`` maps a
    language code to a title and description in that language. ``extra_text`` is further searchable text with the
    weight of the description (place names, streets …).
    """

    id: str
    title: str
    description: str
    organisation_name: str
    topics: list[str]
    target_groups: list[str]
    languages: list[str]
    kreis_key: str
    gemeinde_ags: str
    organisation_kind: str
    locations: Sequence[tuple[float, float]]
    topic_keys: NotRequired[list[str]]
    translations: NotRequired[Mapping[str, Translation]]
    extra_text: NotRequired[list[str]]


#: A document's facet keys: topics, target groups, languages, Kreis, Gemeinde, organisation kind.
FacetKeys = tuple[Sequence[str], Sequence[str], Sequence[str], str, str, str]


class FacetCodes:
    """Dense numbers for the combinations of facet keys that documents have.

    ``code(field, combination)`` gives the number of a combination (a tuple of (facet, key) pairs), adding it when
    new; numbers never change within a generation. ``combination(field, code)`` reads it back.
    """

    def __init__(self, combinations: Mapping[str, Sequence[Sequence[Sequence[str]]]] | None = None) -> None:
        self.combinations: dict[str, list[tuple[tuple[str, str], ...]]] = {
            field: [tuple((f, k) for f, k in combo) for combo in (combinations or {}).get(field, ())]
            for field in CODE_FIELDS
        }
        self._codes = {field: {c: i for i, c in enumerate(v)} for field, v in self.combinations.items()}
        self._parts: dict[tuple[str, tuple[str, ...]], tuple[str, int]] = {}
        self._places: dict[tuple[str, str], tuple[str, int]] = {}
        self._gemeinden: dict[str, int] = {}
        self.changed = False

    @classmethod
    def load(cls, path: Path) -> FacetCodes:
        try:
            return cls(json.loads(path.read_text()))
        except FileNotFoundError:
            return cls()

    def save(self, path: Path) -> None:
        """Write atomically (readers may be loading it)."""
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.combinations, ensure_ascii=False))
        os.replace(tmp, path)
        self.changed = False

    def code(self, field: str, combination: tuple[tuple[str, str], ...]) -> int:
        codes = self._codes[field]
        found = codes.get(combination)
        if found is None:
            found = codes[combination] = len(codes)
            self.combinations[field].append(combination)
            self.changed = True
        return found

    def combination(self, field: str, code: int) -> tuple[tuple[str, str], ...]:
        return self.combinations[field][code]

    def of(self, keys: FacetKeys) -> tuple[str, int, int, int, int, int]:
        """The ``facet`` field text and the five codes of a document's keys ((Kreis, kind), Gemeinde, topics, target
        groups, languages; cached per part: offers share them)."""
        topics, groups, languages, kreis, gemeinde, kind = keys
        topic_text, topic_code = self._part("code_topics", "topic", topics)
        group_text, group_code = self._part("code_groups", "target_group", groups)
        language_text, language_code = self._part("code_languages", "language", languages)
        place = self._places.get((kreis, kind))
        if place is None:
            place = self._places[kreis, kind] = (
                " ".join(facet_term(name, key) for name, key in (("kreis", kreis), ("organisation_kind", kind)) if key),
                self.code("code_place_kind", (("kreis", kreis), ("organisation_kind", kind))),
            )
        # The Gemeinde is filtered by its own field (``GEMEINDE_FIELD``), so it has no ``facet`` term.
        gemeinde_code = self._gemeinden.get(gemeinde)
        if gemeinde_code is None:
            gemeinde_code = self._gemeinden[gemeinde] = self.code("code_gemeinde", (("gemeinde", gemeinde),))
        facet = " ".join(filter(None, (topic_text, group_text, language_text, place[0])))
        return facet, place[1], gemeinde_code, topic_code, group_code, language_code

    def _part(self, field: str, facet: str, keys: Sequence[str]) -> tuple[str, int]:
        """The ``facet`` terms of one part of a document's keys and the code of their combination."""
        cache_key = (field, tuple(keys))
        found = self._parts.get(cache_key)
        if found is None:
            if len(self._parts) >= _DOCUMENT_CACHE:
                self._parts.clear()
            found = self._parts[cache_key] = (
                " ".join(facet_term(facet, key) for key in keys if key),
                self.code(field, tuple((facet, k) for k in sorted(set(keys)))),
            )
        return found


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_bytes_field("id", stored=True, indexed=False)
    sb.add_unsigned_field("key", fast=True, indexed=True)
    sb.add_unsigned_field("key_lo", fast=True)
    sb.add_text_field(TEXT_FIELD, tokenizer_name=STEMMED_ANALYZER, index_option="freq")
    sb.add_text_field("plain", tokenizer_name=STEMMED_ANALYZER, index_option="basic")
    sb.add_text_field(FACET_FIELD, tokenizer_name=STEMMED_ANALYZER, index_option="basic")
    sb.add_text_field(GEMEINDE_FIELD, tokenizer_name="raw", index_option="basic")
    for field in CODE_FIELDS:
        sb.add_unsigned_field(field, fast=True)
    sb.add_float_field("lat", fast=True)
    sb.add_float_field("lon", fast=True)
    sb.add_text_field("cell", tokenizer_name=STEMMED_ANALYZER, index_option="basic")
    for extra in EXTRA_PLACES:
        sb.add_float_field(f"lat{extra}", fast=True)
        sb.add_float_field(f"lon{extra}", fast=True)
    sb.add_unsigned_field("nloc", fast=True)
    sb.add_text_field("locs", stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


SCHEMA = build_schema()


def id_keys(doc_id: str) -> tuple[int, int]:
    """The 128 bits of an id as two 64-bit numbers: a canonical UUID's own bits, else those of its BLAKE2b hash."""
    if len(doc_id) == _UUID_LENGTH and doc_id[8] == doc_id[13] == doc_id[18] == doc_id[23] == "-":
        try:
            return int(doc_id[:8] + doc_id[9:13] + doc_id[14:18], 16), int(doc_id[19:23] + doc_id[24:], 16)
        except ValueError:
            pass
    digest = hashlib.blake2b(doc_id.encode(), digest_size=16).digest()
    return int.from_bytes(digest[:8], "big"), int.from_bytes(digest[8:], "big")


def id_query(doc_id: str) -> tantivy.Query:
    """The document with this id (for deletes)."""
    high, low = id_keys(doc_id)
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "key", high)),
            (tantivy.Occur.Must, tantivy.Query.range_query(SCHEMA, "key_lo", tantivy.FieldType.Unsigned, low, low)),
        ]
    )


def stored_id(value: Any) -> str:
    """The id as ``get_first("id")`` of a stored document returns it."""
    return bytes(value).decode()


#: A document half converted (``prepare``): its text fields, its facet keys and its places; ``finish`` adds the
#: facet codes and the places. A parallel rebuild prepares in the process that reads the documents and finishes in
#: the one that indexes them.
Prepared = tuple[dict[str, Any], FacetKeys, Sequence[tuple[float, float]]]


def index_fields(doc: OfferDocument, codes: FacetCodes) -> dict[str, Any]:
    """The field values of one document, ready for ``tantivy.Document.from_dict`` (may add to ``codes``).

    Few values per document on purpose: converting each value costs about a microsecond, so the vocabulary,
    the facet terms and the cells go in as one text each.
    """
    return finish(prepare(doc), codes)


def prepare(doc: OfferDocument) -> Prepared:
    """The first half of ``index_fields``: the analysed text (no facet codes, so any process can do it)."""
    title = doc.get("title") or ""
    description = doc.get("description") or ""
    organisation = doc.get("organisation_name") or ""
    topics = doc.get("topics") or []
    extra = doc.get("extra_text")
    if extra:
        description = " ".join([description, *extra])
    topic_text = " ".join(topics)
    title_stems, title_plain = analyze_short(title)
    topic_stems, topic_plain = analyze_short(topic_text)
    organisation_stems, organisation_plain = analyze_short(organisation)
    description_stems, description_plain = analyze_text(description)
    text = [title_stems, title_stems, title_stems, topic_stems, topic_stems, organisation_stems, organisation_stems]
    text.append(description_stems)
    plain = [title_plain, organisation_plain, topic_plain, description_plain]
    translations = doc.get("translations")
    if translations:
        for language, translation in translations.items():
            for part in (translation.get("title") or "", translation.get("description") or ""):
                words = plain_words(part)
                plain.extend(words)
                text.extend(TRANSLATION_MARK + w for w in words)
                _add_language_terms(part, language, text, plain, set(words))
    doc_id = doc["id"]
    key, key_lo = id_keys(doc_id)
    fields: dict[str, Any] = {
        "id": doc_id.encode(),
        "key": key,
        "key_lo": key_lo,
        TEXT_FIELD: " ".join(text),
        "plain": " ".join(plain),
    }
    gemeinde = doc.get("gemeinde_ags")
    if gemeinde:
        fields[GEMEINDE_FIELD] = gemeinde
    keys = (
        doc.get("topic_keys") or topics,
        doc.get("target_groups") or (),
        doc.get("languages") or (),
        doc.get("kreis_key") or "",
        gemeinde or "",
        doc.get("organisation_kind") or "",
    )
    return fields, keys, doc.get("locations") or ()


def _add_language_terms(part: str, language: str, text: list[str], plain: list[str], words: set[str]) -> None:
    """The terms of a translation in its own language (``analysis.language_terms``: normal form and stem) that
    ``de_plain`` did not already give, into ``text`` (marked) and, the normal forms, into ``plain``."""
    for token in tokens(part):
        terms = language_terms(token, language)
        if not terms:
            continue
        if terms[0] not in words:
            plain.append(terms[0])
        text.extend(TRANSLATION_MARK + term for term in terms if term not in words)


def finish(prepared: Prepared, codes: FacetCodes) -> dict[str, Any]:
    """The second half of ``index_fields``: facet terms and codes (may add to ``codes``) and places."""
    fields, keys, locations = prepared
    facet, place_kind, gemeinde_code, topic_code, group_code, language_code = codes.of(keys)
    fields[FACET_FIELD] = facet
    fields["code_place_kind"] = place_kind
    fields["code_gemeinde"] = gemeinde_code
    fields["code_topics"] = topic_code
    fields["code_groups"] = group_code
    fields["code_languages"] = language_code
    fields["nloc"] = len(locations)
    if locations:
        if len(locations) == 1:
            lat, lon = locations[0]
            fields["lat"] = float(lat)
            fields["lon"] = float(lon)
        else:
            fields["lat"] = [float(lat) for lat, _lon in locations]
            fields["lon"] = [float(lon) for _lat, lon in locations]
            for number, (lat, lon) in zip(EXTRA_PLACES, locations[1:], strict=False):
                fields[f"lat{number}"] = float(lat)
                fields[f"lon{number}"] = float(lon)
            if len(locations) > 1 + len(EXTRA_PLACES):
                fields["locs"] = json.dumps([[float(lat), float(lon)] for lat, lon in locations])
        fields["cell"] = cell_text(locations)
    return fields


def to_tantivy(doc: OfferDocument, codes: FacetCodes) -> tantivy.Document:
    return tantivy.Document.from_dict(index_fields(doc, codes), SCHEMA)
