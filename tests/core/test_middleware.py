from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from teilhabe.core.models import User
from teilhabe.core.services import user_deactivate
from teilhabe.core.system import system_actor
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, user: User) -> None:
    assert client.post("/konto/anmelden/", {"username": user.email, "password": DEFAULT_PASSWORD}).status_code == 302


def test_session_ends_after_30_minutes_idle(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    with time_machine.travel("2026-11-25 08:00 +0000", tick=False) as clock:
        login(client, user)
        clock.shift(29 * 60)
        assert client.get("/konto/").status_code == 200
        clock.shift(29 * 60)  # active again within 30 minutes: still in
        assert client.get("/konto/").status_code == 200
        clock.shift(31 * 60)
        response = client.get("/konto/")
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/anmelden/")
        assert "_auth_user_id" not in client.session


def test_session_ends_after_12_hours_even_when_active(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    with time_machine.travel("2026-11-25 06:00 +0000", tick=False) as clock:
        login(client, user)
        for _ in range(47):  # every 15 minutes for 11 h 45 min
            clock.shift(15 * 60)
            assert client.get("/konto/").status_code == 200
        clock.shift(16 * 60)
        assert client.get("/konto/").status_code == 302


def test_deactivation_ends_all_sessions(make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    first, second = Client(), Client()
    login(first, user)
    login(second, user)
    other = make_user("kommune")
    third = Client()
    login(third, other)
    user_deactivate(user=user, actor=system_actor())
    assert first.get("/konto/").status_code == 302
    assert second.get("/konto/").status_code == 302
    assert third.get("/konto/").status_code == 200


EXPECTED_CSP = ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]


@pytest.mark.parametrize("url", ["/", "/konto/anmelden/", "/gebiete/", "/api/v1/kreise", "/health"])
def test_security_headers_for_everyone(client: Client, url: str) -> None:
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert all(part in csp for part in EXPECTED_CSP)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_store_for_logged_in_responses(client_for: Callable[..., Client]) -> None:
    client = client_for("kommune")
    for url in ("/", "/gebiete/", "/api/v1/kreise"):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_anonymous_public_pages_may_be_cached(client: Client) -> None:
    assert "no-store" not in client.get("/gebiete/").get("Cache-Control", "")


def test_upload_size_limit_on_request_body(client_for: Callable[..., Client], settings: object) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # type: ignore[attr-defined]
    client = client_for("kommune")
    response = client.post("/konto/anmelden/", {"x": "a" * 5000})
    assert response.status_code == 413  # Django's RequestDataTooBig, shown as the 413 page (core.views.error_400)
    assert "Datei zu groß" in response.content.decode()


def test_expired_session_keeps_the_whole_path_as_next(client: Client, make_user: Callable[..., User]) -> None:
    with time_machine.travel("2026-11-25 08:00 +0000", tick=False) as clock:
        login(client, make_user("kommune"))
        clock.shift(31 * 60)
        response = client.get("/gebiete/?kreis=05315&seite=2")
    assert response["Location"] == "/konto/anmelden/?next=%2Fgebiete%2F%3Fkreis%3D05315%26seite%3D2"


def test_expired_session_tells_htmx_to_load_the_login_page(client: Client, make_user: Callable[..., User]) -> None:
    with time_machine.travel("2026-11-25 08:00 +0000", tick=False) as clock:
        login(client, make_user("kommune"))
        clock.shift(31 * 60)
        response = client.get("/konto/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/konto/anmelden/?next=")


def test_session_without_clock_starts_it_on_the_next_request(client: Client, make_user: Callable[..., User]) -> None:
    """Sessions from before the clocks existed (or force_login without a request) get them lazily."""
    from teilhabe.core.middleware import LOGIN_AT, SEEN_AT

    client.force_login(make_user("kommune"))
    session = client.session
    session.pop(LOGIN_AT, None)
    session.pop(SEEN_AT, None)
    session.save()
    with time_machine.travel("2026-11-25 08:00 +0000", tick=False) as clock:
        assert client.get("/konto/").status_code == 200
        assert client.session[LOGIN_AT] == "2026-11-25T08:00:00+00:00"
        clock.shift(31 * 60)
        assert client.get("/konto/").status_code == 302


def test_idle_limit_also_ends_a_session_waiting_for_the_second_factor(
    client: Client, make_user: Callable[..., User]
) -> None:
    with time_machine.travel("2026-11-25 08:00 +0000", tick=False) as clock:
        login(client, make_user("land"))
        assert client.get("/konto/zweiter-faktor/").status_code == 200
        clock.shift(31 * 60)
        assert client.get("/konto/zweiter-faktor/")["Location"].startswith("/konto/anmelden/")
        assert "_auth_user_id" not in client.session


def test_session_clock_is_written_at_most_once_a_minute(client: Client, make_user: Callable[..., User]) -> None:
    from teilhabe.core.middleware import SEEN_AT

    with time_machine.travel("2026-11-25 08:00 +0000", tick=False) as clock:
        login(client, make_user("kommune"))
        clock.shift(30)
        client.get("/konto/")
        assert client.session[SEEN_AT] == "2026-11-25T08:00:00+00:00"
        clock.shift(40)
        client.get("/konto/")
        assert client.session[SEEN_AT] == "2026-11-25T08:01:10+00:00"


def test_session_cookie_is_bound_to_the_browser_session() -> None:
    from django.conf import settings as live

    assert live.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert live.SESSION_COOKIE_HTTPONLY
    assert live.SESSION_COOKIE_AGE == 12 * 3600
    assert live.SESSION_COOKIE_SAMESITE == "Lax"


def test_deactivated_user_cannot_log_in_again(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user("kommune")
    user_deactivate(user=user, actor=system_actor())
    response = client.post("/konto/anmelden/", {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_no_store_on_logged_in_errors_and_redirects(client_for: Callable[..., Client]) -> None:
    client = client_for("kommune")
    for url in ("/gibt-es-nicht/", "/konto/", "/admin/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


def test_security_headers_on_errors_and_admin(client: Client) -> None:
    for url in ("/gibt-es-nicht/", "/admin/login/", "/konto/passwort-vergessen/"):
        response = client.get(url)
        assert "object-src 'none'" in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url


def test_pages_carry_no_inline_script_or_style(client_for: Callable[..., Client]) -> None:
    import re

    for role, url in (("anonymous", "/"), ("anonymous", "/konto/anmelden/"), ("kommune", "/"), ("kommune", "/konto/")):
        body = client_for(role).get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), (role, url)
        assert "<style" not in body and " style=" not in body, (role, url)


def test_request_body_with_a_large_file_is_refused_before_it_is_read(
    client_for: Callable[..., Client], settings: object
) -> None:
    """DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out; RequestSizeLimitMiddleware covers the whole body."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from teilhabe.core.middleware import REQUEST_OVERHEAD_BYTES

    settings.TEILHABE_MAX_UPLOAD_BYTES = 1000  # type: ignore[attr-defined]
    client = client_for("kommune")
    big = SimpleUploadedFile("gross.pdf", b"%PDF-" + b"0" * (1000 + REQUEST_OVERHEAD_BYTES))
    response = client.post("/konto/", {"datei": big})
    assert response.status_code == 413
    assert "zu groß" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    small = SimpleUploadedFile("klein.pdf", b"%PDF-" + b"0" * 900)
    assert client.post("/konto/", {"datei": small}).status_code == 200


def test_malformed_content_length_is_left_to_django(client: Client) -> None:
    assert client.get("/health", CONTENT_LENGTH="viel").status_code == 200
