from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from teilhabe.core.models import User
from teilhabe.core.services import user_deactivate
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
    user_deactivate(user=user)
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
    assert response.status_code == 400
