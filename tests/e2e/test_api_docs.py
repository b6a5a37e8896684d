"""`/api/v1/` in a browser: Swagger UI from the app's own files renders the OpenAPI document under the strict CSP;
an Arabic offer page isolates German names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.registry.factories import make_offer

pytestmark = [pytest.mark.e2e]


def test_api_docs_render_without_csp_violations(page: Any, live_server: Any, tmp_path: Path) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    response = page.goto(f"{live_server.url}/api/v1/")
    assert response is not None and response.status == 200
    page.wait_for_selector("#swagger-ui .opblock", timeout=20_000)
    assert page.locator("#swagger-ui .opblock").count() > 10
    assert "/api/v1/offers" in page.locator("#swagger-ui").inner_text()
    page.screenshot(path=str(tmp_path / "api-docs.png"), full_page=False)
    assert [p for p in problems if "Content Security Policy" in p] == []


def test_arabic_offer_page_isolates_german_names(page: Any, live_server: Any, tmp_path: Path) -> None:
    offer = make_offer(
        status="published",
        title="Migrationsberatung",
        translations={"ar": ("الاستشارة الخاصة بالهجرة", "نساعدكم في الإقامة والعمل والسكن")},
    )
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.goto(f"{live_server.url}/angebote/{offer.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").get_attribute("lang") == "ar"
    assert page.locator(f"bdi[lang=de]:has-text('{offer.organisation.name}')").count() == 1
    # The map's zoom buttons speak the page's language (from base.html); German until the catalogue is compiled.
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") in ("تكبير", "Vergrößern")
    # Nothing sticks out sideways (a far-left skip link once made every right-to-left page 11,000 px wide).
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / "offer-ar.png"), full_page=True)
