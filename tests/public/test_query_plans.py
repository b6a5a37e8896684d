"""The web path: finder, API and offer page never scan the offers table, and their query count is constant."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from teilhabe.registry.search import rebuild_search_index
from tests.registry.factories import OrganisationFactory, make_offer

pytestmark = pytest.mark.django_db

OFFERS = "registry_offer"


@pytest.fixture(autouse=True)
def _index_dir(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


def full_scans(queries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(query, plan line) of every query whose plan reads the whole offers table."""
    found = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if OFFERS not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                lines = [row[-1] for row in cursor.fetchall()]
                # A scan, or a walk along the status index through every published offer.
                bad = [
                    line
                    for line in lines
                    if re.match(rf"SCAN {OFFERS}( |$)", line)
                    or (line.startswith(f"SEARCH {OFFERS} ") and "(status=?)" in line)
                ]
            else:
                # A table of forty rows is read whole by any sensible planner; with sequential scans priced out,
                # a Seq Scan left in the plan means there is no index path at all.
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN " + sql)
                lines = [row[0] for row in cursor.fetchall()]
                cursor.execute("RESET enable_seqscan")
                bad = [line for line in lines if f"Seq Scan on {OFFERS} " in line]
            found += [(sql[:200], line) for line in bad]
    return found


@pytest.fixture
def offers() -> list[Any]:
    organisations = [OrganisationFactory() for _ in range(3)]
    made = [
        make_offer(organisations[n % 3], status="published" if n % 4 else "draft", title=f"Beratung Nummer {n}")
        for n in range(40)
    ]
    rebuild_search_index()
    return made


PAGES = [
    "/angebote/?q=Beratung",
    "/angebote/?q=Beratung&topic=sprache&language=ar&kreis=05315",
    "/api/v1/offers?q=Beratung",
    "/api/v1/offers?q=Beratung&topic=sprache&page=2",
]


@pytest.mark.parametrize("url", PAGES)
def test_finder_and_api_never_scan_the_offers(client: Client, offers: list[Any], url: str) -> None:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert not full_scans(captured.captured_queries)


def test_offer_page_never_scans_the_offers(client: Client, offers: list[Any]) -> None:
    published = next(o for o in offers if o.status == "published")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/angebote/{published.pk}/").status_code == 200
    assert not full_scans(captured.captured_queries)


@pytest.mark.parametrize("url", [*PAGES, "offer"])
def test_queries_per_page_do_not_grow_with_the_results(
    client: Client, offers: list[Any], url: str, django_assert_max_num_queries: Any
) -> None:
    if url == "offer":
        url = f"/angebote/{next(o for o in offers if o.status == 'published').pk}/"
    with django_assert_max_num_queries(16):  # session, search, page, relations: not one per result
        assert client.get(url).status_code == 200


def offer_statistics() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [OFFERS])
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_user_tables WHERE relname = %s AND last_analyze IS NOT NULL", [OFFERS]
            )
        return int(cursor.fetchone()[0])


def test_bulk_loads_and_migrations_leave_statistics_for_the_planner() -> None:
    import io

    from django.apps import apps
    from django.core.management import call_command

    from teilhabe.registry.planner import analyze_after_migrate

    call_command("generate_registry", "--offers", "30", stdout=io.StringIO())  # runs ANALYZE at the end
    if connection.vendor == "sqlite":  # (PostgreSQL records the time of an ANALYZE asynchronously)
        assert offer_statistics() >= 1
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
        assert offer_statistics() == 0
        analyze_after_migrate(sender=apps.get_app_config("registry"), plan=[("migration", False)])
        assert offer_statistics() >= 1


@pytest.mark.parametrize("url", PAGES)
def test_a_page_seen_before_asks_only_whether_its_offers_are_still_published(
    client: Client, offers: list[Any], url: str
) -> None:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert not full_scans(captured.captured_queries)
    assert [q["sql"] for q in captured.captured_queries if OFFERS in q["sql"]][1:] == []  # one, by primary key
