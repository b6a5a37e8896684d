"""The registry's side of the search index: documents from offers, the outbox consumer, rebuilds, queries.

Changes reach the index through SearchOutbox rows written in the same transaction as the change. The one
writer per app server, `teilhabe search_index_worker`, applies them within a second of the commit and moves
its position forward only after the index committed, so a crash between commit and index update only delays
the update to its next run. Rows are purged after a week.

Layout of TEILHABE_SEARCH_DIR: ``offers/`` (the index, see ``teilhabe.search``), ``APPLIED`` (this server's outbox
position) and ``.writer.lock``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from teilhabe.registry.models import (
    Language,
    Location,
    Offer,
    OfferTranslation,
    Organisation,
    SearchOutbox,
    Status,
    TargetGroup,
    Topic,
)
from teilhabe.search import OfferDocument, SearchIndex, SearchQuery, SearchResult

logger = logging.getLogger(__name__)
#: The index lives in this folder under TEILHABE_SEARCH_DIR (beside the outbox position and the writer lock).
INDEX_FOLDER = "offers"
#: From this many published offers a rebuild indexes in a second process while this one reads the database.
PARALLEL_REBUILD_FROM = 20_000
#: Bytes of the SQLite file mapped into memory while a rebuild reads it (the mapping grows only as needed).
_SQLITE_MMAP = 1 << 40
#: Facet names the finder and the API show, where they differ from the index's.
PUBLIC_FACET_NAMES = {"organisation_kind": "org_kind"}


@cache
def _index_for(path: str) -> SearchIndex:
    return SearchIndex(path)


def search_index() -> SearchIndex:
    return _index_for(str(Path(settings.TEILHABE_SEARCH_DIR) / INDEX_FOLDER))


def published_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.filter(status=Status.PUBLISHED)
        .select_related("organisation")
        .prefetch_related(
            "topics",
            "target_groups",
            "languages",
            "translations",
            Prefetch("locations", queryset=Location.objects.select_related("gemeinde").order_by("id")),
        )
    )


def _document(
    *,
    pk: Any,
    title: str,
    description: str,
    organisation_name: str,
    organisation_kind: str,
    ags: str,
    topics: list[tuple[str, str]],
    groups: list[tuple[str, str]],
    languages: list[tuple[str, str]],
    places: list[tuple[str, float, float, str, str, str]],
    translations: list[tuple[str, str, str]],
) -> OfferDocument:
    """One offer as the index takes it; ``topics``/``groups``/``languages`` are (name, key) pairs, ``places``
    (gemeinde, lat, lon, name, street, city) in location order, ``translations`` (language, title, description)."""
    place_ags = places[0][0] if places else ags
    document = OfferDocument(
        id=str(pk),
        title=title,
        description=description,
        organisation_name=organisation_name,
        # Target groups and language names are searchable words too: "Beratung Arabisch", "Kurs für Frauen".
        topics=[pair[0] for part in (topics, groups, languages) for pair in part],
        topic_keys=[key for _name, key in topics],
        target_groups=[key for _name, key in groups],
        languages=[key for _name, key in languages],
        kreis_key=place_ags[:5],
        gemeinde_ags=place_ags,
        organisation_kind=organisation_kind,
        locations=[(place[1], place[2]) for place in places],
        extra_text=[" ".join(filter(None, place[3:])) for place in places],
    )
    if translations:
        document["translations"] = {lang: {"title": t, "description": d} for lang, t, d in translations}
    return document


def offer_document(offer: Offer) -> OfferDocument:
    """The index document of one offer (expects the prefetching of ``published_offers``)."""
    return _document(
        pk=offer.pk,
        title=offer.title,
        description=offer.description,
        organisation_name=offer.organisation.name,
        organisation_kind=offer.organisation.kind,
        ags=offer.ags,
        topics=[(t.name, t.key) for t in offer.topics.all()],
        groups=[(g.name, g.key) for g in offer.target_groups.all()],
        languages=[(lang.name, lang.code) for lang in offer.languages.all()],
        places=[(loc.gemeinde_id, loc.lat, loc.lon, loc.name, loc.street, loc.city) for loc in offer.locations.all()],
        translations=[(t.language_id, t.title, t.description) for t in offer.translations.all()],
    )


def _id_text(value: Any) -> str:
    """A UUID as the database returns it (SQLite: 32 hex digits; PostgreSQL: uuid.UUID) in canonical form."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def _sql_names(model: Any, *fields: str) -> tuple[str, list[str]]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), [quote(model._meta.get_field(f).column) for f in fields]


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _grouped(model: Any, fields: tuple[str, ...], low: Any, high: Any) -> dict[Any, list[tuple[Any, ...]]]:
    """Rows of ``model`` (``fields``, the first one the offer) for offers from ``low`` to ``high``, per offer."""
    table, columns = _sql_names(model, *fields)
    _table, (pk,) = _sql_names(model, model._meta.pk.name)
    # Only quoted names from the model's metadata are formatted in; values are parameters.
    covering = _covering_index(model, fields)
    indexed_by = f" INDEXED BY {connection.ops.quote_name(covering)}" if covering else ""
    sql = (
        f"SELECT {', '.join(columns)} FROM {table}{indexed_by} "  # noqa: S608
        f"WHERE {columns[0]} >= %s AND {columns[0]} <= %s ORDER BY {columns[0]}, {pk}"
    )
    grouped: dict[Any, list[tuple[Any, ...]]] = {}
    for row in _rows(sql, [low, high]):
        found = grouped.get(row[0])
        if found is None:
            grouped[row[0]] = [row[1:]]
        else:
            found.append(row[1:])
    return grouped


def _covering_index(model: Any, fields: tuple[str, ...]) -> str | None:
    """SQLite: an index of ``model`` on exactly the columns of ``fields`` (the unique index of a many-to-many
    table), if there is one. SQLite would walk the offer index and fetch every row from the table, jumping around
    it; the covering index holds the rows in offer order, and sorting the few rows of an offer by key is cheaper
    (about 40 % less time for these tables at a million offers)."""
    if connection.vendor != "sqlite":
        return None
    table = model._meta.db_table
    wanted = [model._meta.get_field(f).column for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA index_list({connection.ops.quote_name(table)})")
        names = [row[1] for row in cursor.fetchall()]
        for name in names:
            cursor.execute(f"PRAGMA index_info({connection.ops.quote_name(name)})")
            if [row[2] for row in sorted(cursor.fetchall())] == wanted:
                return str(name)
    return None


def _names(model: Any, *fields: str) -> dict[Any, tuple[Any, ...]]:
    table, columns = _sql_names(model, *fields)
    return {row[0]: row[1:] for row in _rows(f"SELECT {', '.join(columns)} FROM {table}", [])}  # noqa: S608


def iter_published_documents(batch_size: int = 50_000) -> Iterator[OfferDocument]:
    """All published offers as documents; the result equals offer_document() for each offer (see
    ``_published_documents``)."""
    with _memory_mapped():
        yield from _published_documents(batch_size)


@contextmanager
def _memory_mapped() -> Iterator[None]:
    """SQLite reads the database file through a memory map meanwhile: the relations are read by offer, in an order
    that jumps around their tables, and the map spares a system call per page (about 15 % of the reading time)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA mmap_size={_SQLITE_MMAP}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size=0")


def _published_documents(batch_size: int) -> Iterator[OfferDocument]:
    """All published offers as documents; the result equals offer_document() for each offer.

    A rebuild of a million offers must take seconds, not the milliseconds per offer of model instances with
    prefetching, so this reads plain rows in plain SQL: offers in primary key order (``batch_size`` at a time,
    drafts and archived ones skipped here, so the database walks its primary key index instead of a status
    index it would scan again for every batch), then per relation the rows of that key range through its
    offer index; the taxonomy once. UUIDs stay as the database returns them until the document is built.
    """
    topics = _names(Topic, "id", "name", "key")
    groups = _names(TargetGroup, "id", "name", "key")
    languages = _names(Language, "code", "name", "code")
    offer_table, (o_id, o_status, o_title, o_description, o_ags, o_organisation) = _sql_names(
        Offer, "id", "status", "title", "description", "ags", "organisation"
    )
    org_table, (g_id, g_name, g_kind) = _sql_names(Organisation, "id", "name", "kind")
    select = (
        f"SELECT o.{o_id}, o.{o_status}, o.{o_title}, o.{o_description}, o.{o_ags}, g.{g_name}, g.{g_kind} "  # noqa: S608
        f"FROM {offer_table} o JOIN {org_table} g ON g.{g_id} = o.{o_organisation}"
    )
    relations = (
        (Offer.topics.through, ("offer", "topic")),
        (Offer.target_groups.through, ("offer", "targetgroup")),
        (Offer.languages.through, ("offer", "language")),
        (Location, ("offer", "gemeinde", "lat", "lon", "name", "street", "city")),
        (OfferTranslation, ("offer", "language", "title", "description")),
    )
    published = str(Status.PUBLISHED)
    none: list[Any] = []
    last = None
    while True:
        if last is None:
            rows = _rows(f"{select} ORDER BY o.{o_id} LIMIT %s", [batch_size])
        else:
            rows = _rows(f"{select} WHERE o.{o_id} > %s ORDER BY o.{o_id} LIMIT %s", [last, batch_size])
        if not rows:
            return
        low, high = rows[0][0], rows[-1][0]
        last = high
        rows = [row for row in rows if row[1] == published]
        if not rows:
            continue
        topic_rows, group_rows, language_rows, places, translations = (
            _grouped(model, fields, low, high) for model, fields in relations
        )
        for pk, _status, title, description, ags, org_name, org_kind in rows:
            yield _document(
                pk=_id_text(pk),
                title=title,
                description=description,
                organisation_name=org_name,
                organisation_kind=org_kind,
                ags=ags,
                topics=[topics[t] for (t,) in topic_rows.get(pk, none)],  # type: ignore[misc]
                groups=[groups[g] for (g,) in group_rows.get(pk, none)],  # type: ignore[misc]
                languages=[languages[la] for (la,) in language_rows.get(pk, none)],  # type: ignore[misc]
                places=places.get(pk, none),
                translations=translations.get(pk, none),  # type: ignore[arg-type]
            )


@contextmanager
def _writer_lock() -> Iterator[bool]:
    """One writer per index folder across processes; others return at once (the holder catches up)."""
    root = settings.TEILHABE_SEARCH_DIR
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".writer.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _applied_file() -> Path:
    return Path(settings.TEILHABE_SEARCH_DIR) / "APPLIED"


def applied_outbox_id() -> int:
    """The last outbox row this app server's index has seen (each server keeps its own position)."""
    try:
        return int(_applied_file().read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def _remember_applied(outbox_id: int) -> None:
    path = _applied_file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(outbox_id))
    os.replace(tmp, path)


_LEGACY_GENERATION = re.compile(r"^\d{14}-[0-9a-f]{8}$")


def _remove_legacy_index() -> None:
    """The first engine kept its generations (``20261101120000-1a2b3c4d``) and ``CURRENT`` right in the search
    folder; the index now lives in ``offers/``, so they only take space."""
    root = Path(settings.TEILHABE_SEARCH_DIR)
    if not (root / "CURRENT").exists():
        return
    for entry in root.iterdir():
        if entry.is_dir() and _LEGACY_GENERATION.match(entry.name):
            shutil.rmtree(entry, ignore_errors=True)
    (root / "CURRENT").unlink(missing_ok=True)


def rebuild_search_index() -> int:
    """Rebuild the whole index from the database; outbox rows up to now are covered by it."""
    with _writer_lock() as acquired:
        if not acquired:
            raise RuntimeError("another process is writing the search index")
        last = SearchOutbox.objects.order_by("-id").values_list("id", flat=True).first() or 0
        parallel = Offer.objects.filter(status=Status.PUBLISHED).count() >= PARALLEL_REBUILD_FROM
        count = search_index().rebuild(iter_published_documents(), parallel=parallel)
        _remember_applied(last)
        _remove_legacy_index()
        return count


def apply_search_outbox(*, limit: int = 5000) -> int:
    """Apply outbox rows this server has not seen yet; returns how many (0 if another writer runs here).

    Rows stay in the table, so every app server's worker applies them to its own copy of the index; each
    remembers its position in the index folder only after the index committed.
    """
    applied = 0
    with _writer_lock() as acquired:
        if not acquired:
            return 0
        while True:
            rows = list(SearchOutbox.objects.filter(id__gt=applied_outbox_id()).order_by("id")[:limit])
            if not rows:
                return applied
            ids = {row.offer_id for row in rows}
            published = {o.pk: o for o in published_offers().filter(pk__in=ids)}
            search_index().apply(
                upserts=[offer_document(o) for o in published.values()],
                deletes=[str(i) for i in ids if i not in published],
            )
            _remember_applied(rows[-1].id)
            applied += len(rows)


def purge_search_outbox(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Delete outbox rows every server has long applied (a server offline longer rebuilds its index)."""
    deleted, _ = SearchOutbox.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


@dataclass
class OfferSearchResult:
    result: SearchResult
    offers: list[Offer]
    distances: dict[str, float | None]


def search_offers(query: SearchQuery, *, queryset: QuerySet[Offer] | None = None) -> OfferSearchResult:
    """Run the query on the index and load the page's offers from the database, in the index's order."""
    result = search_index().search(query)
    facets = {PUBLIC_FACET_NAMES.get(name, name): counts for name, counts in result.facets.items()}
    result = replace(result, facets=facets)
    ids = [h.id for h in result.hits]
    rows = (queryset if queryset is not None else published_offers()).filter(pk__in=ids)
    by_id: dict[str, Any] = {str(o.pk): o for o in rows}
    offers = [by_id[i] for i in ids if i in by_id]
    return OfferSearchResult(result, offers, {h.id: h.distance_km for h in result.hits})
