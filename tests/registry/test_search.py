"""The index follows the registry: publish, edit, archive; recovery from a lost update; rebuild."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from teilhabe.registry import services
from teilhabe.registry.models import SearchOutbox
from teilhabe.registry.search import apply_search_outbox, rebuild_search_index, search_offers
from teilhabe.search import SearchQuery
from tests.registry.factories import keeper_of, kommune_for, make_offer, offer_input

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index_dir(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


def titles(text: str) -> list[str]:
    return [o.title for o in search_offers(SearchQuery(text=text)).offers]


def test_published_offer_becomes_searchable_after_outbox() -> None:
    offer = make_offer(status="published", title="Elterncafé im Veedel")
    assert titles("Elterncafe") == []  # not applied yet
    assert apply_search_outbox() >= 1
    assert titles("Elterncafe") == [offer.title]
    assert apply_search_outbox() == 0  # this server has seen every row


def test_drafts_and_submitted_offers_are_never_indexed() -> None:
    make_offer(status="submitted", title="Geheimer Entwurf")
    make_offer(title="Noch ein Entwurf")
    apply_search_outbox()
    rebuild_search_index()
    assert titles("Entwurf") == []


def test_edit_and_archive_follow() -> None:
    offer = make_offer(status="published", title="Sprachcafé")
    apply_search_outbox()
    services.offer_update(
        actor=kommune_for(offer.ags), offer=offer, data=offer_input(title="Sprachtreff international")
    )
    apply_search_outbox()
    assert titles("Sprachtreff") == ["Sprachtreff international"]
    assert titles("Sprachcafe") == []
    services.offer_archive(actor=keeper_of(offer.organisation), offer=offer)
    apply_search_outbox()
    assert titles("Sprachtreff") == []


def test_lost_index_update_is_recovered_on_next_run() -> None:
    offer = make_offer(status="published", title="Hausaufgabenhilfe")
    # A crash after the commit but before the index was written: the outbox row is still there.
    assert SearchOutbox.objects.filter(offer_id=offer.pk).exists()
    assert titles("Hausaufgabenhilfe") == []
    apply_search_outbox()
    assert titles("Hausaufgabenhilfe") == ["Hausaufgabenhilfe"]


def test_rebuild_from_database() -> None:
    make_offer(status="published", title="Fußball für alle")
    make_offer(status="published", title="Frauentreff")
    assert rebuild_search_index() == 2
    assert apply_search_outbox() == 0  # the rebuild covered the pending rows
    assert titles("Fussball") == ["Fußball für alle"]


def test_distance_from_postcode_order() -> None:
    near = make_offer(
        status="published", title="Beratung Altstadt", locations=[services.LocationInput(postal_code="50667")]
    )
    far = make_offer(status="published", title="Beratung Porz", locations=[services.LocationInput(postal_code="51143")])
    rebuild_search_index()
    found = search_offers(SearchQuery(text="Beratung", near=(50.9375, 6.9603), radius_km=25, sort="distance"))
    assert [o.pk for o in found.offers] == [near.pk, far.pk]
    assert found.distances[str(near.pk)] < found.distances[str(far.pk)]


def test_bulk_documents_equal_single_documents() -> None:
    from teilhabe.registry.search import iter_published_documents, offer_document, published_offers

    make_offer(status="published", title="Eins", translations={"ar": ("واحد", "")})
    make_offer(status="published", title="Zwei", languages=["tr"], target_groups=["eltern", "kinder"])
    make_offer(title="Entwurf")
    bulk = sorted(iter_published_documents(batch_size=1), key=lambda d: d["id"])
    single = sorted((offer_document(o) for o in published_offers()), key=lambda d: d["id"])
    normalise = lambda docs: [{k: sorted(v) if isinstance(v, list) else v for k, v in d.items()} for d in docs]  # noqa: E731
    assert normalise(bulk) == normalise(single)
    assert len(bulk) == 2
    assert {"ar": {"title": "واحد", "description": ""}} in [d.get("translations") for d in bulk]
    assert all(len(d["locations"]) >= 1 and d["kreis_key"] == d["gemeinde_ags"][:5] for d in bulk)


def test_stopping_the_documents_early_leaves_the_connection_usable() -> None:
    from teilhabe.registry.models import Offer
    from teilhabe.registry.search import iter_published_documents

    for i in range(5):
        make_offer(status="published", title=f"Kurs {i}")
    documents = iter_published_documents(batch_size=2)
    assert next(documents)["title"].startswith("Kurs")
    documents.close()  # the reading thread may be in the middle of the next batch
    assert Offer.objects.filter(status="published").count() == 5
    assert len(list(iter_published_documents(batch_size=2))) == 5


def test_translations_places_and_facets_reach_the_index() -> None:
    offer = make_offer(
        status="published",
        title="Nähcafé",
        languages=["tr"],
        translations={"en": ("Sewing café", "Bring your own fabric")},
        locations=[services.LocationInput(postal_code="50667")],
    )
    rebuild_search_index()
    assert [o.pk for o in search_offers(SearchQuery(text="fabric")).offers] == [offer.pk]
    assert [o.pk for o in search_offers(SearchQuery(text="Naehcafe")).offers] == [offer.pk]
    found = search_offers(SearchQuery(filters={"language": ["tr"]}))
    assert [o.pk for o in found.offers] == [offer.pk]
    assert found.result.facets["language"] == {"tr": 1}
    assert found.result.facets["org_kind"] == {offer.organisation.kind: 1}  # the finder's name of the facet
    assert found.result.facets["kreis"] == {"05315": 1}


def test_map_points_within_the_circle() -> None:
    from teilhabe.registry.search import search_index

    near = make_offer(
        status="published", title="Treff Altstadt", locations=[services.LocationInput(postal_code="50667")]
    )
    make_offer(status="published", title="Treff Bonn", locations=[services.LocationInput(postal_code="53111")])
    rebuild_search_index()
    points = search_index().points(SearchQuery(text="Treff", near=(50.9375, 6.9603), radius_km=10), limit=10)
    assert [p[0] for p in points] == [str(near.pk)]
    assert len(search_index().points(SearchQuery(text="Treff"), limit=10)) == 2
    assert len(search_index().points(SearchQuery(text="Treff"), limit=1)) == 1


def test_legacy_index_folder_is_cleaned_up(settings: Any) -> None:
    root = Path(settings.TEILHABE_SEARCH_DIR)
    (root / "20261101120000-1a2b3c4d").mkdir(parents=True)
    (root / "CURRENT").write_text("20261101120000-1a2b3c4d")
    make_offer(status="published", title="Frauentreff")
    assert rebuild_search_index() == 1
    assert not (root / "CURRENT").exists()
    assert not (root / "20261101120000-1a2b3c4d").exists()
    assert titles("Frauentreff") == ["Frauentreff"]


def test_two_app_servers_each_follow_the_outbox(settings: Any, tmp_path: Path) -> None:
    make_offer(status="published", title="Sprachpaten")
    for server in ("a", "b"):
        settings.TEILHABE_SEARCH_DIR = tmp_path / server
        assert apply_search_outbox() >= 1
        assert titles("Sprachpaten") == ["Sprachpaten"]


def test_purge_keeps_recent_rows() -> None:
    import datetime as dt

    from django.utils import timezone

    from teilhabe.registry.search import purge_search_outbox

    make_offer(status="published")
    SearchOutbox.objects.create(offer_id=SearchOutbox.objects.first().offer_id)
    SearchOutbox.objects.filter(pk=SearchOutbox.objects.first().pk).update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    assert purge_search_outbox() == 1
    assert SearchOutbox.objects.count() >= 1


def test_parallel_rebuild_from_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    from teilhabe.registry import search

    monkeypatch.setattr(search, "PARALLEL_REBUILD_FROM", 1)  # the indexing process gets the documents by pipe
    make_offer(status="published", title="Fußball für alle")
    make_offer(status="published", title="Frauentreff")
    assert rebuild_search_index() == 2
    assert titles("Fussball") == ["Fußball für alle"]


def test_rebuild_beside_the_worker_waits_with_a_clear_message(settings: Any) -> None:
    import fcntl
    import io
    import threading

    from django.core.management import CommandError, call_command

    make_offer(status="published", title="Frauentreff")
    settings.TEILHABE_SEARCH_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.TEILHABE_SEARCH_DIR / ".writer.lock", "w") as worker:  # the index worker, mid-step
        fcntl.flock(worker, fcntl.LOCK_EX)
        with pytest.raises(CommandError, match="Ein anderer Prozess schreibt den Suchindex"):
            call_command("rebuild_search_index", "--wait", "0.3", stdout=io.StringIO())
        threading.Timer(0.5, fcntl.flock, (worker, fcntl.LOCK_UN)).start()  # the worker's step ends
        out = io.StringIO()
        call_command("rebuild_search_index", "--wait", "30", stdout=out)
    assert "warte, bis er fertig ist" in out.getvalue()
    assert "Suchindex neu aufgebaut: 1 Angebote" in out.getvalue()
    assert titles("Frauentreff") == ["Frauentreff"]


def test_a_page_seen_before_leaves_out_an_offer_withdrawn_since() -> None:
    offer = make_offer(status="published", title="Elterncafé im Veedel")
    other = make_offer(status="published", title="Elterncafé am Rhein")
    rebuild_search_index()
    assert sorted(titles("Elterncafe")) == sorted([offer.title, other.title])
    services.offer_archive(actor=keeper_of(offer.organisation), offer=offer)  # the index has not seen it yet
    assert titles("Elterncafe") == [other.title]
    apply_search_outbox()
    assert titles("Elterncafe") == [other.title]
