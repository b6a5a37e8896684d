"""Benchmark of the search engine (teilhabe.search) on generated offers, without Django or a database.

    nice .venv/bin/python bench/search_engine.py                      # 200,000 and 1,000,000 offers
    nice .venv/bin/python bench/search_engine.py --sizes 200000 --queries 60 --check 4

Per size: generates the offers (bench/generate.py, in memory), rebuilds the index into a fresh directory (timed:
the figure the 60 s target is about), runs every query kind with rotating terms (``--queries`` per kind, first
page of 20 with the exact total; facets only in the kind that asks for them, and once more for every kind with
facets on; the engine's caches of word expansions and circle covers are off, so every query pays for them),
measures how long an upsert takes to become visible to a second reader, and checks ``--check``
distinct queries per kind against brute force: every match collected and ranked by score (exact tier first),
distances from a bounding box on the lat/lon fast fields and the haversine of every candidate place, totals
from tantivy's own Count collector, facets from one count query per facet key. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tantivy  # noqa: E402
from generate import RARE_WORDS, generate_offers  # noqa: E402

from teilhabe.search import SearchIndex, SearchQuery, SearchResult  # noqa: E402
from teilhabe.search.geo import bounding_box, cover, haversine_km  # noqa: E402
from teilhabe.search.index import _and, _filter, _Run  # noqa: E402
from teilhabe.search.matching import plan  # noqa: E402
from teilhabe.search.schema import FACET_FIELD, FACET_PREFIXES, GEMEINDE_FIELD, SCHEMA, stored_id  # noqa: E402

KOELN = (50.9375, 6.9603)
PAGE = 20

QUERY_KINDS: dict[str, list[dict[str, Any]]] = {
    "common_word": [
        {"text": w}
        for w in ["Beratung", "Deutsch", "Kinder", "Frauen", "Kurs", "Sprache", "Eltern", "Angebot", "Gruppen", "Treff"]
    ],
    "rare_word": [{"text": w} for w in RARE_WORDS[::5]],
    "two_words": [
        {"text": w}
        for w in [
            "Deutschkurs Köln",
            "Beratung Arabisch",
            "Elterncafé Kinder",
            "Sprachcafé Ehrenamtliche",
            "Beratung Frauen",
            "Hausaufgabenhilfe Kinder",
            "Integrationskurs Prüfung",
            "Wohnungssuche Mietverträgen",
            "Bewerbungstraining Anschreiben",
            "Mütter Frühstück",
        ]
    ],
    "umlaut_written_out": [
        {"text": w}
        for w in [
            "Muetter",
            "Koeln",
            "Gefluechtete",
            "Fachkraefte",
            "Uebersetzung",
            "Strasse",
            "Fuehrerschein",
            "Pruefung",
            "Fruehstueck",
            "Duesseldorf",
            "Muenster",
            "Naehcafe",
        ]
    ],
    "typo": [
        {"text": w}
        for w in [
            "Beratng",
            "Deutschkrus",
            "Integratoinskurs",
            "Elterncaffe",
            "Hausaufgabenhilef",
            "Bewerbungstrainig",
            "Sprachcafee",
            "Dolmetscherdinst",
            "Antidiskriminierungsberatng",
            "Wohnungssuhe",
        ]
    ],
    "prefix": [
        {"text": w}
        for w in [
            "Deutschk",
            "Integrat",
            "Berat",
            "Hausaufg",
            "Bewerb",
            "Dolmet",
            "Sprachc",
            "Antidis",
            "Kinderb",
            "Nachbar",
        ]
    ],
    "filters": [
        {"filters": f}
        for f in [
            {"topic": ["sprache"], "language": ["ar"]},
            {"kreis": ["05315"]},
            {"target_group": ["frauen"], "organisation_kind": ["migrantenorganisation"]},
            {"language": ["uk", "ru"]},
            {"topic": ["beratung", "recht-aufenthalt"], "kreis": ["05913", "05113"]},
            {"organisation_kind": ["ki"], "target_group": ["jugendliche"]},
            {"gemeinde": ["05334002"]},
            {"language": ["tr"], "topic": ["kinder-familie"], "target_group": ["eltern"]},
            {"kreis": ["05111", "05315", "05913"], "language": ["fa"]},
            {"topic": ["gesundheit"]},
        ]
    ],
    "koeln_10km_by_distance": [
        {"text": w, "near": KOELN, "radius_km": 10.0, "sort": "distance"}
        for w in ["", "Beratung", "Kurs", "Deutsch", "Frauen", "Kinder"]
    ],
    "facets_whole_match_set": [
        {"text": w, "facets_kind": True} for w in ["", "Beratung", "Deutsch", "Kinder", "Kurs", "Frauen", "Sprache"]
    ],
}


def make_query(spec: dict[str, Any], *, facets: bool) -> SearchQuery:
    args = {k: v for k, v in spec.items() if k != "facets_kind"}
    return SearchQuery(**args, page_size=PAGE, facets=facets or bool(spec.get("facets_kind")))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = p / 100 * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "p99_ms": round(percentile(values, 99), 2),
        "max_ms": round(max(values), 2),
        "qps": round(len(values) / (sum(values) / 1000), 1),
    }


# --- brute force -------------------------------------------------------------------------------------------------


def _all_hits(searcher: tantivy.Searcher, query: tantivy.Query) -> list[tuple[float, tantivy.DocAddress]]:
    count = searcher.search(query, limit=1, count=True).count
    return searcher.search(query, limit=max(1, count), count=False).hits if count else []


def _addr(address: tantivy.DocAddress) -> tuple[int, int]:
    return address.segment_ord, address.doc


def brute_force(index: SearchIndex, query: SearchQuery) -> dict[str, Any]:
    """The full ranking, total and facets of ``query``, computed by collecting every match."""
    searcher = index._searcher()
    plans = plan(searcher, query.text)
    run = _Run(searcher, query, plans, index._codes)
    filters = run.filters
    full_q = _and(run.full, filters)
    distance: dict[tuple[int, int], float] = {}
    if query.near is not None and query.radius_km is not None:
        south, north, west, east = bounding_box(*query.near, query.radius_km)
        box = [
            _filter(tantivy.Query.range_query(SCHEMA, "lat", tantivy.FieldType.Float, south, north)),
            _filter(tantivy.Query.range_query(SCHEMA, "lon", tantivy.FieldType.Float, west, east)),
        ]
        candidates = _all_hits(searcher, _and(run.full, filters + box))
        addresses = [a for _s, a in candidates]
        for address, places in zip(addresses, run._places(addresses), strict=True):
            d = min((haversine_km(*query.near, lat, lon) for lat, lon in places), default=math.inf)
            if d <= query.radius_km:
                distance[_addr(address)] = d
        inside = [a for a in addresses if _addr(a) in distance]
        # Restricts by the ids' high 64 bits; the exact filter follows below.
        inside_keys = [int(k) for k in searcher.fast_field_values("key", inside)]  # type: ignore[arg-type]
        within = _filter(tantivy.Query.term_set_query(SCHEMA, "key", inside_keys or [0]))
        filters = [*filters, within]
        full_q = _and(run.full, filters)
    full = _all_hits(searcher, full_q)
    if query.near is not None and query.radius_km is not None:
        full = [(s, a) for s, a in full if _addr(a) in distance]
    total = searcher.search(full_q, limit=1, count=True).count
    if query.sort == "distance":
        ranked = sorted(full, key=lambda h: (distance[_addr(h[1])], -h[0], _addr(h[1])))
        tiers = [(0, distance[_addr(a)], s, a) for s, a in ranked]
    elif run.full is None:
        keys = searcher.fast_field_values("key", [a for _s, a in full])
        tiers = sorted(((0, k, 0.0, a) for (_s, a), k in zip(full, keys, strict=True)), key=lambda t: t[1])
    else:
        exact = {_addr(a): s for s, a in _all_hits(searcher, _and(run.exact, filters))}
        tiers = sorted(
            ((0, -exact[_addr(a)], exact[_addr(a)], a) if _addr(a) in exact else (1, -s, s, a) for s, a in full),
            key=lambda t: (t[0], t[1]),
        )

    def count_terms(field: str, prefix: str) -> dict[str, int]:
        """Matches per term of ``field`` starting with ``prefix``, one count query each (the key without prefix)."""
        counts = {}
        for term, _df in searcher.terms_with_prefix(field, prefix, limit=100_000):
            key_q = _filter(tantivy.Query.term_query(SCHEMA, field, term))
            n = searcher.search(_and(run.full, [*filters, key_q]), limit=1, count=True).count
            if n:
                counts[term[len(prefix) :].replace("\u00a0", " ")] = n
        return counts

    facets = {name: count_terms(FACET_FIELD, prefix + ":") for name, prefix in FACET_PREFIXES.items()}
    facets["gemeinde"] = count_terms(GEMEINDE_FIELD, "")
    return {"tiers": tiers, "total": total, "collected": len(full), "facets": facets, "searcher": searcher}


def check(index: SearchIndex, query: SearchQuery, result: SearchResult) -> list[str]:
    """Differences between the engine's answer and brute force (empty: equal)."""
    truth = brute_force(index, query)
    searcher = truth["searcher"]
    problems = []
    if result.total != truth["total"] or truth["total"] != truth["collected"]:
        problems.append(f"total {result.total} != brute force {truth['total']} / {truth['collected']}")
    if query.facets and result.facets != truth["facets"]:
        problems.append("facets differ")
    tiers = truth["tiers"]
    page = tiers[query.offset : query.offset + query.page_size]
    if len(page) != len(result.hits):
        return [*problems, f"page has {len(result.hits)} hits, brute force {len(page)}"]
    if not page:
        return problems

    # Equal sort keys may come in any order: compare keys position by position, ids within each group of equal keys.
    def sort_key(t: tuple[Any, ...]) -> tuple[Any, ...]:
        return (t[0], round(t[1], 9) if isinstance(t[1], float) else t[1])

    boundary = sort_key(page[-1])
    allowed = {}
    for t in tiers:
        if sort_key(t) == boundary or t in page:
            allowed[_addr(t[3])] = t
    ids_allowed = {stored_id(searcher.doc(t[3]).get_first("id")): sort_key(t) for t in allowed.values()}
    for position, (hit, t) in enumerate(zip(result.hits, page, strict=True)):
        if ids_allowed.get(hit.id) != sort_key(t):
            problems.append(f"position {position + 1}: {hit.id} not ranked there by brute force")
            break
        if abs(hit.score - t[2]) > 1e-4 * max(1.0, abs(t[2])):
            problems.append(f"position {position + 1}: score {hit.score} != {t[2]}")
            break
    return problems


# --- the run -------------------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def visibility(index_path: Path, n: int) -> dict[str, Any]:
    """Seconds from calling upsert (in a writer) to a hit in a second reader that polls like a web worker."""
    writer = SearchIndex(index_path)
    reader = SearchIndex(index_path, reload_interval=1.0)
    template = next(generate_offers(1, seed=99))
    upsert_s, visible_s = [], []
    for i in range(n):
        word = f"Sichtbarkeitstest{i}x{int(time.time())}"
        doc = {**template, "id": f"00000000-0000-4000-8000-{i:012d}", "title": f"{template['title']} {word}"}
        started = time.perf_counter()
        writer.upsert([doc])
        upsert_s.append(time.perf_counter() - started)
        while reader.search(SearchQuery(word, facets=False)).total == 0:
            time.sleep(0.01)
            if time.perf_counter() - started > 30:
                break
        visible_s.append(time.perf_counter() - started)
    writer.delete([f"00000000-0000-4000-8000-{i:012d}" for i in range(n)])
    return {
        "upsert_commit_s": {"median": round(sorted(upsert_s)[n // 2], 3), "max": round(max(upsert_s), 3)},
        "searchable_in_second_reader_s": {
            "median": round(sorted(visible_s)[n // 2], 3),
            "max": round(max(visible_s), 3),
        },
        "reader_reload_interval_s": 1.0,
    }


def run_size(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"offers": n}
    gen_s, docs = timed(lambda: list(generate_offers(n, args.seed)))
    out["generate_s"] = round(gen_s, 1)
    path = work / f"index-{n}"
    shutil.rmtree(path, ignore_errors=True)
    index = SearchIndex(path, reload_interval=None, cache_plans=False)
    cpu0 = time.process_time()
    rebuild_s, count = timed(lambda: index.rebuild(docs))
    docs = []
    out["rebuild_s"] = round(rebuild_s, 1)
    out["rebuild_cpu_s_main_thread"] = round(time.process_time() - cpu0, 1)
    out["indexed"] = count
    out["index_mb"] = round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6)
    out["segments"] = index._searcher().num_segments
    for spec in [s for specs in QUERY_KINDS.values() for s in specs]:  # warm caches once, as a live server would be
        index.search(make_query(spec, facets=False))
    kinds: dict[str, Any] = {}
    for kind, specs in QUERY_KINDS.items():
        entry: dict[str, Any] = {}
        for label, facets in (("latency", False), ("latency_with_facets", True)):
            if label == "latency_with_facets" and kind == "facets_whole_match_set":
                continue
            times = []
            for i in range(args.queries):
                query = make_query(specs[i % len(specs)], facets=facets)
                cover.cache_clear()  # no help from caches: word expansions and circle covers are computed each time
                started = time.perf_counter()
                index.search(query)
                times.append((time.perf_counter() - started) * 1000)
            entry[label] = latency(times)
        sample = index.search(make_query(specs[0], facets=False))
        entry["example"] = {"query": {k: v for k, v in specs[0].items() if k != "facets_kind"}, "total": sample.total}
        problems = {}
        for spec in specs[: args.check]:
            query = make_query(spec, facets=True)
            found = check(index, query, index.search(query))
            if found:
                problems[json.dumps({k: v for k, v in spec.items() if k != "facets_kind"}, ensure_ascii=False)] = found
        entry["checked_against_brute_force"] = min(args.check, len(specs))
        entry["check_problems"] = problems
        kinds[kind] = entry
        print(f"# {n}: {kind} done", file=sys.stderr, flush=True)
    out["kinds"] = kinds
    out["change_visible"] = visibility(path, args.visibility)
    if not args.keep:
        shutil.rmtree(path, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200000,1000000", help="comma-separated numbers of offers")
    parser.add_argument("--queries", type=int, default=60, help="timed queries per kind (terms rotate)")
    parser.add_argument("--check", type=int, default=4, help="distinct queries per kind checked by brute force")
    parser.add_argument("--visibility", type=int, default=5, help="upserts timed until visible")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", default=None, help="working directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the indexes")
    args = parser.parse_args()
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="teilhabe-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
        "tantivy": tantivy.__version__,
        "page_size": PAGE,
        "sizes": {},
    }
    for n in [int(s) for s in args.sizes.split(",") if s]:
        report["sizes"][str(n)] = run_size(n, args, work)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if not args.dir and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
