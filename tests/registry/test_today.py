"""The registry's part of the start page: a Kommune's verification queue, an organisation's offers by state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from teilhabe.core.models import User
from teilhabe.registry import selectors
from tests.conftest import login
from tests.registry.factories import OrganisationFactory, keeper_of, make_offer

pytestmark = pytest.mark.django_db


def test_kommune_counts_offers_waiting_for_it_never_another_areas(make_user: Callable[..., User]) -> None:
    make_offer(status="submitted")  # Köln
    make_offer(OrganisationFactory(gemeinde_id="05515000"), status="submitted", locations=[])  # Münster
    client = login(Client(), make_user("kommune"))

    page = client.get("/").content.decode()
    queue = client.get("/register/angebote/pruefen/")

    assert "1 Angebot wartet auf Ihre Prüfung" in page and "/register/angebote/pruefen/" in page
    assert queue.context["page"].paginator.count == 1


def test_organisation_sees_its_offers_by_state_with_links_to_exactly_those() -> None:
    organisation = OrganisationFactory()
    make_offer(organisation, status="draft")
    make_offer(organisation, status="draft", title="Zweites")
    make_offer(organisation, status="submitted")
    make_offer(OrganisationFactory(), status="draft")  # another organisation's
    client = login(Client(), keeper_of(organisation))

    page = client.get("/").content.decode()

    assert "Ihre Angebote nach Stand" in page
    assert "Entwurf: 2" in page and "zur Prüfung eingereicht: 1" in page
    listed = client.get("/register/angebote/?status=draft").context["page"].paginator.count
    assert listed == 2 == selectors.offer_list(user=keeper_of(organisation), status="draft").count()
