from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from teilhabe.registry.search import rebuild_search_index
from tests.registry.factories import make_offer

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def offers(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    make_offer(status="published", title="Deutschkurs für Mütter in Köln", languages=["de", "ar"])
    make_offer(status="published", title="Beratung auf Arabisch", topics=["beratung"], languages=["ar"])
    make_offer(status="published", title="Elterncafé am Dom", topics=["kinder-familie"], languages=["de", "tr"])
    rebuild_search_index()


def test_finder_search_filter_map_and_arabic(page: Any, live_server: Any, offers: None) -> None:
    page.goto(f"{live_server.url}/angebote/")
    assert page.locator("a.th-skip-link").evaluate("el => el === document.querySelector('a[href]')")
    page.fill("#id_q", "Deutschkurs Köln")
    page.click("button[type=submit] >> text=Suchen")
    page.wait_for_url("**/angebote/?*")
    assert page.locator(".th-result").count() == 1
    assert "Deutschkurs für Mütter in Köln" in page.locator(".th-results").inner_text()

    page.goto(f"{live_server.url}/angebote/")
    page.check("#f-language-ar")
    page.click("text=Filter anwenden")
    page.wait_for_url("**language=ar*")
    assert page.locator(".th-result").count() == 2
    # Locator waits, not wait_for_function: a string predicate is eval'd in the page, which our CSP forbids.
    page.locator("#finder-map[data-markers='2']").wait_for(state="attached")
    assert page.locator(".leaflet-interactive").count() >= 1

    page.select_option("#th-language-select", "ar")
    page.wait_for_load_state("load")
    page.locator("html[dir='rtl']").wait_for(state="attached")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "ابحث عن خدمات" in page.locator("h1").inner_text()


def test_offer_page_shows_map(page: Any, live_server: Any, offers: None) -> None:
    page.goto(f"{live_server.url}/angebote/?q=Elterncafe")
    page.click("text=Elterncafé am Dom")
    page.wait_for_selector("#offer-map .leaflet-interactive")
    assert "kostenlos" in page.content()
