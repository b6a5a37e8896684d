"""Demo data of the dialogue: a series of dialogue events for the commissioners of Regierungsbezirk Köln.

One past event with minutes, decisions, action items and a document; one upcoming event, nearly full, for which
the demo kommune account (Köln) can still register; commissioners in the directory, some with consent to be shown.
Idempotent: when the series exists, nothing is changed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, TextIO

from django.core.files.base import ContentFile
from django.utils import timezone

from teilhabe.core import services as core_services
from teilhabe.core.models import User
from teilhabe.core.pdf import html_to_pdf
from teilhabe.core.roles import Role
from teilhabe.core.system import system_actor
from teilhabe.dialogue import services
from teilhabe.dialogue.models import Audience, Need, Series
from teilhabe.geo.models import Kreis
from teilhabe.registry.models import Contact, Status, Structure

SERIES = "Dialogforum Integrationsbeauftragte Regierungsbezirk Köln"
CAPACITY = 12


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _pdf(title: str) -> bytes:
    html = (
        f"<html lang='de'><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>Präsentation zum Dialogforum (Demo).</p></body></html>"
    )
    return html_to_pdf(html)


def _commissioners(stdout: TextIO) -> list[User]:
    """One integration commissioner per Kreis of Regierungsbezirk Köln (platform accounts without a password) and
    their entries in the directory; every second person consented to be shown publicly."""
    people = []
    for index, kreis in enumerate(Kreis.objects.filter(key__startswith="053").order_by("key")):
        slug = kreis.key
        email = f"integration-{slug}@demo.teilhabe.nrw"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = core_services.user_create(
                email=email, full_name=f"Integrationsbeauftragte {kreis.name_short}", actor=system_actor()
            )
            core_services.membership_grant(user=user, role=Role.KOMMUNE, ags=kreis.key, actor=system_actor())
        people.append(user)
        if not Structure.objects.filter(kind=Structure.Kind.INTEGRATIONSBEAUFTRAGTE, kreis=kreis).exists():
            public = index % 2 == 0
            contact = Contact.objects.create(
                name=f"Integrationsbeauftragte Person {kreis.name_short}",
                function="Integrationsbeauftragte",
                email=email,
                consent_at=timezone.localdate() if public else None,
                consent_public=public,
            )
            Structure.objects.create(
                kind=Structure.Kind.INTEGRATIONSBEAUFTRAGTE,
                name=f"Integrationsbeauftragte {kreis.name_short}",
                kreis=kreis,
                contact=contact,
                email=f"integration@{slug}.example",
                status=Status.PUBLISHED,
            )
    stdout.write(f"Dialog: {len(people)} Integrationsbeauftragte im Regierungsbezirk Köln\n")
    return people


def seed(*, stdout: TextIO, users: dict[str, User], **_: Any) -> None:
    if Series.objects.filter(name=SERIES).exists():
        stdout.write("Dialog: vorhanden, nichts geändert\n")
        return
    land = users["land"]
    people = _commissioners(stdout)
    series = services.series_create(
        actor=land, name=SERIES, description="Regelmäßiger Austausch des Ministeriums mit den Integrationsbeauftragten."
    )
    today = timezone.localdate()

    past_day = today - timedelta(days=56)
    past = services.event_create(
        actor=land,
        data=services.EventInput(
            title="Dialogforum Frühjahr: Einbürgerung und Willkommenskultur",
            description="Austausch über die Einbürgerungskampagnen der Kommunen und die Arbeit der Integrationsräte.",
            starts_at=_at(past_day, 10),
            ends_at=_at(past_day, 15),
            place="Bezirksregierung Köln, Zeughausstraße 2–10, 50667 Köln",
            capacity=30,
            registration_deadline=_at(past_day - timedelta(days=7), 23, 59),
            audience=Audience.COMMISSIONERS,
            region="053",
            series=series,
        ),
    )
    for at, title, speaker in [
        (time(10), "Begrüßung und Bericht aus dem Ministerium", "Lena Landwehr (Ministerium)"),
        (time(11), "Einbürgerungskampagnen in Köln und Bonn", "Kemal Korkmaz (KI Köln)"),
        (time(13), "Austausch in Kleingruppen", ""),
    ]:
        services.agenda_item_add(actor=land, event=past, title=title, speaker=speaker, at=at)
    services.minutes_save(
        actor=land,
        event=past,
        summary="28 Teilnehmende aus 11 Kreisen und kreisfreien Städten. Die Kommunen berichteten über steigende "
        "Zahlen von Einbürgerungsanträgen und lange Wartezeiten. Das Ministerium stellte die Landeskampagne vor.",
        decisions="Die Kommunen teilen ihre Materialien zur Einbürgerung über die Plattform.\n"
        "Das nächste Forum widmet sich der Arbeit der Integrationsräte.",
        publish=True,
    )
    done = services.action_item_add(
        actor=land,
        event=past,
        title="Präsentation der Landeskampagne bereitstellen",
        owner="Ministerium",
        due_on=past_day + timedelta(days=14),
    )
    services.action_item_set_status(actor=land, item=done, status="done")
    services.action_item_add(
        actor=land,
        event=past,
        title="Musterschreiben zur Einbürgerung abstimmen",
        owner="KI Köln",
        due_on=today + timedelta(days=7),
    )
    services.document_add(
        actor=land,
        data=services.DocumentInput(
            title="Präsentation Landeskampagne Einbürgerung",
            file=ContentFile(_pdf("Landeskampagne Einbürgerung"), name="landeskampagne.pdf"),  # type: ignore[arg-type]
            event=past,
        ),
    )

    next_day = today + timedelta(days=21)
    upcoming = services.event_create(
        actor=land,
        data=services.EventInput(
            title="Dialogforum Herbst: Integrationsräte stärken",
            description="Wie arbeiten Integrationsräte und Verwaltung gut zusammen? Mit Beispielen aus den Kommunen.",
            starts_at=_at(next_day, 10),
            ends_at=_at(next_day, 15, 30),
            place="Historisches Rathaus, Rathausplatz 2, 50667 Köln",
            online_url="https://konferenz.example/dialogforum",
            capacity=CAPACITY,
            registration_deadline=_at(next_day - timedelta(days=3), 23, 59),
            audience=Audience.COMMISSIONERS,
            region="053",
            series=series,
        ),
    )
    services.agenda_item_add(actor=land, event=upcoming, title="Begrüßung", speaker="Ministerium", at=time(10))
    services.agenda_item_add(
        actor=land,
        event=upcoming,
        title="Integrationsräte in der Praxis",
        speaker="Landesintegrationsrat",
        at=time(10, 30),
    )
    needs: list[list[str]] = [[Need.STEP_FREE], [], [Need.DIETARY], [], [Need.SIGN_LANGUAGE], []]
    for index, person in enumerate(p for p in people if not p.email.startswith("integration-05315")):
        if index >= CAPACITY - 1:
            break
        services.registration_create(actor=person, event=upcoming, needs=needs[index % len(needs)])
    stdout.write(
        f"Dialog: Reihe „{SERIES}“ mit einem vergangenen Termin (Protokoll, Aufgaben, Dokument) und einem "
        f"kommenden ({upcoming.registrations.count()} von {CAPACITY} Plätzen belegt)\n"
    )
