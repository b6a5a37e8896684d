from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from teilhabe.registry.search import rebuild_search_index
from tests.registry.factories import make_offer, offer_input

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


@pytest.fixture
def offers() -> dict[str, Any]:
    made = {
        "kurs": make_offer(
            status="published",
            title="Deutschkurs für Mütter in Köln",
            languages=["de", "ar"],
            translations={"ar": ("دورة ألمانية للأمهات", "تعلم الألمانية في كولونيا")},
        ),
        "beratung": make_offer(
            status="published", title="Beratung auf Arabisch", topics=["beratung"], languages=["ar"]
        ),
        "entwurf": make_offer(title="Deutschkurs Entwurf"),
    }
    rebuild_search_index()
    return made


def test_finder_search_and_facets(client: Client, offers: dict[str, Any]) -> None:
    response = client.get("/angebote/", {"q": "Deutschkurs Köln"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Deutschkurs für Mütter in Köln" in body
    assert "Entwurf" not in body
    assert response.context["result"].total == 1
    response = client.get("/angebote/", {"q": "Beratung Arabisch"})
    assert [r["offer"].pk for r in response.context["results"]] == [offers["beratung"].pk]


def test_finder_filters_and_shareable_url(client: Client, offers: dict[str, Any]) -> None:
    response = client.get("/angebote/?language=ar&topic=sprache")
    assert [r["offer"].pk for r in response.context["results"]] == [offers["kurs"].pk]
    assert 'value="sprache"' in response.content.decode()


def test_finder_near_postcode_and_unknown_place(client: Client, offers: dict[str, Any]) -> None:
    response = client.get("/angebote/", {"near": "50667", "radius_km": "5", "sort": "distance"})
    assert response.context["result"].total == 2
    assert all(r["distance"] is not None for r in response.context["results"])
    response = client.get("/angebote/", {"near": "Nirgendwo"})
    assert "kennen wir in NRW nicht" in response.content.decode()


def test_map_points(client: Client, offers: dict[str, Any]) -> None:
    data = client.get("/angebote/karte.geojson", {"q": "Deutschkurs"}).json()
    assert [f["id"] for f in data["features"]] == [str(offers["kurs"].pk)]
    assert data["features"][0]["geometry"]["type"] == "Point"


def test_offer_page_and_unpublished_404(client: Client, offers: dict[str, Any]) -> None:
    assert client.get(f"/angebote/{offers['kurs'].pk}/").status_code == 200
    assert client.get(f"/angebote/{offers['entwurf'].pk}/").status_code == 404
    assert client.get("/angebote/keine-uuid/").status_code == 404


def test_offer_page_shows_times_contact_details_and_a_consenting_contact(client: Client) -> None:
    import datetime as dt

    from teilhabe.registry import services
    from tests.registry.factories import ContactFactory, OrganisationFactory

    organisation = OrganisationFactory()
    offer = make_offer(
        organisation,
        status="published",
        title="Sprachcafé am Mittwoch",
        email="cafe@example.nrw",
        phone="0221 123456",
        opening_hours=[services.HoursInput(weekday=2, opens=dt.time(17), closes=dt.time(19, 30))],
        contact=ContactFactory(organisation=organisation, name="Ayşe Yılmaz", function="Leitung"),
        locations=[
            services.LocationInput(name="Zentrum", postal_code="50667"),
            services.LocationInput(name="Bibliothek", postal_code="50667"),
        ],
    )
    body = client.get(f"/angebote/{offer.pk}/").content.decode()
    assert "Mittwoch 17:00–19:30" in body
    assert "Ayşe Yılmaz, Leitung" in body
    assert 'href="mailto:cafe@example.nrw"' in body and 'href="tel:0221 123456"' in body
    assert body.index("<bdi>Bibliothek</bdi>") < body.index("<bdi>Zentrum</bdi>")  # by name
    assert ">Sprache und Deutschkurse</dd>" in body  # topics, target groups and languages from the card
    assert "Frauen" in body and '<span lang="ar">العربية</span>' in body


def test_arabic_is_right_to_left_with_translation(client: Client, offers: dict[str, Any]) -> None:
    client.post("/i18n/setlang/", {"language": "ar", "next": "/angebote/"})
    response = client.get(f"/angebote/{offers['kurs'].pk}/")
    body = response.content.decode()
    assert 'dir="rtl"' in body and 'lang="ar"' in body
    assert "دورة ألمانية للأمهات" in body


def test_finder_query_count_is_fixed(
    client: Client, offers: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for i in range(25):
        make_offer(status="published", title=f"Sprachcafé {i}")
    rebuild_search_index()
    with django_assert_max_num_queries(20):
        response = client.get("/angebote/", {"q": "Sprachcafe"})
    assert len(response.context["results"]) == 20


def test_api_offers(client: Client, offers: dict[str, Any]) -> None:
    data = client.get("/api/v1/offers", {"q": "Beratung", "language": "ar"}).json()
    assert data["count"] == 1
    assert data["items"][0]["id"] == str(offers["beratung"].pk)
    assert data["items"][0]["languages"] == ["ar"]
    assert client.get("/api/v1/offers", {"near": "Atlantis"}).status_code == 400


def test_finder_counts_kreise_and_offers_the_gemeinden_of_the_chosen_kreis(client: Client) -> None:
    from teilhabe.registry import services

    frechen = make_offer(
        status="published", title="Sprachcafé Frechen", locations=[services.LocationInput(postal_code="50226")]
    )
    make_offer(status="published", title="Sprachcafé Hürth", locations=[services.LocationInput(postal_code="50354")])
    make_offer(status="published", title="Sprachcafé Köln", locations=[services.LocationInput(postal_code="50667")])
    rebuild_search_index()

    body = client.get("/angebote/", {"q": "Sprachcafe"}).content.decode()
    assert ">Rhein-Erft-Kreis (2)</option>" in body and ">Köln (1)</option>" in body
    assert 'name="gemeinde"' in body and "Frechen (1)" not in body  # no Kreis chosen: no Gemeinde list

    response = client.get("/angebote/", {"q": "Sprachcafe", "kreis": "05362"})
    body = response.content.decode()
    assert response.context["result"].total == 2
    assert '<select name="gemeinde"' in body
    assert ">Frechen (1)</option>" in body and ">Hürth (1)</option>" in body and ">Brühl (0)</option>" in body

    response = client.get("/angebote/", {"q": "Sprachcafe", "kreis": "05362", "gemeinde": "05362024"})
    assert [r["offer"].pk for r in response.context["results"]] == [frechen.pk]
    assert '<option value="05362024" selected>Frechen</option>' in response.content.decode()

    # A Gemeinde left over from another Kreis gives way to the Kreis chosen now.
    response = client.get("/angebote/", {"q": "Sprachcafe", "kreis": "05315", "gemeinde": "05362024"})
    assert response.context["result"].total == 1
    assert '<select name="gemeinde"' not in response.content.decode()  # Köln is a kreisfreie Stadt


def test_api_counts_gemeinden_and_refuses_a_malformed_ags(client: Client, offers: dict[str, Any]) -> None:
    data = client.get("/api/v1/offers", {"q": "Deutschkurs"}).json()
    assert data["facets"]["gemeinde"] == {offers["kurs"].ags: 1}
    assert client.get("/api/v1/offers", {"gemeinde": offers["kurs"].ags}).json()["count"] == 2
    response = client.get("/api/v1/offers", {"gemeinde": "Köln"})
    assert response.status_code == 400
    assert "gemeinde" in response.json()["errors"]


def test_finder_page_kept_rendered_follows_the_offers_and_the_language(client: Client, offers: dict[str, Any]) -> None:
    """The finder's middle is kept rendered per question and index snapshot (public/views.py): an offer withdrawn
    leaves it at once, a new one appears with the index's next snapshot, and each language has its own."""
    from teilhabe.registry import services
    from teilhabe.registry.search import apply_search_outbox
    from tests.registry.factories import keeper_of

    def page() -> tuple[str, list[str]]:
        response = client.get("/angebote/", {"q": "Deutschkurs"})
        return response.content.decode(), [t.name for t in response.templates]

    first, rendered = page()
    assert "Deutschkurs für Mütter in Köln" in first
    assert "public/_finder_main.html" in rendered
    second, rendered = page()
    assert "public/_finder_main.html" not in rendered  # kept
    assert second == first.replace(_token(first), _token(second))  # the same, with a form token of its own
    services.offer_archive(actor=keeper_of(offers["kurs"].organisation), offer=offers["kurs"])
    assert "Deutschkurs für Mütter in Köln" not in page()[0]
    make_offer(status="published", title="Deutschkurs am Abend")
    apply_search_outbox()
    assert "Deutschkurs am Abend" in page()[0]
    client.post("/i18n/setlang/", {"language": "en", "next": "/angebote/"})
    assert "Find services" in page()[0]


def _token(body: str) -> str:
    import re

    found = re.search(r'"X-CSRFToken": "([^"]+)"', body)
    assert found
    return found.group(1)


def test_offer_page_kept_rendered_follows_the_offer_its_organisation_and_contact(client: Client) -> None:
    """The offer page's middle is kept per language while its stamp stays (public/views.py): a save, a renamed
    organisation, an erased contact and a withdrawal each show at once."""
    from teilhabe.registry import services
    from tests.registry.factories import ContactFactory, OrganisationFactory, keeper_of, kommune_for

    organisation = OrganisationFactory(name="Verein Alt")
    contact = ContactFactory(organisation=organisation, name="Ayşe Yılmaz", function="Leitung")
    offer = make_offer(organisation, status="published", title="Sprachcafé", contact=contact)
    url = f"/angebote/{offer.pk}/"

    def page() -> tuple[str, list[str]]:
        response = client.get(url)
        return response.content.decode(), [t.name for t in response.templates]

    body, rendered = page()
    assert "Sprachcafé" in body and "Verein Alt" in body and "Ayşe Yılmaz" in body
    assert "public/_offer_main.html" in rendered
    assert "public/_offer_main.html" not in page()[1]  # kept
    kommune = kommune_for("05315")
    services.offer_update(actor=kommune, offer=offer, data=offer_input(title="Sprachcafé am Abend", contact=contact))
    assert "Sprachcafé am Abend" in page()[0]
    organisation.refresh_from_db()
    organisation.name = "Verein Neu"
    organisation.save()  # renamed (the organisation's time in the stamp)
    assert "Verein Neu" in page()[0]
    services.contact_erase(actor=keeper_of(organisation), contact=contact, reason="Widerspruch")
    assert "Ayşe Yılmaz" not in page()[0]
    services.offer_archive(actor=keeper_of(organisation), offer=offer)
    assert client.get(url).status_code == 404
