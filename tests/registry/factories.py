from __future__ import annotations

from typing import Any

import factory
from django.contrib.contenttypes.models import ContentType

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.registry import services
from teilhabe.registry.models import Offer, Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Verein Nummer {n} e.V.")
    kind = Organisation.Kind.MIGRANTENORGANISATION
    gemeinde_id = "05315000"
    status = "published"


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


def make_offer(organisation: Organisation | None = None, *, status: str = "draft", **overrides: Any) -> Offer:
    organisation = organisation or OrganisationFactory()
    offer = services.offer_create(actor=None, organisation=organisation, data=offer_input(**overrides))
    if status in ("submitted", "verified", "published", "archived"):
        services.offer_submit(actor=None, offer=offer)
    if status in ("verified", "published", "archived"):
        services.offer_verify(actor=None, offer=offer, publish=status != "verified")
    if status == "archived":
        services.offer_archive(actor=None, offer=offer)
    return offer
