"""The mails of the dialogue, each in German with the English version below it.

The texts are written out in both languages here rather than translated through gettext: a mail goes to many people
at once whose language the platform does not know, so every mail carries both. Every mail sent is logged in
MailLog; a mail with a ``key`` goes to each address once (the log's unique key is the guard).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from teilhabe.dialogue.models import Event, MailLog

K = MailLog.Kind

#: Subject and first paragraph per kind: (German, English).
TEXTS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    K.INVITATION: (
        (
            "Einladung: {title}",
            "das Ministerium lädt Sie herzlich zur Veranstaltung „{title}“ ein. Bitte melden Sie "
            "sich bis zum {deadline} auf der Plattform an.",
        ),
        (
            "Invitation: {title}",
            "the Ministry cordially invites you to the event “{title}”. Please register on the "
            "platform by {deadline_en}.",
        ),
    ),
    K.REGISTERED: (
        ("Anmeldung bestätigt: {title}", "Ihre Anmeldung zur Veranstaltung „{title}“ ist bestätigt."),
        ("Registration confirmed: {title}", "your registration for the event “{title}” is confirmed."),
    ),
    K.WAITING: (
        (
            "Warteliste: {title}",
            "die Veranstaltung „{title}“ ist ausgebucht. Sie stehen auf der Warteliste und "
            "rücken automatisch nach, sobald ein Platz frei wird; wir informieren Sie dann.",
        ),
        (
            "Waiting list: {title}",
            "the event “{title}” is fully booked. You are on the waiting list and will move up "
            "automatically as soon as a place becomes free; we will let you know.",
        ),
    ),
    K.MOVED_UP: (
        (
            "Platz frei geworden: {title}",
            "für die Veranstaltung „{title}“ ist ein Platz frei geworden. Sie sind "
            "von der Warteliste nachgerückt und jetzt verbindlich angemeldet.",
        ),
        (
            "A place has become free: {title}",
            "a place has become free for the event “{title}”. You have moved up "
            "from the waiting list and are now registered.",
        ),
    ),
    K.CANCELLED_REGISTRATION: (
        ("Abmeldung bestätigt: {title}", "Sie haben sich von der Veranstaltung „{title}“ abgemeldet."),
        ("Cancellation confirmed: {title}", "you have cancelled your registration for the event “{title}”."),
    ),
    K.CHANGED: (
        (
            "Geändert: {title}",
            "die Veranstaltung „{title}“ wurde geändert. Bitte beachten Sie die aktuellen Angaben unten.",
        ),
        ("Changed: {title}", "the event “{title}” has been changed. Please note the current details below."),
    ),
    K.EVENT_CANCELLED: (
        ("Abgesagt: {title}", "die Veranstaltung „{title}“ muss leider entfallen. {reason}"),
        ("Cancelled: {title}", "unfortunately, the event “{title}” has been cancelled. {reason}"),
    ),
    K.REMINDER: (
        ("Erinnerung: morgen {title}", "wir erinnern Sie an die Veranstaltung „{title}“ morgen."),
        ("Reminder: {title} tomorrow", "this is a reminder of the event “{title}” tomorrow."),
    ),
}


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""


def base_url() -> str:
    return str(getattr(settings, "TEILHABE_BASE_URL", "https://teilhabe.nrw")).rstrip("/")


def _details(event: Event, english: bool) -> str:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    lines = [
        f"{'When' if english else 'Wann'}: {start:%d.%m.%Y, %H:%M}–{end:%H:%M}",
    ]
    if event.place:
        lines.append(f"{'Where' if english else 'Wo'}: {event.place}")
    if event.online_url:
        lines.append(f"Online: {event.online_url}")
    url = base_url()
    lines.append(
        f"{'Details' if english else 'Einzelheiten'}: {url}{reverse('dialogue:event_detail', args=[event.pk])}"
    )
    lines.append(f"{'Calendar' if english else 'Kalender'}: {url}{reverse('dialogue_event_ics', args=[event.pk])}")
    return "\n".join(lines)


def compose(event: Event, kind: str, name: str = "") -> tuple[str, str]:
    """Subject and body of one mail: German first, then English."""
    (de_subject, de_text), (en_subject, en_text) = TEXTS[kind]
    deadline = timezone.localtime(event.registration_deadline)
    values = {
        "title": event.title,
        "deadline": f"{deadline:%d.%m.%Y}",
        "deadline_en": f"{deadline:%d %B %Y}",
        "reason": event.cancel_reason,
    }
    greeting_de = f"Guten Tag {name}," if name else "Guten Tag,"
    greeting_en = f"Dear {name}," if name else "Dear Sir or Madam,"
    body = (
        f"{greeting_de}\n\n{de_text.format(**values).strip()}\n\n{_details(event, False)}\n\n"
        "Mit freundlichen Grüßen\nIhr Ministerium – Teilhabe NRW\n\n"
        "— English version —\n\n"
        f"{greeting_en}\n\n{en_text.format(**values).strip()}\n\n{_details(event, True)}\n\n"
        "Kind regards\nThe Ministry – Teilhabe NRW\n"
    )
    subject = f"{de_subject.format(**values)} / {en_subject.format(**values)}"
    return subject, body


def send(event: Event, kind: str, recipients: list[Recipient], *, key: str = "") -> int:
    """One mail per recipient, each logged; with ``key``, an address that already got it is skipped. Returns sent."""
    sent = 0
    stamp = key or f"{kind}:{timezone.now().isoformat()}"
    for recipient in recipients:
        try:
            with transaction.atomic():
                MailLog.objects.create(event=event, kind=kind, email=recipient.email.lower(), key=stamp)
                subject, body = compose(event, kind, recipient.name)
                send_mail(subject, body, None, [recipient.email])
        except IntegrityError:
            continue  # sent before: once is enough
        sent += 1
    return sent
