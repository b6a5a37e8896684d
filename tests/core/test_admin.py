"""The operators' admin: who may enter, and that every change there goes through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.admin import platform_events_q
from teilhabe.core.models import AuditEvent, Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.core.system import system_actor
from teilhabe.workforce.models import Authority
from tests.conftest import login
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
LOGIN = "/konto/anmelden/"


@pytest.fixture
def operator(make_user: Callable[..., User]) -> User:
    return make_user("admin")


@pytest.fixture
def admin_client(operator: User) -> Client:
    return login(Client(), operator)


def formset(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = "" if value is None else str(value)
    return data


def change_data(user: User, *, new_memberships: list[dict[str, Any]] = (), **overrides: Any) -> dict[str, Any]:  # type: ignore[assignment]
    """The POST of the person's change page as the browser sends it, with ``overrides``."""
    data: dict[str, Any] = {"email": user.email, "full_name": user.full_name}
    if user.is_active:
        data["is_active"] = "on"
    if user.is_staff:
        data["is_staff"] = "on"
    rows = [
        {
            "id": m.pk,
            "user": user.pk,
            "role": m.role,
            "ags": m.ags,
            "scope_type": m.scope_type_id,
            "scope_id": m.scope_id,
            "valid_until": m.valid_until.isoformat() if m.valid_until else "",
        }
        for m in user.memberships.order_by("pk")
    ]
    initial = len(rows)
    rows += [{"user": user.pk, **row} for row in new_memberships]
    data.update(formset("memberships", rows, initial))
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def change_url(user: User) -> str:
    return reverse("admin:core_user_change", args=[user.pk])


# --- Entry -------------------------------------------------------------------------------------------------


def test_admin_login_sends_everyone_to_the_platform_login(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/core/user/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Fcore%2Fuser%2F"
    assert client.get(ADMIN)["Location"].startswith("/admin/login/")


def test_admin_login_post_authenticates_nobody(client: Client, operator: User) -> None:
    response = client.post("/admin/login/", {"username": operator.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_admin_login_next_cannot_leave_the_site(client: Client) -> None:
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2F"


def test_admin_login_is_throttled_like_the_platform_login(client: Client, operator: User) -> None:
    """The only way in is core:login, which axes counts: after five failures even the right password fails."""
    for _ in range(5):
        client.post(LOGIN, {"username": operator.email, "password": "falsch-falsch-falsch"})
    response = client.post(f"{LOGIN}?next=/admin/", {"username": operator.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert client.get(ADMIN).status_code == 302
    assert "_auth_user_id" not in client.session


def test_operator_without_second_factor_is_sent_to_it(client: Client, operator: User) -> None:
    client.post(LOGIN, {"username": operator.email, "password": DEFAULT_PASSWORD})
    for url in (ADMIN, "/admin/core/user/", "/admin/login/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/zweiter-faktor/?next=")


def test_operator_with_second_factor_enters(admin_client: Client) -> None:
    assert admin_client.get(ADMIN).status_code == 200
    assert admin_client.get("/admin/login/")["Location"] == ADMIN


@pytest.mark.parametrize(
    "role,staff",
    [("admin", False), ("land", True), ("kommune", True), (None, True)],
)
def test_staff_flag_and_admin_role_are_both_needed(
    make_user: Callable[..., User], role: str | None, staff: bool
) -> None:
    user = make_user(role)
    User.objects.filter(pk=user.pk).update(is_staff=staff)
    client = login(Client(), User.objects.get(pk=user.pk))
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    # Logged in but no operator: to the start page with a note, not in a loop between the two logins.
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Die Administration ist dem Betrieb der Plattform vorbehalten." in response.content.decode()


def test_ended_admin_membership_closes_the_admin(operator: User, admin_client: Client) -> None:
    from teilhabe.core.services import membership_revoke

    membership_revoke(membership=operator.memberships.get(role=Role.ADMIN), actor=system_actor())
    assert admin_client.get(ADMIN).status_code == 302


def test_superuser_flag_gives_nothing(make_user: Callable[..., User]) -> None:
    user = make_user("kommune", is_superuser=True)
    user.refresh_from_db()
    assert user.is_superuser is False
    assert not user.has_perm("core.view_audit")
    User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)  # past the model, straight in SQL
    client = login(Client(), User.objects.get(pk=user.pk))
    assert client.get(ADMIN).status_code == 302


# --- People -----------------------------------------------------------------------------------------------


def test_user_list_shows_roles_searches_and_filters(
    admin_client: Client, make_user: Callable[..., User], django_assert_max_num_queries: Any
) -> None:
    # A name the generated users cannot have (a generated "Karla Heuser" once matched "Karla").
    koeln = make_user("kommune", email="koeln@example.nrw", full_name="Karla Quirinius-Köln")
    make_user("land", email="land@example.nrw")
    inactive = make_user("kommune", email="weg@example.nrw", is_active=False)
    for _ in range(12):  # the query count must not grow with the rows
        make_user("kommune")
    with django_assert_max_num_queries(10):
        response = admin_client.get("/admin/core/user/")
    body = response.content.decode()
    assert "Kommune / Kommunales Integrationszentrum" in body
    assert "Ministerium (Land)" in body
    found = admin_client.get("/admin/core/user/?q=Quirinius").context["cl"].result_list
    assert list(found) == [koeln]
    by_role = admin_client.get("/admin/core/user/?rolle=land").context["cl"].result_list
    assert [u.email for u in by_role] == ["land@example.nrw"]
    inactive_only = admin_client.get("/admin/core/user/?is_active__exact=0").context["cl"].result_list
    assert list(inactive_only) == [inactive]


def test_role_filter_ignores_ended_memberships(admin_client: Client, make_user: Callable[..., User]) -> None:
    from teilhabe.core.services import membership_revoke

    former = make_user("land")
    membership_revoke(membership=former.memberships.get(), actor=system_actor())
    assert list(admin_client.get("/admin/core/user/?rolle=land").context["cl"].result_list) == []


def test_create_user_with_email_and_password(admin_client: Client, operator: User) -> None:
    data = {
        "email": "Neue.Person@Example.NRW",
        "full_name": "Neue Person",
        "usable_password": "true",
        "password1": "Ein-gutes-Passwort-2026",
        "password2": "Ein-gutes-Passwort-2026",
        **formset("memberships", []),
    }
    response = admin_client.post("/admin/core/user/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user = User.objects.get(email="neue.person@example.nrw")
    assert user.check_password("Ein-gutes-Passwort-2026")
    assert not user.is_staff
    assert AuditEvent.objects.filter(action="user.created", actor=operator, object_id=str(user.pk)).exists()
    assert Client().post(LOGIN, {"username": user.email, "password": "Ein-gutes-Passwort-2026"}).status_code == 302


def test_create_user_refuses_weak_password_and_duplicate_email(
    admin_client: Client, make_user: Callable[..., User]
) -> None:
    existing = make_user(email="da@example.nrw")
    weak = {
        "email": "neu@example.nrw",
        "usable_password": "true",
        "password1": "12345678",
        "password2": "12345678",
        **formset("memberships", []),
    }
    assert admin_client.post("/admin/core/user/add/", weak).status_code == 200
    duplicate = {**weak, "email": existing.email.upper(), "password1": "Ein-gutes-Passwort-2026"}
    duplicate["password2"] = duplicate["password1"]
    assert admin_client.post("/admin/core/user/add/", duplicate).status_code == 200
    assert not User.objects.filter(email="neu@example.nrw").exists()
    assert User.objects.filter(email__iexact=existing.email).count() == 1


def test_create_user_without_password_must_use_reset(admin_client: Client) -> None:
    data = {"email": "ohne@example.nrw", "usable_password": "false", **formset("memberships", [])}
    assert admin_client.post("/admin/core/user/add/", data).status_code == 302
    assert not User.objects.get(email="ohne@example.nrw").has_usable_password()


def test_grant_membership_through_the_inline(admin_client: Client, operator: User) -> None:
    person = UserFactory()
    data = change_data(person, new_memberships=[{"role": "kommune", "ags": "05315"}])
    response = admin_client.post(change_url(person), data)
    assert response.status_code == 302
    assert scope_of(User.objects.get(pk=person.pk)).covers_ags(Role.KOMMUNE, "05315000")
    event = AuditEvent.objects.get(action="membership.granted", object_id=str(person.pk))
    assert event.actor == operator
    assert event.data["ags"] == "05315"


def test_inline_validates_the_scope(admin_client: Client) -> None:
    person = UserFactory()
    for row in (
        {"role": "kommune", "ags": ""},  # an area is needed
        {"role": "kommune", "ags": "06411"},  # not NRW
        {"role": "behoerde", "ags": "05315"},  # an authority is needed, no area
    ):
        response = admin_client.post(change_url(person), change_data(person, new_memberships=[row]))
        assert response.status_code == 200, row
    assert not Membership.objects.filter(user=person).exists()


def test_inline_scope_object_must_exist_and_fit_the_role(admin_client: Client) -> None:
    person = UserFactory()
    authority = Authority.objects.create(name="Testbehörde", kind=Authority.Kind.SONSTIGE)
    authority_type = ContentType.objects.get_for_model(Authority)
    user_type = ContentType.objects.get_for_model(User)
    bad_rows = [
        {"role": "behoerde", "scope_type": authority_type.pk, "scope_id": "1d3c6f9e-0000-4000-8000-000000000000"},
        {"role": "behoerde", "scope_type": user_type.pk, "scope_id": authority.pk},  # not a scope model
        {"role": "organisation", "scope_type": authority_type.pk, "scope_id": authority.pk},  # wrong app
    ]
    for row in bad_rows:
        response = admin_client.post(change_url(person), change_data(person, new_memberships=[row]))
        assert response.status_code == 200, row
    assert not Membership.objects.filter(user=person).exists()
    good = {"role": "behoerde", "scope_type": authority_type.pk, "scope_id": authority.pk}
    assert admin_client.post(change_url(person), change_data(person, new_memberships=[good])).status_code == 302
    assert scope_of(User.objects.get(pk=person.pk)).covers_object(Role.BEHOERDE, authority)


def test_inline_offers_only_scope_models_with_a_lookup(admin_client: Client, make_user: Callable[..., User]) -> None:
    person = make_user("kommune")
    response = admin_client.get(change_url(person))
    field = response.context["inline_admin_formsets"][0].formset.forms[0].fields["scope_type"]
    assert {ct.app_label for ct in field.queryset} <= {"registry", "workforce"}
    assert ContentType.objects.get_for_model(Authority) in field.queryset
    body = response.content.decode()
    assert 'id="lookup_id_memberships-0-scope_id"' in body
    assert "/admin/workforce/authority/" in body  # the authorities' list, to pick one
    assert "core/admin/scope-lookup.js" in body


def test_end_membership_through_the_inline(admin_client: Client, make_user: Callable[..., User]) -> None:
    person = make_user("land")
    data = change_data(person)
    data["memberships-0-valid_until"] = "2000-01-01"
    assert admin_client.post(change_url(person), data).status_code == 302
    assert not scope_of(User.objects.get(pk=person.pk)).has_role(Role.LAND)
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.data["valid_until"] == [None, "2000-01-01"]


def test_memberships_cannot_be_deleted(admin_client: Client, make_user: Callable[..., User]) -> None:
    person = make_user("land")
    membership = person.memberships.get()
    data = change_data(person)
    data["memberships-0-DELETE"] = "on"
    admin_client.post(change_url(person), data)
    assert Membership.objects.filter(pk=membership.pk).exists()
    delete_url = reverse("admin:core_membership_delete", args=[membership.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_unticking_active_ends_all_sessions_through_the_service(
    admin_client: Client, operator: User, make_user: Callable[..., User]
) -> None:
    person = make_user("kommune")
    first, second = Client(), Client()
    for browser in (first, second):
        assert browser.post(LOGIN, {"username": person.email, "password": DEFAULT_PASSWORD}).status_code == 302
    response = admin_client.post(change_url(person), change_data(person, is_active=None))
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    event = AuditEvent.objects.get(action="user.deactivated")
    assert (event.actor, event.data["sessions_ended"], event.reason) == (operator, 2, "Administration")
    for browser in (first, second):
        assert browser.get("/konto/").status_code == 302
    # Ticking it again lets the person in again, audited as well.
    assert admin_client.post(change_url(person), change_data(person, is_active="on")).status_code == 302
    assert AuditEvent.objects.filter(action="user.activated", actor=operator).exists()
    assert Client().post(LOGIN, {"username": person.email, "password": DEFAULT_PASSWORD}).status_code == 302


def test_operator_cannot_deactivate_themselves(admin_client: Client, operator: User) -> None:
    response = admin_client.post(change_url(operator), change_data(operator, is_active=None))
    assert response.status_code == 200
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in response.content.decode()
    operator.refresh_from_db()
    assert operator.is_active


def test_deactivate_action(admin_client: Client, operator: User, make_user: Callable[..., User]) -> None:
    people = [make_user("kommune"), make_user("land")]
    browser = Client()
    browser.post(LOGIN, {"username": people[0].email, "password": DEFAULT_PASSWORD})
    response = admin_client.post(
        "/admin/core/user/",
        {"action": "deactivate", "_selected_action": [str(p.pk) for p in [*people, operator]]},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[p.pk for p in people], is_active=True).exists()
    assert User.objects.get(pk=operator.pk).is_active  # never oneself
    assert AuditEvent.objects.filter(action="user.deactivated").count() == 2
    assert browser.get("/konto/").status_code == 302


def test_reset_second_factor_action(admin_client: Client, make_user: Callable[..., User]) -> None:
    person = make_user("land")
    TOTPDevice.objects.create(user=person, name="Handy", confirmed=True)
    verified = login(Client(), person)  # adds a second, verified device
    assert verified.get("/konto/").status_code == 200
    response = admin_client.post(
        "/admin/core/user/", {"action": "reset_second_factor", "_selected_action": [person.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert AuditEvent.objects.get(action="second_factor.reset").data == {"devices": 2}
    # The session that was confirmed with a removed device must confirm again (and set a new one up).
    assert verified.get("/konto/")["Location"].startswith("/konto/zweiter-faktor/")


def test_totp_secrets_are_not_shown_in_the_admin(admin_client: Client, make_user: Callable[..., User]) -> None:
    person = make_user("land")
    device = TOTPDevice.objects.create(user=person, name="Handy", confirmed=True)
    page = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert admin_client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    assert admin_client.post(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]), {}).status_code == 403
    # Deleting a device is the reset, audited.
    delete_url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action="second_factor.reset", object_id=str(person.pk)).exists()


def test_history_of_users_and_memberships(admin_client: Client, make_user: Callable[..., User]) -> None:
    person = make_user("kommune")
    admin_client.post(change_url(person), change_data(person, full_name="Neuer Name"))
    assert admin_client.get(reverse("admin:core_user_history", args=[person.pk])).status_code == 200
    assert person.history.first().full_name == "Neuer Name"
    record = person.history.earliest()
    revert_url = reverse("admin:core_user_simple_history", args=[person.pk, record.history_id])
    assert admin_client.get(revert_url).status_code == 200
    assert admin_client.post(revert_url, {"email": person.email}).status_code == 403
    membership = person.memberships.get()
    assert admin_client.get(reverse("admin:core_membership_history", args=[membership.pk])).status_code == 200
    assert admin_client.get("/admin/core/membership/?role=kommune").status_code == 200


def test_membership_admin_changes_only_the_end_date(admin_client: Client, make_user: Callable[..., User]) -> None:
    person = make_user("kommune")
    membership = person.memberships.get()
    url = reverse("admin:core_membership_change", args=[membership.pk])
    response = admin_client.post(url, {"valid_until": "2000-01-01", "role": "land", "ags": "05"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.ags, str(membership.valid_until)) == ("kommune", "05315", "2000-01-01")
    assert AuditEvent.objects.filter(action="membership.changed").exists()
    assert admin_client.get("/admin/core/membership/add/").status_code == 403


# --- Audit log --------------------------------------------------------------------------------------------


@pytest.fixture
def events(operator: User, make_user: Callable[..., User]) -> list[AuditEvent]:
    from teilhabe.core.services import audit_record

    person = make_user("kommune")
    return [
        audit_record(action="user.deactivated", actor=operator, obj=person, reason="ausgeschieden"),
        audit_record(action="membership.granted", actor=operator, obj=person),
        audit_record(action="user.created", obj=operator),  # no actor: an event of the system
    ]


def test_audit_log_lists_and_filters(admin_client: Client, events: list[AuditEvent], operator: User) -> None:
    response = admin_client.get("/admin/core/auditevent/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == AuditEvent.objects.filter(platform_events_q()).count()
    by_action = admin_client.get("/admin/core/auditevent/?action=user.deactivated").context["cl"].result_list
    assert [e.pk for e in by_action] == [events[0].pk]
    by_actor = admin_client.get(f"/admin/core/auditevent/?actor__id__exact={operator.pk}").context["cl"]
    assert by_actor.result_count == 2
    user_type = ContentType.objects.get_for_model(User)
    by_type = admin_client.get(f"/admin/core/auditevent/?object_type__id__exact={user_type.pk}").context["cl"]
    assert by_type.result_count == 3
    today = timezone.localdate(events[0].at)
    by_date = admin_client.get(
        f"/admin/core/auditevent/?at__year={today.year}&at__month={today.month}&at__day={today.day}"
    ).context["cl"]
    assert by_date.result_count == AuditEvent.objects.filter(at__date=today).count() >= 3
    assert admin_client.get("/admin/core/auditevent/?q=ausgeschieden").context["cl"].result_count == 1


def test_audit_log_is_read_only(admin_client: Client, events: list[AuditEvent]) -> None:
    event = events[0]
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(change, {"action": "geändert"}).status_code == 403
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    assert (
        admin_client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    listing = admin_client.get("/admin/core/auditevent/")
    assert "delete_selected" not in listing.content.decode()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in events]).count() == 3
    assert AuditEvent.objects.get(pk=event.pk).action == "user.deactivated"


def test_audit_log_only_for_operators(client_for: Callable[..., Client], events: list[AuditEvent]) -> None:
    for role in ("land", "kommune", "bewilligung"):
        assert client_for(role).get("/admin/core/auditevent/").status_code == 302


def test_nothing_of_core_is_deletable(operator: User) -> None:
    for model in ("user", "membership", "auditevent"):
        assert not operator.has_perm(f"core.delete_{model}")
    assert operator.has_perm("core.change_user")
    assert operator.has_perm("core.view_auditevent")
    assert not MembershipFactory().user.has_perm("core.view_auditevent")


def test_operator_sets_a_password_audited_and_sessions_end(
    admin_client: Client, operator: User, make_user: Callable[..., User]
) -> None:
    person = make_user("kommune")
    browser = Client()
    browser.post(LOGIN, {"username": person.email, "password": DEFAULT_PASSWORD})
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    weak = admin_client.post(url, {"usable_password": "true", "password1": "1234", "password2": "1234"})
    assert weak.status_code == 200
    data = {"usable_password": "true", "password1": "Vom-Betrieb-2026-neu", "password2": "Vom-Betrieb-2026-neu"}
    assert admin_client.post(url, data).status_code == 302
    assert User.objects.get(pk=person.pk).check_password("Vom-Betrieb-2026-neu")
    assert AuditEvent.objects.filter(action="user.password_changed", actor=operator, object_id=str(person.pk)).exists()
    assert browser.get("/konto/").status_code == 302
