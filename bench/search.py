"""Search benchmark: the platform's tantivy search against the database's own full text and a naive baseline.

Run with `make bench` (SQLite) or `python scripts/with_postgres.py .venv/bin/python bench/search.py` (PostgreSQL).
Generates N offers per size into a throwaway database (or, with ``--var-dir DIR``, into DIR, where a later run with
the same size and seed finds and reuses it: generating a million offers takes minutes), rebuilds the index, runs a fixed query set with rotating
terms and prints one JSON document: p50/p95/p99 latency and queries per second per query kind and engine, the
rebuild time, the time until a published change is searchable, and whether the first page equals the exact full
ranking (checked against brute force: every match collected and ranked, see bench/search_engine.py). The rebuild
is timed as a whole and split into reading the documents from the database alone (a second pass) and the rest
(``indexing_s``: the rebuild minus that pass; in a parallel rebuild the two overlap, so it is a lower bound).
Timings are measured here, in the same run, never asserted in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

KOELN = (50.9375, 6.9603)
QUERY_SETS: dict[str, list[dict[str, Any]]] = {
    "common_word": [{"text": w} for w in ["Beratung", "Deutsch", "Kinder", "Frauen", "Kurs"]],
    "rare_word": [{"text": w} for w in ["Alphabetisierung", "Anpassungsqualifizierungen", "Zivilcourage", "Lotsinnen"]],
    "two_words": [
        {"text": w} for w in ["Deutschkurs Köln", "Beratung Arabisch", "Elterncafé Kinder", "Sprachcafé Ehrenamtliche"]
    ],
    "umlaut_written_out": [{"text": w} for w in ["Muetter", "Koeln", "Gefluechtete", "Fachkraefte"]],
    "typo": [{"text": w} for w in ["Beratng", "Deutschkrus", "Integratoinskurs", "Elterncaffe"]],
    "prefix": [{"text": w} for w in ["Deutschk", "Integrat", "Berat", "Hausaufg"]],
    "filters": [
        {"text": "", "filters": f}
        for f in [
            {"topic": ["sprache"], "language": ["ar"]},
            {"kreis": ["05315"]},
            {"target_group": ["frauen"], "organisation_kind": ["migrantenorganisation"]},
        ]
    ],
    "koeln_10km_by_distance": [
        {"text": w, "near": KOELN, "radius_km": 10.0, "sort": "distance"} for w in ["", "Beratung", "Kurs"]
    ],
    "facets_whole_match_set": [{"text": w, "facets": True} for w in ["", "Beratung", "Deutsch"]],
}
#: Every kind is timed as the finder and the API run it (facets on) and once more without facets.

ROUNDS = 30
#: The offer the benchmark publishes to time how fast a change becomes searchable.
BENCH_OFFER_TITLE = "Benchmark-Angebot Zeitmessung"


def _bench_people(organisation: Any, kommune_ags: str = "") -> tuple[Any, Any]:
    """A member of ``organisation`` and a Kommune (of ``kommune_ags``, default the organisation's Kreis): the
    services need a person behind every write."""
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.core.models import Membership, User
    from teilhabe.core.roles import Role

    keeper, _ = User.objects.get_or_create(email="bench-mitglied@example.nrw")
    Membership.objects.get_or_create(
        user=keeper,
        role=Role.ORGANISATION,
        scope_type=ContentType.objects.get_for_model(organisation),
        scope_id=organisation.pk,
    )
    kreis = kommune_ags or organisation.ags[:5]
    kommune, _ = User.objects.get_or_create(email=f"bench-kommune-{kreis}@example.nrw")
    Membership.objects.get_or_create(user=kommune, role=Role.KOMMUNE, ags=kreis)
    return keeper, kommune


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any], rounds: int) -> dict[str, float]:
    durations = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        durations.append((time.perf_counter() - started) * 1000)
    total_s = sum(durations) / 1000
    return {
        "p50_ms": round(percentile(durations, 50), 2),
        "p95_ms": round(percentile(durations, 95), 2),
        "p99_ms": round(percentile(durations, 99), 2),
        "qps": round(len(durations) / total_s, 1) if total_s else 0.0,
    }


def setup_django(var_dir: Path) -> None:
    os.environ["TEILHABE_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("TEILHABE_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import django

    django.setup()


def _settle() -> None:
    """After the bulk load, what a DBA (or autovacuum, a minute later) does on PostgreSQL: ``VACUUM ANALYZE``, so
    the rebuild measured next does not also pay for the first reading of a million fresh rows (setting their
    hint bits writes every page) and has planner statistics. Counted in the generation time."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _database(n: int, seed: int, reuse: Path | None) -> float | None:
    """A database of ``n`` generated offers; the seconds generating took, None if ``reuse`` already held it."""
    from django.core.management import call_command

    from teilhabe.registry.generator import generate
    from teilhabe.registry.models import Offer

    marker = reuse / f"generated-{n}-{seed}" if reuse is not None else None
    generated_s: float | None = None
    if marker is not None and marker.exists():
        # The database of an earlier run with the same size and seed: only the offer that run published goes.
        Offer.objects.filter(title=BENCH_OFFER_TITLE).delete()
    else:
        if marker is not None:
            for old in reuse.glob("generated-*"):  # type: ignore[union-attr]
                old.unlink()
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
        call_command("load_master_data", verbosity=0, stdout=io.StringIO())
        # flush removed the taxonomy rows of the data migration; put them back.
        from importlib import import_module

        from django.apps import apps

        import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
        started = time.perf_counter()
        generate(offers=n, seed=seed, published_share=1.0)
        _settle()
        generated_s = time.perf_counter() - started
        if marker is not None:
            marker.touch()
    return generated_s


def run_size(n: int, seed: int, baselines_wanted: str = "all", reuse: Path | None = None) -> dict[str, Any]:
    from django.db import connection
    from search_engine import check

    from teilhabe.registry import services
    from teilhabe.registry.models import Offer, Organisation
    from teilhabe.registry.search import (
        apply_search_outbox,
        iter_published_documents,
        rebuild_search_index,
        search_index,
    )
    from teilhabe.search import SearchQuery

    generated_s = _database(n, seed, reuse)
    started = time.perf_counter()
    indexed = rebuild_search_index()
    rebuild_s = time.perf_counter() - started
    started = time.perf_counter()
    read = sum(1 for _doc in iter_published_documents())
    documents_s = time.perf_counter() - started
    index = search_index()
    result: dict[str, Any] = {
        "offers": n,
        "indexed": indexed,
        "database": connection.vendor,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "generate_s": round(generated_s, 1) if generated_s is not None else "reused",
        "rebuild_s": round(rebuild_s, 1),
        "rebuild_split": {
            "documents_from_database_s": round(documents_s, 1),
            "indexing_s": round(rebuild_s - documents_s, 1),
            "documents": read,
        },
        "kinds": {},
    }
    baselines = _baselines(connection) if baselines_wanted != "none" else {}
    if baselines_wanted == "database":
        baselines.pop("naive_icontains", None)
    for kind, queries in QUERY_SETS.items():
        counter = {"i": 0}

        def make(q: dict[str, Any], facets: bool = True) -> Any:
            return SearchQuery(**{"page_size": 20, "facets": facets, **q})

        def platform(
            queries: list[dict[str, Any]] = queries, counter: dict[str, int] = counter, facets: bool = True
        ) -> Any:
            q = queries[counter["i"] % len(queries)]
            counter["i"] += 1
            return index.search(make(q, facets))

        for q in queries:  # warm up once, as a live server would be
            index.search(make(q))
        entry: dict[str, Any] = {
            "platform": timed(platform, ROUNDS),
            "platform_without_facets": timed(lambda: platform(facets=False), ROUNDS),
        }
        problems = {}
        for q in queries:
            query = SearchQuery(**{"page_size": 20, **q, "facets": True})
            found = check(index, query, index.search(query))
            if found:
                problems[json.dumps(q, ensure_ascii=False)] = found
        entry["first_page_equals_full_ranking"] = not problems
        if problems:
            entry["problems"] = problems
        entry["example_total"] = index.search(make(queries[0])).total
        texts = [q.get("text", "") for q in queries if q.get("text")]
        if texts and "near" not in queries[0] and "filters" not in queries[0]:
            for name, fn in baselines.items():
                rotate = {"i": 0}

                def run(
                    fn: Callable[[str], Any] = fn, rotate: dict[str, int] = rotate, texts: list[str] = texts
                ) -> Any:
                    text = texts[rotate["i"] % len(texts)]
                    rotate["i"] += 1
                    return fn(text)

                entry[name] = timed(run, max(5, ROUNDS // 3))
        result["kinds"][kind] = entry
    # A published change: commit, then the index worker applies the outbox (it polls once a second).
    organisation = Organisation.objects.first()
    keeper, _kommune = _bench_people(organisation)
    offer = services.offer_create(
        actor=keeper,
        organisation=organisation,
        data=services.OfferInput(
            title=BENCH_OFFER_TITLE,
            description="Wird veröffentlicht und gesucht.",
            topics=["beratung"],
            locations=[services.LocationInput(postal_code="50667")],
        ),
    )
    services.offer_submit(actor=keeper, offer=offer)
    # The Kommune where the offer takes place verifies it (its place, not the organisation's seat, decides).
    _keeper, kommune = _bench_people(organisation, kommune_ags=offer.ags[:5])
    from teilhabe.search import SearchIndex

    web_reader = SearchIndex(index.path)  # another process's reader: looks for commits once a second
    web_reader.search(SearchQuery(text="Zeitmessung"))
    started = time.perf_counter()
    services.offer_verify(actor=kommune, offer=offer, publish=True)
    apply_search_outbox()
    found = index.search(SearchQuery(text="Zeitmessung")).total
    result["publish_to_searchable_s"] = round(time.perf_counter() - started, 3)
    result["publish_to_searchable_note"] = (
        "publish_to_searchable_s: commit, outbox applied, found by the writer's own reader; "
        "publish_to_searchable_in_web_reader_s: until a second reader that looks for commits once a second (as a "
        "web worker does) finds it. Neither includes the worker's poll interval (up to 1 s)."
    )
    result["published_change_found"] = found == 1
    while web_reader.search(SearchQuery(text="Zeitmessung", facets=False)).total == 0:
        if time.perf_counter() - started > 30:
            break
        time.sleep(0.01)
    result["publish_to_searchable_in_web_reader_s"] = round(time.perf_counter() - started, 3)
    assert Offer.objects.count() >= n
    return result


def _baselines(connection: Any) -> dict[str, Callable[[str], Any]]:
    from teilhabe.registry.models import Offer

    def naive(text: str) -> Any:
        from django.db.models import Q

        qs = Offer.objects.filter(status="published")
        for word in text.split():
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return qs.count(), list(qs.order_by("title").values_list("pk", flat=True)[:20])

    baselines: dict[str, Callable[[str], Any]] = {"naive_icontains": naive}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS bench_fts")
            cursor.execute(
                "CREATE VIRTUAL TABLE bench_fts USING fts5(id UNINDEXED, title, description, "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            cursor.execute(
                "INSERT INTO bench_fts SELECT id, title, description FROM registry_offer WHERE status='published'"
            )

            def fts5(text: str) -> Any:
                match = " ".join(f'"{w}"' for w in text.split())
                with connection.cursor() as c:
                    c.execute("SELECT count(*) FROM bench_fts WHERE bench_fts MATCH %s", [match])
                    total = c.fetchone()[0]
                    c.execute(
                        "SELECT id FROM bench_fts WHERE bench_fts MATCH %s ORDER BY bm25(bench_fts) LIMIT 20", [match]
                    )
                    return total, c.fetchall()

            baselines["sqlite_fts5_bm25"] = fts5
        elif connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE registry_offer ADD COLUMN IF NOT EXISTS bench_tsv tsvector")
            cursor.execute("UPDATE registry_offer SET bench_tsv = to_tsvector('german', title || ' ' || description)")
            cursor.execute("CREATE INDEX IF NOT EXISTS bench_tsv_idx ON registry_offer USING gin(bench_tsv)")

            def pg_fts(text: str) -> Any:
                with connection.cursor() as c:
                    c.execute(
                        "SELECT count(*) FROM registry_offer WHERE bench_tsv @@ plainto_tsquery('german', %s)", [text]
                    )
                    total = c.fetchone()[0]
                    c.execute(
                        "SELECT id FROM registry_offer WHERE bench_tsv @@ plainto_tsquery('german', %s) "
                        "ORDER BY ts_rank(bench_tsv, plainto_tsquery('german', %s)) DESC LIMIT 20",
                        [text, text],
                    )
                    return total, c.fetchall()

            baselines["postgresql_fts_ts_rank"] = pg_fts
    return baselines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--baselines",
        choices=["all", "database", "none"],
        default="all",
        help="compare with the database's full text and naive icontains (all), the full text only, or nothing",
    )
    parser.add_argument(
        "--var-dir",
        type=Path,
        default=None,
        help="keep the database and index here (default: a throwaway directory); a later run with the same "
        "--var-dir, size and seed reuses the generated database instead of generating it again",
    )
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.var_dir is None:
            var_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="teilhabe-bench-")))
        else:
            var_dir = args.var_dir.resolve()
            var_dir.mkdir(parents=True, exist_ok=True)
        setup_django(var_dir)
        reuse = var_dir if args.var_dir is not None else None
        report = {
            "sizes": [run_size(n, args.seed, args.baselines, reuse) for n in args.sizes],
            "targets": {"p95_ms_per_kind": 50, "rebuild_s_at_1m": 60, "publish_to_searchable_s": 5},
        }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
