"""Writes of the dialogue: events, agenda, registration with capacity and waiting list, invitations, reminders,
minutes and action items, topics and documents. Each is one transaction, checks the actor's right on the object,
validates (nothing stored on refusal) and writes an audit event.

Capacity: registering and cancelling lock the event row (SELECT … FOR UPDATE on PostgreSQL; on SQLite every
transaction is IMMEDIATE, so writers queue anyway) and count the registered people under that lock, so never more
people are registered than there are places, however many register at the same moment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.core.uploads import validate_upload
from teilhabe.dialogue import mails, selectors
from teilhabe.dialogue.mails import Recipient
from teilhabe.dialogue.models import (
    ActionItem,
    AgendaItem,
    Audience,
    Document,
    DocumentVersion,
    Event,
    MailLog,
    Minutes,
    Need,
    Registration,
    Series,
    Topic,
)

R = Registration.Status
K = MailLog.Kind
DOCUMENT_KINDS = {"pdf", "docx", "xlsx", "odt", "ods"}


def _require(actor: User, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))


def _locked(event: Event) -> Event:
    """The event row, locked for this transaction (its state is read again under the lock)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _notify(event: Event, kind: str, people: list[User], *, key: str = "") -> None:
    """Send the mail after the transaction commits, as a background task (nothing is mailed for a rollback)."""
    recipients = [[u.email, u.full_name] for u in people if u.email]
    if not recipients:
        return
    from teilhabe.dialogue.tasks import send_event_mail

    transaction.on_commit(
        lambda: send_event_mail.enqueue(event_id=str(event.pk), kind=kind, recipients=recipients, key=key)
    )


# --- series and events (Land) --------------------------------------------------------------------------------------


@transaction.atomic
def series_create(*, actor: User, name: str, description: str = "") -> Series:
    _require(actor, "dialogue.manage_events")
    series = Series(name=name.strip(), description=description)
    series.full_clean()
    series.save()
    audit_record(action="dialogue.series_created", actor=actor, obj=series)
    return series


@dataclass
class EventInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    registration_deadline: datetime
    description: str = ""
    place: str = ""
    online_url: str = ""
    audience: str = Audience.ALL
    region: str = "05"
    series: Series | None = None

    def changes(self, event: Event) -> dict[str, Any]:
        """Fields that differ from the event's current values (as strings, for the audit log)."""
        result = {}
        for name, given in ((f.name, getattr(self, f.name)) for f in fields(self)):
            current, value = getattr(event, name), given
            if name == "series":
                current, value = event.series_id, (self.series.pk if self.series else None)
            if current != value:
                result[name] = {"before": str(current), "after": str(value)}
        return result


def _apply(event: Event, data: EventInput) -> None:
    for name in ("title", "description", "starts_at", "ends_at", "place", "online_url", "capacity"):
        setattr(event, name, getattr(data, name))
    event.registration_deadline = data.registration_deadline
    event.audience = data.audience
    event.region = data.region
    event.series = data.series
    if data.capacity < 1:
        raise ValidationError({"capacity": _("Eine Veranstaltung braucht mindestens einen Platz.")})
    event.full_clean()


@transaction.atomic
def event_create(*, actor: User, data: EventInput) -> Event:
    """A new event; open action items of earlier events of its series go onto its agenda."""
    _require(actor, "dialogue.manage_events")
    event = Event(created_by=actor)
    _apply(event, data)
    event.save()
    audit_record(action="dialogue.event_created", actor=actor, obj=event, to_state=event.status)
    _carry_open_items(event)
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, data: EventInput) -> Event:
    """Change an event; registered and waiting people are told. More places let waiting people move up."""
    event = _locked(event)
    _require(actor, "dialogue.manage_event", event)
    if event.is_cancelled:
        raise ValidationError(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
    changes = data.changes(event)
    if not changes:
        return event
    _apply(event, data)
    registered = Registration.objects.filter(event=event, status=R.REGISTERED).count()
    if data.capacity < registered:
        raise ValidationError(
            {
                "capacity": _("Es sind schon %(count)d Personen angemeldet; so viele Plätze braucht es mindestens.")
                % {"count": registered}
            }
        )
    event.save()
    entry = audit_record(action="dialogue.event_changed", actor=actor, obj=event, data={"changes": changes})
    _move_up(event, actor)
    people = [r.user for r in selectors.participants(event=event)]
    _notify(event, K.CHANGED, people, key=f"changed:{entry.pk}")
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event, reason: str) -> Event:
    event = _locked(event)
    _require(actor, "dialogue.manage_event", event)
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung ist schon abgesagt."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund für die Absage an.")})
    people = [r.user for r in selectors.participants(event=event)]
    before = event.status
    event.status = Event.Status.CANCELLED
    event.cancel_reason = reason.strip()
    event.save()
    audit_record(
        action="dialogue.event_cancelled",
        actor=actor,
        obj=event,
        from_state=before,
        to_state=event.status,
        reason=event.cancel_reason,
    )
    _notify(event, K.EVENT_CANCELLED, people, key="event_cancelled")
    return event


@transaction.atomic
def agenda_item_add(
    *, actor: User, event: Event, title: str, speaker: str = "", at: time | None = None, description: str = ""
) -> AgendaItem:
    event = _locked(event)
    _require(actor, "dialogue.manage_event", event)
    if not title.strip():
        raise ValidationError({"title": _("Bitte geben Sie den Tagesordnungspunkt an.")})
    last = event.agenda.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(
        event=event, title=title.strip(), speaker=speaker, time=at, description=description, order=last + 10
    )
    item.full_clean()
    item.save()
    audit_record(action="dialogue.agenda_item_added", actor=actor, obj=event, data={"title": item.title})
    return item


def _carry_open_items(event: Event) -> int:
    """Put the open action items of the series' earlier events onto this event's agenda (each once)."""
    if event.is_cancelled:
        return 0
    present = set(event.agenda.filter(action_item__isnull=False).values_list("action_item_id", flat=True))
    last = event.agenda.aggregate(m=Max("order"))["m"] or 0
    added = 0
    for item in selectors.open_action_items_before(event=event):
        if item.pk in present:
            continue
        added += 1
        due = f", {_('fällig am')} {item.due_on:%d.%m.%Y}" if item.due_on else ""
        AgendaItem.objects.create(
            event=event,
            order=last + 10 * added,
            title=_("Offene Aufgabe: %(title)s") % {"title": item.title},
            speaker=item.owner,
            description=_("Aus %(event)s%(due)s.") % {"event": item.event, "due": due},
            action_item=item,
        )
    if added:
        audit_record(action="dialogue.action_items_carried", obj=event, data={"count": added})
    return added


# --- registration ----------------------------------------------------------------------------------------------


def _clean_needs(needs: list[str], note: str) -> tuple[list[str], str]:
    unknown = [n for n in needs if n not in Need.values]
    if unknown:
        raise ValidationError({"needs": _("Unbekannter Bedarf: %(needs)s") % {"needs": ", ".join(unknown)}})
    note = note.strip()
    if len(note) > 300:
        raise ValidationError({"needs_note": _("Der Hinweis ist zu lang (höchstens 300 Zeichen).")})
    return sorted(set(needs)), note


@transaction.atomic
def registration_create(
    *, actor: User, event: Event, needs: list[str] | None = None, needs_note: str = ""
) -> Registration:
    """Register the actor: a place while there is one, else the waiting list. Needs are kept until after the event."""
    event = _locked(event)
    _require(actor, "dialogue.register", event)
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung ist abgesagt."))
    if timezone.now() > event.registration_deadline:
        raise ValidationError(_("Der Anmeldeschluss ist vorbei."))
    needs_list, note = _clean_needs(needs or [], needs_note)
    registration = Registration.objects.filter(event=event, user=actor).first()
    if registration is not None and registration.status != R.CANCELLED:
        raise ValidationError(_("Sie sind für diese Veranstaltung schon angemeldet."))
    taken = Registration.objects.filter(event=event, status=R.REGISTERED).count()
    status = R.REGISTERED if taken < event.capacity else R.WAITING
    before = registration.status if registration else ""
    if registration is None:
        registration = Registration(event=event, user=actor)
    registration.status = status
    registration.registered_at = timezone.now()
    registration.cancelled_at = None
    registration.needs = needs_list
    registration.needs_note = note
    registration.save()
    audit_record(
        action="dialogue.registered",
        actor=actor,
        obj=event,
        from_state=before,
        to_state=status,
        data={"registration": str(registration.pk)},
    )
    _notify(
        event,
        K.REGISTERED if status == R.REGISTERED else K.WAITING,
        [actor],
        key=f"{status}:{registration.registered_at.isoformat()}",
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Cancel one's own registration (Land may cancel anyone's); the first on the waiting list moves up."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.user_id != actor.pk:
        _require(actor, "dialogue.manage_event", event)
    else:
        _require(actor, "dialogue.view_event", event)
    if registration.status == R.CANCELLED:
        raise ValidationError(_("Diese Anmeldung ist schon zurückgezogen."))
    if event.is_past:
        raise ValidationError(_("Die Veranstaltung hat schon stattgefunden."))
    before = registration.status
    registration.status = R.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.needs = []
    registration.needs_note = ""
    registration.save()
    audit_record(
        action="dialogue.unregistered",
        actor=actor,
        obj=event,
        from_state=before,
        to_state=R.CANCELLED,
        data={"registration": str(registration.pk)},
    )
    _notify(event, K.CANCELLED_REGISTRATION, [registration.user], key=f"unregistered:{registration.cancelled_at}")
    _move_up(event, actor)
    return registration


def _move_up(event: Event, actor: User) -> list[Registration]:
    """While places are free, the longest-waiting people become registered. The event row must be locked."""
    if event.is_cancelled:
        return []
    free = event.capacity - Registration.objects.filter(event=event, status=R.REGISTERED).count()
    if free <= 0:
        return []
    moved = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=R.WAITING)
        .select_related("user")
        .order_by("registered_at")[:free]
    )
    for registration in moved:
        registration.status = R.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(
            action="dialogue.moved_up",
            actor=actor,
            obj=event,
            from_state=R.WAITING,
            to_state=R.REGISTERED,
            data={"registration": str(registration.pk)},
        )
        _notify(event, K.MOVED_UP, [registration.user], key=f"moved_up:{registration.registered_at.isoformat()}")
    return moved


# --- invitations, reminders, needs (background work) ---------------------------------------------------------------


@transaction.atomic
def invitations_request(*, actor: User, event: Event) -> None:
    """Land asks for the invitations; a background task sends them (one mail per person, once)."""
    event = _locked(event)
    _require(actor, "dialogue.manage_event", event)
    if event.is_cancelled:
        raise ValidationError(_("Die Veranstaltung ist abgesagt."))
    if event.is_past:
        raise ValidationError(_("Die Veranstaltung hat schon stattgefunden."))
    audit_record(action="dialogue.invitations_requested", actor=actor, obj=event)
    from teilhabe.dialogue.tasks import send_invitations

    transaction.on_commit(lambda: send_invitations.enqueue(event_id=str(event.pk)))


@transaction.atomic
def invitations_send(*, actor: User, event: Event) -> int:
    """Mail the invitation to everyone of the target group who has not had it yet. Returns the mails sent."""
    event = _locked(event)
    _require(actor, "dialogue.send_mail", event)
    if event.is_cancelled:
        return 0
    recipients = selectors.invitation_recipients(event=event)
    sent = mails.send(event, K.INVITATION, recipients, key="invitation")
    event.invitations_sent_at = timezone.now()
    event.save(update_fields=["invitations_sent_at", "updated_at"])
    audit_record(
        action="dialogue.invitations_sent", actor=actor, obj=event, data={"sent": sent, "target": len(recipients)}
    )
    return sent


@transaction.atomic
def reminders_send(*, actor: User, day: date | None = None) -> int:
    """The day before an event, remind the registered people (once each). Returns the mails sent."""
    _require(actor, "dialogue.send_mail")
    today = day or timezone.localdate()
    tomorrow = today.toordinal() + 1
    sent = 0
    events = Event.objects.filter(status=Event.Status.PLANNED, starts_at__gte=timezone.now() - timedelta(days=2))
    for event in events:
        if timezone.localtime(event.starts_at).date().toordinal() != tomorrow:
            continue
        people = [
            Recipient(r.user.email, r.user.full_name)
            for r in Registration.objects.filter(event=event, status=R.REGISTERED).select_related("user")
            if r.user.email
        ]
        count = mails.send(event, K.REMINDER, people, key="reminder")
        if count:
            audit_record(action="dialogue.reminders_sent", actor=actor, obj=event, data={"sent": count})
        sent += count
    return sent


@transaction.atomic
def needs_purge(*, actor: User, now: datetime | None = None) -> int:
    """Delete the stated needs of every event that has ended. Returns how many events were cleared."""
    _require(actor, "dialogue.purge_needs")
    moment = now or timezone.now()
    cleared = 0
    for event in Event.objects.filter(ends_at__lt=moment, needs_deleted_at__isnull=True):
        rows = Registration.objects.filter(event=event).exclude(needs=[], needs_note="")
        count = rows.update(needs=[], needs_note="")  # needs stay out of the history, so nothing is left behind
        event.needs_deleted_at = moment
        event.save(update_fields=["needs_deleted_at", "updated_at"])
        audit_record(action="dialogue.needs_deleted", actor=actor, obj=event, data={"registrations": count})
        cleared += 1
    return cleared


# --- minutes and action items ------------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, actor: User, event: Event, summary: str, decisions: str = "", publish: bool = False) -> Minutes:
    event = _locked(event)
    _require(actor, "dialogue.manage_event", event)
    if not summary.strip():
        raise ValidationError({"summary": _("Das Protokoll ist leer.")})
    if timezone.now() < event.starts_at:
        raise ValidationError(_("Ein Protokoll gibt es erst, wenn die Veranstaltung begonnen hat."))
    minutes = Minutes.objects.filter(event=event).first() or Minutes(event=event)
    created = minutes.pk is None or minutes._state.adding
    minutes.summary = summary.strip()
    minutes.decisions = decisions.strip()
    if publish and minutes.published_at is None:
        minutes.published_at = timezone.now()
    minutes.save()
    audit_record(
        action="dialogue.minutes_created" if created else "dialogue.minutes_changed",
        actor=actor,
        obj=event,
        to_state="published" if minutes.published_at else "draft",
    )
    return minutes


@transaction.atomic
def action_item_add(*, actor: User, event: Event, title: str, owner: str, due_on: date | None = None) -> ActionItem:
    """A new action item; open, it goes onto the agenda of the series' next event."""
    event = _locked(event)
    _require(actor, "dialogue.manage_event", event)
    item = ActionItem(event=event, title=title.strip(), owner=owner.strip(), due_on=due_on)
    item.full_clean()
    item.save()
    audit_record(action="dialogue.action_item_added", actor=actor, obj=event, data={"title": item.title})
    following = selectors.next_in_series(event=event)
    if following is not None:
        _carry_open_items(following)
    return item


@transaction.atomic
def action_item_set_status(*, actor: User, item: ActionItem, status: str) -> ActionItem:
    item = ActionItem.objects.select_for_update().select_related("event").get(pk=item.pk)
    _require(actor, "dialogue.manage_event", item.event)
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Unbekannter Status.")})
    before = item.status
    if before == status:
        return item
    item.status = status
    item.save()
    audit_record(
        action="dialogue.action_item_status",
        actor=actor,
        obj=item.event,
        from_state=before,
        to_state=status,
        data={"title": item.title},
    )
    return item


# --- topics and documents ------------------------------------------------------------------------------------


@transaction.atomic
def topic_create(
    *, actor: User, name: str, description: str = "", audience: str = Audience.ALL, region: str = "05"
) -> Topic:
    _require(actor, "dialogue.manage_events")
    topic = Topic(name=name.strip(), description=description, audience=audience, region=region)
    topic.full_clean()
    topic.save()
    audit_record(action="dialogue.topic_created", actor=actor, obj=topic)
    return topic


def _store_version(document: Document, file: UploadedFile, actor: User, note: str) -> DocumentVersion:
    kind = validate_upload(file, allowed=DOCUMENT_KINDS)
    number = (document.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        filename=(file.name or "dokument")[:200],
        kind=kind,
        size=file.size or 0,
        note=note.strip()[:300],
        uploaded_by=actor,
    )
    version.file.save(f"{uuid.uuid4().hex}.{kind}", file, save=False)
    version.save()
    return version


@dataclass
class DocumentInput:
    title: str
    file: UploadedFile
    event: Event | None = None
    topic: Topic | None = None
    participants_only: bool = False
    note: str = ""


@transaction.atomic
def document_add(*, actor: User, data: DocumentInput) -> Document:
    """A new document of an event or topic with its first version (the file checked by content and size)."""
    owner = data.event if data.event is not None else data.topic
    if owner is None or (data.event is not None and data.topic is not None):
        raise ValidationError(_("Ein Dokument gehört zu einer Veranstaltung oder zu einem Thema."))
    _require(actor, "dialogue.manage_events", owner)
    if not data.title.strip():
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    document = Document(
        event=data.event,
        topic=data.topic,
        title=data.title.strip(),
        participants_only=data.participants_only and data.event is not None,
    )
    document.full_clean()
    document.save()
    version = _store_version(document, data.file, actor, data.note)
    audit_record(
        action="dialogue.document_added",
        actor=actor,
        obj=document,
        data={"version": version.number, "file": version.filename},
    )
    return document


@transaction.atomic
def document_version_add(*, actor: User, document: Document, file: UploadedFile, note: str = "") -> DocumentVersion:
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require(actor, "dialogue.manage_events", document)
    if document.archived_at is not None:
        raise ValidationError(_("Das Dokument ist archiviert."))
    version = _store_version(document, file, actor, note)
    document.save(update_fields=["updated_at"])
    audit_record(
        action="dialogue.document_version_added",
        actor=actor,
        obj=document,
        data={"version": version.number, "file": version.filename},
    )
    return version
