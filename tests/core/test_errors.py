"""Error pages in the platform's layout with a way back, in the person's language; one log line per refusal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from teilhabe.core import views
from teilhabe.core.logs import OneLineRefusals, ZonedFormatter

pytestmark = pytest.mark.django_db


def _layout(body: str) -> None:
    assert 'class="th-header"' in body and "Zur Startseite" in body


def test_404_in_the_layout_with_a_way_back(client: Client) -> None:
    response = client.get("/gibt-es-nicht/", HTTP_REFERER="http://testserver/angebote/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in body and "Fehler 404" in body
    _layout(body)
    assert 'href="http://testserver/angebote/"' in body  # back to where the person came from


def test_404_offers_no_way_back_to_another_site_or_to_itself(client: Client) -> None:
    body = client.get("/gibt-es-nicht/", HTTP_REFERER="https://boese.example/").content.decode()
    assert "boese.example" not in body and "Zurück zur vorigen Seite" not in body
    body = client.get("/gibt-es-nicht/", HTTP_REFERER="http://testserver/gibt-es-nicht/").content.decode()
    assert "Zurück zur vorigen Seite" not in body


def test_404_in_the_persons_language(client: Client) -> None:
    client.cookies["django_language"] = "en"
    response = client.get("/gibt-es-nicht/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert '<html lang="en"' in response.content.decode()


def test_403_for_a_logged_in_person_says_why_and_links_home(client_for: Callable[..., Client]) -> None:
    response = client_for("organisation").get("/konto/rollenfreigaben/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Kein Zugriff" in body and "Berechtigung" in body
    _layout(body)
    assert "Anmelden</a>" not in body  # logged in: no login link


def test_403_is_logged_as_one_line_without_traceback(
    client_for: Callable[..., Client], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client_for("organisation").get("/konto/rollenfreigaben/")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records  # Django attached the PermissionDenied; the console handler's filter has dropped it already
    handler = logging.StreamHandler()
    handler.addFilter(OneLineRefusals())
    handler.setFormatter(ZonedFormatter("%(levelname)s %(name)s: %(message)s"))
    for record in records:
        assert handler.filter(record)
        line = handler.format(record)
        assert "\n" not in line and "Traceback" not in line
        assert "Forbidden" in line and "/konto/rollenfreigaben/" in line


def test_the_filter_drops_the_traceback_of_a_refusal_only() -> None:
    import sys

    try:
        raise PermissionError("nein")
    except PermissionError:
        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", (), sys.exc_info())
    record.status_code = 403
    OneLineRefusals().filter(record)
    assert logging.Formatter().format(record) == "Forbidden"


def test_a_real_fault_keeps_its_traceback() -> None:
    try:
        raise RuntimeError("kaputt")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Fehler", (), sys.exc_info())
    record.status_code = 500
    OneLineRefusals().filter(record)
    assert "Traceback" in logging.Formatter().format(record)


def test_log_times_carry_one_zone_with_offset() -> None:
    formatter = ZonedFormatter("%(asctime)s %(message)s", zone="Europe/Berlin")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hallo", (), None)
    record.created = 1796515200.0  # 2026-12-06 00:00:00 UTC
    assert formatter.format(record) == "2026-12-06T01:00:00.000+01:00 hallo"


def test_settings_route_every_log_line_through_the_zoned_formatter(settings: Any) -> None:
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "zoned" and "one_line_refusals" in handler["filters"]
    assert settings.LOGGING["formatters"]["zoned"]["zone"] == settings.TIME_ZONE


def test_csrf_failure_explains_and_leads_back(make_user: Callable[..., Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/anmelden/", {"username": "a@b.de", "password": "x"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Formular abgelaufen" in body and "nicht gespeichert" in body
    _layout(body)


def test_too_large_upload_gets_the_413_page(client_for: Callable[..., Client], settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from teilhabe.core.middleware import REQUEST_OVERHEAD_BYTES

    settings.TEILHABE_MAX_UPLOAD_BYTES = 1000
    big = SimpleUploadedFile("gross.pdf", b"%PDF-" + b"0" * (1000 + REQUEST_OVERHEAD_BYTES))
    response = client_for("kommune").post("/konto/", {"datei": big})
    body = response.content.decode()
    assert response.status_code == 413
    assert "Datei zu groß" in body and "1000" in body
    _layout(body)


def test_too_much_form_data_is_a_413_too(client_for: Callable[..., Client], settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client_for("kommune").post("/konto/", {f"f{i}": "x" for i in range(10)})
    assert response.status_code == 413
    assert "Datei zu groß" in response.content.decode()


def test_too_long_address_gets_the_414_page(client: Client, settings: Any) -> None:
    settings.TEILHABE_MAX_URL_LENGTH = 100
    response = client.get("/angebote/?q=" + "x" * 200)
    body = response.content.decode()
    assert response.status_code == 414
    assert "Adresse zu lang" in body
    _layout(body)
    assert client.get("/angebote/?q=kurz").status_code == 200


def test_500_page_in_the_layout_and_without_it_when_the_layout_fails(
    rf: RequestFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("de"):
        response = views.error_500(request)
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()
    assert 'class="th-nav"' in response.content.decode()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Datenbank weg")

    monkeypatch.setattr(views, "render", broken)
    with translation.override("de"):
        response = views.error_500(request)
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()


def test_favicon_is_served_at_the_root(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert "max-age" in response["Cache-Control"]
    assert client.post("/favicon.ico").status_code == 405
