"""The outbox loses no change whatever order transactions commit in (PostgreSQL: two connections, threads)."""

from __future__ import annotations

import threading
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction

from teilhabe.registry import services
from teilhabe.registry.models import Offer, SearchOutbox
from teilhabe.registry.search import (
    applied_outbox_id,
    apply_search_outbox,
    rebuild_search_index,
    search_index,
    search_offers,
)
from teilhabe.search import SearchQuery
from tests.registry.factories import kommune_for, make_offer, offer_input


@pytest.fixture(autouse=True)
def _index_dir(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


@pytest.fixture
def _restore_master_data() -> Any:
    """A transactional test flushes every table; put back what the other tests of this database expect."""
    yield
    from teilhabe.geo.services import load_master_data

    load_master_data()
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)


def titles(text: str) -> list[str]:
    return sorted(o.title for o in search_offers(SearchQuery(text=text)).offers)


def indexed(text: str) -> set[str]:
    """Ids in the index itself (the pages load offers from the database, which hides stale entries)."""
    search_index().reload()
    return {hit.id for hit in search_index().search(SearchQuery(text=text, page_size=200)).hits}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_master_data")
def test_a_transaction_committing_after_a_later_one_is_not_skipped() -> None:
    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    early = make_offer(status="published", title="Frühe Beratung")
    late = make_offer(status="published", title="Späte Beratung")
    rebuild_search_index()
    assert titles("Beratung") == ["Frühe Beratung", "Späte Beratung"]

    kommune = kommune_for(late.ags)  # who edits the later offer
    first_wrote, second_done, release_first = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def archive_early() -> None:  # takes the lower outbox id, commits last
        # A writer without an audit event (a bulk job, a data migration): audited services take the audit chain's
        # lock until commit (teilhabe/core/auditchain.py), which already orders them; the outbox must be right
        # on its own, whatever writes it.
        try:
            with transaction.atomic():
                Offer.objects.filter(pk=early.pk).update(status="archived")
                SearchOutbox.objects.create(offer_id=early.pk, op="delete")
                first_wrote.set()
                assert release_first.wait(30)
        except BaseException as error:  # reported to the test thread
            errors.append(error)
            first_wrote.set()
        finally:
            connection.close()

    def edit_late() -> None:  # takes the higher id, commits first
        try:
            assert first_wrote.wait(30)
            services.offer_update(
                actor=kommune, offer=Offer.objects.get(pk=late.pk), data=offer_input(title="Neue Beratung")
            )
        except BaseException as error:
            errors.append(error)
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=archive_early), threading.Thread(target=edit_late)]
    for thread in threads:
        thread.start()
    assert second_done.wait(30)
    apply_search_outbox()  # sees the later transaction's row; the earlier one's is not committed yet
    release_first.set()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    # The archive took the lower outbox id but committed last.
    assert SearchOutbox.objects.filter(offer_id=early.pk, op="delete").latest("id").id < (
        SearchOutbox.objects.filter(offer_id=late.pk).latest("id").id
    )
    apply_search_outbox()
    assert indexed("Beratung") == {str(late.pk)}  # the archived offer left the index
    assert titles("Beratung") == ["Neue Beratung"]


@pytest.mark.django_db
def test_sqlite_reads_by_row_id_and_remembers_its_position() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    make_offer(status="published", title="Sprachcafé")
    last = SearchOutbox.objects.order_by("-id").first()
    assert last is not None and last.txid is None
    apply_search_outbox()
    assert applied_outbox_id() == last.id
    assert titles("Sprachcafe") == ["Sprachcafé"]


@pytest.mark.django_db
def test_a_position_of_the_other_kind_reads_everything_again(settings: Any) -> None:
    offer = make_offer(status="published", title="Elterncafé")
    settings.TEILHABE_SEARCH_DIR.mkdir(parents=True, exist_ok=True)
    kind = "id" if connection.vendor == "postgresql" else "xid"
    (settings.TEILHABE_SEARCH_DIR / "APPLIED").write_text(f"{kind}:999999999")
    assert applied_outbox_id() == 0
    apply_search_outbox()
    assert indexed("Elterncafe") == {str(offer.pk)}
