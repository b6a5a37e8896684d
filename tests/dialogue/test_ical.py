"""iCalendar: the file of one event and the personal feed parse back with the icalendar library."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import icalendar
import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from teilhabe.dialogue import ical, services
from teilhabe.dialogue.views import FEED_SALT
from tests.conftest import login
from tests.dialogue.factories import kommune_user, land_user, make_event

pytestmark = pytest.mark.django_db


def test_event_file_parses_back_with_its_values() -> None:
    land = land_user()
    event = make_event(
        actor=land,
        title="Dialogforum; Köln, Bonn und Aachen – ein sehr langer Titel, der über fünfundsiebzig Bytes hinausgeht",
        description="Erste Zeile\nZweite Zeile mit Komma, Semikolon; und Backslash \\",
    )
    services.agenda_item_add(actor=land, event=event, title="Begrüßung", speaker="Ministerium")
    text = ical.calendar([event], name="Test")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert "Zweite Zeile mit Komma, Semikolon; und Backslash \\" in str(vevent["DESCRIPTION"])
    assert "Begrüßung (Ministerium)" in str(vevent["DESCRIPTION"])
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert vevent.decoded("DTEND") == event.ends_at.replace(microsecond=0)
    assert str(vevent["UID"]) == f"{event.pk}@teilhabe.nrw"
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_event_ics_url_for_the_group_only(client_for: Callable[..., Client]) -> None:
    event = make_event()
    url = f"/dialogue/events/{event.pk}.ics"
    response = client_for("kommune").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert client_for("kommune", ags="05111").get(url).status_code == 404  # Düsseldorf: not its group
    assert client_for("anonymous").get(url).status_code == 302


def test_personal_feed_by_signed_token() -> None:
    person = kommune_user()
    mine = make_event(title="Für Köln")
    make_event(title="Für Münster", region="055")
    old = make_event(title="Lange her")
    old.starts_at = timezone.now() - timedelta(days=200)
    old.ends_at = old.starts_at + timedelta(hours=2)
    old.registration_deadline = old.starts_at
    old.save()
    token = signing.dumps(person.pk, salt=FEED_SALT)
    response = Client().get(f"/dialog/kalender/{token}.ics")
    assert response.status_code == 200
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == [mine.title]
    assert Client().get(f"/dialog/kalender/{token}x.ics").status_code == 404
    person.is_active = False
    person.save()
    assert Client().get(f"/dialog/kalender/{token}.ics").status_code == 404


def test_own_calendar_needs_login() -> None:
    person = kommune_user()
    make_event()
    client = login(Client(), person)
    response = client.get("/dialog/kalender.ics")
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 1
    assert Client().get("/dialog/kalender.ics").status_code == 302
