"""Operators are not case workers: privileged roles need a second person, nobody grants himself a role, the
audit log shows operators only platform events, and re-granting a former role is no 500 (issue 15, finding 3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from teilhabe.core.models import AuditEvent, Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.core.services import audit_record, membership_approve, membership_grant, membership_reject
from teilhabe.core.system import system_actor
from tests.conftest import login
from tests.core.test_admin import change_data, change_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def operator(make_user: Callable[..., User]) -> User:
    return make_user("admin")


@pytest.fixture
def second_operator(make_user: Callable[..., User]) -> User:
    return make_user("admin")


def test_a_bewilligung_role_takes_effect_only_after_a_second_persons_approval(
    operator: User, second_operator: User
) -> None:
    person = UserFactory()
    membership = membership_grant(user=person, role=Role.BEWILLIGUNG, ags="053", actor=operator)
    assert not membership.is_approved
    assert not scope_of(fresh(person)).has_role(Role.BEWILLIGUNG)
    assert AuditEvent.objects.get(action="membership.granted").to_state == "awaiting_approval"

    membership_approve(membership=membership, actor=second_operator)
    assert scope_of(fresh(person)).covers_ags(Role.BEWILLIGUNG, "05315")
    event = AuditEvent.objects.get(action="membership.approved")
    assert event.actor == second_operator
    assert event.data["requested_by"] == str(operator)


def test_a_land_user_may_approve_as_second_person(operator: User, make_user: Callable[..., User]) -> None:
    person = UserFactory()
    membership = membership_grant(user=person, role=Role.LAND, ags="05", actor=operator)
    membership_approve(membership=membership, actor=make_user("land"))
    assert scope_of(fresh(person)).has_role(Role.LAND)


@pytest.mark.parametrize("role", ["kommune", "bewilligung", "organisation", "behoerde"])
def test_nobody_else_may_approve(role: str, operator: User, make_user: Callable[..., User]) -> None:
    membership = membership_grant(user=UserFactory(), role=Role.LAND, ags="05", actor=operator)
    with pytest.raises(PermissionDenied):
        membership_approve(membership=membership, actor=make_user(role))
    assert not fresh(membership.user).memberships.get().is_approved


def test_the_requester_cannot_approve_his_own_request(operator: User) -> None:
    membership = membership_grant(user=UserFactory(), role=Role.BEWILLIGUNG, ags="053", actor=operator)
    with pytest.raises(PermissionDenied, match="zweite Person"):
        membership_approve(membership=membership, actor=operator)
    assert not Membership.objects.get(pk=membership.pk).is_approved


def test_nobody_grants_himself_a_role(operator: User) -> None:
    with pytest.raises(PermissionDenied, match="selbst"):
        membership_grant(user=operator, role=Role.LAND, ags="05", actor=operator)
    assert not operator.memberships.filter(role=Role.LAND).exists()


def test_the_holder_cannot_approve_his_own_role(operator: User, second_operator: User) -> None:
    """The finding: an admin gave himself land, then bewilligung. Now a colleague enters it, he cannot approve."""
    membership = membership_grant(user=operator, role=Role.BEWILLIGUNG, ags="053", actor=second_operator)
    with pytest.raises(PermissionDenied, match="eigene Rolle"):
        membership_approve(membership=membership, actor=operator)
    assert not scope_of(fresh(operator)).has_role(Role.BEWILLIGUNG)
    assert not fresh(operator).has_perm("funding.decide_application")


def test_the_database_refuses_approval_by_holder_or_requester(operator: User) -> None:
    person = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=person, role=Role.LAND, ags="05", approved_by=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=person, role=Role.LAND, ags="05", requested_by=operator, approved_by=operator)


def test_widening_a_privileged_role_needs_approval_again(operator: User, second_operator: User) -> None:
    from teilhabe.core.services import membership_update

    person = UserFactory()
    membership = membership_grant(user=person, role=Role.BEWILLIGUNG, ags="053", actor=operator)
    membership_approve(membership=membership, actor=second_operator)
    membership.ags = "05"  # statewide instead of Köln
    membership_update(membership=membership, actor=operator)
    assert not scope_of(fresh(person)).has_role(Role.BEWILLIGUNG)
    membership_approve(membership=membership, actor=second_operator)
    assert scope_of(fresh(person)).covers_ags(Role.BEWILLIGUNG, "05515")


def test_ending_a_role_needs_no_approval(operator: User, second_operator: User) -> None:
    from datetime import date

    from teilhabe.core.services import membership_update

    person = UserFactory()
    membership = membership_grant(user=person, role=Role.LAND, ags="05", actor=operator)
    membership_approve(membership=membership, actor=second_operator)
    membership.valid_until = date(2000, 1, 1)
    membership_update(membership=membership, actor=operator)
    assert Membership.objects.get(pk=membership.pk).approved_by == second_operator


def test_kommune_roles_need_no_approval(operator: User) -> None:
    person = UserFactory()
    membership_grant(user=person, role=Role.KOMMUNE, ags="05315", actor=operator)
    assert scope_of(fresh(person)).has_role(Role.KOMMUNE)


def test_rejecting_ends_the_request_with_a_reason(operator: User, second_operator: User) -> None:
    membership = membership_grant(user=UserFactory(), role=Role.LAND, ags="05", actor=operator)
    with pytest.raises(ValidationError):
        membership_reject(membership=membership, actor=second_operator, reason=" ")
    membership_reject(membership=membership, actor=second_operator, reason="nicht zuständig")
    assert Membership.objects.get(pk=membership.pk).is_ended()
    assert AuditEvent.objects.get(action="membership.rejected").reason == "nicht zuständig"


def test_the_command_line_grants_with_the_system_actor_and_says_so() -> None:
    person = UserFactory()
    membership = membership_grant(user=person, role=Role.ADMIN, actor=system_actor())
    assert membership.approved_by == system_actor()
    assert AuditEvent.objects.get(action="membership.granted").actor == system_actor()


def test_services_refuse_a_missing_actor() -> None:
    with pytest.raises(PermissionDenied):
        membership_grant(user=UserFactory(), role=Role.KOMMUNE, ags="05315", actor=None)  # type: ignore[arg-type]


# --- re-granting a former role (was a 500 on membership_unique_area_scope) -----------------------------------


def test_regranting_an_ended_role_reactivates_it(operator: User, second_operator: User) -> None:
    from teilhabe.core.services import membership_revoke

    person = UserFactory()
    first = membership_grant(user=person, role=Role.BEWILLIGUNG, ags="053", actor=operator)
    membership_approve(membership=first, actor=second_operator)
    membership_revoke(membership=first, actor=operator)
    again = membership_grant(user=person, role=Role.BEWILLIGUNG, ags="053", actor=operator)
    assert again.pk == first.pk
    assert not again.is_approved  # a new approval, not the old one
    assert AuditEvent.objects.filter(action="membership.reactivated").count() == 1


def test_granting_a_current_role_twice_is_a_clear_error(operator: User) -> None:
    person = UserFactory()
    membership_grant(user=person, role=Role.KOMMUNE, ags="05315", actor=operator)
    with pytest.raises(ValidationError, match="bereits"):
        membership_grant(user=person, role=Role.KOMMUNE, ags="05315", actor=operator)


def test_regranting_through_the_admin_inline_is_a_form_error_or_a_reactivation(
    operator: User, make_user: Callable[..., User]
) -> None:
    from teilhabe.core.services import membership_revoke

    client = login(Client(), operator)
    person = make_user("kommune", ags="05315")
    response = client.post(
        change_url(person), change_data(person, new_memberships=[{"role": "kommune", "ags": "05315"}])
    )
    assert response.status_code == 200
    assert "bereits" in response.content.decode()
    membership_revoke(membership=person.memberships.get(), actor=operator)
    response = client.post(
        change_url(person), change_data(person, new_memberships=[{"role": "kommune", "ags": "05315"}])
    )
    assert response.status_code in (200, 302)  # never 500


def test_an_operator_cannot_give_himself_a_role_in_the_admin(operator: User) -> None:
    client = login(Client(), operator)
    response = client.post(change_url(operator), change_data(operator, new_memberships=[{"role": "land", "ags": "05"}]))
    assert response.status_code == 200
    assert "selbst" in response.content.decode()
    assert not operator.memberships.filter(role=Role.LAND).exists()


def test_a_role_entered_in_the_admin_waits_for_approval(operator: User) -> None:
    person = UserFactory()
    client = login(Client(), operator)
    response = client.post(
        change_url(person), change_data(person, new_memberships=[{"role": "bewilligung", "ags": "053"}])
    )
    assert response.status_code == 302
    assert not scope_of(fresh(person)).has_role(Role.BEWILLIGUNG)


# --- the approvals page ------------------------------------------------------------------------------------


def approval_url(membership: Membership, action: str) -> str:
    return reverse("core:role_approval_action", args=[membership.pk, action])


def test_approvals_page_lists_what_waits_for_this_person(operator: User, second_operator: User) -> None:
    waiting = membership_grant(user=UserFactory(full_name="Bea Bewilligt"), role=Role.LAND, ags="05", actor=operator)
    own_request = login(Client(), operator).get(reverse("core:role_approvals"))
    assert "Bea Bewilligt" not in own_request.content.decode()  # he asked for it: not his to approve
    page = login(Client(), second_operator).get(reverse("core:role_approvals"))
    assert page.status_code == 200
    assert "Bea Bewilligt" in page.content.decode()
    response = login(Client(), second_operator).post(approval_url(waiting, "freigeben"))
    assert response.status_code == 302
    assert Membership.objects.get(pk=waiting.pk).approved_by == second_operator


def test_approving_ones_own_request_over_http_answers_404(operator: User) -> None:
    waiting = membership_grant(user=UserFactory(), role=Role.LAND, ags="05", actor=operator)
    assert login(Client(), operator).post(approval_url(waiting, "freigeben")).status_code == 404
    assert not Membership.objects.get(pk=waiting.pk).is_approved


@pytest.mark.parametrize("role", ["kommune", "bewilligung", "organisation", "behoerde"])
def test_approval_post_as_other_roles_is_refused(role: str, operator: User, client_for: Callable[..., Client]) -> None:
    waiting = membership_grant(user=UserFactory(), role=Role.LAND, ags="05", actor=operator)
    assert client_for(role).post(approval_url(waiting, "freigeben")).status_code == 403
    assert not Membership.objects.get(pk=waiting.pk).is_approved


def test_reject_over_http_needs_a_reason(operator: User, second_operator: User) -> None:
    waiting = membership_grant(user=UserFactory(), role=Role.LAND, ags="05", actor=operator)
    client = login(Client(), second_operator)
    client.post(approval_url(waiting, "ablehnen"), {"reason": ""})
    assert not Membership.objects.get(pk=waiting.pk).is_ended()
    client.post(approval_url(waiting, "ablehnen"), {"reason": "falsche Person"})
    assert Membership.objects.get(pk=waiting.pk).is_ended()


# --- the audit log: operators see platform events, not funding -----------------------------------------------


def test_operators_see_no_funding_events_in_the_audit_log(operator: User, make_user: Callable[..., User]) -> None:
    person = make_user("kommune")
    platform = audit_record(action="user.deactivated", actor=operator, obj=person)
    funding = audit_record(
        action="funding.decided", actor=make_user("bewilligung"), obj=person, data={"amount": "17000.00"}
    )
    client = login(Client(), operator)
    listing = client.get("/admin/core/auditevent/")
    shown = {e.pk for e in listing.context["cl"].result_list}
    assert platform.pk in shown
    assert funding.pk not in shown
    assert "funding.decided" not in listing.content.decode()
    detail = client.get(reverse("admin:core_auditevent_change", args=[funding.pk]))
    assert detail.status_code in (302, 404)
    assert "17000" not in detail.content.decode()


def test_audit_search_does_not_reach_funding_events(operator: User, make_user: Callable[..., User]) -> None:
    person: Any = make_user("kommune")
    audit_record(action="funding.decided", actor=make_user("bewilligung"), obj=person, reason="Sachbearbeiterin X")
    client = login(Client(), operator)
    assert client.get("/admin/core/auditevent/?q=Sachbearbeiterin").context["cl"].result_count == 0


def test_the_approvals_page_and_the_start_page_name_the_area_not_its_key(
    operator: User, make_user: Callable[..., User]
) -> None:
    """'Bezirksregierung Köln', never '053' (issue 10); the Land's start page counts what waits for it."""
    membership_grant(user=UserFactory(), role=Role.BEWILLIGUNG, ags="053", actor=operator)
    membership_grant(user=UserFactory(), role=Role.LAND, ags="05", actor=operator)
    client = login(Client(), make_user("land"))

    page = client.get(reverse("core:role_approvals")).content.decode()
    start = client.get("/").content.decode()

    assert "Bezirksregierung Köln" in page and "Nordrhein-Westfalen" in page
    assert ">053<" not in page and ">05<" not in page
    assert "2 Rollen warten auf Ihre Freigabe" in start and reverse("core:role_approvals") in start
    assert "Zuständig für: Nordrhein-Westfalen" in start
