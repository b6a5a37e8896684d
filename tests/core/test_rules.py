"""The core app's permissions and the role predicates every app builds on: one positive, two or more negatives each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from teilhabe.core import rules as core_rules
from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,allowed", [("admin", True), ("land", False), ("kommune", False), (None, False)])
def test_only_admins_see_the_audit_log(make_user: Callable[..., User], role: str | None, allowed: bool) -> None:
    user = make_user(role)
    assert user.has_perm("core.view_audit") is allowed
    assert user.has_perm("core.manage_users") is allowed


def test_admin_rights_need_a_current_membership_and_an_active_account(make_user: Callable[..., User]) -> None:
    ended = make_user("admin")
    Membership.objects.filter(user=ended).update(valid_until=date(2020, 1, 1))
    inactive = make_user("admin", is_active=False)
    staff_only = make_user(None, is_staff=True)
    for user in (User.objects.get(pk=ended.pk), inactive, staff_only, AnonymousUser()):
        assert not user.has_perm("core.view_audit")
        assert not user.has_perm("core.manage_users")


def test_public_permissions() -> None:
    assert AnonymousUser().has_perm("core.view_start")
    assert AnonymousUser().has_perm("core.view_health")
    assert not AnonymousUser().has_perm("core.view_own_account")


@pytest.mark.parametrize("role", ["land", "bewilligung", "kommune", "admin", None])
def test_every_logged_in_person_has_an_account_page(make_user: Callable[..., User], role: str | None) -> None:
    user = make_user(role)
    assert user.has_perm("core.view_own_account")
    assert user.has_perm("core.view_start")


@pytest.mark.parametrize(
    "predicate,role",
    [
        (core_rules.is_land, Role.LAND),
        (core_rules.is_bewilligung, Role.BEWILLIGUNG),
        (core_rules.is_kommune, Role.KOMMUNE),
        (core_rules.is_admin, Role.ADMIN),
    ],
)
def test_role_predicates(make_user: Callable[..., User], predicate: rules.Predicate, role: Role) -> None:
    assert predicate.test(make_user(role.value))
    others = [r for r in (Role.LAND, Role.BEWILLIGUNG, Role.KOMMUNE, Role.ADMIN) if r != role]
    for other in others:
        assert not predicate.test(make_user(other.value)), other
    assert not predicate.test(AnonymousUser())
    assert not predicate.test(make_user(role.value, is_active=False))


def test_object_role_predicates(make_user: Callable[..., User]) -> None:
    from teilhabe.workforce.models import Authority

    authority = Authority.objects.create(name="Testbehörde", kind=Authority.Kind.SONSTIGE)
    officer = make_user("behoerde", scope_object=authority)
    assert core_rules.is_behoerde.test(officer)
    assert not core_rules.is_organisation.test(officer)
    assert not core_rules.is_behoerde.test(make_user("kommune"))
    assert not core_rules.is_behoerde.test(AnonymousUser())
    assert core_rules.is_member.test(officer)
    assert officer.has_perm("core.view_own_account")
    assert not core_rules.is_member.test(make_user(None))
    assert not core_rules.is_member.test(AnonymousUser())


def test_operator_backend_gives_admin_model_rights_but_no_deletion(make_user: Callable[..., User]) -> None:
    operator = make_user("admin")
    assert operator.has_perm("core.change_user")
    assert operator.has_perm("workforce.view_authority")
    assert not operator.has_perm("core.delete_user")
    assert not operator.has_perm("workforce.delete_authority")
    assert not operator.has_perm("core.frobnicate_user")
    assert not make_user("land").has_perm("core.change_user")
    assert not make_user(None, is_staff=True).has_perm("core.change_user")


def test_operator_backend_never_overrides_an_app_rule(make_user: Callable[..., User]) -> None:
    """A rule of an app decides alone: the operator role does not add rights to it."""
    rules.add_perm("core.view_testonly_thing", rules.always_deny)
    try:
        assert not make_user("admin").has_perm("core.view_testonly_thing")
    finally:
        rules.remove_perm("core.view_testonly_thing")
