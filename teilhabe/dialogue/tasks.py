"""Background work of the dialogue (django-tasks: a database worker runs it, tests run it at once).

Everything here acts as the system actor, which holds only the rights granted to it in rules.py.
Run daily (cron or systemd timer: ``teilhabe dialogue_daily``): reminders the day before an event, and deleting the
needs stated for events that have ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import TaskContext, task

from teilhabe.core.system import system_actor
from teilhabe.dialogue import mails, services
from teilhabe.dialogue.models import Event


@task()
def send_invitations(event_id: str) -> int:
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    return services.invitations_send(actor=system_actor(), event=event)


@task(takes_context=True)
def send_event_mail(context: TaskContext, event_id: str, kind: str, recipients: list[list[str]], key: str = "") -> int:
    """One mail per person about their registration or a change of the event (logged; a key makes it once).
    Without a key, the task's own id is the key: a task run again after its worker died mails nobody twice."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    key = key or f"{kind}:task:{context.task_result.id}"
    return mails.send(event, kind, [mails.Recipient(email, name) for email, name in recipients], key=key)


@task()
def daily(today: str | None = None) -> dict[str, int]:
    day = dt.date.fromisoformat(today) if today else None
    actor = system_actor()
    return {
        "reminders": services.reminders_send(actor=actor, day=day),
        "needs_deleted": services.needs_purge(actor=actor),
    }


def run_daily(**kwargs: Any) -> Any:
    return daily.enqueue(**kwargs)
