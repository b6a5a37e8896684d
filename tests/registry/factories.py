"""Factories of the registry tests, and the few geo rows they need.

The suite's database is loaded with the NRW master data (tests/conftest.py), but registry tests do not rely on
that loader: ``ensure_geo()`` creates (or finds) the Regierungsbezirke, Kreise, Gemeinden and postcodes used here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.contenttypes.models import ContentType

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl, Regierungsbezirk
from teilhabe.registry import services
from teilhabe.registry.models import Contact, Offer, Organisation, Structure

# --- geo ---------------------------------------------------------------------------------------


class RegierungsbezirkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regierungsbezirk
        django_get_or_create = ("key",)

    key = "053"
    name = "Reg.-Bez. Köln"


class KreisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kreis
        django_get_or_create = ("key",)

    key = "05315"
    name = "Köln, Stadt"
    name_short = "Köln"
    kind = Kreis.Kind.KREISFREIE_STADT
    regierungsbezirk = factory.SubFactory(RegierungsbezirkFactory)


class GemeindeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeinde
        django_get_or_create = ("ags",)

    ags = "05315000"
    name = "Köln, Stadt"
    name_short = "Köln"
    kind = Gemeinde.Kind.KREISFREIE_STADT
    kreis = factory.SubFactory(KreisFactory)


class PostleitzahlFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postleitzahl
        django_get_or_create = ("postal_code", "place", "entry_type")

    postal_code = "50667"
    place = "Köln"
    entry_type = Postleitzahl.EntryType.STANDARD
    gemeinde = factory.SubFactory(GemeindeFactory)
    kreis = factory.LazyAttribute(lambda o: o.gemeinde.kreis)
    lat = 50.9387
    lon = 6.9547


def ensure_geo() -> None:
    """Köln (kreisfreie Stadt), Düsseldorf (kreisfreie Stadt), Kreis Mettmann with Ratingen; their postcodes."""
    koeln = GemeindeFactory()
    PostleitzahlFactory(gemeinde=koeln)
    PostleitzahlFactory(postal_code="50672", gemeinde=koeln, lat=50.9439, lon=6.9363)
    rb_duesseldorf = RegierungsbezirkFactory(key="051", name="Reg.-Bez. Düsseldorf")
    duesseldorf = GemeindeFactory(
        ags="05111000",
        name="Düsseldorf, Stadt",
        name_short="Düsseldorf",
        kreis=KreisFactory(
            key="05111", name="Düsseldorf, Stadt", name_short="Düsseldorf", regierungsbezirk=rb_duesseldorf
        ),
    )
    PostleitzahlFactory(postal_code="40213", place="Düsseldorf", gemeinde=duesseldorf, lat=51.2249, lon=6.7743)
    mettmann = KreisFactory(
        key="05158", name="Mettmann", name_short="Mettmann", kind=Kreis.Kind.KREIS, regierungsbezirk=rb_duesseldorf
    )
    ratingen = GemeindeFactory(
        ags="05158028", name="Ratingen, Stadt", name_short="Ratingen", kind=Gemeinde.Kind.STADT, kreis=mettmann
    )
    PostleitzahlFactory(postal_code="40878", place="Ratingen", gemeinde=ratingen, lat=51.2922, lon=6.8485)


# --- registry ----------------------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Verein Nummer {n} e.V.")
    kind = Organisation.Kind.MIGRANTENORGANISATION
    gemeinde_id = "05315000"
    status = "published"


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    kind = Structure.Kind.INTEGRATIONSRAT
    name = factory.Sequence(lambda n: f"Integrationsrat {n}")
    gemeinde_id = "05315000"
    kreis_id = "05315"
    status = "published"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Ayşe Yılmaz"
    function = "Integrationsbeauftragte"
    email = "ayse.yilmaz@example.nrw"
    phone = "0221 123456"
    consent_at = dt.date(2026, 1, 15)
    consent_public = True


def member_of(user: User, organisation: Organisation) -> User:
    Membership.objects.create(
        user=user,
        role=Role.ORGANISATION,
        scope_type=ContentType.objects.get_for_model(Organisation),
        scope_id=organisation.pk,
    )
    return user


def offer_input(**overrides: Any) -> services.OfferInput:
    values: dict[str, Any] = {
        "title": "Deutschkurs für Mütter",
        "description": "Deutsch lernen am Vormittag mit Kinderbetreuung.",
        "topics": ["sprache"],
        "target_groups": ["frauen"],
        "languages": ["de", "ar"],
        "locations": [services.LocationInput(postal_code="50667", street="Domplatz 1")],
    }
    values.update(overrides)
    return services.OfferInput(**values)


def keeper_of(organisation: Organisation) -> User:
    """A member of ``organisation`` (role organisation): the person who writes its entries in these tests."""
    email = f"mitglied-{organisation.pk}@example.nrw"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name="Vereinsmitglied")
        Membership.objects.create(
            user=user,
            role=Role.ORGANISATION,
            scope_type=ContentType.objects.get_for_model(Organisation),
            scope_id=organisation.pk,
        )
    return user


def kommune_for(ags: str) -> User:
    """The Kommune of the Kreis of ``ags``: the person who verifies entries there in these tests."""
    kreis = ags[:5]
    email = f"kommune-{kreis}@example.nrw"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name="Kommune")
        Membership.objects.create(user=user, role=Role.KOMMUNE, ags=kreis)
    return user


def make_offer(organisation: Organisation | None = None, *, status: str = "draft", **overrides: Any) -> Offer:
    """An offer through the services, written by a member of the organisation and verified by its Kommune."""
    organisation = organisation or OrganisationFactory()
    keeper = keeper_of(organisation)
    offer = services.offer_create(actor=keeper, organisation=organisation, data=offer_input(**overrides))
    if status in ("submitted", "verified", "published", "archived"):
        services.offer_submit(actor=keeper, offer=offer)
    if status in ("verified", "published", "archived"):
        services.offer_verify(actor=kommune_for(offer.ags), offer=offer, publish=status != "verified")
    if status == "archived":
        services.offer_archive(actor=keeper, offer=offer)
    return offer
