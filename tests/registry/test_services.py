from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from teilhabe.core.models import AuditEvent, User
from teilhabe.registry import services
from teilhabe.registry.models import Contact, Offer, SearchOutbox, Status
from tests.registry.factories import OrganisationFactory, make_offer, member_of, offer_input

pytestmark = pytest.mark.django_db


def test_create_geocodes_from_postcode_and_sets_scope() -> None:
    offer = make_offer()
    location = offer.locations.get()
    assert location.gemeinde_id == "05315000"
    assert location.geocoded
    assert 50.9 < location.lat < 51.0
    assert offer.ags == "05315000"
    assert offer.status == Status.DRAFT
    assert AuditEvent.objects.filter(action="offer.created", object_id=str(offer.pk)).exists()


def test_create_refuses_bad_input_and_changes_nothing() -> None:
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.offer_create(actor=None, organisation=organisation, data=offer_input(title=" ", topics=[]))
    with pytest.raises(ValidationError, match="nicht in NRW"):
        services.offer_create(
            actor=None,
            organisation=organisation,
            data=offer_input(locations=[services.LocationInput(postal_code="10115")]),
        )
    with pytest.raises(ValidationError, match="Unbekannte"):
        services.offer_create(actor=None, organisation=organisation, data=offer_input(topics=["gibt-es-nicht"]))
    assert Offer.objects.count() == 0


def test_organisation_member_proposes_kommune_verifies_and_publishes(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    member = member_of(make_user(), organisation)
    kommune = make_user("kommune", ags="05315")
    offer = services.offer_create(actor=member, organisation=organisation, data=offer_input())
    services.offer_submit(actor=member, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_publish(actor=member, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_verify(actor=member, offer=offer)
    services.offer_verify(actor=kommune, offer=offer, publish=True)
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED
    assert offer.verified_by == kommune
    actions = list(AuditEvent.objects.filter(object_id=str(offer.pk)).order_by("at").values_list("action", flat=True))
    assert actions == ["offer.created", "offer.submitted", "offer.verified", "offer.published"]
    assert SearchOutbox.objects.filter(offer_id=offer.pk).exists()


def test_kommune_cannot_verify_outside_its_scope(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="submitted")
    duesseldorf = make_user("kommune", ags="05111")
    with pytest.raises(PermissionDenied):
        services.offer_verify(actor=duesseldorf, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_return(actor=duesseldorf, offer=offer, reason="falsch")
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED


def test_member_of_other_organisation_cannot_create_or_submit(make_user: Callable[..., User]) -> None:
    stranger = member_of(make_user(), OrganisationFactory())
    organisation = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.offer_create(actor=stranger, organisation=organisation, data=offer_input())
    offer = make_offer(organisation)
    with pytest.raises(PermissionDenied):
        services.offer_submit(actor=stranger, offer=offer)


def test_return_needs_a_reason(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="submitted")
    kommune = make_user("kommune", ags="05315")
    with pytest.raises(ValidationError):
        services.offer_return(actor=kommune, offer=offer, reason="  ")
    services.offer_return(actor=kommune, offer=offer, reason="Bitte Zeiten ergänzen")
    offer.refresh_from_db()
    assert (offer.status, offer.return_reason) == (Status.DRAFT, "Bitte Zeiten ergänzen")
    assert AuditEvent.objects.get(action="offer.returned").reason == "Bitte Zeiten ergänzen"


def test_cannot_publish_unverified_or_archive_a_draft() -> None:
    offer = make_offer(status="submitted")
    with pytest.raises(ValidationError):
        services.offer_publish(actor=None, offer=offer)
    draft = make_offer()
    with pytest.raises(ValidationError):
        services.offer_archive(actor=None, offer=draft)


def test_archive_removes_from_public_and_notifies_index() -> None:
    offer = make_offer(status="published")
    SearchOutbox.objects.all().delete()
    services.offer_archive(actor=None, offer=offer, reason="Kurs beendet")
    assert Offer.objects.get(pk=offer.pk).status == Status.ARCHIVED
    assert SearchOutbox.objects.filter(offer_id=offer.pk).count() == 1


def test_stale_marking() -> None:
    offer = make_offer(status="published")
    Offer.objects.filter(pk=offer.pk).update(verified_at=timezone.now() - dt.timedelta(days=400))
    fresh = make_offer(status="published")
    marked = services.offers_mark_stale()
    assert [o.pk for o in marked] == [offer.pk]
    assert Offer.objects.get(pk=fresh.pk).stale_since is None
    assert services.offers_mark_stale() == []  # once only
    services.offer_verify(actor=None, offer=Offer.objects.get(pk=offer.pk))
    assert Offer.objects.get(pk=offer.pk).stale_since is None


def test_translations_and_hours_are_saved() -> None:
    offer = make_offer(
        translations={"ar": ("دورة لغة ألمانية", "تعلم الألمانية"), "en": ("German course", "")},
        opening_hours=[services.HoursInput(0, dt.time(9), dt.time(12))],
    )
    assert offer.title_in("ar") == "دورة لغة ألمانية"
    assert offer.title_in("tr") == offer.title
    assert str(offer.opening_hours.get()) == "Montag 09:00–12:00"
    with pytest.raises(ValidationError):
        make_offer(opening_hours=[services.HoursInput(0, dt.time(12), dt.time(9))])


def test_contact_export_and_erase(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    contact = Contact.objects.create(
        organisation=organisation,
        name="Ayşe Yılmaz",
        email="ayse@example.nrw",
        phone="0221 123456",
        consent_at=dt.date(2026, 1, 1),
    )
    member = member_of(make_user(), organisation)
    data = services.contact_export(actor=member, contact=contact)
    assert data["name"] == "Ayşe Yılmaz" and data["email"] == "ayse@example.nrw"
    with pytest.raises(PermissionDenied):
        services.contact_export(actor=make_user("kommune", ags="05111"), contact=contact)
    with pytest.raises(ValidationError):
        services.contact_erase(actor=member, contact=contact, reason="")
    services.contact_erase(actor=member, contact=contact, reason="Antrag vom 1.2.")
    contact.refresh_from_db()
    assert contact.email == "" and contact.name != "Ayşe Yılmaz" and not contact.is_public
    assert not any("Ayşe" in str(h.__dict__) for h in contact.history.all())


def test_organisation_create_in_scope_only(make_user: Callable[..., User]) -> None:
    from teilhabe.geo.models import Gemeinde

    kommune = make_user("kommune", ags="05315")
    data = services.OrganisationInput(
        name="Neuer Verein",
        kind="verein",
        gemeinde=Gemeinde.objects.get(ags="05315000"),
        phone="0221 99887766",
        languages=["de", "tr"],
    )
    organisation = services.organisation_create(actor=kommune, data=data)
    assert list(organisation.languages.values_list("code", flat=True)) == ["de", "tr"]
    data.gemeinde = Gemeinde.objects.get(ags="05111000")
    data.name = "Verein in Düsseldorf"
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=kommune, data=data)
    data.phone = "kein telefon"
    data.gemeinde = Gemeinde.objects.get(ags="05315000")
    with pytest.raises(ValidationError):
        services.organisation_create(actor=kommune, data=data)


def test_kommune_cannot_move_an_offer_out_of_its_scope(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="published")
    kommune = make_user("kommune", ags="05315")
    with pytest.raises(PermissionDenied):
        services.offer_update(
            actor=kommune, offer=offer, data=offer_input(locations=[services.LocationInput(postal_code="40213")])
        )
    assert Offer.objects.get(pk=offer.pk).ags == "05315000"
