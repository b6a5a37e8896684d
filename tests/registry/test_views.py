from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from teilhabe.core.models import AuditEvent, User
from teilhabe.registry.models import Contact, Offer, Organisation, Status, Structure
from tests.conftest import login
from tests.registry.factories import ContactFactory, OrganisationFactory, StructureFactory, make_offer, member_of

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
    assert "Deutschkurs für Mütter" not in other.get("/register/angebote/pruefen/").content.decode()
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


# --- a fixed number of queries per list page, whatever its length --------------------------------------------


def _queries(client: Client, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def _offers(n: int) -> None:
    organisation = OrganisationFactory()
    contact = ContactFactory(organisation=organisation)
    for i in range(n):
        offer = make_offer(
            organisation,
            status="published" if i % 2 else "submitted",
            title=f"Angebot {i:03}",
            topics=["sprache", "beratung"],
            translations={"en": ("Offer", "")},
        )
        offer.contact = contact
        offer.save()


def _organisations(n: int) -> None:
    for _ in range(n):
        OrganisationFactory().languages.set(["de", "tr"])


def _structures(n: int) -> None:
    for _ in range(n):
        StructureFactory(contact=ContactFactory(organisation=None))


@pytest.mark.parametrize(
    ("url", "make", "budget"),
    [
        ("/register/angebote/", _offers, 15),
        ("/register/organisationen/", _organisations, 9),
        ("/register/strukturen/", _structures, 8),
    ],
)
def test_list_pages_have_a_fixed_query_count(
    client_for: Callable[..., Client],
    django_assert_max_num_queries: Any,
    url: str,
    make: Callable[[int], None],
    budget: int,
) -> None:
    client = client_for("kommune", ags="05315")
    client.get(url)  # warm caches (content types, session) so both measurements count the same things
    make(5)
    small, response = _queries(client, url)
    assert len(response.context["page"]) >= 5
    make(45)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert len(response.context["page"]) == 50
    large, _ = _queries(client, url)
    assert large == small, f"{url}: {small} queries for 5 rows, {large} for 50"


def test_export_follows_the_filters(client_for: Callable[..., Client], django_assert_max_num_queries: Any) -> None:
    _offers(30)
    client = client_for("kommune", ags="05315")
    with django_assert_max_num_queries(20):
        text = client.get("/register/angebote/?status=published&export=csv").content.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1 + 15
    assert "zur Prüfung eingereicht" not in text


# --- scope: another body's object is not found, a visible one refused is 403 ------------------------------


def test_land_reads_everything_but_changes_nothing(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="submitted")
    land = login(Client(), make_user("land", ags="05"))
    assert land.get(f"/register/angebote/{offer.pk}/").status_code == 200
    assert land.get(f"/register/angebote/{offer.pk}/bearbeiten/").status_code == 403
    assert land.post(f"/register/angebote/{offer.pk}/verify/").status_code == 403
    assert land.post(f"/register/organisationen/{offer.organisation_id}/archive/").status_code == 403
    assert land.get("/register/angebote/pruefen/").status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == Status.SUBMITTED


def test_unknown_action_and_bad_ids_are_404(client_for: Callable[..., Client]) -> None:
    offer = make_offer(status="submitted")
    client = client_for("kommune", ags="05315")
    assert client.post(f"/register/angebote/{offer.pk}/delete/").status_code == 404
    assert client.get("/register/angebote/kein-uuid/").status_code == 404
    assert client.get("/register/organisationen/kein-uuid/").status_code == 404
    assert client.get("/register/strukturen/kein-uuid/").status_code == 404
    assert client.get("/register/ansprechpersonen/kein-uuid/").status_code == 404


def test_organisation_lifecycle_over_http(make_user: Callable[..., User]) -> None:
    kommune = login(Client(), make_user("kommune", ags="05315"))
    response = kommune.post(
        "/register/organisationen/neu/",
        {"name": "Afrikanisches Netzwerk Köln e.V.", "kind": "migrantenorganisation", "gemeinde": "05315000"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation = Organisation.objects.get(name="Afrikanisches Netzwerk Köln e.V.")
    assert organisation.status == Status.DRAFT  # the "publish now" box was not ticked
    member = login(Client(), member_of(make_user(), organisation))
    assert member.post(f"/register/organisationen/{organisation.pk}/verify/").status_code == 403
    member.post(f"/register/organisationen/{organisation.pk}/submit/")
    assert "Afrikanisches Netzwerk" in kommune.get("/register/angebote/pruefen/").content.decode()
    other = login(Client(), make_user("kommune", ags="05111"))
    assert other.post(f"/register/organisationen/{organisation.pk}/verify/").status_code == 404
    kommune.post(f"/register/organisationen/{organisation.pk}/return/", {"reason": "Adresse fehlt", "next": "queue"})
    organisation.refresh_from_db()
    assert (organisation.status, organisation.return_reason) == (Status.DRAFT, "Adresse fehlt")
    assert "Adresse fehlt" in member.get(f"/register/organisationen/{organisation.pk}/").content.decode()


def test_kommune_creates_a_published_organisation_in_scope_only(make_user: Callable[..., User]) -> None:
    kommune = login(Client(), make_user("kommune", ags="05315"))
    data = {
        "name": "Sprachtreff Köln",
        "kind": "verein",
        "gemeinde": "05315000",
        "publish": "on",
        "phone": "0221 1234567",
    }
    assert kommune.post("/register/organisationen/neu/", data).status_code == 302
    assert Organisation.objects.get(name="Sprachtreff Köln").status == Status.PUBLISHED
    response = kommune.post("/register/organisationen/neu/", {**data, "name": "Anderswo", "gemeinde": "05111000"})
    assert response.status_code == 200
    assert "außerhalb" in response.content.decode() or "Gebiet" in response.content.decode()
    assert not Organisation.objects.filter(name="Anderswo").exists()


def test_the_register_court_is_chosen_from_the_list(make_user: Callable[..., User]) -> None:
    kommune = login(Client(), make_user("kommune", ags="05315"))
    data = {"name": "Verein Köln", "kind": "verein", "gemeinde": "05315000", "publish": "on", "register": "VR"}
    form = kommune.get("/register/organisationen/neu/").content.decode()
    assert '<option value="Amtsgericht Köln">Amtsgericht Köln</option>' in form
    refused = kommune.post(
        "/register/organisationen/neu/", {**data, "register_court": "Amtsgericht Atlantis", "register_number": "1"}
    )
    assert refused.status_code == 200 and not Organisation.objects.filter(name="Verein Köln").exists()
    response = kommune.post(
        "/register/organisationen/neu/", {**data, "register_court": "Amtsgericht Köln", "register_number": "4711"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Verein Köln").org_id == "DE-CR-RA000280-VR4711"


def test_structures_over_http(make_user: Callable[..., User]) -> None:
    kreis = login(Client(), make_user("kommune", ags="05158"))
    response = kreis.post(
        "/register/strukturen/neu/",
        {"kind": "ki", "name": "Kommunales Integrationszentrum Kreis Mettmann", "kreis": "05158"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    structure = Structure.objects.get(name__startswith="Kommunales Integrationszentrum Kreis")
    assert (structure.gemeinde_id, structure.kreis_id, structure.status) == (None, "05158", Status.PUBLISHED)
    assert kreis.get(f"/register/strukturen/{structure.pk}/").status_code == 200
    koeln = login(Client(), make_user("kommune", ags="05315"))
    assert koeln.get(f"/register/strukturen/{structure.pk}/").status_code == 200  # published: a directory entry
    assert koeln.get(f"/register/strukturen/{structure.pk}/bearbeiten/").status_code == 403
    assert koeln.post(f"/register/strukturen/{structure.pk}/archivieren/").status_code == 403
    refused = koeln.post("/register/strukturen/neu/", {"kind": "ki", "name": "KI Mettmann", "kreis": "05158"})
    assert refused.status_code == 200 and Structure.objects.count() == 1
    missing_area = kreis.post("/register/strukturen/neu/", {"kind": "netzwerk", "name": "Netzwerk ohne Ort"})
    assert missing_area.status_code == 200 and Structure.objects.count() == 1
    kreis.post(f"/register/strukturen/{structure.pk}/archivieren/")
    assert Structure.objects.get(pk=structure.pk).status == Status.ARCHIVED
    draft = StructureFactory(gemeinde_id=None, kreis_id="05158", status=Status.DRAFT)
    assert koeln.get(f"/register/strukturen/{draft.pk}/").status_code == 404


def test_contact_pages_export_and_erase(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    member = login(Client(), member_of(make_user(), organisation))
    response = member.post(
        f"/register/ansprechpersonen/neu/organisation/{organisation.pk}/",
        {
            "name": "Olena Kovalenko",
            "function": "Beraterin",
            "email": "olena@example.nrw",
            "consent_at": "2026-02-01",
            "consent_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    contact = Contact.objects.get(email="olena@example.nrw")
    assert contact.is_public
    export = member.get(f"/register/ansprechpersonen/{contact.pk}/auskunft.json")
    assert export["Content-Type"].startswith("application/json")
    assert "attachment" in export["Content-Disposition"]
    assert json.loads(export.content)["name"] == "Olena Kovalenko"
    outsider = login(Client(), make_user("kommune", ags="05111"))
    for url in (f"/register/ansprechpersonen/{contact.pk}/", f"/register/ansprechpersonen/{contact.pk}/auskunft.json"):
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/register/ansprechpersonen/{contact.pk}/loeschen/", {"reason": "x"}).status_code == 404
    land = login(Client(), make_user("land", ags="05"))
    assert land.get(f"/register/ansprechpersonen/{contact.pk}/").status_code == 404  # no personal data for land
    member.post(f"/register/ansprechpersonen/{contact.pk}/loeschen/", {"reason": ""})
    assert Contact.objects.get(pk=contact.pk).erased_at is None  # a reason is required
    member.post(f"/register/ansprechpersonen/{contact.pk}/loeschen/", {"reason": "Antrag vom 2. März"})
    contact.refresh_from_db()
    assert contact.erased_at is not None and contact.email == ""
    page = member.get(f"/register/ansprechpersonen/{contact.pk}/").content.decode()
    # The surname only: the signed-in member's generated name may be any first name, "Olena" included.
    assert "Kovalenko" not in page and "olena@example.nrw" not in page
    assert member.get(f"/register/ansprechpersonen/{contact.pk}/bearbeiten/").status_code == 404
    assert AuditEvent.objects.filter(action="contact.erased").count() == 1


def test_contact_of_another_organisation_cannot_be_added(make_user: Callable[..., User]) -> None:
    member = login(Client(), member_of(make_user(), OrganisationFactory()))
    other = OrganisationFactory()
    assert member.get(f"/register/ansprechpersonen/neu/organisation/{other.pk}/").status_code == 404
    assert member.get(f"/register/ansprechpersonen/neu/andere/{other.pk}/").status_code == 404
    structure = StructureFactory()
    assert member.get(f"/register/ansprechpersonen/neu/struktur/{structure.pk}/").status_code == 403
    kommune = login(Client(), make_user("kommune", ags="05315"))
    assert kommune.get(f"/register/ansprechpersonen/neu/struktur/{structure.pk}/").status_code == 200


def test_public_page_hides_contacts_without_consent(client: Client) -> None:
    contact = ContactFactory(consent_public=False, name="Geheime Person")
    offer = make_offer(contact.organisation, status="published")
    offer.contact = contact
    offer.save()
    page = client.get(f"/angebote/{offer.pk}/")
    assert page.status_code == 200
    assert "Geheime Person" not in page.content.decode()


def test_registry_templates_have_no_inline_script_or_style() -> None:
    folder = Path(__file__).resolve().parents[2] / "teilhabe" / "registry" / "templates"
    for template in folder.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text and "<style" not in text and " style=" not in text, template.name
        assert not re.search(r"\son[a-z]+=", text), f"inline event handler in {template.name}"


def test_offer_form_keeps_and_offers_the_organisations_contacts(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    contact = ContactFactory(organisation=organisation, name="Frau Demir", consent_public=False)
    ContactFactory(name="Fremde Person")  # of another organisation: never offered
    offer = make_offer(organisation, status="published", contact=contact)
    kommune = login(Client(), make_user("kommune", ags="05315"))
    page = kommune.get(f"/register/angebote/{offer.pk}/bearbeiten/").content.decode()
    assert "Frau Demir" in page and "Fremde Person" not in page
    data = {
        "title": "Neuer Titel",
        "description": offer.description,
        "topics": ["sprache"],
        "postal_code": "50667",
        "contact": str(contact.pk),
    }
    assert kommune.post(f"/register/angebote/{offer.pk}/bearbeiten/", data).status_code == 302
    assert Offer.objects.get(pk=offer.pk).contact == contact
    assert "Frau Demir" in kommune.get(f"/register/angebote/{offer.pk}/").content.decode()
    land = login(Client(), make_user("land", ags="05"))
    assert "Frau Demir" not in land.get(f"/register/angebote/{offer.pk}/").content.decode()  # no consent
