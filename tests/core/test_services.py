from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from teilhabe.core.models import AuditEvent, Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.core.services import (
    audit_record,
    membership_grant,
    membership_revoke,
    user_create,
    user_deactivate,
)
from teilhabe.workforce.models import Authority

pytestmark = pytest.mark.django_db


def test_audit_events_are_append_only(make_user: Callable[..., User]) -> None:
    user = make_user("admin")
    event = audit_record(action="test.done", actor=user, obj=user, from_state="a", to_state="b", reason="weil")
    assert event.object_id == str(user.pk)
    event.reason = "anders"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "weil"


def test_user_create_by_admin_only(make_user: Callable[..., User]) -> None:
    admin = make_user("admin")
    user = user_create(email="Neu@Example.NRW", full_name="Neu", actor=admin)
    assert user.email == "neu@example.nrw"
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="user.created", actor=admin).exists()
    with pytest.raises(PermissionDenied):
        user_create(email="x@example.nrw", actor=make_user("land"))
    with pytest.raises(ValidationError):
        user_create(email="neu@example.nrw", actor=admin)


def test_membership_grant_validates_scope(make_user: Callable[..., User]) -> None:
    admin = make_user("admin")
    person = make_user()
    m = membership_grant(user=person, role=Role.KOMMUNE, ags="05315", actor=admin)
    assert scope_of(person).covers_ags(Role.KOMMUNE, "05315000")
    assert m.pk
    with pytest.raises(ValidationError):
        membership_grant(user=person, role=Role.KOMMUNE, ags="", actor=admin)
    with pytest.raises(ValidationError):
        membership_grant(user=person, role=Role.KOMMUNE, ags="06111", actor=admin)
    with pytest.raises(ValidationError):
        membership_grant(user=person, role=Role.BEHOERDE, ags="05315", actor=admin)
    with pytest.raises(PermissionDenied):
        membership_grant(user=person, role=Role.LAND, ags="05", actor=make_user("kommune"))


def test_object_scoped_membership(make_user: Callable[..., User]) -> None:
    authority = Authority.objects.create(name="Testbehörde", kind=Authority.Kind.SONSTIGE)
    other = Authority.objects.create(name="Andere Behörde", kind=Authority.Kind.SONSTIGE)
    person = make_user()
    membership_grant(user=person, role=Role.BEHOERDE, scope_object=authority)
    scope = scope_of(person)
    assert scope.covers_object(Role.BEHOERDE, authority)
    assert not scope.covers_object(Role.BEHOERDE, other)
    assert scope.object_ids(Role.BEHOERDE, Authority) == [authority.pk]


def test_revoked_membership_no_longer_counts(make_user: Callable[..., User]) -> None:
    person = make_user("kommune")
    assert scope_of(person).has_role(Role.KOMMUNE)
    membership_revoke(membership=Membership.objects.get(user=person), reason="Wechsel")
    person = User.objects.get(pk=person.pk)
    assert not scope_of(person).has_role(Role.KOMMUNE)
    assert AuditEvent.objects.filter(action="membership.revoked", reason="Wechsel").exists()


def test_user_deactivate(make_user: Callable[..., User]) -> None:
    admin = make_user("admin")
    person = make_user("kommune")
    user_deactivate(user=person, actor=admin, reason="ausgeschieden")
    person.refresh_from_db()
    assert not person.is_active
    event = AuditEvent.objects.get(action="user.deactivated")
    assert (event.from_state, event.to_state, event.reason) == ("active", "inactive", "ausgeschieden")
    with pytest.raises(ValidationError):
        user_deactivate(user=admin, actor=admin)
    with pytest.raises(PermissionDenied):
        user_deactivate(user=admin, actor=make_user("kommune"))
