"""A lost or damaged index repairs itself; search_verify compares id by id; /ready says how the node stands."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from teilhabe.registry.search import (
    apply_search_outbox,
    rebuild_search_index,
    search_index,
    worker_heartbeat,
)
from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index_dir(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


@pytest.fixture
def offers() -> list[Any]:
    made = [make_offer(status="published", title=f"Beratung {n}") for n in range(3)]
    rebuild_search_index()
    return made


def worker_once() -> str:
    out = io.StringIO()
    call_command("search_index_worker", "--once", stdout=out)
    return out.getvalue()


def ready(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/ready")
    return response.status_code, response.json()


def test_a_deleted_index_is_rebuilt_by_the_running_worker(settings: Any, offers: list[Any], client: Client) -> None:
    worker_heartbeat()
    assert ready(client)[0] == 200
    shutil.rmtree(settings.TEILHABE_SEARCH_DIR)  # var/search deleted while everything runs
    worker_heartbeat()
    status, body = ready(client)
    assert status == 503
    assert any("search index" in problem for problem in body["problems"])
    assert "Suchindex" in worker_once()
    assert search_index().count() == 3
    assert ready(client)[0] == 200


def test_an_index_missing_offers_is_repaired_by_the_periodic_check(offers: list[Any], client: Client) -> None:
    search_index().delete([str(offers[0].pk)])  # damaged: one offer lost, no outbox row says so
    worker_heartbeat()
    status, body = ready(client)
    assert status == 503
    assert body["search"]["documents"] == 2 and body["search"]["published"] == 3
    assert "1 fehlten" in worker_once()
    assert search_index().count() == 3


def test_search_verify_reports_and_repairs_id_by_id(offers: list[Any]) -> None:
    out = io.StringIO()
    call_command("search_verify", stdout=out)
    assert "stimmen überein" in out.getvalue()
    # Same count, different ids: a count check cannot see this, the comparison id by id does.
    search_index().delete([str(offers[0].pk)])
    search_index().upsert([{**_document_of(offers[1]), "id": "00000000-0000-4000-8000-000000000001"}])
    out = io.StringIO()
    with pytest.raises(CommandError, match="weichen ab"):
        call_command("search_verify", stdout=out)
    assert f"fehlt im Index: 1\n  {offers[0].pk}" in out.getvalue()
    assert "zu viel im Index: 1\n  00000000-0000-4000-8000-000000000001" in out.getvalue()
    call_command("search_verify", "--repair", stdout=io.StringIO())
    out = io.StringIO()
    call_command("search_verify", stdout=out)
    assert "stimmen überein" in out.getvalue()


def test_search_verify_refuses_a_missing_index_without_repair(settings: Any, offers: list[Any]) -> None:
    shutil.rmtree(settings.TEILHABE_SEARCH_DIR)
    with pytest.raises(CommandError, match="fehlt oder ist beschädigt"):
        call_command("search_verify", stdout=io.StringIO())
    call_command("search_verify", "--repair", stdout=io.StringIO())
    assert search_index().count() == 3


def test_ready_reports_outbox_lag_and_a_silent_worker(offers: list[Any], client: Client) -> None:
    status, body = ready(client)
    assert status == 503 and "search index worker not running" in body["problems"]
    worker_heartbeat()
    make_offer(status="published", title="Neu")
    from django.utils import timezone

    from teilhabe.registry.models import SearchOutbox

    SearchOutbox.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    status, body = ready(client)
    assert status == 503 and body["search"]["outbox_pending"] >= 1
    assert any("behind the database" in problem for problem in body["problems"])
    apply_search_outbox()
    status, body = ready(client)
    assert status == 200 and body["problems"] == [] and body["search"]["outbox_pending"] == 0


def _document_of(offer: Any) -> Any:
    from teilhabe.registry.search import offer_document, published_offers

    return offer_document(published_offers().get(pk=offer.pk))
