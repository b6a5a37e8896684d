from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from teilhabe.core.models import User
from teilhabe.registry import selectors, services
from teilhabe.registry.models import Organisation, Status
from tests.registry.factories import (
    ContactFactory,
    OrganisationFactory,
    StructureFactory,
    kommune_for,
    make_offer,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    koeln = OrganisationFactory(name="Caritasverband für die Stadt Köln e.V.", kind=Organisation.Kind.WOHLFAHRTSPFLEGE)
    ratingen = OrganisationFactory(name="Elternverein Ratingen", gemeinde_id="05158028")
    return {
        "koeln": koeln,
        "ratingen": ratingen,
        "koeln_published": make_offer(koeln, status="published", title="Sprachcafé Köln"),
        "koeln_submitted": make_offer(koeln, status="submitted", title="Migrationsberatung Köln"),
        "ratingen_submitted": make_offer(
            ratingen,
            status="submitted",
            title="Elterncafé Ratingen",
            topics=["kinder-familie"],
            target_groups=["eltern"],
            locations=[services.LocationInput(postal_code="40878")],
        ),
    }


def titles(qs: object) -> set[str]:
    return {o.title for o in qs}  # type: ignore[attr-defined]


def test_offers_visible_per_role(world: dict[str, object], make_user: Callable[..., User]) -> None:
    everything = {"Sprachcafé Köln", "Migrationsberatung Köln", "Elterncafé Ratingen"}
    assert titles(selectors.offers_visible_to(make_user("land", ags="05"))) == everything
    assert titles(selectors.offers_visible_to(make_user("admin"))) == everything
    assert titles(selectors.offers_visible_to(make_user("kommune", ags="05315"))) == {
        "Sprachcafé Köln",
        "Migrationsberatung Köln",
    }
    assert titles(selectors.offers_visible_to(make_user("kommune", ags="05158028"))) == {"Elterncafé Ratingen"}
    assert titles(selectors.offers_visible_to(make_user("kommune", ags="051"))) == {"Elterncafé Ratingen"}
    member = member_of(make_user(), world["ratingen"])  # type: ignore[arg-type]
    assert titles(selectors.offers_visible_to(member)) == {"Elterncafé Ratingen"}
    assert titles(selectors.offers_visible_to(make_user("bewilligung", ags="053"))) == set()
    assert titles(selectors.offers_visible_to(make_user())) == set()


def test_single_offer_outside_scope_is_none(world: dict[str, object], make_user: Callable[..., User]) -> None:
    duesseldorf = make_user("kommune", ags="05111")
    assert selectors.offer_for(user=duesseldorf, pk=world["koeln_submitted"].pk) is None  # type: ignore[attr-defined]
    assert selectors.offer_for(user=duesseldorf, pk="kein-uuid") is None
    koeln = make_user("kommune", ags="05315")
    assert selectors.offer_for(user=koeln, pk=world["koeln_submitted"].pk) == world["koeln_submitted"]  # type: ignore[attr-defined]


def test_verification_queue_holds_submitted_entries_in_scope(
    world: dict[str, object], make_user: Callable[..., User]
) -> None:
    assert titles(selectors.verification_queue(user=make_user("kommune", ags="05315"))) == {"Migrationsberatung Köln"}
    assert titles(selectors.verification_queue(user=make_user("kommune", ags="05158"))) == {"Elterncafé Ratingen"}
    assert titles(selectors.verification_queue(user=make_user("land", ags="05"))) == set()
    organisation = services.organisation_create(
        actor=kommune_for("05315"),
        data=services.OrganisationInput(name="Neu in Köln", kind="verein", gemeinde=world["koeln"].gemeinde),  # type: ignore[attr-defined]
        publish=False,
    )
    services.organisation_submit(actor=kommune_for("05315"), organisation=organisation)
    assert list(selectors.organisation_queue(user=make_user("kommune", ags="05315"))) == [organisation]
    assert list(selectors.organisation_queue(user=make_user("kommune", ags="05158"))) == []


def test_offer_list_filters(world: dict[str, object], make_user: Callable[..., User]) -> None:
    land = make_user("land", ags="05")
    assert titles(selectors.offer_list(user=land, status=Status.PUBLISHED)) == {"Sprachcafé Köln"}
    assert titles(selectors.offer_list(user=land, topic="kinder-familie")) == {"Elterncafé Ratingen"}
    assert titles(selectors.offer_list(user=land, target_group="eltern")) == {"Elterncafé Ratingen"}
    assert titles(selectors.offer_list(user=land, kreis="05158")) == {"Elterncafé Ratingen"}
    assert titles(selectors.offer_list(user=land, org_kind="wohlfahrtspflege")) == {
        "Sprachcafé Köln",
        "Migrationsberatung Köln",
    }
    assert titles(selectors.offer_list(user=land, text="caritas")) == {"Sprachcafé Köln", "Migrationsberatung Köln"}
    assert titles(selectors.offer_list(user=land, text="café")) == {"Sprachcafé Köln", "Elterncafé Ratingen"}
    org = str(world["ratingen"].pk)  # type: ignore[attr-defined]
    assert titles(selectors.offer_list(user=land, organisation=org)) == {"Elterncafé Ratingen"}
    # A filter never widens the scope.
    assert titles(selectors.offer_list(user=make_user("kommune", ags="05315"), kreis="05158")) == set()


def test_offer_with_two_topics_is_listed_once(make_user: Callable[..., User]) -> None:
    make_offer(topics=["sprache", "bildung"], status="published")
    assert selectors.offer_list(user=make_user("land", ags="05"), topic="sprache").count() == 1


def test_organisations_visible_per_role(world: dict[str, object], make_user: Callable[..., User]) -> None:
    names = lambda qs: {o.name for o in qs}  # noqa: E731
    assert names(selectors.organisation_list(user=make_user("kommune", ags="05315"))) == {
        "Caritasverband für die Stadt Köln e.V."
    }
    member = member_of(make_user(), world["ratingen"])  # type: ignore[arg-type]
    assert names(selectors.organisation_list(user=member)) == {"Elternverein Ratingen"}
    land = make_user("land", ags="05")
    assert len(selectors.organisation_list(user=land)) == 2
    assert names(selectors.organisation_list(user=land, kreis="05158")) == {"Elternverein Ratingen"}
    assert names(selectors.organisation_list(user=land, kind="wohlfahrtspflege", text="köln")) == {
        "Caritasverband für die Stadt Köln e.V."
    }
    assert names(selectors.organisation_list(user=land, status=Status.DRAFT)) == set()
    assert selectors.organisation_for(user=member, pk=world["koeln"].pk) is None  # type: ignore[attr-defined]


def test_organisations_for_a_new_offer(world: dict[str, object], make_user: Callable[..., User]) -> None:
    member = member_of(make_user(), world["koeln"])  # type: ignore[arg-type]
    assert selectors.organisations_for_new_offer(user=member) == [world["koeln"]]
    assert selectors.organisations_for_new_offer(user=make_user("kommune", ags="05158")) == [world["ratingen"]]
    assert selectors.organisations_for_new_offer(user=make_user("land", ags="05")) == []


def test_structures_published_for_all_the_rest_in_scope(make_user: Callable[..., User]) -> None:
    public = StructureFactory(name="Integrationsrat Köln")
    StructureFactory(name="KI Kreis Mettmann (Entwurf)", gemeinde_id=None, kreis_id="05158", status=Status.DRAFT)
    StructureFactory(name="Runder Tisch Ratingen", gemeinde_id="05158028", kreis_id="05158", status=Status.ARCHIVED)
    names = lambda user, **kw: {s.name for s in selectors.structure_list(user=user, **kw)}  # noqa: E731
    assert names(make_user("kommune", ags="05315")) == {"Integrationsrat Köln"}
    assert names(make_user("kommune", ags="05158")) == {
        "Integrationsrat Köln",
        "KI Kreis Mettmann (Entwurf)",
        "Runder Tisch Ratingen",
    }
    # A Gemeinde's user sees its own structures, not those of the whole Kreis.
    assert names(make_user("kommune", ags="05158028")) == {"Integrationsrat Köln", "Runder Tisch Ratingen"}
    assert len(names(make_user("land", ags="05"))) == 3
    assert names(make_user("land", ags="05"), kreis="05158", status=Status.DRAFT) == {"KI Kreis Mettmann (Entwurf)"}
    assert names(make_user("land", ags="05"), text="ratingen", kind="integrationsrat") == {"Runder Tisch Ratingen"}
    assert selectors.structure_for(user=make_user("kommune", ags="05111"), pk=public.pk) == public


def test_contacts_visible_to_their_keepers_only(world: dict[str, object], make_user: Callable[..., User]) -> None:
    koeln_contact = ContactFactory(organisation=world["koeln"])
    structure_contact = ContactFactory(organisation=None)
    StructureFactory(gemeinde_id=None, kreis_id="05158", contact=structure_contact)
    assert list(selectors.contacts_visible_to(make_user("kommune", ags="05315"))) == [koeln_contact]
    assert list(selectors.contacts_visible_to(make_user("kommune", ags="05158"))) == [structure_contact]
    assert list(selectors.contacts_visible_to(make_user("kommune", ags="05158028"))) == []
    assert list(selectors.contacts_visible_to(make_user("land", ags="05"))) == []
    assert selectors.contacts_visible_to(make_user("admin")).count() == 2
    member = member_of(make_user(), world["koeln"])  # type: ignore[arg-type]
    assert selectors.contact_for(user=member, pk=koeln_contact.pk) == koeln_contact
    assert selectors.contact_for(user=member, pk=structure_contact.pk) is None


# --- result cards (finder, API, PDF list) ----------------------------------------------------------------------


def test_offer_cards_equal_the_offers_in_the_given_order(django_assert_num_queries: Any) -> None:
    from teilhabe.registry.search import published_offers

    first = make_offer(
        status="published",
        title="Sprachcafé",
        topics=["sprache", "arbeit"],
        target_groups=["frauen", "kinder"],
        languages=["tr", "ar", "de"],
        translations={"ar": ("مقهى اللغة", "وصف"), "en": ("Language café", "")},
        locations=[
            services.LocationInput(postal_code="50667", street="Domplatz 1"),
            services.LocationInput(postal_code="40213", name="Zweigstelle"),
        ],
    )
    second = make_offer(status="published", title="Elterncafé", languages=[])
    draft = make_offer(title="Entwurf")
    wanted = [str(second.pk), "kein-schluessel", str(draft.pk), str(first.pk)]
    with django_assert_num_queries(6):
        cards = selectors.offer_cards(wanted)
    assert [c.pk for c in cards] == [second.pk, first.pk]  # the draft left out, the order kept
    offers = {o.pk: o for o in published_offers().filter(pk__in=[first.pk, second.pk])}
    for card in cards:
        offer = offers[card.pk]
        assert (card.title, card.description, card.is_free, card.phone) == (
            offer.title,
            offer.description,
            offer.is_free,
            offer.phone,
        )
        assert (card.organisation.id, card.organisation.name, card.organisation.kind) == (
            offer.organisation_id,
            offer.organisation.name,
            offer.organisation.kind,
        )
        assert [(t.key, t.name) for t in card.topics] == [(t.key, t.name) for t in offer.topics.all()]
        assert [g.key for g in card.target_groups] == [g.key for g in offer.target_groups.all()]
        assert [(lang.code, lang.name, lang.native_name) for lang in card.languages] == [
            (lang.code, lang.name, lang.native_name) for lang in offer.languages.all()
        ]
        assert [(p.name, p.street, p.postal_code, p.city, p.gemeinde_id, p.lat, p.lon) for p in card.locations] == [
            (p.name, p.street, p.postal_code, p.city, p.gemeinde_id, p.lat, p.lon) for p in offer.locations.all()
        ]
        for language in ("de", "ar", "en", "tr"):
            assert card.text_in(language) == offer.text_in(language)
    assert len(cards[1].locations) == 2
    assert set(cards[1].translations) == {"ar", "en"}


def test_offer_cards_cost_the_same_queries_for_one_or_many(django_assert_num_queries: Any) -> None:
    offers = [make_offer(status="published", title=f"Kurs {n}") for n in range(12)]
    draft = make_offer(title="Entwurf")
    assert selectors.offer_cards([]) == []
    with django_assert_num_queries(1):  # none published: the relations are not asked for
        assert selectors.offer_cards([str(draft.pk)]) == []
    with django_assert_num_queries(6):
        assert len(selectors.offer_cards([str(o.pk) for o in offers])) == 12


def test_offer_page_has_the_cards_values_the_times_and_only_a_public_contact(
    django_assert_num_queries: Any,
) -> None:
    import datetime as dt

    from tests.registry.factories import ContactFactory, OrganisationFactory, make_offer

    organisation = OrganisationFactory()
    public = ContactFactory(organisation=organisation)
    hours = [
        services.HoursInput(weekday=2, opens=dt.time(17), closes=dt.time(19, 30)),
        services.HoursInput(weekday=0, opens=dt.time(9), closes=dt.time(11)),
    ]
    offer = make_offer(
        organisation,
        status="published",
        title="Sprachcafé",
        email="cafe@example.nrw",
        website="https://cafe.example.nrw",
        valid_until=dt.date(2027, 3, 31),
        opening_hours=hours,
        contact=public,
    )
    with django_assert_num_queries(8):
        page = selectors.offer_page(pk=offer.pk)
    assert page is not None
    assert (page.pk, page.title, page.email, page.website) == (
        offer.pk,
        "Sprachcafé",
        "cafe@example.nrw",
        "https://cafe.example.nrw",
    )
    assert page.valid_until == dt.date(2027, 3, 31)
    assert [(h.get_weekday_display(), h.opens, h.closes) for h in page.opening_hours] == [
        ("Montag", dt.time(9), dt.time(11)),
        ("Mittwoch", dt.time(17), dt.time(19, 30)),
    ]
    assert page.contact is not None and page.contact.name == public.name
    assert [c.key for c in page.topics] == [t.key for t in offer.topics.all()]

    public.consent_public = False
    public.save()
    assert selectors.offer_page(pk=offer.pk).contact is None  # type: ignore[union-attr]
    public.consent_public, public.erased_at = True, dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    public.save()
    assert selectors.offer_page(pk=offer.pk).contact is None  # type: ignore[union-attr]


def test_offer_page_of_an_unpublished_or_unknown_offer_is_none() -> None:
    from tests.registry.factories import make_offer

    assert selectors.offer_page(pk=make_offer(title="Entwurf").pk) is None
    assert selectors.offer_page(pk="keine-uuid") is None
    assert selectors.offer_page(pk="00000000-0000-0000-0000-000000000000") is None
