"""The official Open Referral HSDS 3.1 examples import unchanged and round-trip with documented differences only
(docs/decisions/0006-hsds-profile.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from teilhabe.core.system import system_actor
from teilhabe.registry import hsds
from teilhabe.registry.hsds_import import import_hsds
from teilhabe.registry.models import ExternalTaxonomyTerm, Offer, Status, Topic

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "hsds_official"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"

#: Every difference between the official example and its export after the import, by path, with the reason
#: (the same list, explained, in docs/decisions/0006-hsds-profile.md).
DOCUMENTED_DIFFERENCES = {
    # The example's only place has latitude 100, longitude 101: impossible, skipped and reported.
    "/service_at_locations": "impossible coordinate: place skipped and reported",
    # A service imported without a topic of the registry waits as submitted for its Kommune: not "active" yet.
    "/status": "unclassified: submitted, exported as inactive until the Kommune classifies it",
    "/last_modified": "the registry's own modification time",
    "/organization_id": "the registry names the organisation's id beside the nested organisation",
    "/organization/attributes": "the registry adds the organisation's kind (link_type organization_kind)",
    "/translations": "the Teilhabe profile's translations, always listed (empty here)",
}


def test_official_service_imports_unchanged() -> None:
    report = import_hsds(path=DATA / "service_full.json", kreis_key="05315", actor=system_actor())
    assert (report.services, report.skipped_services, report.skipped_locations) == (1, 0, 1)
    assert any("unmögliche Koordinate (100, 101)" in e for e in report.errors)
    assert report.unclassified == [f"Community Counselling ({SERVICE_ID})"]
    offer = Offer.objects.get(pk=SERVICE_ID)
    assert offer.status == Status.SUBMITTED  # for the Kommune to classify, not public yet
    assert (offer.minimum_age, offer.maximum_age) == (12, 100)
    assert offer.eligibility_description.startswith("This service is intended for all people aged 12")
    assert str(offer.assured_date) == "2005-01-01" and offer.verified_at is None
    assert offer.hsds_extra["cost_options"][0]["amount"] == 35
    assert offer.hsds_extra["required_documents"][0]["document"].startswith("Any official identification")
    assert offer.hsds_extra["funding"][0]["source"].startswith("This service is funded")
    assert offer.hsds_extra["program"]["name"] == "Community Mental Health Support"
    assert offer.hsds_extra["contacts"][0]["name"] == "Ann Persona"
    assert offer.hsds_extra["service_areas"][0]["extent_type"] == "geojson"
    # byday "TH,FR" 10:00–18:00: two opening hours.
    assert sorted((h.weekday, str(h.opens), str(h.closes)) for h in offer.opening_hours.all()) == [
        (3, "10:00:00", "18:00:00"),
        (4, "10:00:00", "18:00:00"),
    ]
    term = ExternalTaxonomyTerm.objects.get()
    assert (term.taxonomy, term.code, term.term_uri) == ("taxonomy", "code", "http://example.com")
    assert list(offer.external_terms.all()) == [term]
    organisation = offer.organisation
    assert organisation.hsds_extra["organization_identifiers"][0]["identifier_scheme"] == "GB-COH"
    assert organisation.hsds_extra["year_incorporated"] == 2011


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                found.append(f"{path}/{key}")
            else:
                found += _differences(a[key], b[key], f"{path}/{key}")
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, f"{path}/{i}")]
    return [] if a == b else [path]


def test_round_trip_of_the_official_example_has_only_documented_differences() -> None:
    original = json.loads((DATA / "service_full.json").read_text(encoding="utf-8"))
    import_hsds(path=DATA / "service_full.json", kreis_key="05315", actor=system_actor())
    exported = hsds.service(Offer.objects.get(pk=SERVICE_ID))
    assert hsds.validation_errors("service", exported) == []
    assert set(_differences(original, exported)) == set(DOCUMENTED_DIFFERENCES)
    # Everything else came back as given, e.g. the schedule with its iCalendar rule and the foreign term:
    assert exported["schedules"] == original["schedules"]
    assert exported["attributes"] == original["attributes"]
    assert exported["assured_date"] == "2005-01-01"


def test_official_tabular_package_imports() -> None:
    report = import_hsds(path=DATA / "tabular", kreis_key="05315", actor=system_actor())
    assert report.services >= 1
    offer = Offer.objects.get(pk=SERVICE_ID)
    assert offer.hsds_extra["cost_options"][0]["option"] == "Under 18s and Over 60s"
    assert (offer.minimum_age, offer.maximum_age) == (12, 100)


def test_all_or_nothing_refuses_the_example_and_writes_nothing() -> None:
    with pytest.raises(ValidationError) as error:
        import_hsds(path=DATA / "service_full.json", kreis_key="05315", actor=system_actor(), all_or_nothing=True)
    assert any("unmögliche Koordinate" in m for m in error.value.messages)
    assert not Offer.objects.exists()


def test_only_the_system_or_an_admin_imports(make_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        import_hsds(path=DATA / "service_full.json", kreis_key="05315", actor=make_user("organisation"))
    assert not Offer.objects.exists()


def test_unclassified_import_waits_in_the_queue_until_the_kommune_classifies_it(make_user: Any) -> None:
    from django.test import Client

    from teilhabe.registry import services
    from tests.conftest import login
    from tests.registry.factories import kommune_for

    import_hsds(path=DATA / "service_full.json", kreis_key="05315", actor=system_actor())
    offer = Offer.objects.get(pk=SERVICE_ID)
    kommune = login(Client(), make_user("kommune", ags="05315"))
    page = kommune.get("/register/angebote/pruefen/").content.decode()
    assert "Community Counselling" in page and "ohne Thema" in page
    with pytest.raises(ValidationError):
        services.offer_verify(actor=kommune_for(offer.ags), offer=offer)
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED
    offer.topics.set([Topic.objects.get(key="beratung")])
    services.offer_verify(actor=kommune_for(offer.ags), offer=offer)
    assert Offer.objects.get(pk=SERVICE_ID).status == Status.PUBLISHED
