"""Login, logout, password reset and the second factor, through HTTP."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import AuditEvent, User
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/anmelden/"
SECOND_FACTOR = "/konto/zweiter-faktor/"


def post_login(client: Client, email: str, password: str = DEFAULT_PASSWORD, **extra: str) -> Any:
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_login_with_email_rotates_session(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    client.get(LOGIN)
    before = client.session.session_key
    response = post_login(client, user.email.upper())
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("email,password", [("unknown@example.nrw", "egal-egal-egal"), (None, "falsches-passwort")])
def test_same_message_for_unknown_user_and_wrong_password(
    client: Client, make_user: Callable[..., User], email: str | None, password: str
) -> None:
    user = make_user("kommune")
    response = post_login(client, email or user.email, password)
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.content.decode()


def test_inactive_user_gets_the_same_message(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune", is_active=False)
    response = post_login(client, user.email)
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_only_by_post(client: Client, make_user: Callable[..., User]) -> None:
    client.force_login(make_user("kommune"))
    assert client.get("/konto/abmelden/").status_code == 405
    assert client.post("/konto/abmelden/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_lockout_after_five_failures_keyed_on_account_and_address(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user("kommune")
    for _ in range(5):
        post_login(client, user.email, "falsch-falsch-falsch")
    response = post_login(client, user.email)  # even the right password
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    # Another address may still log in to the same account, and the same address to another account.
    assert post_login(Client(), user.email, REMOTE_ADDR="10.0.0.9").status_code == 302
    other = make_user("kommune")
    assert post_login(Client(), other.email).status_code == 302


def test_lockout_lifts_after_cooloff(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    with time_machine.travel("2026-11-25 10:00 +0000", tick=False):
        for _ in range(5):
            post_login(client, user.email, "falsch-falsch-falsch")
        assert post_login(client, user.email).status_code == 429
    with time_machine.travel("2026-11-25 10:16 +0000", tick=False):
        assert post_login(client, user.email).status_code == 302


def test_lockout_for_unknown_account_looks_the_same(client: Client) -> None:
    for _ in range(5):
        post_login(client, "niemand@example.nrw", "falsch-falsch-falsch")
    assert post_login(client, "niemand@example.nrw", "x").status_code == 429


def test_staff_role_must_set_up_second_factor(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("land")
    travel = time_machine.travel("2026-11-25 10:00:00 +0000", tick=False)
    clock = travel.start()
    post_login(client, user.email)
    response = client.get("/gebiete/")
    assert response.status_code == 302
    assert response["Location"].startswith(SECOND_FACTOR)
    page = client.get(SECOND_FACTOR)
    body = page.content.decode()
    assert "Zweiten Faktor einrichten" in body
    assert 'src="data:image/svg+xml' in body
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert client.post(SECOND_FACTOR, {"token": wrong}).status_code == 200
    # django-otp throttles after a failure: even the right code waits a moment.
    assert client.post(SECOND_FACTOR, {"token": code_for(device)}).status_code == 200
    clock.shift(3)
    response = client.post(SECOND_FACTOR, {"token": code_for(device), "next": "/gebiete/"})
    assert response.status_code == 302
    assert response["Location"] == "/gebiete/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/gebiete/").status_code == 200
    travel.stop()


def test_totp_code_counts_only_once(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("bewilligung")
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    with time_machine.travel("2026-11-25 10:00:05 +0000", tick=False):
        code = code_for(device)
        post_login(client, user.email)
        assert "Anmeldung bestätigen" in client.get(SECOND_FACTOR).content.decode()
        assert client.post(SECOND_FACTOR, {"token": code}).status_code == 302
        second = Client()
        post_login(second, user.email)
        response = second.post(SECOND_FACTOR, {"token": code})
        assert response.status_code == 200
        assert "schon verwendet" in response.content.decode()


def test_second_factor_is_not_asked_from_kommune(client: Client, make_user: Callable[..., User]) -> None:
    post_login(client, make_user("kommune").email)
    assert client.get("/gebiete/").status_code == 200


def test_next_parameter_cannot_leave_the_site(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("admin")
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    post_login(client, user.email)
    response = client.post(SECOND_FACTOR, {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_password_reset_by_mail(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    response = client.post("/konto/passwort-vergessen/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Der Link gilt 24 Stunden und nur einmal." in mail.outbox[0].body
    assert "24 Stunden" in client.get("/konto/passwort-vergessen/gesendet/").content.decode()
    link = re.search(r"http://testserver(/konto/passwort-neu/\S+/)", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Ein-neues-Passwort-2026", "new_password2": "Ein-neues-Passwort-2026"}
    )
    assert response.status_code == 302
    assert Client().post(LOGIN, {"username": user.email, "password": "Ein-neues-Passwort-2026"}).status_code == 302


def test_password_reset_for_unknown_address_reveals_nothing(client: Client) -> None:
    response = client.post("/konto/passwort-vergessen/", {"email": "niemand@example.nrw"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_is_throttled_per_address_and_client(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    for _ in range(5):
        response = client.post("/konto/passwort-vergessen/", {"email": user.email})
        assert response.status_code == 302 and response["Location"].endswith("/gesendet/")  # same answer
    assert len(mail.outbox) == 3
    events = AuditEvent.objects.filter(action="user.password_reset_requested")
    assert events.count() == 5 and user.email not in str(list(events.values_list("data", flat=True)))
    others = [make_user("kommune") for _ in range(8)]
    for other in others:
        client.post("/konto/passwort-vergessen/", {"email": other.email})
    assert len(mail.outbox) == 3 + 5  # ten requests from this client within the hour


def test_account_page_lists_roles(client_for: Callable[..., Client]) -> None:
    body = client_for("kommune").get("/konto/").content.decode()
    assert "Kommune / Kommunales Integrationszentrum" in body
    assert "Stadt Köln" in body and "05315" not in body.split("<main")[1].split("</main>")[0]


def test_account_page_needs_login(client: Client) -> None:
    response = client.get("/konto/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_health(client: Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_error_pages_are_rendered(client: Client) -> None:
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


# --- Login details ------------------------------------------------------------------------------------------


def test_login_page_and_logged_in_visitors(client: Client, make_user: Callable[..., User]) -> None:
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert 'autocomplete="username"' in page.content.decode()
    post_login(client, make_user("kommune").email)
    assert client.get(LOGIN)["Location"] == "/"


def test_login_stores_the_login_time_in_the_session(client: Client, make_user: Callable[..., User]) -> None:
    from teilhabe.core.middleware import LOGIN_AT, SEEN_AT

    with time_machine.travel("2026-11-25 09:15 +0000", tick=False):
        post_login(client, make_user("kommune").email)
        # Read inside the travel: the session row expires a while after 09:15, and an expired one loads empty.
        session = client.session
        assert session[LOGIN_AT] == session[SEEN_AT] == "2026-11-25T09:15:00+00:00"


def test_login_follows_next_but_never_off_site(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    assert (
        client.post(f"{LOGIN}?next=/gebiete/", {"username": user.email, "password": DEFAULT_PASSWORD})["Location"]
        == "/gebiete/"
    )
    other = Client()
    response = other.post(f"{LOGIN}?next=https://evil.example/", {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response["Location"] == "/"


def test_login_refuses_a_malformed_address_without_saying_more(client: Client) -> None:
    response = post_login(client, "kein-email", "egal-egal-egal")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_lockout_starts_at_the_fifth_failure(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    for attempt in range(1, 5):
        response = post_login(client, user.email, "falsch-falsch-falsch")
        assert response.status_code == 200, attempt
        assert "E-Mail-Adresse oder Passwort ist falsch." in response.content.decode()
    response = post_login(client, user.email, "falsch-falsch-falsch")
    assert response.status_code == 429
    assert "core/lockout.html" in [t.name for t in response.templates]


def test_lockout_counts_every_spelling_of_the_address(client: Client, make_user: Callable[..., User]) -> None:
    """The form lowercases the address before axes sees it: case variants do not buy more attempts."""
    user = make_user("kommune", email="karla@example.nrw")
    for spelling in (
        "KARLA@example.nrw",
        "Karla@Example.NRW",
        " karla@EXAMPLE.nrw ",
        "karla@example.NRW",
        "kArLa@example.nrw",
    ):
        post_login(client, spelling, "falsch-falsch-falsch")
    assert post_login(client, user.email).status_code == 429


def test_lockout_does_not_lock_other_accounts_from_the_same_address(
    client: Client, make_user: Callable[..., User]
) -> None:
    victim, colleague = make_user("kommune"), make_user("kommune")
    for _ in range(5):
        post_login(client, victim.email, "falsch-falsch-falsch")
    assert post_login(client, victim.email).status_code == 429
    assert post_login(client, colleague.email).status_code == 302


def test_lockout_page_is_sent_with_security_headers(client: Client) -> None:
    for _ in range(5):
        response = post_login(client, "niemand@example.nrw", "falsch-falsch-falsch")
    assert response.status_code == 429
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_lockout_still_holds_before_the_cooloff_ends(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    with time_machine.travel("2026-11-25 10:00 +0000", tick=False) as clock:
        for _ in range(5):
            post_login(client, user.email, "falsch-falsch-falsch")
        clock.shift(14 * 60)
        assert post_login(client, user.email).status_code == 429


# --- Second factor ------------------------------------------------------------------------------------------


def test_code_with_a_space_is_accepted_and_the_session_key_changes(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user("land")
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    with time_machine.travel("2026-11-25 10:00:05 +0000", tick=False):
        post_login(client, user.email)
        before = client.session.session_key
        code = code_for(device)
        response = client.post(SECOND_FACTOR, {"token": f"{code[:3]} {code[3:]}"})
        assert response.status_code == 302
        assert client.session.session_key != before
        assert client.get("/konto/").status_code == 200


def test_later_login_asks_for_the_code_not_the_setup(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("bewilligung")
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    post_login(client, user.email)
    body = client.get(SECOND_FACTOR).content.decode()
    assert "Anmeldung bestätigen" in body
    assert "data:image/svg+xml" not in body
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_setup_shows_the_same_secret_until_confirmed(client: Client, make_user: Callable[..., User]) -> None:
    import base64

    user = make_user("admin")
    post_login(client, user.email)
    first = client.get(SECOND_FACTOR).context["secret"]
    second = client.get(SECOND_FACTOR).context["secret"]
    device = TOTPDevice.objects.get(user=user)
    assert first == second == " ".join(base64.b32encode(device.bin_key).decode()[i : i + 4] for i in range(0, 32, 4))
    assert not device.confirmed


def test_wrong_codes_are_throttled(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("land")
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    with time_machine.travel("2026-11-25 10:00:05 +0000", tick=False) as clock:
        post_login(client, user.email)
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        assert "ungültig" in client.post(SECOND_FACTOR, {"token": wrong}).content.decode()
        response = client.post(SECOND_FACTOR, {"token": code_for(device)})
        assert "Zu viele falsche Codes" in response.content.decode()
        for _ in range(3):  # each failure doubles the wait: 1, 2, 4 … seconds
            clock.shift(60)
            client.post(SECOND_FACTOR, {"token": wrong})
        device.refresh_from_db()
        assert device.throttling_failure_count == 4
        clock.shift(4)
        assert "Zu viele falsche Codes" in client.post(SECOND_FACTOR, {"token": code_for(device)}).content.decode()
        clock.shift(5)
        assert client.post(SECOND_FACTOR, {"token": code_for(device)}).status_code == 302


def test_code_from_an_earlier_time_step_is_refused_after_a_newer_one(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user("land")
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    with time_machine.travel("2026-11-25 10:00:35 +0000", tick=False):
        earlier = code_for(device, offset=-1)  # still within the tolerance of one step
        post_login(client, user.email)
        assert client.post(SECOND_FACTOR, {"token": code_for(device)}).status_code == 302
        other = Client()
        post_login(other, user.email)
        assert other.post(SECOND_FACTOR, {"token": earlier}).status_code == 200


@pytest.mark.parametrize(
    "url", ["/", "/konto/", "/gebiete/", "/admin/", "/api/v1/kreise", "/konto/passwort-vergessen/"]
)
def test_everything_waits_for_the_second_factor(client: Client, make_user: Callable[..., User], url: str) -> None:
    post_login(client, make_user("admin").email)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SECOND_FACTOR}?next=")


def test_what_stays_open_before_the_second_factor(client: Client, make_user: Callable[..., User]) -> None:
    post_login(client, make_user("land").email)
    assert client.get(SECOND_FACTOR).status_code == 200
    assert client.get("/health").status_code == 200
    assert client.post("/konto/abmelden/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_second_factor_too(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("land")
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    with time_machine.travel("2026-11-25 10:00:05 +0000", tick=False) as clock:
        post_login(client, user.email)
        client.post(SECOND_FACTOR, {"token": code_for(device)})
        client.post("/konto/abmelden/")
        clock.shift(30)
        post_login(client, user.email)
        assert client.get("/konto/")["Location"].startswith(SECOND_FACTOR)


# --- Password reset -----------------------------------------------------------------------------------------


def reset_link(email: str) -> str:
    match = re.search(r"http://testserver(/konto/passwort-neu/\S+/)", mail.outbox[-1].body)
    assert match is not None, mail.outbox[-1].body
    return match.group(1)


NEW_PASSWORD = "Ein-neues-Passwort-2026"


def set_new_password(client: Client, link: str, password: str = NEW_PASSWORD) -> Any:
    response = client.get(link, follow=True)
    return client.post(response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def test_reset_link_works_once(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    client.post("/konto/passwort-vergessen/", {"email": user.email})
    link = reset_link(user.email)
    assert set_new_password(client, link).status_code == 302
    again = Client().get(link, follow=True)
    assert "ungültig oder abgelaufen" in again.content.decode()


def test_reset_ends_open_sessions_and_is_audited(client: Client, make_user: Callable[..., User]) -> None:
    from teilhabe.core.models import AuditEvent

    user = make_user("kommune")
    elsewhere = Client()
    post_login(elsewhere, user.email)
    client.post("/konto/passwort-vergessen/", {"email": user.email})
    set_new_password(client, reset_link(user.email))
    assert elsewhere.get("/konto/").status_code == 302
    assert AuditEvent.objects.filter(action="user.password_reset", object_id=str(user.pk)).exists()


def test_reset_lifts_the_lockout_from_this_address_only(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    attacker = Client(REMOTE_ADDR="10.6.6.6")
    for browser in (client, attacker):
        for _ in range(5):
            post_login(browser, user.email, "falsch-falsch-falsch")
    client.post("/konto/passwort-vergessen/", {"email": user.email})
    set_new_password(client, reset_link(user.email))
    assert post_login(client, user.email, "Ein-neues-Passwort-2026").status_code == 302
    assert post_login(attacker, user.email, "Ein-neues-Passwort-2026").status_code == 429


def test_reset_does_not_skip_the_second_factor(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("bewilligung")
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client.post("/konto/passwort-vergessen/", {"email": user.email})
    set_new_password(client, reset_link(user.email))
    post_login(client, user.email, "Ein-neues-Passwort-2026")
    assert client.get("/")["Location"].startswith(SECOND_FACTOR)


def test_reset_refuses_a_weak_password(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    client.post("/konto/passwort-vergessen/", {"email": user.email})
    assert set_new_password(client, reset_link(user.email), "12345678").status_code == 200
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_no_reset_mail_for_inactive_accounts(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune", is_active=False)
    assert client.post("/konto/passwort-vergessen/", {"email": user.email}).status_code == 302
    assert mail.outbox == []


# --- Account page -------------------------------------------------------------------------------------------


def test_account_page_shows_person_roles_second_factor_and_session(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user("land", full_name="Lena Landwehr")
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    with time_machine.travel("2026-11-25 08:00 +0000", tick=False):
        post_login(client, user.email)
        client.post(SECOND_FACTOR, {"token": code_for(device)})
        body = client.get("/konto/").content.decode()
    for text in ("Lena Landwehr", user.email, "Ministerium (Land)", "landesweit", "eingerichtet", "Angemeldet seit"):
        assert text in body, text
    assert "25.11.2026 09:00" in body  # login time in Europe/Berlin
    assert "25.11.2026 21:00" in body  # the session ends 12 hours later at the latest
    assert 'name="old_password"' in body


def test_change_own_password(client: Client, make_user: Callable[..., User]) -> None:
    from teilhabe.core.models import AuditEvent

    user = make_user("kommune")
    elsewhere = Client()
    post_login(elsewhere, user.email)
    post_login(client, user.email)
    response = client.post(
        "/konto/",
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "Mein-neues-Passwort-26",
            "new_password2": "Mein-neues-Passwort-26",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mein-neues-Passwort-26")
    assert client.get("/konto/").status_code == 200  # this session goes on
    assert elsewhere.get("/konto/").status_code == 302  # every other one ends
    assert AuditEvent.objects.filter(action="user.password_changed", actor=user).exists()


def test_change_password_needs_the_current_one(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    post_login(client, user.email)
    new = {"new_password1": "Mein-neues-Passwort-26", "new_password2": "Mein-neues-Passwort-26"}
    response = client.post("/konto/", {"old_password": "falsch-falsch-falsch", **new})
    assert response.status_code == 200
    assert "old_password-error" in response.content.decode()
    weak = client.post("/konto/", {"old_password": DEFAULT_PASSWORD, "new_password1": "1234", "new_password2": "1234"})
    assert weak.status_code == 200
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_guessing_the_current_password_is_throttled(client: Client, make_user: Callable[..., User]) -> None:
    """A stolen session cannot try passwords on the account page without limit: axes counts them as logins."""
    user = make_user("kommune")
    post_login(client, user.email)
    new = {"new_password1": "Mein-neues-Passwort-26", "new_password2": "Mein-neues-Passwort-26"}
    for _ in range(4):
        assert client.post("/konto/", {"old_password": "falsch-falsch-falsch", **new}).status_code == 200
    assert client.post("/konto/", {"old_password": "falsch-falsch-falsch", **new}).status_code == 429
    assert client.post("/konto/", {"old_password": DEFAULT_PASSWORD, **new}).status_code == 429
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


# --- Start page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,text",
    [
        ("land", "landesweit alles lesend"),
        ("bewilligung", "Vier-Augen-Prinzip"),
        ("kommune", "für Ihren Kreis oder Ihre Gemeinde"),
        ("admin", "verwalten Personen, Rollen"),
    ],
)
def test_start_page_explains_the_role(client_for: Callable[..., Client], role: str, text: str) -> None:
    body = client_for(role).get("/").content.decode()
    assert text in body
    assert "Mein Konto" in body


def test_start_page_for_object_scoped_roles_names_the_object(
    client_for: Callable[..., Client],
) -> None:
    from teilhabe.workforce.models import Authority

    authority = Authority.objects.create(name="Landesamt für Tests", kind=Authority.Kind.SONSTIGE)
    body = client_for("behoerde", scope_object=authority).get("/").content.decode()
    assert "anonyme Befragung" in body
    assert "Landesamt für Tests" in body


def test_start_page_without_role(client: Client, make_user: Callable[..., User]) -> None:
    client.force_login(make_user())
    body = client.get("/").content.decode()
    assert "Ihnen ist noch keine Rolle zugewiesen." in body
    assert "Administration" not in body


def test_start_page_for_the_public(client: Client) -> None:
    body = client.get("/").content.decode()
    assert "Anmelden" in body
    assert "Ihre Rollen" not in body


def test_field_hints_are_tied_to_their_inputs(client_for: Callable[..., Client]) -> None:
    """Django points aria-describedby at <id>_helptext; the hint must carry that id (WCAG 1.3.1)."""
    body = client_for("kommune").get("/konto/").content.decode()
    assert 'aria-describedby="id_new_password1_helptext"' in body
    assert 'id="id_new_password1_helptext"' in body
