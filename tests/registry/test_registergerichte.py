"""Register courts and the org-id.guide identifier of registered organisations."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from teilhabe.registry.models import ORG_ID_LISTS
from teilhabe.registry.registergerichte import GLEIF_CODES, court_choices, gleif_code
from tests.registry.factories import OrganisationFactory, ensure_geo


def test_courts_are_found_however_they_are_written() -> None:
    assert gleif_code("Amtsgericht Köln") == gleif_code("AG Köln") == gleif_code("köln") == "RA000280"
    assert gleif_code("Amtsgericht  Bad Oeynhausen") == "RA000213"
    assert gleif_code("Amtsgericht Atlantis") is None


def test_every_register_court_of_nrw_is_listed() -> None:
    nrw = [
        "Aachen",
        "Arnsberg",
        "Bielefeld",
        "Bochum",
        "Bonn",
        "Coesfeld",
        "Dortmund",
        "Duisburg",
        "Düren",
        "Düsseldorf",
        "Essen",
        "Gelsenkirchen",
        "Gütersloh",
        "Hagen",
        "Hamm",
        "Iserlohn",
        "Kleve",
        "Köln",
        "Krefeld",
        "Lemgo",
        "Mönchengladbach",
        "Münster",
        "Neuss",
        "Paderborn",
        "Recklinghausen",
        "Siegburg",
        "Siegen",
        "Steinfurt",
        "Wuppertal",
    ]
    assert [court for court in [*nrw, "Bad Oeynhausen"] if court not in GLEIF_CODES] == []
    assert len(set(GLEIF_CODES.values())) == len(GLEIF_CODES) == 175


def test_the_form_offers_the_courts_in_german_alphabetical_order() -> None:
    names = [label for _value, label in court_choices()]
    assert names.index("Amtsgericht Münster") < names.index("Amtsgericht Neubrandenburg")
    assert names.index("Amtsgericht Düren") < names.index("Amtsgericht Eisenach")


@pytest.mark.django_db
def test_org_id_follows_org_id_guide_for_every_register() -> None:
    ensure_geo()
    assert set(ORG_ID_LISTS.values()) == {"DE-CR"}  # org-id.guide has no list of its own for the Vereinsregister
    for register in ("VR", "HRA", "HRB", "GnR"):
        organisation = OrganisationFactory(
            register=register, register_court="Amtsgericht Bonn", register_number="87 26"
        )
        assert organisation.org_id == f"DE-CR-RA000220-{register}8726"
    assert OrganisationFactory().org_id == ""


@pytest.mark.django_db
def test_an_unknown_court_is_refused_with_a_message() -> None:
    ensure_geo()
    organisation = OrganisationFactory(register="VR", register_court="Amtsgericht Atlantis", register_number="1")
    assert organisation.org_id == ""  # never a made-up identifier
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean(exclude=["gemeinden", "languages", "verified_by"])
    assert "Registergericht" in str(refused.value)
