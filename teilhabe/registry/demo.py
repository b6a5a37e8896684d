"""Demo data of the registry: a few thousand offers across all Kreise, and a proposal waiting for Köln.

Deterministic (fixed seed) and idempotent (every part is skipped when already there). The bulk of the data comes
from the generator's bulk inserts, which write no history rows (django-simple-history records nothing for
bulk_create); the hand-made Köln organisation and its proposal go through the services and are fully audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.services import membership_grant
from teilhabe.core.system import system_actor
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry import demo_translations, generator, services
from teilhabe.registry.models import Offer, OfferTranslation, Organisation, Status, Structure
from teilhabe.registry.search import rebuild_search_index

DEMO_ORGANISATION = "Deutsch-Ukrainischer Frauenverein Köln e.V."
DEMO_OFFERS = 3000


def seed(*, stdout: TextIO, users: dict[str, User], **_: Any) -> None:
    if not Offer.objects.exists():
        counts = generator.generate(offers=DEMO_OFFERS, seed=2026, organisations=320)
        stdout.write(f"Register: {counts['organisations']} Organisationen, {counts['offers']} Angebote erzeugt\n")
    koeln = Gemeinde.objects.get(ags="05315000")
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    # The demo's entries are written by the demo people whose work they are: the Kommune Köln registers the
    # organisation, its member writes the contact person and the offer.
    kommune = users.get(Role.KOMMUNE.value) or system_actor()
    if organisation is None:
        organisation = services.organisation_create(
            actor=kommune,
            data=services.OrganisationInput(
                name=DEMO_ORGANISATION,
                kind=Organisation.Kind.MIGRANTENORGANISATION,
                gemeinde=koeln,
                description="Selbstorganisation ukrainischer und deutscher Frauen in Köln: Beratung, Sprachkurse, "
                "Begegnung.",
                email="info@frauenverein-koeln.example",
                phone="0221 1234567",
                street="Venloer Straße 42",
                postal_code="50672",
                city="Köln",
                languages=["de", "uk", "ru"],
            ),
        )
    member = users.get(Role.ORGANISATION.value)
    if (
        member is not None
        and not Membership.objects.filter(
            user=member,
            role=Role.ORGANISATION,
            scope_type=ContentType.objects.get_for_model(Organisation),
            scope_id=organisation.pk,
        ).exists()
    ):
        membership_grant(user=member, role=Role.ORGANISATION, scope_object=organisation, actor=system_actor())
    contact = organisation.contacts.first()
    if contact is None:
        contact = services.contact_create(
            actor=member or kommune,
            organisation=organisation,
            data=services.ContactInput(
                name="Olena Kovalenko",
                function="Beraterin, Ansprechpartnerin für Neuzugewanderte",
                email="o.kovalenko@frauenverein-koeln.example",
                phone="0221 1234568",
                consent_at=dt.date(2026, 1, 15),
                consent_public=True,
            ),
        )
    if not organisation.offers.exists():
        offer = services.offer_create(
            actor=member or kommune,
            organisation=organisation,
            data=services.OfferInput(
                title="Beratung für Geflüchtete aus der Ukraine",
                description="Beratung auf Ukrainisch und Russisch zu Aufenthalt, Jobcenter, Wohnungssuche und "
                "Deutschkursen. Ohne Termin, vertraulich und kostenlos.",
                topics=["beratung", "recht-aufenthalt"],
                target_groups=["gefluechtete", "frauen"],
                languages=["uk", "ru", "de"],
                locations=[
                    services.LocationInput(
                        postal_code="50672", street="Venloer Straße 42", city="Köln", name="Vereinsräume"
                    )
                ],
                schedule_note="dienstags und donnerstags",
                contact=contact,
            ),
        )
        services.offer_submit(actor=member or kommune, offer=offer)
    stdout.write(
        f"Register: {Offer.objects.filter(status=Status.PUBLISHED).count()} veröffentlichte Angebote, "
        f"{Offer.objects.filter(status=Status.SUBMITTED).count()} warten auf Prüfung\n"
    )
    _seed_structures(stdout)
    stdout.write(f"Übersetzungen: {seed_translations()} neu\n")
    stdout.write(f"Suchindex: {rebuild_search_index()} Angebote\n")


def _seed_structures(stdout: TextIO) -> None:
    """A Kommunales Integrationszentrum in every Kreis and kreisfreie Stadt, an Integrationsrat in every city."""
    if Structure.objects.exists():
        return
    rows = []
    for kreis in Kreis.objects.order_by("key"):
        slug = kreis.name_short.lower().replace(" ", "-").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
        rows.append(
            Structure(
                kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM,
                kreis=kreis,
                name=f"Kommunales Integrationszentrum {kreis.name_short}",
                description="Koordiniert die Integrationsarbeit in Kita, Schule, Beruf und Gesellschaft.",
                email=f"ki@{slug}.example",
            )
        )
        if kreis.kind == Kreis.Kind.KREISFREIE_STADT:
            rows.append(
                Structure(
                    kind=Structure.Kind.INTEGRATIONSRAT,
                    gemeinde_id=f"{kreis.key}000",
                    name=f"Integrationsrat der Stadt {kreis.name_short}",
                    description="Gewählte Vertretung der Menschen mit Einwanderungsgeschichte (§ 27 GO NRW).",
                )
            )
    Structure.objects.bulk_create(rows)
    stdout.write(f"Register: {len(rows)} Strukturen (KI je Kreis, Integrationsräte der kreisfreien Städte)\n")


def seed_translations() -> int:
    """Hand-written translations (``demo_translations``) for a share of the published offers that claim en, tr, ar,
    uk or ru; offers that have a translation in a language already keep it (a second run adds nothing)."""
    offers = (
        Offer.objects.filter(status=Status.PUBLISHED, languages__code__in=demo_translations.LANGUAGES)
        .distinct()
        .prefetch_related("languages", "translations")
    )
    new = []
    for offer in offers.iterator(chunk_size=2000):
        have = {t.language_id for t in offer.translations.all()}
        source = offer.source_hash()
        for language in offer.languages.all():
            code = language.code
            if code in have or not demo_translations.chosen(offer.pk, code):
                continue
            texts = demo_translations.translation_of(offer, code)
            if texts is not None:
                new.append(OfferTranslation(offer=offer, language=language, source_hash=source, **texts))
    OfferTranslation.objects.bulk_create(new, batch_size=2000)
    return len(new)
