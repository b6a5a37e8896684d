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
from teilhabe.core.system import system_actor
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
    membership_grant(user=person, role=Role.BEHOERDE, scope_object=authority, actor=system_actor())
    scope = scope_of(person)
    assert scope.covers_object(Role.BEHOERDE, authority)
    assert not scope.covers_object(Role.BEHOERDE, other)
    assert scope.object_ids(Role.BEHOERDE, Authority) == [authority.pk]


def test_revoked_membership_no_longer_counts(make_user: Callable[..., User]) -> None:
    person = make_user("kommune")
    assert scope_of(person).has_role(Role.KOMMUNE)
    membership_revoke(membership=Membership.objects.get(user=person), reason="Wechsel", actor=system_actor())
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


def test_membership_grant_refuses_scope_objects_of_the_wrong_kind(make_user: Callable[..., User]) -> None:
    authority = Authority.objects.create(name="Testbehörde", kind=Authority.Kind.SONSTIGE)
    person = make_user()
    with pytest.raises(ValidationError, match="passt nicht zur Rolle"):
        membership_grant(user=person, role=Role.ORGANISATION, scope_object=authority, actor=system_actor())
    with pytest.raises(ValidationError, match="passt nicht zur Rolle"):
        membership_grant(user=person, role=Role.BEHOERDE, scope_object=make_user(), actor=system_actor())
    with pytest.raises(ValidationError):
        membership_grant(user=person, role=Role.ADMIN, ags="05", actor=system_actor())
    assert not Membership.objects.filter(user=person).exists()


def test_membership_needs_an_existing_scope_object(make_user: Callable[..., User]) -> None:
    import uuid

    from django.contrib.contenttypes.models import ContentType

    membership = Membership(
        user=make_user(),
        role=Role.BEHOERDE,
        scope_type=ContentType.objects.get_for_model(Authority),
        scope_id=uuid.uuid4(),
    )
    with pytest.raises(ValidationError, match="Diesen Bereich gibt es nicht"):
        membership.full_clean()


def test_membership_grant_with_end_date(make_user: Callable[..., User]) -> None:
    from datetime import date

    person = make_user()
    membership_grant(user=person, role=Role.LAND, ags="05", valid_until=date(2020, 12, 31), actor=system_actor())
    assert not scope_of(User.objects.get(pk=person.pk)).has_role(Role.LAND)
    assert AuditEvent.objects.get(action="membership.granted").data["valid_until"] == "2020-12-31"


def test_membership_update_audits_the_changed_fields(make_user: Callable[..., User]) -> None:
    from teilhabe.core.services import membership_update

    admin = make_user("admin")
    person = make_user("kommune", ags="05315")
    membership = Membership.objects.get(user=person)
    assert membership_update(membership=membership, actor=admin) is membership  # nothing changed: no event
    assert not AuditEvent.objects.filter(action="membership.changed").exists()
    membership.ags = "05111"
    membership_update(membership=membership, actor=admin, reason="Wechsel nach Düsseldorf")
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.data == {"ags": ["05315", "05111"]}
    assert scope_of(User.objects.get(pk=person.pk)).covers_ags(Role.KOMMUNE, "05111000")
    membership.ags = "9"
    with pytest.raises(ValidationError):
        membership_update(membership=membership, actor=admin)
    membership.ags = "05334"
    with pytest.raises(PermissionDenied):
        membership_update(membership=membership, actor=person)


def test_user_activate(make_user: Callable[..., User]) -> None:
    from teilhabe.core.services import user_activate

    admin = make_user("admin")
    person = make_user("kommune", is_active=False)
    with pytest.raises(PermissionDenied):
        user_activate(user=person, actor=make_user("land"))
    user_activate(user=person, actor=admin, reason="zurück")
    person.refresh_from_db()
    assert person.is_active
    assert AuditEvent.objects.filter(action="user.activated", reason="zurück").count() == 1
    user_activate(user=person, actor=admin)  # already active: nothing to record
    assert AuditEvent.objects.filter(action="user.activated").count() == 1


def test_user_set_password(make_user: Callable[..., User]) -> None:
    from teilhabe.core.services import user_set_password

    person = make_user("kommune")
    user_set_password(user=person, password="Ein-gutes-neues-Passwort", actor=person)
    assert User.objects.get(pk=person.pk).check_password("Ein-gutes-neues-Passwort")
    assert AuditEvent.objects.filter(action="user.password_changed", actor=person).exists()
    user_set_password(user=person, password="Vom-Betrieb-gesetzt-26", actor=make_user("admin"))
    with pytest.raises(PermissionDenied):
        user_set_password(user=person, password="Fremd-gesetzt-2026-x", actor=make_user("land"))
    with pytest.raises(ValidationError):
        user_set_password(user=person, password="12345678", actor=person)
    with pytest.raises(ValidationError):
        user_set_password(user=person, password=person.email, actor=person)
    assert User.objects.get(pk=person.pk).check_password("Vom-Betrieb-gesetzt-26")


def test_second_factor_reset(make_user: Callable[..., User]) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from teilhabe.core.services import second_factor_reset

    person = make_user("land")
    TOTPDevice.objects.create(user=person, name="Handy", confirmed=True)
    other = make_user("land")
    TOTPDevice.objects.create(user=other, name="Handy", confirmed=True)
    with pytest.raises(PermissionDenied):
        second_factor_reset(user=person, actor=other)
    assert second_factor_reset(user=person, actor=make_user("admin"), reason="Handy verloren") == 1
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert TOTPDevice.objects.filter(user=other).exists()
    assert AuditEvent.objects.get(action="second_factor.reset").reason == "Handy verloren"


def test_end_sessions_of_ends_only_that_persons_sessions(make_user: Callable[..., User]) -> None:
    from django.test import Client

    from teilhabe.core.services import end_sessions_of

    person, other = make_user("kommune"), make_user("kommune")
    for user in (person, person, other):
        Client().force_login(user)
    assert end_sessions_of(user=person) == 2
    assert end_sessions_of(user=person) == 0
    assert end_sessions_of(user=other) == 1


def test_create_superuser_makes_an_operator_not_a_superuser() -> None:
    user = User.objects.create_superuser("betrieb@example.nrw", "Ein-gutes-Passwort-26")
    user.refresh_from_db()
    assert user.is_staff
    assert not user.is_superuser
    assert scope_of(user).has_role(Role.ADMIN)
    assert not user.has_perm("registry.change_offer")  # no rule is skipped for operators


def test_user_create_refuses_an_invalid_address(make_user: Callable[..., User]) -> None:
    with pytest.raises(ValidationError):
        user_create(email="kein-email", actor=make_user("admin"))
    with pytest.raises(ValidationError):
        user_create(email="", actor=system_actor())
    with pytest.raises(PermissionDenied):
        user_create(email="ohne@example.nrw", actor=None)  # type: ignore[arg-type]  # no silent system actor
