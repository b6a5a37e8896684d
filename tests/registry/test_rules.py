"""The registry's permissions as a table: role × entry state → allowed actions (two refusals for every grant)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from teilhabe.core.models import User
from teilhabe.registry.models import Offer, Organisation, Status
from tests.registry.factories import ContactFactory, OrganisationFactory, StructureFactory, member_of

pytestmark = pytest.mark.django_db

STATES = [Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED, Status.ARCHIVED]
ACTIONS = ["view", "change", "submit", "verify", "return", "publish", "archive"]

#: Who may do what with an offer (placed in Köln, organisation seated in Köln), per state.
OFFER_TABLE: dict[str, dict[str, set[str]]] = {
    "member": {
        Status.DRAFT: {"view", "change", "submit"},
        Status.SUBMITTED: {"view"},
        Status.VERIFIED: {"view", "archive"},
        Status.PUBLISHED: {"view", "archive"},
        Status.ARCHIVED: {"view"},
    },
    "kommune_koeln": {
        Status.DRAFT: {"view", "change", "submit"},
        Status.SUBMITTED: {"view", "change", "verify", "return"},
        Status.VERIFIED: {"view", "change", "verify", "publish", "archive"},
        Status.PUBLISHED: {"view", "change", "verify", "archive"},
        Status.ARCHIVED: {"view"},
    },
    "kommune_rb_koeln": {  # a wider prefix covers Köln as well
        Status.DRAFT: {"view", "change", "submit"},
        Status.SUBMITTED: {"view", "change", "verify", "return"},
        Status.VERIFIED: {"view", "change", "verify", "publish", "archive"},
        Status.PUBLISHED: {"view", "change", "verify", "archive"},
        Status.ARCHIVED: {"view"},
    },
    "kommune_duesseldorf": {s: ({"view"} if s == Status.PUBLISHED else set()) for s in STATES},
    "other_member": {s: ({"view"} if s == Status.PUBLISHED else set()) for s in STATES},
    "land": {s: {"view"} for s in STATES},
    "admin": {s: {"view"} for s in STATES},
    "bewilligung": {s: ({"view"} if s == Status.PUBLISHED else set()) for s in STATES},
    "anonymous": {s: ({"view"} if s == Status.PUBLISHED else set()) for s in STATES},
}


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, Any]:
    organisation = OrganisationFactory()
    from django.contrib.auth.models import AnonymousUser

    return {
        "organisation": organisation,
        "member": member_of(make_user(), organisation),
        "other_member": member_of(make_user(), OrganisationFactory()),
        "kommune_koeln": make_user("kommune", ags="05315"),
        "kommune_rb_koeln": make_user("kommune", ags="053"),
        "kommune_duesseldorf": make_user("kommune", ags="05111"),
        "land": make_user("land", ags="05"),
        "admin": make_user("admin"),
        "bewilligung": make_user("bewilligung", ags="053"),
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("who", list(OFFER_TABLE))
@pytest.mark.parametrize("state", STATES)
def test_offer_permissions(people: dict[str, Any], who: str, state: str) -> None:
    offer = Offer(organisation=people["organisation"], ags="05315000", status=state)
    allowed = {a for a in ACTIONS if people[who].has_perm(f"registry.{a}_offer", offer)}
    assert allowed == OFFER_TABLE[who][state]


@pytest.mark.parametrize("state", STATES)
def test_organisation_users_never_verify_return_or_publish(people: dict[str, Any], state: str) -> None:
    member = people["member"]
    organisation = people["organisation"]
    offer = Offer(organisation=organisation, ags="05315000", status=state)
    organisation.status = state
    for action in ("verify", "return", "publish"):
        assert not member.has_perm(f"registry.{action}_offer", offer)
        assert not member.has_perm(f"registry.{action}_organisation", organisation)


def test_offer_without_place_is_verified_by_the_kommune_of_the_seat(people: dict[str, Any]) -> None:
    # offer.ags falls back to the organisation's seat (see services._apply_offer_input)
    offer = Offer(organisation=people["organisation"], ags="05315000", status=Status.SUBMITTED)
    assert people["kommune_koeln"].has_perm("registry.verify_offer", offer)
    offer.ags = "05158028"  # held in Ratingen: the Kommune of the place decides, not the seat
    assert not people["kommune_koeln"].has_perm("registry.verify_offer", offer)


@pytest.mark.parametrize(
    ("who", "state", "expected"),
    [
        ("member", Status.DRAFT, {"view", "change", "keep", "submit"}),
        ("member", Status.PUBLISHED, {"view", "keep"}),
        ("member", Status.ARCHIVED, {"view"}),
        ("kommune_koeln", Status.DRAFT, {"view", "change", "keep", "submit"}),
        ("kommune_koeln", Status.SUBMITTED, {"view", "change", "keep", "verify", "return"}),
        ("kommune_koeln", Status.VERIFIED, {"view", "change", "keep", "verify", "publish", "archive"}),
        ("kommune_koeln", Status.PUBLISHED, {"view", "change", "keep", "verify", "archive"}),
        ("kommune_duesseldorf", Status.PUBLISHED, {"view"}),
        ("kommune_duesseldorf", Status.SUBMITTED, set()),
        ("other_member", Status.DRAFT, set()),
        ("land", Status.SUBMITTED, {"view"}),
        ("land", Status.PUBLISHED, {"view"}),
    ],
)
def test_organisation_permissions(people: dict[str, Any], who: str, state: str, expected: set[str]) -> None:
    organisation = people["organisation"]
    organisation.status = state
    actions = [*ACTIONS, "keep"]
    allowed = {a for a in actions if people[who].has_perm(f"registry.{a}_organisation", organisation)}
    assert allowed == expected


def test_only_kommunen_create_organisations_and_structures(people: dict[str, Any]) -> None:
    for who in ("kommune_koeln", "kommune_duesseldorf"):
        assert people[who].has_perm("registry.add_organisation")
        assert people[who].has_perm("registry.add_structure")
    for who in ("member", "land", "admin", "bewilligung", "anonymous"):
        assert not people[who].has_perm("registry.add_organisation")
        assert not people[who].has_perm("registry.add_structure")
    assert people["member"].has_perm("registry.add_offer")
    assert not people["land"].has_perm("registry.add_offer")


def test_structure_of_a_kreis_is_kept_by_that_kreis_only(make_user: Callable[..., User]) -> None:
    kreis_structure = StructureFactory(gemeinde_id=None, kreis_id="05158")
    gemeinde_structure = StructureFactory(gemeinde_id="05158028", kreis_id="05158")
    kreis = make_user("kommune", ags="05158")
    ratingen = make_user("kommune", ags="05158028")
    assert kreis.has_perm("registry.change_structure", kreis_structure)
    assert kreis.has_perm("registry.change_structure", gemeinde_structure)
    assert ratingen.has_perm("registry.change_structure", gemeinde_structure)
    assert not ratingen.has_perm("registry.change_structure", kreis_structure)
    assert not make_user("kommune", ags="05315").has_perm("registry.change_structure", kreis_structure)
    kreis_structure.status = Status.ARCHIVED
    assert not kreis.has_perm("registry.change_structure", kreis_structure)


def test_contact_keepers(people: dict[str, Any], make_user: Callable[..., User]) -> None:
    contact = ContactFactory(organisation=people["organisation"])
    assert people["member"].has_perm("registry.manage_contact", contact)
    assert people["kommune_koeln"].has_perm("registry.manage_contact", contact)
    assert people["admin"].has_perm("registry.manage_contact", contact)
    for who in ("other_member", "kommune_duesseldorf", "land", "bewilligung", "anonymous"):
        assert not people[who].has_perm("registry.manage_contact", contact), who
    structure_contact = ContactFactory(organisation=None)
    StructureFactory(gemeinde_id=None, kreis_id="05158", contact=structure_contact)
    assert make_user("kommune", ags="05158").has_perm("registry.manage_contact", structure_contact)
    assert not people["kommune_koeln"].has_perm("registry.manage_contact", structure_contact)
    assert not people["member"].has_perm("registry.manage_contact", structure_contact)


def test_archived_organisation_takes_no_new_offers(people: dict[str, Any]) -> None:
    organisation: Organisation = people["organisation"]
    organisation.status = Status.ARCHIVED
    assert not people["member"].has_perm("registry.keep_organisation", organisation)
    assert not people["kommune_koeln"].has_perm("registry.keep_organisation", organisation)
