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
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.memo import Kept
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
from teilhabe.registry.selectors import OfferCard, offer_cards, still_published
from teilhabe.search import OfferDocument, SearchIndex, SearchQuery, SearchResult

logger = logging.getLogger(__name__)
#: The index lives in this folder under TEILHABE_SEARCH_DIR (beside the outbox position and the writer lock).
INDEX_FOLDER = "offers"
#: From this many published offers a rebuild indexes in a second process while this one reads the database.
PARALLEL_REBUILD_FROM = 20_000
#: Bytes of the SQLite file mapped into memory while a rebuild reads it (the mapping grows only as needed).
_SQLITE_MMAP = 1 << 40
#: PostgreSQL's memory per sort or hash while a rebuild reads (see ``_reading``).
_POSTGRES_WORK_MEM = "64MB"
#: Facet names the finder and the API show, where they differ from the index's.
PUBLIC_FACET_NAMES = {"organisation_kind": "org_kind"}


@cache
def _index_for(path: str) -> SearchIndex:
    return SearchIndex(path, reload_interval=settings.TEILHABE_SEARCH_RELOAD_SECONDS)


def search_index() -> SearchIndex:
    return _index_for(str(Path(settings.TEILHABE_SEARCH_DIR) / INDEX_FOLDER))


def published_offers() -> QuerySet[Offer]:
    return _offers_with_relations().filter(status=Status.PUBLISHED)


def _offers_with_relations() -> QuerySet[Offer]:
    return Offer.objects.select_related("organisation").prefetch_related(
        "topics",
        "target_groups",
        "languages",
        "translations",
        Prefetch(
            "locations", queryset=Location.objects.select_related("gemeinde").defer("gemeinde__boundary").order_by("id")
        ),
    )


#: The names and keys of a set of topics (target groups, languages), in the set's order.
Keys = tuple[list[str], list[str]]


def _document(
    *,
    pk: Any,
    title: str,
    description: str,
    organisation_name: str,
    organisation_kind: str,
    ags: str,
    topics: Keys,
    groups: Keys,
    languages: Keys,
    places: list[Any],
    translations: list[Any],
) -> OfferDocument:
    """One offer as the index takes it; ``topics``/``groups``/``languages`` are (names, keys), ``places``
    (gemeinde, lat, lon, name, street, city) in location order, ``translations`` (language, title, description)."""
    place_ags = places[0][0] if places else ags
    document = OfferDocument(
        id=str(pk),
        title=title,
        description=description,
        organisation_name=organisation_name,
        # Target groups and language names are searchable words too: "Beratung Arabisch", "Kurs für Frauen".
        topics=topics[0] + groups[0] + languages[0],
        topic_keys=topics[1],
        target_groups=groups[1],
        languages=languages[1],
        kreis_key=place_ags[:5],
        gemeinde_ags=place_ags,
        organisation_kind=organisation_kind,
        locations=[(place[1], place[2]) for place in places],
        extra_text=[" ".join(filter(None, place[3:])) for place in places],
    )
    if translations:
        document["translations"] = {lang: {"title": t, "description": d} for lang, t, d in translations}
    return document


def _keys(pairs: list[tuple[str, str]]) -> Keys:
    return [name for name, _key in pairs], [key for _name, key in pairs]


def offer_document(offer: Offer) -> OfferDocument:
    """The index document of one offer (expects the prefetching of ``published_offers``)."""
    return _document(
        pk=offer.pk,
        title=offer.title,
        description=offer.description,
        organisation_name=offer.organisation.name,
        organisation_kind=offer.organisation.kind,
        ags=offer.ags,
        topics=_keys([(t.name, t.key) for t in offer.topics.all()]),
        groups=_keys([(g.name, g.key) for g in offer.target_groups.all()]),
        languages=_keys([(lang.name, lang.code) for lang in offer.languages.all()]),
        places=[(loc.gemeinde_id, loc.lat, loc.lon, loc.name, loc.street, loc.city) for loc in offer.locations.all()],
        translations=[(t.language_id, t.title, t.description) for t in offer.translations.all()],
    )


def _id_text(value: Any) -> str:
    """A UUID as the database returns it (SQLite: 32 hex digits; PostgreSQL: uuid.UUID) in canonical form."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def iter_published_documents(batch_size: int = 20_000) -> Iterator[OfferDocument]:
    """All published offers as documents; the result equals offer_document() for each offer (see
    ``_published_documents``). Do not use the database connection while iterating (see ``_read_ahead``)."""
    # PostgreSQL: in a transaction, so the server-side cursor streams (outside one, Django declares it WITH HOLD
    # and the server computes every row before the first arrives). Not SQLite: a read transaction there would keep
    # writers out for the whole rebuild unless the database runs in WAL mode.
    streaming = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
    with _reading(), streaming:
        yield from _published_documents(batch_size)


@contextmanager
def _reading() -> Iterator[None]:
    """Database settings while a rebuild reads. SQLite reads the file through a memory map (the relations are
    read by offer, in an order that jumps around their tables, and the map spares a system call per page: about
    15 % of the reading time). PostgreSQL gets more memory per hash for joining the aggregated relations (with
    the default 4 MB, hashes spill to disk; 64 MB, 256 MB and 1 GB read 1,000,000 offers equally fast)."""
    statements = {
        "sqlite": (f"PRAGMA mmap_size={_SQLITE_MMAP}", "PRAGMA mmap_size=0"),
        "postgresql": (f"SET work_mem = '{_POSTGRES_WORK_MEM}'", "RESET work_mem"),
    }.get(connection.vendor)
    if statements is None:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(statements[0])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(statements[1])


class _DocumentSQL:
    """How ``_published_documents`` reads the offers from this database: ``batches(size)`` yields lists of offers,
    each a sequence of id, status, title, description, ags, organisation id (as text), the keys of its topics,
    target groups and languages joined by commas, its places and its translations (lists of lists, JSON text, or
    None/empty).

    SQLite: one query per batch of offers in key order, answered with one row, the batch as one JSON text; each
    offer's relations come from correlated subqueries on the offer indexes (in-process index lookups are cheap
    there; joining relations aggregated over the batch's key range was slower, 3.9 against 3.2 s per 200,000
    offers), and one row means one ``sqlite3_step`` without the GIL (see ``_read_ahead``).

    PostgreSQL: one query for all offers, each relation aggregated by offer over its whole table and hash-joined,
    streamed from a server-side cursor. Per batch, the correlated subqueries (a subplan per offer and relation)
    and the relations aggregated over the batch's key range (which scatters over the whole relation tables, as
    the keys are random) took 36 and 45 s at 1,000,000 offers; the one query 12 s.

    Only quoted names from the models' metadata are formatted into the SQL; values are parameters.
    """

    def __init__(self) -> None:
        # This thread's connection: ``batches`` runs in another thread (``_read_ahead``), where ``connection``
        # would mean a connection of its own, outside this one's transaction.
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.postgres = connection.vendor == "postgresql"
        quote = connection.ops.quote_name
        pk = quote(str(Offer._meta.pk.column))

        def table(model: Any) -> str:
            return quote(model._meta.db_table)

        def column(model: Any, name: str, alias: str) -> str:
            return f"{alias}.{quote(model._meta.get_field(name).column)}"

        names = ("id", "status", "title", "description", "ags", "organisation")
        key_relations = (
            (Offer.topics.through, "topic"),
            (Offer.target_groups.through, "targetgroup"),
            (Offer.languages.through, "language"),
        )
        row_relations = (
            (Location, ("id", "gemeinde", "lat", "lon", "name", "street", "city")),
            (OfferTranslation, ("language", "title", "description")),
        )
        if self.postgres:
            aggregates = [
                (model, f"string_agg({column(model, target, 'r')}::text, ',')") for model, target in key_relations
            ] + [
                (model, f"json_agg(json_build_array({', '.join(column(model, f, 'r') for f in fields)}))::text")
                for model, fields in row_relations
            ]
            joins = " ".join(
                f"LEFT JOIN (SELECT {column(model, 'offer', 'r')} AS offer, {aggregate} AS value "  # noqa: S608
                f"FROM {table(model)} r GROUP BY {column(model, 'offer', 'r')}) a{i} ON a{i}.offer = o.{pk}"
                for i, (model, aggregate) in enumerate(aggregates)
            )
            selected = ", ".join(
                [*(column(Offer, name, "o") for name in names[:-1])]
                + [f"{column(Offer, 'organisation', 'o')}::text"]
                + [f"a{i}.value" for i in range(len(aggregates))]
            )
            self.everything = (
                f"SELECT {selected} FROM {table(Offer)} o {joins} WHERE {column(Offer, 'status', 'o')} = %s"  # noqa: S608
            )
            return

        def keys(through: Any, target: str) -> str:
            return (
                f"(SELECT group_concat({column(through, target, 'r')}, ',') FROM {table(through)} r "  # noqa: S608
                f"WHERE {column(through, 'offer', 'r')} = o.{pk})"
            )

        def rows(model: Any, fields: tuple[str, ...]) -> str:
            values = ", ".join(column(model, f, "r") for f in fields)
            return (
                f"(SELECT json_group_array(json_array({values})) FROM {table(model)} r "  # noqa: S608
                f"WHERE {column(model, 'offer', 'r')} = o.{pk})"
            )

        offer = ", ".join(
            [
                *(column(Offer, name, "o") for name in names),
                *(keys(through, target) for through, target in key_relations),
                *(rows(model, fields) for model, fields in row_relations),
            ]
        )
        columns = ", ".join(column(Offer, name, "x") for name in names)
        batch = (
            f"SELECT max(o.{pk}), json_group_array(json_array({offer})) "  # noqa: S608
            f"FROM (SELECT {columns} FROM {table(Offer)} x {{where}} ORDER BY x.{pk} LIMIT %s) o"
        )
        self.first = batch.format(where="")
        self.after = batch.format(where=f"WHERE x.{pk} > %s")

    def batches(self, size: int) -> Generator[Sequence[Sequence[Any]], None, None]:
        if self.postgres:
            with self.connection.chunked_cursor() as cursor:  # server-side: the rows come as they are fetched
                cursor.execute(self.everything, [str(Status.PUBLISHED)])
                while rows := cursor.fetchmany(size):
                    yield rows
            return
        last = None
        while True:
            with self.connection.cursor() as cursor:
                if last is None:
                    cursor.execute(self.first, [size])
                else:
                    cursor.execute(self.after, [last, size])
                last, offers = cursor.fetchone()
            if last is None:
                return
            yield json.loads(offers)


def _names(model: Any, *fields: str) -> dict[str, tuple[Any, ...]]:
    """Rows of a small table by primary key as text (as the document query gives the keys)."""
    quote = connection.ops.quote_name
    pk = quote(model._meta.pk.column)
    key = f"{pk}::text" if connection.vendor == "postgresql" else pk
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    rows = _rows(f"SELECT {key}, {columns} FROM {quote(model._meta.db_table)}", [])  # noqa: S608
    return {row[0]: row[1:] for row in rows}


class _KeySets(dict[Any, Keys]):
    """Comma-joined primary keys of a set of taxonomy rows -> (names, keys); offers share few such sets."""

    def __init__(self, rows: dict[str, tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def __missing__(self, joined: str | None) -> Keys:
        pairs = [self.rows[pk] for pk in joined.split(",")] if joined else []
        found = self[joined] = _keys(pairs)
        return found


def _published_documents(batch_size: int) -> Iterator[OfferDocument]:
    """All published offers as documents; the result equals offer_document() for each offer (but for the order of
    the topics, target groups and languages, which the index does not keep).

    A rebuild of a million offers must take seconds, not the milliseconds per offer of model instances with
    prefetching. So plain SQL brings each offer with its relations in one row (``_DocumentSQL``), read batch by
    batch ahead of their use (``_read_ahead``); on SQLite drafts and archived offers are skipped here (the
    database walks its primary key index instead of a status index it would scan for every batch). Offers share
    the sets of taxonomy keys, so their lists are built once; the taxonomy and the organisations are read once.
    """
    sql = _DocumentSQL()
    topics = _KeySets(_names(Topic, "name", "key"))
    groups = _KeySets(_names(TargetGroup, "name", "key"))
    languages = _KeySets(_names(Language, "name", "code"))
    organisations = _names(Organisation, "name", "kind")
    published = str(Status.PUBLISHED)
    loads = json.loads
    none: list[Any] = []
    for batch in _read_ahead(sql.batches(batch_size)):
        for pk, status, title, description, ags, organisation, t, g, la, place_rows, translations in batch:
            if status != published:
                continue
            name, kind = organisations[organisation]
            places = none
            if place_rows:
                rows_of_places = loads(place_rows) if isinstance(place_rows, str) else place_rows  # PostgreSQL: text
                if len(rows_of_places) > 1:
                    rows_of_places.sort(key=_by_key)  # as offer_document: places by primary key
                places = [place[1:] for place in rows_of_places]
            yield _document(
                pk=_id_text(pk),
                title=title,
                description=description,
                organisation_name=name,
                organisation_kind=kind,
                ags=ags,
                topics=topics[t],
                groups=groups[g],
                languages=languages[la],
                places=places,
                translations=(loads(translations) if isinstance(translations, str) else translations) or none,
            )


def _read_ahead(batches: Generator[Sequence[Sequence[Any]], None, None]) -> Iterator[Sequence[Sequence[Any]]]:
    """``batches``, each read in a second thread while the caller works on the one before.

    The database computes a batch without holding the GIL (SQLite inside ``sqlite3_step``, PostgreSQL in its own
    process), so it runs beside the caller. That is why SQLite answers with one row per batch: with one row per
    offer, the reading thread had to get the GIL back after every row while the caller computed, and waited up to
    the switch interval each time; measured, it then barely ran beside a busy caller (a batch of 20,000 offers
    took 125 s instead of 0.33 s), so reading and building documents took turns.

    Only the second thread advances ``batches``, on this thread's connection (same transaction, so tests see their
    data): the caller must not use the connection until the iteration ends.
    """
    wrapper = connections[DEFAULT_DB_ALIAS]
    wrapper.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-read") as reader:
            upcoming = reader.submit(next, batches, None)
            try:
                while (batch := upcoming.result()) is not None:
                    upcoming = reader.submit(next, batches, None)
                    yield batch
            finally:
                # The caller may stop early: let the reading thread finish its batch before closing the cursor.
                with suppress(Exception):
                    upcoming.result()
                batches.close()
    finally:
        wrapper.dec_thread_sharing()


def _by_key(row: list[Any]) -> Any:
    return row[0]


class SearchIndexBusy(RuntimeError):
    """Another process (the index worker or a rebuild) kept writing the index for longer than we waited."""


@contextmanager
def _writer_lock(wait: float = 0.0, on_wait: Callable[[], None] | None = None) -> Iterator[bool]:
    """One writer per index folder across processes. ``wait`` seconds at most for the holder (0: return at once,
    the holder catches up); ``on_wait`` is called once when we have to wait. Yields whether we hold it."""
    root = settings.TEILHABE_SEARCH_DIR
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".writer.lock", "w") as handle:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                if on_wait is not None and not told:
                    on_wait()
                    told = True
                time.sleep(0.1)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _applied_file() -> Path:
    return Path(settings.TEILHABE_SEARCH_DIR) / "APPLIED"


def _by_transaction() -> bool:
    """PostgreSQL: the outbox is read by transaction id (see ``SearchOutbox.txid``); SQLite: by row id."""
    return connection.vendor == "postgresql"


def _position_kind() -> str:
    return "xid" if _by_transaction() else "id"


@dataclass(frozen=True)
class OutboxPosition:
    """This app server's outbox position (each server keeps its own, in ``APPLIED``).

    SQLite: ``value`` is the last row id applied. PostgreSQL: ``value`` is a transaction watermark (every row of a
    transaction below it is applied) and ``seen`` the ids of rows of transactions at or above it that are applied
    too (transactions that committed while an older one still ran, or this connection's own open transaction).
    """

    value: int = 0
    seen: frozenset[int] = frozenset()


def outbox_position() -> OutboxPosition:
    """The position; the empty one if there is none yet or it is of the other kind (another database)."""
    try:
        data = json.loads(_applied_file().read_text())
    except (FileNotFoundError, ValueError):
        return OutboxPosition()
    if isinstance(data, int):  # the first format: a row id
        data = {"kind": "id", "value": data}
    if not isinstance(data, dict) or data.get("kind") != _position_kind():
        return OutboxPosition()
    try:
        return OutboxPosition(int(data.get("value", 0)), frozenset(int(i) for i in data.get("seen", ())))
    except (TypeError, ValueError):
        return OutboxPosition()


def applied_outbox_id() -> int:
    """The position's value (see ``OutboxPosition``)."""
    return outbox_position().value


def _remember_applied(position: int, seen: Iterable[int] = ()) -> None:
    path = _applied_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"kind": _position_kind(), "value": position, "seen": sorted(seen)}))
    os.replace(tmp, path)


def _transaction_watermark() -> int:
    """PostgreSQL: the oldest transaction still running (this one included, if it wrote): every transaction below
    it has ended, and the committed ones are visible to any snapshot taken from now on."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        return int(cursor.fetchone()[0])


def outbox_position_now() -> int:
    """The position value that covers every change committed so far (what a rebuild starting now remembers)."""
    if _by_transaction():
        return _transaction_watermark()
    return SearchOutbox.objects.order_by("-id").values_list("id", flat=True).first() or 0


#: Outbox rows are kept this long (``purge_search_outbox``); a server whose position is older rebuilds.
OUTBOX_KEPT = timedelta(days=7)


def outbox_position_lost() -> bool:
    """Whether rows this server has not applied may already be purged: no position, or one older than the
    outbox keeps rows (SQLite also: the oldest row left lies beyond the position)."""
    path = _applied_file()
    try:
        age = timezone.now().timestamp() - path.stat().st_mtime
    except FileNotFoundError:
        return True
    position = outbox_position()
    if _by_transaction():
        return position.value == 0 or age > (OUTBOX_KEPT - timedelta(days=1)).total_seconds()
    oldest = SearchOutbox.objects.order_by("id").values_list("id", flat=True).first()
    return oldest is not None and oldest > position.value + 1


def pending_outbox() -> QuerySet[SearchOutbox]:
    """Committed outbox rows this server has not applied yet."""
    position = outbox_position()
    if _by_transaction():
        return SearchOutbox.objects.filter(txid__gte=position.value).exclude(id__in=position.seen)
    return SearchOutbox.objects.filter(id__gt=position.value)


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


def rebuild_search_index(*, wait: float = 0.0, on_wait: Callable[[], None] | None = None) -> int:
    """Rebuild the whole index from the database; outbox rows up to now are covered by it.

    The index worker writes too: wait up to ``wait`` seconds for it (it holds the lock for a moment each second;
    ``on_wait`` is called once if we have to wait), else raise ``SearchIndexBusy``."""
    with _writer_lock(wait, on_wait) as acquired:
        if not acquired:
            raise SearchIndexBusy(
                _(
                    "Ein anderer Prozess schreibt den Suchindex (der Index-Worker oder ein Neuaufbau); bitte später "
                    "erneut versuchen."
                )
            )
        return _rebuild_locked()


def _rebuild_locked() -> int:
    # Taken before reading: every change committed before it is in what is read (later ones are applied again,
    # which is harmless).
    position = outbox_position_now()
    seen = _ids_at_or_above(position) if _by_transaction() else set()
    parallel = Offer.objects.filter(status=Status.PUBLISHED).count() >= PARALLEL_REBUILD_FROM
    count = search_index().rebuild(iter_published_documents(), parallel=parallel)
    _remember_applied(position, seen)
    _remove_legacy_index()
    return count


def apply_search_outbox(*, limit: int = 5000) -> int:
    """Apply outbox rows this server has not seen yet; returns how many (0 if another writer runs here).

    Rows stay in the table, so every app server's worker applies them to its own copy of the index; each
    remembers its position in the index folder only after the index committed.

    Commit order: on SQLite every write transaction holds the database's write lock from BEGIN (IMMEDIATE) to
    COMMIT, so row ids are handed out in commit order and ``id > position`` misses nothing. On PostgreSQL a
    transaction may take id N and commit after one with N+1 was read; so rows are read by the writing transaction
    (``txid``): only those of transactions below the oldest one still running (``pg_snapshot_xmin``), which have
    all ended; the position becomes that watermark.
    """
    with _writer_lock() as acquired:
        if not acquired:
            return 0
        if _by_transaction():
            return _apply_by_transaction(limit)
        applied = 0
        while True:
            rows = list(SearchOutbox.objects.filter(id__gt=applied_outbox_id()).order_by("id")[:limit])
            if not rows:
                return applied
            _apply_offers({row.offer_id for row in rows})
            _remember_applied(rows[-1].id)
            applied += len(rows)


def _apply_by_transaction(limit: int) -> int:
    position = outbox_position()
    # The watermark before the rows: a transaction below it has ended, so the read below sees all its rows.
    watermark = max(position.value, _transaction_watermark())
    rows = list(
        SearchOutbox.objects.filter(txid__gte=position.value)
        .exclude(id__in=position.seen)
        .values_list("id", "offer_id", "txid")
    )
    offer_ids = list(dict.fromkeys(offer_id for _id, offer_id, _txid in rows))
    for start in range(0, len(offer_ids), limit):
        _apply_offers(set(offer_ids[start : start + limit]))
    seen = {i for i in position.seen if i in _ids_at_or_above(watermark)} if position.seen else set()
    seen |= {i for i, _offer, txid in rows if txid is not None and txid >= watermark}
    if rows or watermark != position.value:
        _remember_applied(watermark, seen)
    return len(rows)


def _ids_at_or_above(watermark: int) -> set[int]:
    return set(SearchOutbox.objects.filter(txid__gte=watermark).values_list("id", flat=True))


def _apply_offers(ids: set[Any]) -> None:
    """Bring these offers up to date in the index: published ones upserted, the others removed."""
    published = {str(o.pk): o for o in published_offers().filter(pk__in=ids)}
    search_index().apply(
        upserts=[offer_document(o) for o in published.values()],
        deletes=[str(i) for i in ids if str(i) not in published],
    )


def purge_search_outbox(*, older_than: timedelta = OUTBOX_KEPT) -> int:
    """Delete outbox rows every server has long applied (a server offline longer rebuilds its index)."""
    deleted, _by_model = SearchOutbox.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


@dataclass
class OfferSearchResult:
    result: SearchResult
    #: ``OfferCard`` rows (plain values), or the ``queryset``'s offers when one was given
    offers: list[Any]
    distances: dict[str, float | None]
    #: (index path, snapshot number) the result was read from: what a rendered page of it may be kept under
    snapshot: tuple[str, int] | None = None


#: Result pages kept per web worker: (index path, snapshot, the page's ids) -> its cards (see ``_page_cards``).
_PAGES: Kept[tuple[Any, ...], list[OfferCard]] = Kept(size=128)


def _page_cards(snapshot: tuple[str, int], ids: list[str]) -> list[OfferCard]:
    """The cards of a result page. A page seen before in the same index snapshot is taken from memory, and only
    whether its offers are still published is asked again (one query instead of six): every change to a published
    offer reaches the index through the outbox and starts a new snapshot, so a kept page is at most as old as the
    ranking it belongs to (about two seconds: the worker's round and the readers' reload), and an offer withdrawn
    meanwhile is left out at once, as on a page read fresh."""
    key = (*snapshot, tuple(ids))
    kept = _PAGES.get(key)
    if kept is not None:
        return still_published(kept)
    cards = offer_cards(ids)
    if len(cards) == len(ids):  # only complete pages: a missing offer may be published by the next commit
        _PAGES.put(key, cards)
    return cards


def search_offers(query: SearchQuery, *, queryset: QuerySet[Offer] | None = None) -> OfferSearchResult:
    """Run the query on the index and load the page's offers from the database, in the index's order: as
    ``OfferCard`` rows with a constant number of queries (see ``selectors.offer_cards`` and ``_page_cards``), or
    from ``queryset``."""
    index = search_index()
    result = index.search(query)
    # Read after the search: a reload in between gives a newer number, under which the cards read now (newer
    # still) may be kept; the cards of an older snapshot are never kept under a newer one.
    snapshot = (str(index.path), index.snapshot_number)
    facets = {PUBLIC_FACET_NAMES.get(name, name): counts for name, counts in result.facets.items()}
    result = replace(result, facets=facets)
    ids = [h.id for h in result.hits]
    offers: list[Any]
    if queryset is None:
        offers = _page_cards(snapshot, ids)
    else:
        by_id: dict[str, Any] = {str(o.pk): o for o in queryset.filter(pk__in=ids)}
        offers = [by_id[i] for i in ids if i in by_id]
    return OfferSearchResult(result, offers, {h.id: h.distance_km for h in result.hits}, snapshot)


# --- health and repair ------------------------------------------------------------------------------------------

#: The index worker touches this file in TEILHABE_SEARCH_DIR after every round.
HEARTBEAT_FILE = "WORKER"
#: A worker silent for longer counts as dead (it rounds once a second).
WORKER_SILENT_AFTER = 30.0
#: Pending outbox rows older than this mean the index is behind.
OUTBOX_LAG_LIMIT = 60.0


def worker_heartbeat() -> None:
    path = Path(settings.TEILHABE_SEARCH_DIR) / HEARTBEAT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def worker_silent_for() -> float | None:
    """Seconds since the index worker's last round; None if it never ran here."""
    try:
        return max(0.0, time.time() - (Path(settings.TEILHABE_SEARCH_DIR) / HEARTBEAT_FILE).stat().st_mtime)
    except FileNotFoundError:
        return None


def published_ids() -> set[str]:
    return {str(pk) for pk in Offer.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True)}


@dataclass
class IndexHealth:
    """How this server's index stands against the database."""

    generation: bool  # the live generation exists with this schema version
    documents: int
    published: int
    pending: int  # committed outbox rows not applied yet
    lag_seconds: float  # age of the oldest of them (0 without)

    @property
    def matches(self) -> bool:
        return self.generation and (self.pending > 0 or self.documents == self.published)

    def problems(self) -> list[str]:
        found = []
        if not self.generation:
            found.append("search index missing or built with another schema")
        elif self.pending == 0 and self.documents != self.published:
            found.append(f"search index holds {self.documents} offers, the database publishes {self.published}")
        if self.lag_seconds > OUTBOX_LAG_LIMIT:
            found.append(f"search index {self.lag_seconds:.0f} s behind the database")
        return found


def index_health() -> IndexHealth:
    index = search_index()
    generation = index.healthy_generation()
    documents = index.count() if generation else 0
    pending = pending_outbox()
    oldest = pending.order_by("id").values_list("created_at", flat=True).first()
    return IndexHealth(
        generation=generation,
        documents=documents,
        published=Offer.objects.filter(status=Status.PUBLISHED).count(),
        pending=pending.count() if oldest is not None else 0,
        lag_seconds=(timezone.now() - oldest).total_seconds() if oldest is not None else 0.0,
    )


@dataclass
class Differences:
    missing: set[str]  # published, not in the index
    extra: set[str]  # in the index, not published

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


def compare_index() -> Differences:
    """Index and database id by id (the index first: an offer published meanwhile counts as missing, and the
    repair brings it in; one archived meanwhile as extra, and the repair takes it out)."""
    index = search_index()
    index.reload()
    indexed = index.ids()
    published = published_ids()
    return Differences(missing=published - indexed, extra=indexed - published)


def repair_search_index(*, wait: float = 0.0, batch: int = 2000) -> Differences:
    """Bring the index in line with the database: rebuild when its generation is missing, damaged or holds less
    than half; else apply the differing offers one batch at a time (each looked up again, so changes meanwhile
    are right). Returns the differences found. Raises ``SearchIndexBusy`` if another writer keeps the index."""
    with _writer_lock(wait) as acquired:
        if not acquired:
            raise SearchIndexBusy(_("Ein anderer Prozess schreibt den Suchindex; bitte später erneut versuchen."))
        index = search_index()
        if not index.healthy_generation():
            _rebuild_locked()
            return Differences(missing=published_ids(), extra=set())
        differences = compare_index()
        if len(differences.missing) + len(differences.extra) > 1000 + index.count() // 2:
            _rebuild_locked()
            return differences
        changed = sorted(differences.missing | differences.extra)
        for start in range(0, len(changed), batch):
            _apply_offers(set(changed[start : start + batch]))
            time.sleep(0)  # a web request may take the GIL between batches
        return differences
