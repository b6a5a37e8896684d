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
# Playwright's sync API runs an event loop in this thread; Django must still allow the ORM here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# An IP, not "localhost": Chromium upgrades navigations to localhost names to HTTPS.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium missing at {CHROMIUM}: CI must install it (apt-get install chromium)")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error} {getattr(error, 'stack', '')} {page.url}"))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
