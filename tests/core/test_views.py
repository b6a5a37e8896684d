"""Login, logout, password reset and the second factor, through HTTP."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import User
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/anmelden/"
SECOND_FACTOR = "/konto/zweiter-faktor/"


def post_login(client: Client, email: str, password: str = DEFAULT_PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
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


def test_account_page_lists_roles(client_for: Callable[..., Client]) -> None:
    body = client_for("kommune").get("/konto/").content.decode()
    assert "Kommune / Kommunales Integrationszentrum" in body
    assert "05315" in body


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
