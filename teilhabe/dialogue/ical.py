"""iCalendar (RFC 5545) for events: one file per event and a feed per person. Written here, no library needed.

Times are in UTC (``…Z``), so no VTIMEZONE is needed; text is escaped (backslash, semicolon, comma, newline) and
lines are folded at 75 octets with CRLF endings, as the RFC requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from teilhabe.dialogue.mails import base_url
from teilhabe.dialogue.models import Event

PRODID = "-//Land NRW//Teilhabe NRW Dialog//DE"


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _vevent(event: Event, url: str, now: datetime) -> list[str]:
    description = event.description
    agenda = list(event.agenda.all())
    if agenda:
        lines = [f"{item.time:%H:%M} " if item.time else "" for item in agenda]
        description += "\n\nTagesordnung:\n" + "\n".join(
            f"- {prefix}{item.title}" + (f" ({item.speaker})" if item.speaker else "")
            for prefix, item in zip(lines, agenda, strict=True)
        )
    if event.online_url:
        description += f"\n\nOnline: {event.online_url}"
    location = event.place or event.online_url
    result = [
        "BEGIN:VEVENT",
        f"UID:{event.pk}@teilhabe.nrw",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(event.starts_at)}",
        f"DTEND:{_stamp(event.ends_at)}",
        f"SUMMARY:{escape(event.title)}",
        f"DESCRIPTION:{escape(description.strip())}",
        f"LOCATION:{escape(location)}",
        f"URL:{url}",
        f"LAST-MODIFIED:{_stamp(event.updated_at)}",
        f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}",
        "END:VEVENT",
    ]
    return result


def calendar(events: Iterable[Event], *, name: str) -> str:
    from django.urls import reverse

    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += _vevent(event, f"{base_url()}{reverse('dialogue:event_detail', args=[event.pk])}", now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
