from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from teilhabe.registry.search import rebuild_search_index
from tests.pdftext import pdf_text
from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(settings: Any, tmp_path: Path) -> Any:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    made = make_offer(
        status="published", title="Beratung für Familien", translations={"ar": ("استشارة للعائلات", "استشارة مجانية")}
    )
    rebuild_search_index()
    return made


def test_offer_pdf_in_german(client: Client, offer: Any, tmp_path: Path) -> None:
    response = client.get(f"/angebote/{offer.pk}/angebot.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Beratung für Familien" in text and "50667" in text and "kostenlos" in text


def test_result_list_pdf_in_arabic(client: Client, offer: Any, tmp_path: Path) -> None:
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    response = client.get("/angebote/liste.pdf", {"q": "Beratung"})
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    # Words without the lam-alef ligature, which pdftotext gives back in a different letter order.
    assert "استشارة" in text and "مجانية" in text
    assert "ابحث عن خدمات" in text


def test_unpublished_offer_has_no_pdf(client: Client) -> None:
    draft = make_offer()
    assert client.get(f"/angebote/{draft.pk}/angebot.pdf").status_code == 404
