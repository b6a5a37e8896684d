"""The registry's lists through core.listing: the verification queue, offers and organisations.

Filters (search, topic, Kreis, Gemeinde), sort by column with aria-sort, paging, exports of exactly the filtered
rows, the Kommune's own area only, constant queries and bad query strings without a 500.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from teilhabe.registry import services
from tests.registry.factories import OrganisationFactory, make_offer

pytestmark = pytest.mark.django_db
QUEUE = "/register/angebote/pruefen/"


def submitted(n: int, *, postal_code: str = "50667", prefix: str = "Angebot") -> None:
    for i in range(n):
        make_offer(
            status="submitted",
            title=f"{prefix} {i:02d}",
            locations=[services.LocationInput(postal_code=postal_code, street="Hauptstraße 1")],
        )


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def koeln(client_for: Callable[..., Client]) -> Client:
    return client_for("kommune", ags="05315")


def test_queue_shows_and_exports_only_the_own_area(koeln: Client) -> None:
    submitted(2, postal_code="50667", prefix="Köln")
    submitted(1, postal_code="48143", prefix="Münster")
    page = koeln.get(QUEUE)
    assert page.context["page"].paginator.count == 2
    rows = read_csv(koeln.get(QUEUE, {"export": "csv"}))
    assert [r[1] for r in rows[1:]] == ["Köln 00", "Köln 01"]
    assert "Münster" not in koeln.get(QUEUE, {"export": "xlsx"}).content.decode("latin-1")
    assert koeln.get(QUEUE, {"kreis": "05515"}).context["page"].paginator.count == 0


def test_queue_filters_sort_and_pages(koeln: Client) -> None:
    submitted(3, prefix="Nähcafé")
    submitted(1, prefix="Sprachtreff")
    assert koeln.get(QUEUE, {"q": "nähcafé"}).context["page"].paginator.count == 3
    assert koeln.get(QUEUE, {"gemeinde": "05315000"}).context["page"].paginator.count == 4
    assert koeln.get(QUEUE, {"topic": "sprache"}).context["page"].paginator.count == 4
    newest_first = koeln.get(QUEUE, {"sortierung": "-submitted"})
    assert newest_first.context["page"][0].title == "Sprachtreff 00"
    by_title = koeln.get(QUEUE, {"sortierung": "-title", "q": "nähcafé"})
    assert [o.title for o in by_title.context["page"]] == ["Nähcafé 02", "Nähcafé 01", "Nähcafé 00"]
    html = by_title.content.decode()
    links = html[html.index("th-sort-links") :]
    assert 'aria-current="true"' in links and "sortierung=title" in links and "q=n%C3%A4hcaf%C3%A9" in links
    exported = read_csv(koeln.get(QUEUE, {"sortierung": "-title", "q": "nähcafé", "export": "csv"}))
    assert [r[1] for r in exported[1:]] == ["Nähcafé 02", "Nähcafé 01", "Nähcafé 00"]


def test_queue_queries_do_not_grow_with_rows(koeln: Client, django_assert_max_num_queries: Any) -> None:
    koeln.get(QUEUE)
    counts = []
    for n in (3, 27):
        submitted(n)
        for params in ({}, {"export": "csv"}):
            with django_assert_max_num_queries(40) as captured:
                koeln.get(QUEUE, params)
            counts.append(len(captured))
    assert counts[:2] == counts[2:]


@pytest.mark.parametrize("url", [QUEUE, "/register/angebote/", "/register/organisationen/", "/register/strukturen/"])
@pytest.mark.parametrize(
    "params",
    [{"seite": "abc"}, {"seite": "0"}, {"seite": "10" * 20}, {"sortierung": "x"}, {"kreis": "99"}, {"topic": "?"}],
)
def test_bad_parameters_never_fail(koeln: Client, url: str, params: dict[str, str]) -> None:
    submitted(1)
    response = koeln.get(url, params)
    assert response.status_code == 200
    if "kreis" in params:
        assert "wurden nicht angewandt" in response.content.decode()


def test_offer_and_organisation_lists_sort_by_column(koeln: Client) -> None:
    OrganisationFactory(name="Zebra e.V.")
    OrganisationFactory(name="Adler e.V.")
    OrganisationFactory(name="Bonner Verein e.V.", gemeinde_id="05314000")
    names = koeln.get("/register/organisationen/", {"sortierung": "-name"})
    listed = [o.name for o in names.context["page"]]
    assert listed.index("Zebra e.V.") < listed.index("Adler e.V.")
    assert 'aria-sort="descending"' in names.content.decode()
    bonn = koeln.get("/register/organisationen/", {"gemeinde": "05314000"})
    assert [o.name for o in bonn.context["page"]] == []  # Bonn lies outside Köln's area
    make_offer(status="published", title="B-Kurs")
    make_offer(status="published", title="A-Kurs")
    offers = koeln.get("/register/angebote/", {"sortierung": "title"})
    assert [o.title for o in offers.context["page"]] == ["A-Kurs", "B-Kurs"]
    assert 'aria-sort="ascending"' in offers.content.decode()
    rows = read_csv(koeln.get("/register/angebote/", {"sortierung": "-title", "export": "csv"}))
    assert [r[1] for r in rows[1:]] == ["B-Kurs", "A-Kurs"]


def test_after_a_verification_the_queue_keeps_its_filters(koeln: Client) -> None:
    submitted(2, prefix="Nähcafé")
    page = koeln.get(QUEUE, {"q": "nähcafé", "sortierung": "-title"})
    offer = page.context["page"][0]
    assert 'name="queue_query" value="q=n%C3%A4hcaf%C3%A9&amp;sortierung=-title"' in page.content.decode()
    response = koeln.post(
        f"/register/angebote/{offer.pk}/verify/",
        {"next": "queue", "queue_query": "q=n%C3%A4hcaf%C3%A9&sortierung=-title"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?q=n%C3%A4hcaf%C3%A9&sortierung=-title"
    evil = koeln.post(
        f"/register/angebote/{page.context['page'][1].pk}/verify/", {"next": "queue", "queue_query": "\r\nX: y"}
    )
    assert evil["Location"].startswith(QUEUE)
