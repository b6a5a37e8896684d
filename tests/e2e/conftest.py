"""Browser tests: Playwright driving the system Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("TEILHABE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# An IP, not "localhost": Chromium upgrades navigations to localhost names to HTTPS.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(scope="session")
def _plain_http() -> Iterator[None]:
    """Plain HTTP for the live server whatever TEILHABE_HTTPS says: its middleware is built once per session,
    before the per-test settings of tests/conftest.py apply, and a redirect to HTTPS would break every page."""
    from django.test.utils import override_settings

    with override_settings(
        TEILHABE_HTTPS=False,
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        LANGUAGE_COOKIE_SECURE=False,
        SESSION_COOKIE_NAME="teilhabe-session",
        CSRF_COOKIE_NAME="teilhabe-csrf",
    ):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http: None, live_server: Any) -> Any:
    """pytest-django's live server, started only after the settings above."""
    return live_server


@pytest.fixture(autouse=True)
def _master_data(transactional_db: None) -> None:
    """Transactional tests flush the database after each test; load master data and taxonomy again."""
    from teilhabe.geo.models import Gemeinde
    from teilhabe.geo.services import load_master_data

    if not Gemeinde.objects.exists():
        load_master_data()
    from importlib import import_module

    from django.apps import apps

    from teilhabe.registry.models import Topic

    if not Topic.objects.exists():  # data migrations' rows are flushed too
        import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The system Chromium, headless. Missing: skipped on a developer's machine, a failure in CI (CI=true)."""
    if not shutil.which(CHROMIUM):
        if in_ci():
            pytest.fail(f"Chromium missing at {CHROMIUM}: CI must install it (apt-get install chromium)")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium; never `playwright install`)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread while the browser lives; the tests and fixtures
    # still use the ORM here, which Django then refuses unless told that this is safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error} {getattr(error, 'stack', '')} {page.url}"))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
