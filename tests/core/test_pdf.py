"""Every PDF of the platform is accessible: tagged PDF/UA-1 with language and title; notices also PDF/A-3a.

One helper (teilhabe.core.pdf.html_to_pdf) makes them all; the structure is read by tests/pdfcheck.py."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import get_template
from django.test import Client

from teilhabe.core.models import User
from teilhabe.core.pdf import html_to_pdf
from tests.pdfcheck import assert_accessible, pdf_structure

PACKAGE = Path(__file__).resolve().parents[2] / "teilhabe"

HTML = "<html lang='{lang}'><head><title>{title}</title></head><body><h1>{title}</h1><p>Text</p></body></html>"


def test_a_document_is_tagged_pdf_ua_1_with_language_and_title() -> None:
    found = assert_accessible(html_to_pdf(HTML.format(lang="de", title="Eingangsbestätigung")), lang="de")
    assert found.title == "Eingangsbestätigung" and found.pdfa == ""
    assert {"H1", "P"} <= found.struct_elements


def test_an_archived_notice_is_pdf_a_3a_and_tagged() -> None:
    data = html_to_pdf(HTML.format(lang="de", title="Zuwendungsbescheid"), kind="archival")
    found = assert_accessible(data, lang="de", title="Zuwendungsbescheid", archival=True)
    assert "H1" in found.struct_elements


def test_the_language_of_the_page_is_the_language_of_the_pdf() -> None:
    assert pdf_structure(html_to_pdf(HTML.format(lang="ar", title="قائمة"))).lang == "ar"


def test_a_pdf_without_title_or_tags_fails_the_check() -> None:
    from weasyprint import HTML as WeasyHTML

    untagged = bytes(WeasyHTML(string="<html><body><p>x</p></body></html>").write_pdf())
    with pytest.raises(AssertionError):
        assert_accessible(untagged, lang="de")
    no_title = html_to_pdf("<html lang='de'><body><p>x</p></body></html>")
    with pytest.raises(AssertionError, match="title"):
        assert_accessible(no_title, lang="de")


def test_no_module_writes_a_pdf_around_the_helper() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "pdf.py" or path.parent.name != "core"
        if re.search(r"write_pdf\(|from weasyprint import|import weasyprint", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


PDF_TEMPLATES = [
    *sorted(
        str(path.relative_to(path.parents[2]))
        for path in PACKAGE.glob("*/templates/*/pdf/*.html")
        if not path.name.startswith("_")
    ),
    "lifecycle/access_export.html",
]


@pytest.mark.parametrize("name", PDF_TEMPLATES)
def test_every_pdf_template_gives_language_and_title(name: str) -> None:
    """The helper takes /Lang from <html lang> and /Title from <title>: every template (or its base) has both."""
    source = get_template(name).template.source
    base = re.search(r'{%\s*extends\s+"([^"]+)"', source)
    full = source + (get_template(base.group(1)).template.source if base else "")
    assert re.search(r"<html[^>]*\blang=", full), name
    assert re.search(r"<title>[^<]+</title>", full), name


@pytest.mark.django_db
def test_offer_and_result_list_pdfs(client: Client, settings: Any, tmp_path: Path) -> None:
    from teilhabe.registry.search import rebuild_search_index
    from tests.registry.factories import make_offer

    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    offer = make_offer(status="published", title="Beratung für Familien")
    rebuild_search_index()
    assert_accessible(client.get(f"/angebote/{offer.pk}/angebot.pdf").content, lang="de", title="Beratung")
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert_accessible(client.get("/angebote/liste.pdf", {"q": "Beratung"}).content, lang="ar")


@pytest.mark.django_db
def test_receipt_is_ua_and_notice_is_pdf_a(make_user: Callable[..., User]) -> None:
    from teilhabe.funding import documents, services
    from teilhabe.funding.models import ApplicationStatus
    from tests.funding.factories import budget, make_application, make_call, make_programme, next_year, walk

    kommune = make_user("kommune", ags="05315")
    proposer, decider = make_user("bewilligung", ags="053"), make_user("bewilligung", ags="053")
    programme = make_programme()
    call = make_call(programme)
    budget(programme, next_year(), "500000")
    budget(programme, next_year() + 1, "500000")
    application = make_application(kommune, call)
    version = services.application_submit(actor=kommune, application=application)
    application.refresh_from_db()
    assert_accessible(documents.receipt_pdf(application, version), lang="de", title="Eingangsbestätigung")
    granted = walk(
        make_application(kommune, call), ApplicationStatus.FINAL, kommune=kommune, proposer=proposer, decider=decider
    )
    assert_accessible(documents.notice_pdf(granted), lang="de", archival=True)


@pytest.mark.django_db
def test_access_export_pdf(make_user: Callable[..., User]) -> None:
    from teilhabe.lifecycle import services

    data = services.access_export(actor=make_user("admin"), subject=make_user("kommune"))
    assert_accessible(zipfile.ZipFile(io.BytesIO(data)).read("auskunft.pdf"), lang="de", title="Auskunft")
