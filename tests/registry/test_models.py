from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from teilhabe.registry.models import (
    Contact,
    Language,
    OpeningHours,
    Organisation,
    SearchOutbox,
    Status,
    Structure,
    TargetGroup,
    Topic,
    format_phone,
    validate_phone,
)
from tests.registry.factories import ContactFactory, OrganisationFactory, StructureFactory, make_offer

pytestmark = pytest.mark.django_db

ISSUE_TOPICS = {
    "sprache": "Sprache",
    "bildung": "Bildung",
    "arbeit": "Arbeit und Beruf",
    "gesundheit": "Gesundheit",
    "wohnen": "Wohnen",
    "beratung": "Beratung",
    "kinder-familie": "Kinder und Familie",
    "teilhabe": "Teilhabe und Engagement",
    "antidiskriminierung": "Antidiskriminierung",
    "rechtsextremismus": "Prävention von Rechtsextremismus und Rassismus",
    "sport-kultur": "Sport und Kultur",
}
ISSUE_TARGET_GROUPS = {
    "gefluechtete": "Geflüchtete",
    "frauen": "Frauen",
    "jugendliche": "Jugendliche",
    "kinder": "Kinder",
    "eltern": "Eltern",
    "senioren": "Seniorinnen und Senioren",
    "neuzugewanderte": "Neuzugewanderte",
    "fachkraefte": "Fachkräfte",
    "ehrenamtliche": "Ehrenamtliche",
    "behinderung": "Menschen mit Behinderung",
    "lsbtiq": "LSBTIQ*",
}


def test_taxonomy_is_seeded_with_stable_keys() -> None:
    topics = dict(Topic.objects.values_list("key", "name"))
    for key, name in ISSUE_TOPICS.items():
        assert name in topics[key]
    groups = dict(TargetGroup.objects.values_list("key", "name"))
    for key, name in ISSUE_TARGET_GROUPS.items():
        assert groups[key] == name
    assert {"de", "en", "tr", "ar", "uk", "ru"} <= set(Language.objects.values_list("code", flat=True))


@pytest.mark.parametrize(
    "number", ["0221 1234567", "+49 221 1234567", "(0211) 89-0", "0171 2345678", "+90 212 555 1234"]
)
def test_phone_numbers_that_can_be_dialled(number: str) -> None:
    validate_phone(number)


@pytest.mark.parametrize("number", ["kein telefon", "12", "0221"])
def test_phone_numbers_refused(number: str) -> None:
    with pytest.raises(ValidationError, match="keine gültige Telefonnummer"):
        validate_phone(number)


def test_phone_is_formatted_internationally() -> None:
    assert format_phone("0221 1234567") == "+49 221 1234567"
    assert format_phone("") == ""


def test_spitzenverband_only_for_freie_wohlfahrtspflege() -> None:
    organisation = Organisation(
        name="Elternverein", kind=Organisation.Kind.VEREIN, spitzenverband="caritas", gemeinde_id="05315000"
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "spitzenverband" in error.value.message_dict
    organisation.kind = Organisation.Kind.WOHLFAHRTSPFLEGE
    organisation.full_clean()


def test_organisation_is_a_draft_until_verified_and_scoped_by_its_seat() -> None:
    organisation = Organisation(name="Neu", kind=Organisation.Kind.VEREIN, gemeinde_id="05158028")
    assert organisation.status == Status.DRAFT
    assert organisation.ags == "05158028"
    assert not organisation.is_public


def test_structure_needs_an_area_and_its_scope_key() -> None:
    with pytest.raises(ValidationError):
        Structure(kind=Structure.Kind.NETZWERK, name="Runder Tisch").full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Structure.objects.create(kind=Structure.Kind.NETZWERK, name="Runder Tisch")
    assert StructureFactory(gemeinde_id=None, kreis_id="05158").ags == "05158000"
    assert StructureFactory(gemeinde_id="05158028", kreis_id="05158").ags == "05158028"


def test_contact_is_public_only_with_date_flag_and_not_erased() -> None:
    contact = ContactFactory()
    assert contact.is_public
    contact.consent_public = False
    assert not contact.is_public
    contact.consent_public, contact.consent_at = True, None
    assert not contact.is_public
    contact.consent_at, contact.erased_at = dt.date(2026, 1, 1), dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    assert not contact.is_public


def test_contact_str_never_holds_the_name() -> None:
    # str() is what the append-only audit log keeps; erasure could not reach a name there.
    contact = ContactFactory(name="Ayşe Yılmaz")
    assert "Ayşe" not in str(contact)
    assert contact.display_name == "Ayşe Yılmaz"
    assert "Ayşe" not in str(Contact.history.first())


def test_offer_validity_period_and_hours_order() -> None:
    offer = make_offer()
    offer.valid_from, offer.valid_until = dt.date(2026, 5, 1), dt.date(2026, 4, 1)
    with pytest.raises(ValidationError) as error:
        offer.full_clean(exclude=["topics", "target_groups", "languages"])
    assert "valid_until" in error.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        OpeningHours.objects.create(offer=offer, weekday=0, opens=dt.time(12), closes=dt.time(9))


def test_translation_falls_back_to_german() -> None:
    offer = make_offer(translations={"uk": ("Курс німецької", "")})
    assert offer.title_in("uk") == "Курс німецької"
    assert offer.description_in("uk") == offer.description
    assert offer.title_in("ru") == offer.title


def test_history_is_kept_for_domain_models() -> None:
    organisation = OrganisationFactory(name="Alt")
    organisation.name = "Neu"
    organisation.save()
    assert [h.name for h in organisation.history.order_by("history_date")] == ["Alt", "Neu"]
    offer = make_offer(organisation)
    assert offer.history.exists()
    assert offer.locations.get().history.exists()


def test_outbox_row_names_its_operation() -> None:
    row = SearchOutbox.objects.create(offer_id="2b1f6f0c-8b5a-4c0e-9d4e-0f2c7f7b5b11", op=SearchOutbox.Op.DELETE)
    assert str(row).startswith("delete 2b1f6f0c")
    assert SearchOutbox.objects.create(offer_id=row.offer_id).op == SearchOutbox.Op.UPSERT
