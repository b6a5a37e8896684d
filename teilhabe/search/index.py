"""``SearchIndex``: one offer index on disk, its lifecycle (rebuild, upsert, delete, reload) and its queries.

Layout under the index path: one directory per generation (``g-<time>-<random>``) and a file ``CURRENT`` naming
the live one. ``rebuild`` writes a fresh generation and then replaces ``CURRENT`` atomically (``os.replace``), so
a reader sees either the old or the new index, never a half-built one; the generation before stays on disk until
the next rebuild, for readers that have not switched yet.

Writers (``rebuild``, ``upsert``, ``delete``) take an exclusive lock on ``<path>/writer.lock`` (``fcntl.flock``),
so one process writes at a time, and a rebuild and an upsert never race (the upsert then lands in the new
generation). A writer that cannot get the lock within ``lock_timeout`` seconds raises ``IndexLocked``; tantivy's
own writer lock is retried the same way. Readers need no lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import marshal
import math
import multiprocessing
import os
import shutil
import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path

import tantivy

from teilhabe.search.analysis import register_analyzers
from teilhabe.search.geo import EARTH_RADIUS_KM, cell_terms, cover, haversine_km
from teilhabe.search.matching import WordPlan, plan, text_query
from teilhabe.search.query import Hit, SearchQuery, SearchResult
from teilhabe.search.schema import (
    CODE_FIELDS,
    EXTRA_PLACES,
    FACET_FIELD,
    FILTERS,
    GEMEINDE_FIELD,
    SCHEMA,
    SCHEMA_VERSION,
    FacetCodes,
    OfferDocument,
    Prepared,
    facet_term,
    finish,
    id_query,
    prepare,
    stored_id,
    to_tantivy,
)

CURRENT = "CURRENT"
LOCK_FILE = "writer.lock"
FACET_CODES_FILE = "facets.json"
#: Buckets of one terms aggregation (distinct facet codes); counts are exact below it.
FACET_SIZE = 65_000
_SCREEN_MAX_KM = 200.0
#: Candidates fetched at once when resolving the edge of a circle or looking for the nearest offers.
_FETCH = 4096


class IndexLocked(RuntimeError):
    """Another writer holds the index."""


class IndexOutdated(RuntimeError):
    """The live index was built for another schema version: rebuild it."""


class SearchIndex:
    """The offer index at ``path`` (created on first use). Thread-safe for readers; see the module docstring.

    ``reload_interval``: ``search`` checks at most this often (seconds) whether a writer committed or a rebuild
    switched generations, and reopens; 0 checks on every search, None never (call ``reload``). ``cache_plans``:
    keep the expansion of query words (prefixes, typos) until the index changes. ``cache_results``: keep the
    results of that many recent searches until the index changes (a reader reloads, so no result outlives the
    snapshot it was computed from); 0 keeps none. A popular search ("Beratung" on the finder's first page) then
    costs a dictionary lookup instead of counting the facets over half a million matches. Cached results are
    shared: callers must not change them.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = 30.0,
        reload_interval: float | None = 1.0,
        rebuild_heap: int = 400_000_000,
        rebuild_threads: int = 2,
        cache_plans: bool = True,
        cache_results: int = 256,
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.reload_interval = reload_interval
        self.rebuild_heap = rebuild_heap
        self.rebuild_threads = rebuild_threads
        self._mutex = threading.RLock()
        self._index: tantivy.Index | None = None
        self._generation: str | None = None
        self._checked = 0.0
        self.cache_plans = cache_plans
        self._plans: dict[str, WordPlan] = {}
        self.cache_results = cache_results
        self._results: OrderedDict[Hashable, SearchResult] = OrderedDict()
        #: Counts the snapshots this reader has taken (a reload that saw a change starts the next one).
        self.snapshot_number = 0
        self._stamp: tuple[int, int] = (-1, -1)
        self._codes = FacetCodes()
        self._codes_stamp: tuple[int, int, int] | None = None
        self._writer_thread: int | None = None

    # --- generations and locks ------------------------------------------------------------------------------

    def _current_generation(self) -> str | None:
        try:
            return (self.path / CURRENT).read_text().strip() or None
        except FileNotFoundError:
            return None

    def _schema_version(self, generation: str) -> int | None:
        try:
            return int(json.loads((self.path / generation / "teilhabe-schema.json").read_text())["version"])
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None

    def outdated(self) -> bool:
        """Whether the live index was built for another schema version (then only a rebuild helps)."""
        generation = self._current_generation()
        return generation is not None and self._schema_version(generation) != SCHEMA_VERSION

    def _open_generation(self, generation: str) -> tantivy.Index:
        if self._schema_version(generation) != SCHEMA_VERSION:
            raise IndexOutdated(
                f"{self.path / generation} has another schema version than {SCHEMA_VERSION}: rebuild it"
            )
        index = tantivy.Index(SCHEMA, path=str(self.path / generation), reuse=True)
        # Only ``reload`` moves the reader, and then loads the facet codes after it: tantivy's own policy (reload on
        # commit, from a file watcher) showed readers documents whose facet codes they had not loaded yet.
        index.config_reader(reload_policy="Manual")
        register_analyzers(index)
        return index

    def _new_generation(self) -> tuple[str, tantivy.Index]:
        generation = f"g-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
        directory = self.path / generation
        directory.mkdir(parents=True)
        (directory / "teilhabe-schema.json").write_text(json.dumps({"version": SCHEMA_VERSION}))
        index = tantivy.Index(SCHEMA, path=str(directory), reuse=False)
        register_analyzers(index)
        return generation, index

    def _switch(self, generation: str) -> None:
        """Make ``generation`` the live one atomically; drop generations older than the one it replaces."""
        previous = self._current_generation()
        tmp = self.path / f"{CURRENT}.{uuid.uuid4().hex}"
        tmp.write_text(generation)
        with open(tmp) as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, self.path / CURRENT)
        keep = {generation, previous}
        for entry in self.path.iterdir():
            if entry.is_dir() and entry.name.startswith("g-") and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)

    @contextlib.contextmanager
    def _writer_lock(self) -> Iterator[None]:
        """The writer lock, re-entrant for the thread holding it (a first upsert creates the empty index under it;
        flock would block a second open of the same file within one process)."""
        me = threading.get_ident()
        if self._writer_thread == me:
            yield
            return
        self.path.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.lock_timeout
        with open(self.path / LOCK_FILE, "a+") as handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexLocked(f"another process is writing {self.path}") from None
                    time.sleep(0.05)
            self._writer_thread = me
            try:
                yield
            finally:
                self._writer_thread = None
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _tantivy_writer(self, index: tantivy.Index, heap: int, threads: int) -> tantivy.IndexWriter:
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return index.writer(heap_size=heap, num_threads=threads)
            except ValueError as error:  # tantivy: "Failed to acquire Lockfile: LockBusy"
                if "lock" not in str(error).lower() or time.monotonic() >= deadline:
                    raise IndexLocked(str(error)) from error
                time.sleep(0.05)

    def _live_index(self) -> tantivy.Index:
        """The live index, created empty on first use."""
        with self._mutex:
            generation = self._current_generation()
            if generation is None:
                with self._writer_lock():
                    generation = self._current_generation()
                    if generation is None:
                        generation, index = self._new_generation()
                        writer = self._tantivy_writer(index, 15_000_000, 1)
                        writer.commit()
                        writer.wait_merging_threads()
                        self._switch(generation)
            if generation != self._generation or self._index is None:
                self._index, self._generation = self._open_generation(generation), generation
                self._plans = {}
                self._results = OrderedDict()
                self.snapshot_number += 1
                self._codes_stamp = None
            self._load_codes()
            self._checked = time.monotonic()
            return self._index

    def _load_codes(self) -> None:
        path = self.path / str(self._generation) / FACET_CODES_FILE
        try:
            found = path.stat()
            # Codes are only ever added, so the size tells a change apart that the time alone may not (see
            # ``_commit_stamp``).
            stamp = (found.st_mtime_ns, found.st_size, found.st_ino)
        except FileNotFoundError:
            stamp = (0, 0, 0)
        if stamp != self._codes_stamp:
            self._codes, self._codes_stamp = FacetCodes.load(path), stamp

    # --- writing ----------------------------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[OfferDocument], *, parallel: bool = False) -> int:
        """Index ``documents`` into a fresh generation, then switch to it atomically. Returns how many.

        ``parallel``: index in a second process (``_index_into``) while this one produces the documents and
        analyses their text (``prepare``: reading them from a database costs about as much as the rest of the
        conversion and the indexing, so the two processes carry about the same load). Worth it from some ten
        thousand documents; starting the process takes a fraction of a second.
        """
        with self._writer_lock():
            generation, index = self._new_generation()
            directory = self.path / generation
            collecting = gc.isenabled()
            gc.disable()  # a million small dicts and lists: the cyclic collector would only slow the loop down
            try:
                if parallel:
                    del index
                    count = _rebuild_in_process(documents, directory, self.rebuild_heap, self.rebuild_threads)
                else:
                    prepared = map(prepare, documents)
                    count = _index_documents(index, prepared, directory, self.rebuild_heap, self.rebuild_threads)
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            finally:
                if collecting:
                    gc.enable()
            self._switch(generation)
        self.reload()
        return count

    def apply(self, *, upserts: Iterable[OfferDocument] = (), deletes: Iterable[str] = ()) -> int:
        """Add or replace ``upserts`` and remove ``deletes`` (by id) in one commit. Returns how many."""
        return self._apply(upserts, deletes)

    def upsert(self, documents: Iterable[OfferDocument]) -> int:
        """Add or replace documents (by id) in one commit. Returns how many."""
        return self._apply(documents, ())

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id in one commit (unknown ids are ignored). Returns how many ids were given."""
        return self._apply((), ids)

    def _apply(self, documents: Iterable[OfferDocument], ids: Iterable[str]) -> int:
        with self._writer_lock():
            index = self._live_index()
            codes_path = self.path / str(self._generation) / FACET_CODES_FILE
            codes = FacetCodes.load(codes_path)
            writer = self._tantivy_writer(index, 50_000_000, 1)
            count = 0
            try:
                for doc in documents:
                    writer.delete_documents_by_query(id_query(doc["id"]))
                    writer.add_document(to_tantivy(doc, codes))
                    count += 1
                for doc_id in ids:
                    writer.delete_documents_by_query(id_query(doc_id))
                    count += 1
                if codes.changed:  # before the commit: a reader never meets a code it cannot read
                    codes.save(codes_path)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
        self.reload()
        return count

    # --- reading ----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """See the latest commit and the latest generation (a reader in another process calls this)."""
        with self._mutex:
            generation = self._generation
            index = self._live_index()
            stamp = self._commit_stamp()
            if generation != self._generation or stamp != self._stamp:
                index.reload()
                self._plans = {}
                self._results = OrderedDict()
                self.snapshot_number += 1
                self._stamp = stamp
            # After the index: a writer saves the codes before it commits, so these cover every document seen.
            self._load_codes()

    def _commit_stamp(self) -> tuple[int, int]:
        """Changes with every commit: tantivy replaces ``meta.json``, with the commit's operation stamp in it. The
        file's time alone is not enough: two commits within one tick of the file system's clock leave the same
        time, and a reader (the writer's own too) kept the snapshot before the second, with a deleted offer still
        found (seen once in CI)."""
        path = self.path / str(self._generation) / "meta.json"
        try:
            mtime = path.stat().st_mtime_ns
            opstamp = int(json.loads(path.read_bytes()).get("opstamp", 0))
        except (FileNotFoundError, ValueError):
            return (0, 0)
        return (mtime, opstamp)

    def current_snapshot(self) -> int:
        """The number of the snapshot a search started now would read, after the same reload check as ``search``.
        It grows with every commit and generation this process sees, so what is derived from a search may be kept
        under the number taken before the search: a reader that still gets that number sees the same or an older
        index than the one the kept answer came from."""
        self._reload_if_due()
        return self.snapshot_number

    def _reload_if_due(self) -> None:
        interval = self.reload_interval
        if self._index is None or (interval is not None and time.monotonic() - self._checked >= interval):
            self.reload()

    def _snapshot(self) -> tuple[tantivy.Searcher, FacetCodes]:
        """A searcher and the facet codes that cover every document it sees, taken together."""
        searcher, codes, _results = self._snapshot_with_results()
        return searcher, codes

    def _snapshot_with_results(self) -> tuple[tantivy.Searcher, FacetCodes, OrderedDict[Hashable, SearchResult]]:
        """The snapshot and the result cache of that snapshot (a reload starts a new one)."""
        self._reload_if_due()
        with self._mutex:
            assert self._index is not None
            return self._index.searcher(), self._codes, self._results

    def _searcher(self) -> tantivy.Searcher:
        return self._snapshot()[0]

    def count(self) -> int:
        """Number of documents in the index."""
        return int(self._searcher().num_docs)

    def ids(self) -> set[str]:
        """The id of every document (from the fast ``key`` fields; ids must be canonical UUIDs)."""
        searcher = self._searcher()
        total = int(searcher.num_docs)
        if total == 0:
            return set()
        addresses = [a for _s, a in searcher.search(tantivy.Query.all_query(), limit=total, count=False).hits]
        found: set[str] = set()
        for start in range(0, len(addresses), 100_000):
            chunk = addresses[start : start + 100_000]
            highs = searcher.fast_field_values("key", chunk)
            lows = searcher.fast_field_values("key_lo", chunk)
            found.update(str(uuid.UUID(int=(int(h) << 64) | int(lo))) for h, lo in zip(highs, lows, strict=True))  # type: ignore[arg-type]
        return found

    def healthy_generation(self) -> bool:
        """Whether the live generation exists on disk, readable, with this schema version."""
        generation = self._current_generation()
        return (
            generation is not None
            and (self.path / generation / "meta.json").exists()
            and self._schema_version(generation) == SCHEMA_VERSION
        )

    @property
    def generation(self) -> str | None:
        """The live generation (None before the first use)."""
        return self._current_generation()

    def points(self, query: SearchQuery, *, limit: int = 5000) -> list[tuple[str, float, float]]:
        """(id, lat, lon) of up to ``limit`` matches of ``query`` in its order (page and facets ignored), for a map:
        one place per offer, the nearest to ``near`` when given, else the first; offers without a place left out."""
        searcher, codes = self._snapshot()
        with self._mutex:
            plans = plan(
                searcher,
                query.text,
                self._plans if self.cache_plans else None,
                language=query.language,
                vocabulary=query.vocabulary,
            )
        return _Run(searcher, query, plans, codes).points(limit)

    def search(self, query: SearchQuery) -> SearchResult:
        """Run ``query``: the page, the exact total, the facets (see ``SearchQuery``)."""
        started = time.perf_counter()
        # The cache is taken with the searcher: a reload meanwhile starts a new one, and this one (of the
        # searcher before) is dropped with whatever is put into it below.
        searcher, codes, results = self._snapshot_with_results()
        key = _result_key(query) if self.cache_results else None
        with self._mutex:
            if key is not None and (cached := results.get(key)) is not None:
                results.move_to_end(key)
                return replace(cached, elapsed_ms=(time.perf_counter() - started) * 1000)
            plans = plan(
                searcher,
                query.text,
                self._plans if self.cache_plans else None,
                language=query.language,
                vocabulary=query.vocabulary,
            )
        run = _Run(searcher, query, plans, codes)
        hits, total, facets = run.execute()
        elapsed = (time.perf_counter() - started) * 1000
        result = SearchResult(total, hits, facets, elapsed, query.page, query.page_size)
        if key is not None:
            with self._mutex:
                results[key] = result
                while len(results) > self.cache_results:
                    results.popitem(last=False)
        return result


def _result_key(query: SearchQuery) -> Hashable:
    """Everything that decides a search's result, hashable (the vocabulary as a set: equal sets, equal keys)."""
    return (
        query.text,
        query.language,
        tuple(sorted((name, tuple(keys)) for name, keys in query.filters.items())),
        query.near,
        query.radius_km,
        query.sort,
        query.page,
        query.page_size,
        query.facets,
        frozenset((term, tuple(targets)) for term, targets in query.vocabulary.items()) if query.vocabulary else None,
    )


def _index_documents(
    index: tantivy.Index, documents: Iterable[Prepared], directory: Path, heap: int, threads: int
) -> int:
    """Write ``documents`` (``prepare``d) into the fresh ``index`` in ``directory`` with its facet codes; one
    commit."""
    codes = FacetCodes()
    writer = _writer_for_rebuild(index, heap, threads)
    count = 0
    add = writer.add_document
    from_dict = tantivy.Document.from_dict
    try:
        for prepared in documents:
            add(from_dict(finish(prepared, codes), SCHEMA))
            count += 1
        codes.save(directory / FACET_CODES_FILE)
        writer.commit()
    finally:
        writer.wait_merging_threads()
    return count


def _writer_for_rebuild(index: tantivy.Index, heap: int, threads: int) -> tantivy.IndexWriter:
    return index.writer(heap_size=heap, num_threads=threads)  # a fresh generation: nobody else holds its lock


#: Documents per message to the indexing process of a parallel rebuild.
_PIPE_BATCH = 1000
_END = "end"
_ABORT = "abort"


def _index_into(directory: str, heap: int, threads: int, inbox: Connection, results: Connection) -> None:
    """The indexing process of a parallel rebuild: finishes and indexes the batches of prepared documents it
    receives until ``_END`` (then commits and answers ("ok", count)) or ``_ABORT`` / a closed pipe (no commit)."""
    gc.disable()
    try:
        index = tantivy.Index(SCHEMA, path=directory, reuse=True)
        register_analyzers(index)

        def batches() -> Iterator[Prepared]:
            while True:
                message = marshal.loads(inbox.recv_bytes())  # noqa: S302 (from our own parent process)
                if message == _END:
                    return
                if message == _ABORT:
                    raise RuntimeError("rebuild aborted by its producer")
                yield from message

        count = _index_documents(index, batches(), Path(directory), heap, threads)
        results.send(("ok", count))
    except BaseException as error:  # reported to the parent, which raises
        with contextlib.suppress(OSError):
            results.send(("error", f"{type(error).__name__}: {error}"))


def _rebuild_in_process(documents: Iterable[OfferDocument], directory: Path, heap: int, threads: int) -> int:
    """Send ``documents`` in batches to a fresh indexing process (``spawn``: no state of this process, no
    threads, no database connections carried over) and wait for its commit. Raises if it failed.

    As with every ``spawn``, the process imports the caller's main module again: scripts need their
    ``if __name__ == "__main__"`` guard (management commands, pytest and the benchmarks have it)."""
    context = multiprocessing.get_context("spawn")
    inbox, to_child = context.Pipe(duplex=False)
    from_child, results = context.Pipe(duplex=False)
    process = context.Process(
        target=_index_into, args=(str(directory), heap, threads, inbox, results), name="search-rebuild", daemon=True
    )
    process.start()
    inbox.close()
    results.close()
    try:
        try:
            # marshal, not pickle: the batches are plain data, and it takes a third less time on either side.
            send, dumps = to_child.send_bytes, marshal.dumps
            batch: list[Prepared] = []
            for doc in documents:
                batch.append(prepare(doc))
                if len(batch) >= _PIPE_BATCH:
                    send(dumps(batch))
                    batch = []
            if batch:
                send(dumps(batch))
            send(dumps(_END))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the indexing process ended early: its answer below says why
        except BaseException:
            with contextlib.suppress(OSError):
                send(dumps(_ABORT))
            raise
        try:
            status, value = from_child.recv()
        except EOFError:
            status, value = "error", f"the indexing process ended with exit code {process.exitcode}"
        if status != "ok":
            raise RuntimeError(f"search rebuild failed in the indexing process: {value}")
        return int(value)
    finally:
        to_child.close()
        process.join(timeout=60)
        if process.is_alive():
            process.kill()
            process.join()
        from_child.close()


def _cells(cells: Iterable[int]) -> tantivy.Query:
    return tantivy.Query.term_set_query(SCHEMA, "cell", [str(c) for c in cells])


def _must(query: tantivy.Query) -> tuple[tantivy.Occur, tantivy.Query]:
    return tantivy.Occur.Must, query


def _filter(query: tantivy.Query) -> tuple[tantivy.Occur, tantivy.Query]:
    """A clause that restricts without changing scores."""
    return tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0)


def _and(main: tantivy.Query | None, filters: list[tuple[tantivy.Occur, tantivy.Query]]) -> tantivy.Query:
    if main is None and not filters:
        return tantivy.Query.all_query()
    if not filters:
        assert main is not None
        return main
    clauses = ([_must(main)] if main is not None else []) + filters
    if len(clauses) == 1:
        return clauses[0][1]
    return tantivy.Query.boolean_query(clauses)


Address = tuple[int, int]


def _key(address: tantivy.DocAddress) -> Address:
    return address.segment_ord, address.doc


@dataclass
class _Edge:
    """Offers found only through the border cells of a circle that lie within it, checked one by one."""

    address: dict[Address, tantivy.DocAddress] = field(default_factory=dict)
    score: dict[Address, float] = field(default_factory=dict)  # under the full text query (0.0 without words)
    exact_score: dict[Address, float] = field(default_factory=dict)  # those that match every word exactly


class _Screen:
    """Is a place within ``radius`` km of a point? An equirectangular projection at the mean latitude (error far
    below the margin up to ``_SCREEN_MAX_KM``) decides when clearly in or out; places near the edge, and every
    place for larger circles, get the exact haversine."""

    def __init__(self, lat: float, lon: float, radius: float) -> None:
        self.lat, self.lon, self.radius = lat, lon, radius
        self.k = math.pi * EARTH_RADIUS_KM / 180.0
        margin = 0.005 * radius + 0.02
        screen = radius <= _SCREEN_MAX_KM
        self.sure_in = max(0.0, radius - margin) ** 2 if screen else -1.0
        self.sure_out = (radius + margin) ** 2 if screen else math.inf

    def inside(self, lat: float, lon: float) -> bool:
        dy = lat - self.lat
        dx = (lon - self.lon) * math.cos(math.radians((lat + self.lat) / 2))
        d2 = (dx * dx + dy * dy) * self.k * self.k
        if d2 <= self.sure_in:
            return True
        if d2 >= self.sure_out:
            return False
        return haversine_km(self.lat, self.lon, lat, lon) <= self.radius


class _Run:
    """One execution of a query against one searcher (a consistent view of the index)."""

    def __init__(
        self, searcher: tantivy.Searcher, query: SearchQuery, plans: list[WordPlan], codes: FacetCodes
    ) -> None:
        self.searcher = searcher
        self.codes = codes
        self.q = query
        self.plans = plans
        self.exact = text_query(plans, approximate=False)
        self.full = text_query(plans, approximate=True)
        self.filters = self._filter_clauses()
        self.distances: dict[Address, float] = {}

    def _filter_clauses(self) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        clauses = []
        for name, values in self.q.filters.items():
            keys = sorted({str(v) for v in values})
            if not keys:
                continue
            if name == "gemeinde":
                field_name, terms = GEMEINDE_FIELD, keys
            else:
                field_name, terms = FACET_FIELD, [facet_term(name, k) for k in keys]
            queries = [tantivy.Query.term_query(SCHEMA, field_name, t, index_option="basic") for t in terms]
            either = (
                queries[0]
                if len(queries) == 1
                else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])
            )
            clauses.append(_filter(either))
        return clauses

    # --- places and circles -----------------------------------------------------------------------------------

    def _places(self, addresses: list[tantivy.DocAddress]) -> list[list[tuple[float, float]]]:
        """Every place of each document, from fast fields (stored fields only beyond ``EXTRA_PLACES``)."""
        values = self.searcher.fast_field_values
        places = [
            [(lat, lon)] if lat is not None and lon is not None else []
            for lat, lon in zip(values("lat", addresses), values("lon", addresses), strict=True)
        ]
        counts = values("nloc", addresses)
        several = [i for i, n in enumerate(counts) if n and n > 1]  # type: ignore[operator]
        if several:
            subset = [addresses[i] for i in several]
            for number in EXTRA_PLACES:
                lats, lons = values(f"lat{number}", subset), values(f"lon{number}", subset)
                for i, lat, lon in zip(several, lats, lons, strict=True):
                    if lat is not None and lon is not None:
                        places[i].append((lat, lon))  # type: ignore[arg-type]
            for i in several:
                if counts[i] > len(places[i]):  # type: ignore[operator]
                    stored = self.searcher.doc(addresses[i]).get_first("locs")
                    places[i] = [(float(a), float(b)) for a, b in json.loads(stored)] if stored else places[i]
        return places  # type: ignore[return-value]

    def _nearest(self, addresses: list[tantivy.DocAddress]) -> list[float]:
        lat0, lon0 = self.q.near  # type: ignore[misc]
        return [
            min((haversine_km(lat0, lon0, lat, lon) for lat, lon in places), default=math.inf)
            for places in self._places(addresses)
        ]

    def _circle(self, radius: float) -> tuple[tantivy.Query | None, _Edge]:
        """The circle as (a query for the offers with a place in a cell entirely inside it, the edge offers).

        Offers found through border cells are checked with the exact distance; those inside that have no place in
        an inner cell form the edge (an offer with several places may be in both: it counts once, as inner).
        """
        lat0, lon0 = self.q.near  # type: ignore[misc]
        cells = cover(lat0, lon0, radius)
        inner = _cells(cells.inner) if cells.inner else None
        edge = _Edge()
        if not cells.border:
            return inner, edge
        border = _filter(_cells(cells.border))
        if self.full is not None:
            hits = self._every(_and(self.full, [*self.filters, border]))
        else:
            hits = [(0.0, a) for a in self._all(_and(None, [*self.filters, border]))]
        addresses = [a for _s, a in hits]
        inner_set = set(cells.inner)
        inside = _Screen(lat0, lon0, radius).inside
        for (score, address), places in zip(hits, self._places(addresses), strict=True):
            if not any(inside(lat, lon) for lat, lon in places):
                continue
            if len(places) > 1 and any(not inner_set.isdisjoint(cell_terms(lat, lon)) for lat, lon in places):
                continue  # counted through its inner place
            k = _key(address)
            edge.address[k], edge.score[k] = address, score
        if edge.address and self.exact is not None:
            for score, address in self._every(_and(self.exact, [*self.filters, border])):
                if _key(address) in edge.address:
                    edge.exact_score[_key(address)] = score
        return inner, edge

    def _all(self, query: tantivy.Query) -> list[tantivy.DocAddress]:
        """Every document matching ``query`` (expected to be few), in no particular order, without scoring."""
        return [address for _score, address in self._every(tantivy.Query.const_score_query(query, 1.0))]

    def _every(self, query: tantivy.Query) -> list[tuple[float, tantivy.DocAddress]]:
        """Every document matching ``query`` (expected to be few) with its score."""
        limit = _FETCH
        while True:
            hits = self.searcher.search(query, limit=limit, count=False).hits
            if len(hits) < limit:
                return hits
            limit *= 4

    # --- execution --------------------------------------------------------------------------------------------

    def execute(self) -> tuple[list[Hit], int, dict[str, dict[str, int]]]:
        q = self.q
        within, edge = self._within()
        total, facets = self._count(_and(self.full, within), list(edge.address.values()))
        need = q.offset + q.page_size
        if total == 0 or q.offset >= total:
            return [], total, facets
        ranked = self._ranked(within, edge, need, total)
        return self._hits(ranked[q.offset : need]), total, facets

    def _within(self) -> tuple[list[tuple[tantivy.Occur, tantivy.Query]], _Edge]:
        """The filter clauses (with the inner cells of the circle, if any) and the edge offers of the circle."""
        within = list(self.filters)
        edge = _Edge()
        if self.q.near is not None and self.q.radius_km is not None:
            inner, edge = self._circle(self.q.radius_km)
            within.append(_filter(inner if inner is not None else tantivy.Query.empty_query()))
        return within, edge

    def _ranked(
        self, within: list[tuple[tantivy.Occur, tantivy.Query]], edge: _Edge, need: int, total: int
    ) -> list[tuple[float, tantivy.DocAddress]]:
        if self.q.sort == "distance":
            return self._by_distance(within, edge, need, total)
        if self.full is None:
            return self._by_key(within, edge, need)
        return self._by_relevance(within, edge, need)

    def points(self, limit: int) -> list[tuple[str, float, float]]:
        """(id, lat, lon) of the first ``limit`` matches in the query's order, one place each (the nearest to
        ``near`` if given, else the first); offers without a place are left out."""
        within, edge = self._within()
        total, _facets = self._count(_and(self.full, within), list(edge.address.values()))
        if total == 0:
            return []
        ranked = self._ranked(within, edge, min(limit, total), total)
        addresses = [address for _score, address in ranked]
        points = []
        for address, places in zip(addresses, self._places(addresses), strict=True):
            if not places:
                continue
            if self.q.near is not None:
                lat0, lon0 = self.q.near
                lat, lon = min(places, key=lambda p: haversine_km(lat0, lon0, p[0], p[1]))
            else:
                lat, lon = places[0]
            points.append((stored_id(self.searcher.doc(address).get_first("id")), lat, lon))
        return points

    def _count(self, match: tantivy.Query, extra: list[tantivy.DocAddress]) -> tuple[int, dict[str, dict[str, int]]]:
        """The exact number of matches and, if asked, the facet counts: one pass of terms aggregations over the
        facet codes (the (Kreis, kind) code, present in every document, gives the total), plus ``extra``
        documents (the edge of a circle) counted from their codes."""
        fields = list(CODE_FIELDS) if self.q.facets else ["code_place_kind"]
        result = self.searcher.aggregate(match, {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in fields})
        if any(agg.get("sum_other_doc_count") for agg in result.values()):
            raise RuntimeError(f"more than {FACET_SIZE} facet codes; raise FACET_SIZE")
        total = sum(int(b["doc_count"]) for b in result["code_place_kind"]["buckets"]) + len(extra)
        if not self.q.facets:
            return total, {}
        by_code: dict[str, Counter[int]] = {f: Counter() for f in fields}
        for f in fields:
            for bucket in result[f]["buckets"]:
                by_code[f][int(bucket["key"])] += int(bucket["doc_count"])
            if extra:
                by_code[f].update(int(v) for v in self.searcher.fast_field_values(f, extra))  # type: ignore[arg-type]
        counts: dict[str, dict[str, int]] = {name: {} for name in FILTERS}
        combination = self.codes.combination
        for f, codes in by_code.items():
            for code, n in codes.items():
                for facet, key in combination(f, code):
                    if key:
                        counts[facet][key] = counts[facet].get(key, 0) + n
        facets = {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}
        return total, facets

    def _top(
        self,
        query: tantivy.Query | None,
        within: list[tuple[tantivy.Occur, tantivy.Query]],
        need: int,
        extra: dict[Address, float],
        addresses: dict[Address, tantivy.DocAddress],
    ) -> list[tuple[float, tantivy.DocAddress]]:
        """The ``need`` best of ``query`` within the filters, merged with ``extra`` (address -> score), by score
        and then by address, as tantivy orders ties."""
        hits = self.searcher.search(_and(query, within), limit=need, count=False).hits
        if not extra:
            return hits
        merged = hits + [(score, addresses[k]) for k, score in extra.items()]
        merged.sort(key=lambda h: (-h[0], h[1].segment_ord, h[1].doc))
        return merged[:need]

    def _by_relevance(
        self, within: list[tuple[tantivy.Occur, tantivy.Query]], edge: _Edge, need: int
    ) -> list[tuple[float, tantivy.DocAddress]]:
        """The first ``need`` matches: exact-tier matches by score, then the others by score."""
        exact = self._top(self.exact, within, need, edge.exact_score, edge.address)
        if len(exact) >= need:
            return exact
        seen = {_key(a) for _s, a in exact}
        rest = self._top(self.full, within, need, edge.score, edge.address)
        return exact + [(s, a) for s, a in rest if _key(a) not in seen][: need - len(exact)]

    def _by_key(
        self, within: list[tuple[tantivy.Occur, tantivy.Query]], edge: _Edge, need: int
    ) -> list[tuple[float, tantivy.DocAddress]]:
        """Without words every match scores the same: a stable order (by ``key``) keeps pages consistent."""
        result = self.searcher.search(
            _and(None, within), limit=need, order_by_field="key", order=tantivy.Order.Asc, count=False
        )
        ranked = [(int(k), a) for k, a in result.hits]
        if edge.address:
            extra = list(edge.address.values())
            ranked += [(int(k), a) for k, a in zip(self.searcher.fast_field_values("key", extra), extra, strict=True)]  # type: ignore[arg-type]
            ranked.sort(key=lambda h: h[0])
        return [(0.0, a) for _k, a in ranked[:need]]

    def _by_distance(
        self, within: list[tuple[tantivy.Occur, tantivy.Query]], edge: _Edge, need: int, total: int
    ) -> list[tuple[float, tantivy.DocAddress]]:
        """The ``need`` nearest matches, by widening circles: a circle that holds ``need`` matches holds the nearest.

        The first circle is sized for about twice ``need`` matches if they were spread evenly over the full one.
        """
        q = self.q
        assert q.radius_km is not None and q.near is not None
        radius = q.radius_km
        step = radius * min(1.0, (2.0 * need / max(total, 1)) ** 0.5)
        while True:
            step = min(radius, max(step, 0.05))
            if step >= radius:  # all of the circle: its inner offers and the edge
                hits = (
                    self._every(_and(self.full, within))
                    if self.full is not None
                    else [(0.0, a) for a in self._all(_and(None, within))]
                )
                hits += [(edge.score[k], a) for k, a in edge.address.items()]
            else:
                cells = cover(q.near[0], q.near[1], step)
                near = [*self.filters, _filter(_cells((*cells.inner, *cells.border)))]
                hits = (
                    self._every(_and(self.full, near))
                    if self.full is not None
                    else [(0.0, a) for a in self._all(_and(None, near))]
                )
            distances = self._nearest([a for _s, a in hits])
            found = [(d, s, a) for (s, a), d in zip(hits, distances, strict=True) if d <= step]
            if len(found) >= need or step >= radius:
                break
            step *= 2.0
        found.sort(key=lambda item: (item[0], -item[1], item[2].segment_ord, item[2].doc))
        for distance, _score, address in found[:need]:
            self.distances[_key(address)] = distance
        return [(score, address) for _d, score, address in found[:need]]

    def _hits(self, ranked: list[tuple[float, tantivy.DocAddress]]) -> list[Hit]:
        searcher = self.searcher
        addresses = [address for _score, address in ranked]
        distances: list[float | None] = [None] * len(addresses)
        if self.q.near is not None:
            missing = [a for a in addresses if _key(a) not in self.distances]
            for address, distance in zip(missing, self._nearest(missing), strict=True):
                self.distances[_key(address)] = distance
            distances = [self.distances[_key(a)] for a in addresses]
        return [
            Hit(
                stored_id(searcher.doc(address).get_first("id")),
                float(score),
                None if distance is None or distance == math.inf else round(distance, 3),
            )
            for (score, address), distance in zip(ranked, distances, strict=True)
        ]
