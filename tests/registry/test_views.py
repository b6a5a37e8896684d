from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from teilhabe.core.models import User
from teilhabe.registry.models import Offer, Status
from tests.conftest import login
from tests.registry.factories import OrganisationFactory, make_offer, member_of

pytestmark = pytest.mark.django_db


def test_organisation_proposes_and_kommune_verifies_over_http(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    member = login(Client(), member_of(make_user(), organisation))
    response = member.post(
        "/register/angebote/neu/",
        {
            "organisation": str(organisation.pk),
            "title": "Nähcafé",
            "description": "Gemeinsam nähen und Deutsch sprechen.",
            "topics": ["teilhabe"],
            "postal_code": "50667",
            "languages": ["de", "tr"],
            "is_free": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = Offer.objects.get(title="Nähcafé")
    assert member.post(f"/register/angebote/{offer.pk}/publish/").status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == Status.DRAFT  # refused, nothing changed
    member.post(f"/register/angebote/{offer.pk}/submit/")
    assert Offer.objects.get(pk=offer.pk).status == Status.SUBMITTED

    kommune = login(Client(), make_user("kommune", ags="05315"))
    queue = kommune.get("/register/angebote/pruefen/")
    assert "Nähcafé" in queue.content.decode()
    kommune.post(f"/register/angebote/{offer.pk}/verify/", {"next": "queue"})
    assert Offer.objects.get(pk=offer.pk).status == Status.PUBLISHED


def test_other_kommune_gets_404_not_403(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="submitted")
    other = login(Client(), make_user("kommune", ags="05111"))
    assert other.get(f"/register/angebote/{offer.pk}/").status_code == 404
    assert other.post(f"/register/angebote/{offer.pk}/verify/").status_code == 404
    assert "Deutschkurs" not in other.get("/register/angebote/pruefen/").content.decode()
    assert Offer.objects.get(pk=offer.pk).status == Status.SUBMITTED


def test_return_with_reason_over_http(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="submitted")
    kommune = login(Client(), make_user("kommune", ags="05315"))
    kommune.post(f"/register/angebote/{offer.pk}/return/", {"reason": ""})
    assert Offer.objects.get(pk=offer.pk).status == Status.SUBMITTED
    kommune.post(f"/register/angebote/{offer.pk}/return/", {"reason": "Adresse fehlt"})
    assert Offer.objects.get(pk=offer.pk).return_reason == "Adresse fehlt"


def test_offer_form_shows_field_errors(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    member = login(Client(), member_of(make_user(), organisation))
    response = member.post(
        "/register/angebote/neu/",
        {"organisation": str(organisation.pk), "title": "", "postal_code": "10115", "topics": ["sprache"]},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in body or "This field is required." in body
    assert Offer.objects.count() == 0


def test_list_has_fixed_query_count(client_for: Callable[..., Client], django_assert_max_num_queries: Any) -> None:
    organisation = OrganisationFactory()
    for i in range(30):
        make_offer(organisation, title=f"Angebot {i}")
    client = client_for("kommune", ags="05315")
    with django_assert_max_num_queries(25):
        response = client.get("/register/angebote/")
    assert len(response.context["page"]) == 30


def test_export_csv_and_xlsx(client_for: Callable[..., Client]) -> None:
    make_offer(title='=HYPERLINK("x")')
    client = client_for("kommune", ags="05315")
    csv = client.get("/register/angebote/?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;titel;organisation")
    assert "'=HYPERLINK" in text  # no formula injection
    xlsx = client.get("/register/angebote/?export=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_organisation_user_sees_only_own(make_user: Callable[..., User]) -> None:
    own = OrganisationFactory(name="Eigener Verein")
    OrganisationFactory(name="Fremder Verein")
    member = login(Client(), member_of(make_user(), own))
    body = member.get("/register/organisationen/").content.decode()
    assert "Eigener Verein" in body and "Fremder Verein" not in body
