"""The dialogue's screens: who sees which event, registering through the page, Land's organiser tools."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.dialogue import services
from teilhabe.dialogue.models import Event, Need, Registration
from teilhabe.registry.models import Contact, Structure
from tests.conftest import login
from tests.dialogue.factories import kommune_user, land_user, make_event, pdf_file

pytestmark = pytest.mark.django_db


def test_kommune_sees_events_of_its_group_only(client_for: Callable[..., Client]) -> None:
    mine = make_event(title="Forum Köln")
    make_event(title="Forum Münster", region="055")
    client = client_for("kommune")
    page = client.get(reverse("dialogue:event_list")).content.decode()
    assert "Forum Köln" in page
    assert "Forum Münster" not in page
    assert client.get(reverse("dialogue:event_detail", args=[mine.pk])).status_code == 200
    other = Event.objects.get(title="Forum Münster")
    assert client.get(reverse("dialogue:event_detail", args=[other.pk])).status_code == 404


def test_register_and_cancel_through_the_page(django_capture_on_commit_callbacks: Any) -> None:
    event = make_event(capacity=1)
    person = kommune_user()
    client = login(Client(), person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dialogue:register", args=[event.pk]), {"needs": [Need.STEP_FREE], "needs_note": "Rampe"}
        )
    assert response.status_code == 302
    registration = Registration.objects.get(user=person)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.needs == [Need.STEP_FREE]
    assert [m.to for m in mail.outbox] == [[person.email]]
    page = client.get(reverse("dialogue:event_detail", args=[event.pk])).content.decode()
    assert "Sie sind angemeldet." in page

    other = kommune_user()
    login(Client(), other).post(reverse("dialogue:register", args=[event.pk]), {})
    assert Registration.objects.get(user=other).status == Registration.Status.WAITING

    client.post(reverse("dialogue:unregister", args=[event.pk]))
    assert Registration.objects.get(user=other).status == Registration.Status.REGISTERED


def test_outsider_cannot_register_by_post(client_for: Callable[..., Client]) -> None:
    event = make_event()
    response = client_for("kommune", ags="05111").post(reverse("dialogue:register", args=[event.pk]), {})
    assert response.status_code == 404
    assert client_for("organisation").post(reverse("dialogue:register", args=[event.pk]), {}).status_code == 403
    assert not Registration.objects.exists()


def test_land_creates_an_event_in_the_form(client_for: Callable[..., Client]) -> None:
    client = client_for("land")
    start = timezone.localtime() + timedelta(days=20)
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        reverse("dialogue:event_create"),
        {
            "title": "Dialogforum Herbst",
            "new_series": "Dialogforum RB Köln",
            "starts_at": start.strftime(fmt),
            "ends_at": (start + timedelta(hours=3)).strftime(fmt),
            "place": "Rathaus",
            "capacity": "20",
            "registration_deadline": (start - timedelta(days=3)).strftime(fmt),
            "audience": "commissioners",
            "region": "053",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.series is not None
    assert event.series.name == "Dialogforum RB Köln"
    # refused: the end before the start, shown in the form, nothing stored
    response = client.post(
        reverse("dialogue:event_create"),
        {
            "title": "Falsch",
            "starts_at": start.strftime(fmt),
            "ends_at": start.strftime(fmt),
            "place": "x",
            "capacity": "5",
            "registration_deadline": start.strftime(fmt),
            "audience": "all",
            "region": "05",
        },
    )
    assert response.status_code == 200
    assert Event.objects.count() == 1


def test_organiser_sees_needs_in_aggregate_and_the_attendance_lists(client_for: Callable[..., Client]) -> None:
    event = make_event()
    a, b = kommune_user(full_name="Ada Arslan"), kommune_user(full_name="Bo Brandt")
    services.registration_create(actor=a, event=event, needs=[Need.SIGN_LANGUAGE])
    services.registration_create(actor=b, event=event, needs=[Need.SIGN_LANGUAGE, Need.DIETARY])
    land = client_for("land")
    page = land.get(reverse("dialogue:event_detail", args=[event.pk])).content.decode()
    assert "Gebärdensprachdolmetschen: 2" in page
    kommune_page = login(Client(), a).get(reverse("dialogue:event_detail", args=[event.pk])).content.decode()
    assert "Gebärdensprachdolmetschen: 2" not in kommune_page
    assert "Bo Brandt" not in kommune_page

    response = land.get(reverse("dialogue:attendance_csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Ada Arslan", "Bo Brandt"]
    response = land.get(reverse("dialogue:attendance_pdf", args=[event.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_document_download_by_group(client_for: Callable[..., Client]) -> None:
    land = land_user()
    event = make_event(actor=land)
    document = services.document_add(
        actor=land, data=services.DocumentInput(title="Folien", file=pdf_file(), event=event)
    )
    url = reverse("dialogue:document_download", args=[document.pk, 1])
    response = client_for("kommune").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert client_for("kommune", ags="05111").get(url).status_code == 404
    assert client_for("kommune").get(reverse("dialogue:document_download", args=[document.pk, 2])).status_code == 404


def test_directory_shows_contact_persons_only_with_consent(client_for: Callable[..., Client]) -> None:
    shown = Contact.objects.create(name="Frau Sichtbar", consent_public=True, consent_at=timezone.localdate())
    hidden = Contact.objects.create(name="Herr Verborgen")
    Structure.objects.create(
        kind=Structure.Kind.INTEGRATIONSBEAUFTRAGTE, name="IB Bonn", kreis_id="05314", contact=shown
    )
    Structure.objects.create(
        kind=Structure.Kind.INTEGRATIONSBEAUFTRAGTE, name="IB Leverkusen", kreis_id="05316", contact=hidden
    )
    page = Client().get(reverse("dialogue:directory")).content.decode()
    assert "IB Bonn" in page and "Frau Sichtbar" in page
    assert "IB Leverkusen" in page and "Herr Verborgen" not in page
    assert "IB Leverkusen" not in Client().get(reverse("dialogue:directory"), {"q": "Verborgen"}).content.decode()
    export = client_for("land").get(reverse("dialogue:directory_export")).content.decode("utf-8-sig")
    assert "Frau Sichtbar" in export and "Herr Verborgen" not in export
    assert client_for("kommune").get(reverse("dialogue:directory_export")).status_code == 403


def test_kommune_start_page_links_to_the_events(client_for: Callable[..., Client]) -> None:
    page = client_for("kommune").get("/").content.decode()
    assert reverse("dialogue:event_list") in page


def test_event_list_query_budget(client_for: Callable[..., Client], django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        event = make_event()
        services.registration_create(actor=kommune_user(), event=event)
    client = client_for("kommune")
    client.get(reverse("dialogue:event_list"))
    with django_assert_max_num_queries(15):
        client.get(reverse("dialogue:event_list"))


def test_attendance_csv_is_formula_safe(client_for: Callable[..., Client]) -> None:
    event = make_event()
    person = kommune_user(full_name='=HYPERLINK("http://x","y")')
    services.registration_create(actor=person, event=event, needs=[])
    response = client_for("land").get(reverse("dialogue:attendance_csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == '\'=HYPERLINK("http://x","y")'
