"""The dialogue's services: rights, validation, capacity and waiting list, mails, minutes and documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.core.system import system_actor
from teilhabe.dialogue import selectors, services
from teilhabe.dialogue.models import ActionItem, Document, Event, MailLog, Need, Registration
from teilhabe.registry.models import Contact, Structure
from tests.dialogue.factories import event_input, kommune_user, land_user, make_event, make_series, pdf_file

pytestmark = pytest.mark.django_db
R = Registration.Status


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a service and the mails it queued for after the commit."""

    def run(service: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


# --- events ---------------------------------------------------------------------------------------------------


def test_land_creates_an_event_with_audit() -> None:
    land = land_user()
    event = services.event_create(actor=land, data=event_input())
    assert event.created_by == land
    assert AuditEvent.objects.filter(action="dialogue.event_created", object_id=str(event.pk)).exists()


def test_kommune_may_not_create_events() -> None:
    with pytest.raises(PermissionDenied):
        services.event_create(actor=kommune_user(), data=event_input())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"ends_at": timezone.now()},  # before the start
        {"place": "", "online_url": ""},
        {"capacity": 0},
        {"region": "06"},
    ],
)
def test_invalid_events_are_refused_and_nothing_stored(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        services.event_create(actor=land_user(), data=event_input(**overrides))
    assert not Event.objects.exists()


def test_deadline_after_start_is_refused() -> None:
    data = event_input()
    data.registration_deadline = data.starts_at + timedelta(hours=1)
    with pytest.raises(ValidationError):
        services.event_create(actor=land_user(), data=data)


# --- registration ---------------------------------------------------------------------------------------------


def test_registration_in_target_group_and_refusals() -> None:
    event = make_event()
    person = kommune_user("05315")
    registration = services.registration_create(actor=person, event=event, needs=[Need.STEP_FREE])
    assert registration.status == R.REGISTERED
    with pytest.raises(ValidationError):  # twice
        services.registration_create(actor=person, event=event)
    with pytest.raises(PermissionDenied):  # Düsseldorf is not in Regierungsbezirk Köln
        services.registration_create(actor=kommune_user("05111"), event=event)
    with pytest.raises(PermissionDenied):  # Land organises, it does not register
        services.registration_create(actor=land_user(), event=event)
    with pytest.raises(ValidationError):
        services.registration_create(actor=kommune_user(), event=event, needs=["jetski"])
    assert Registration.objects.count() == 1


def test_registration_after_deadline_or_cancellation_is_refused() -> None:
    closed = make_event(registration_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="Anmeldeschluss"):
        services.registration_create(actor=kommune_user(), event=closed)
    land = land_user()
    event = make_event(actor=land)
    services.event_cancel(actor=land, event=event, reason="Raum nicht verfügbar")
    with pytest.raises(ValidationError):
        services.registration_create(actor=kommune_user(), event=event)
    assert not Registration.objects.exists()


def test_full_event_puts_people_on_the_waiting_list_and_cancellation_moves_the_first_up(commit: Any) -> None:
    event = make_event(capacity=2)
    first, second, third, fourth = (kommune_user() for _ in range(4))
    regs = [commit(services.registration_create, actor=p, event=event) for p in (first, second, third, fourth)]
    assert [r.status for r in regs] == [R.REGISTERED, R.REGISTERED, R.WAITING, R.WAITING]
    mail.outbox.clear()

    commit(services.registration_cancel, actor=first, registration=regs[0])

    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {first.pk: R.CANCELLED, second.pk: R.REGISTERED, third.pk: R.REGISTERED, fourth.pk: R.WAITING}
    recipients = sorted((m.to[0], m.subject.split(":")[0]) for m in mail.outbox)
    assert recipients == sorted([(first.email, "Abmeldung bestätigt"), (third.email, "Platz frei geworden")])
    assert "English version" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="dialogue.moved_up").count() == 1


def test_only_the_person_or_land_cancels_a_registration() -> None:
    event = make_event()
    person = kommune_user()
    registration = services.registration_create(actor=person, event=event)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=kommune_user(), registration=registration)
    services.registration_cancel(actor=land_user(), registration=registration)
    registration.refresh_from_db()
    assert registration.status == R.CANCELLED
    with pytest.raises(ValidationError):
        services.registration_cancel(actor=person, registration=registration)


def test_cancelled_person_may_register_again_at_the_end_of_the_queue() -> None:
    event = make_event(capacity=1)
    a, b = kommune_user(), kommune_user()
    reg_a = services.registration_create(actor=a, event=event)
    services.registration_create(actor=b, event=event)
    services.registration_cancel(actor=a, registration=reg_a)
    again = services.registration_create(actor=a, event=event)
    assert again.pk == reg_a.pk
    assert again.status == R.WAITING


def test_more_places_let_waiting_people_move_up_and_fewer_than_registered_are_refused() -> None:
    land = land_user()
    event = make_event(actor=land, capacity=1)
    people = [kommune_user() for _ in range(3)]
    for person in people:
        services.registration_create(actor=person, event=event)
    with pytest.raises(ValidationError):
        services.event_update(actor=land, event=event, data=event_input(capacity=0))
    services.event_update(actor=land, event=event, data=event_input(capacity=2))
    assert Registration.objects.filter(status=R.REGISTERED).count() == 2
    with pytest.raises(PermissionDenied):
        services.event_update(actor=people[0], event=event, data=event_input(capacity=5))


def test_changes_and_cancellation_are_mailed_to_participants(commit: Any) -> None:
    land = land_user()
    event = make_event(actor=land)
    person = kommune_user()
    services.registration_create(actor=person, event=event)
    commit(services.event_update, actor=land, event=event, data=event_input(place="Rathaus Bonn"))
    commit(services.event_cancel, actor=land, event=event, reason="Krankheit")
    subjects = [m.subject for m in mail.outbox if m.to == [person.email]]
    assert any(s.startswith("Geändert") for s in subjects)
    assert any(s.startswith("Abgesagt") and "Cancelled" in s for s in subjects)
    with pytest.raises(ValidationError):
        services.event_cancel(actor=land, event=event, reason="noch einmal")


# --- needs ----------------------------------------------------------------------------------------------------


def test_needs_are_shown_in_aggregate_and_deleted_after_the_event() -> None:
    event = make_event()
    services.registration_create(actor=kommune_user(), event=event, needs=[Need.SIGN_LANGUAGE, Need.STEP_FREE])
    services.registration_create(actor=kommune_user(), event=event, needs=[Need.STEP_FREE], needs_note="Rollstuhl")
    summary = dict(selectors.needs_summary(event=event))
    assert summary[str(Need.STEP_FREE.label)] == 2
    assert summary[str(Need.SIGN_LANGUAGE.label)] == 1
    with pytest.raises(PermissionDenied):
        services.needs_purge(actor=kommune_user())
    assert services.needs_purge(actor=system_actor(), now=event.ends_at - timedelta(minutes=1)) == 0
    assert services.needs_purge(actor=system_actor(), now=event.ends_at + timedelta(minutes=1)) == 1
    assert set(Registration.objects.values_list("needs_note", flat=True)) == {""}
    assert all(r.needs == [] for r in Registration.objects.all())
    event.refresh_from_db()
    assert event.needs_deleted_at is not None
    # the history keeps no copy of the needs
    assert not any(hasattr(h, "needs") for h in Registration.history.all())


# --- invitations and reminders ----------------------------------------------------------------------------------


def test_invitations_go_once_to_the_target_group(commit: Any) -> None:
    land = land_user()
    event = make_event(actor=land)
    koeln, bonn = kommune_user("05315"), kommune_user("05314")
    outside = kommune_user("05111")
    consenting = Contact.objects.create(
        name="Frau Beispiel", email="beispiel@aachen.example", consent_public=True, consent_at=timezone.localdate()
    )
    Structure.objects.create(
        kind=Structure.Kind.INTEGRATIONSBEAUFTRAGTE,
        name="IB Aachen",
        kreis_id="05334",
        contact=consenting,
        email="ib@aachen.example",
    )
    Structure.objects.create(
        kind=Structure.Kind.INTEGRATIONSBEAUFTRAGTE, name="IB Düren", kreis_id="05358", email="ib@dueren.example"
    )
    Structure.objects.create(
        kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, name="KI Düren", kreis_id="05358", email="ki@dueren.example"
    )  # the event is for commissioners only

    with pytest.raises(PermissionDenied):
        services.invitations_request(actor=koeln, event=event)
    commit(services.invitations_request, actor=land, event=event)

    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == sorted([koeln.email, bonn.email, "beispiel@aachen.example", "ib@dueren.example"])
    assert outside.email not in sent
    assert all(m.subject.startswith("Einladung") and "Invitation" in m.subject for m in mail.outbox)
    assert MailLog.objects.filter(kind=MailLog.Kind.INVITATION).count() == 4

    commit(services.invitations_request, actor=land, event=event)  # asked again: nobody gets it twice
    assert len(mail.outbox) == 4
    newcomer = kommune_user("05316")
    services.invitations_send(actor=system_actor(), event=event)
    assert [m.to[0] for m in mail.outbox[4:]] == [newcomer.email]


def test_system_actor_needs_its_grant_to_send() -> None:
    event = make_event()
    with pytest.raises(PermissionDenied):
        services.invitations_send(actor=kommune_user(), event=event)
    assert services.invitations_send(actor=system_actor(), event=event) >= 0


def test_reminder_the_day_before_goes_once_to_the_registered() -> None:
    event = make_event(capacity=1)
    registered, waiting = kommune_user(), kommune_user()
    services.registration_create(actor=registered, event=event)
    services.registration_create(actor=waiting, event=event)
    mail.outbox.clear()
    day_before = timezone.localtime(event.starts_at).date() - timedelta(days=1)
    assert services.reminders_send(actor=system_actor(), day=day_before - timedelta(days=1)) == 0
    assert services.reminders_send(actor=system_actor(), day=day_before) == 1
    assert services.reminders_send(actor=system_actor(), day=day_before) == 0
    assert [m.to for m in mail.outbox] == [[registered.email]]
    with pytest.raises(PermissionDenied):
        services.reminders_send(actor=kommune_user(), day=day_before)


# --- minutes, action items ---------------------------------------------------------------------------------------


def test_open_action_items_are_carried_to_the_next_event_of_the_series() -> None:
    land = land_user()
    series = make_series()
    start = timezone.now() - timedelta(days=30)
    past = make_event(
        actor=land,
        series=series,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        registration_deadline=start - timedelta(days=1),
    )
    services.minutes_save(actor=land, event=past, summary="Gut besucht.", decisions="A\nB", publish=True)
    open_item = services.action_item_add(actor=land, event=past, title="Leitfaden schreiben", owner="KI Köln")
    done = services.action_item_add(actor=land, event=past, title="Raum buchen", owner="Ministerium")
    services.action_item_set_status(actor=land, item=done, status=ActionItem.Status.DONE)

    following = make_event(actor=land, series=series)
    carried = list(following.agenda.filter(action_item__isnull=False))
    assert [a.action_item for a in carried] == [open_item]
    assert "Leitfaden schreiben" in carried[0].title

    late = services.action_item_add(actor=land, event=past, title="Nachtrag", owner="KI Bonn")
    assert following.agenda.filter(action_item=late).exists()
    other = make_event(actor=land)  # not in the series
    assert not other.agenda.exists()


def test_minutes_need_the_event_to_have_begun_and_land() -> None:
    land = land_user()
    event = make_event(actor=land)
    with pytest.raises(ValidationError):
        services.minutes_save(actor=land, event=event, summary="zu früh")
    with pytest.raises(PermissionDenied):
        services.minutes_save(actor=kommune_user(), event=event, summary="x")
    with pytest.raises(PermissionDenied):
        services.action_item_add(actor=kommune_user(), event=event, title="x", owner="y")


# --- documents ----------------------------------------------------------------------------------------------------


def test_documents_with_versions_and_checked_uploads() -> None:
    land = land_user()
    event = make_event(actor=land)
    document = services.document_add(
        actor=land, data=services.DocumentInput(title="Präsentation", file=pdf_file(), event=event)
    )
    version = services.document_version_add(actor=land, document=document, file=pdf_file("v2.pdf"), note="Zahlen")
    assert version.number == 2
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    with pytest.raises(ValidationError):
        services.document_add(
            actor=land,
            data=services.DocumentInput(
                title="Schad", file=ContentFile(b"MZ\x90\x00binary", name="x.pdf"), event=event
            ),
        )
    with pytest.raises(PermissionDenied):
        services.document_add(
            actor=kommune_user(), data=services.DocumentInput(title="x", file=pdf_file(), event=event)
        )
    with pytest.raises(ValidationError):
        services.document_add(actor=land, data=services.DocumentInput(title="ohne", file=pdf_file()))
    assert Document.objects.count() == 1


def test_document_access_by_group() -> None:
    land = land_user()
    event = make_event(actor=land)
    topic = services.topic_create(actor=land, name="Einbürgerung", region="05315")
    public = services.document_add(actor=land, data=services.DocumentInput(title="A", file=pdf_file(), event=event))
    closed = services.document_add(
        actor=land, data=services.DocumentInput(title="B", file=pdf_file(), event=event, participants_only=True)
    )
    topical = services.document_add(actor=land, data=services.DocumentInput(title="C", file=pdf_file(), topic=topic))
    koeln, bonn, duesseldorf = kommune_user("05315"), kommune_user("05314"), kommune_user("05111")

    assert {d.title for d in selectors.documents_for(user=koeln, event=event)} == {"A"}
    services.registration_create(actor=koeln, event=event)
    assert {d.title for d in selectors.documents_for(user=koeln, event=event)} == {"A", "B"}
    assert selectors.documents_for(user=duesseldorf, event=event) == []
    assert selectors.document_for(user=duesseldorf, pk=public.pk) is None
    assert selectors.document_for(user=bonn, pk=closed.pk) is None
    assert selectors.document_for(user=koeln, pk=topical.pk) == topical
    assert selectors.document_for(user=bonn, pk=topical.pk) is None  # the topic is for Köln only
    assert selectors.document_for(user=land, pk=closed.pk) == closed
