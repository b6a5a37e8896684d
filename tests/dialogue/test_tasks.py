"""The daily command runs as the system actor: reminders the day before and deleting needs after an event."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from teilhabe.core.models import AuditEvent
from teilhabe.core.system import SYSTEM_EMAIL
from teilhabe.dialogue import services
from teilhabe.dialogue.models import MailLog, Need, Registration
from teilhabe.dialogue.tasks import send_event_mail
from tests.dialogue.factories import kommune_user, make_event

pytestmark = pytest.mark.django_db


def test_daily_command_reminds_once_and_deletes_needs_afterwards() -> None:
    event = make_event()
    person = kommune_user()
    services.registration_create(actor=person, event=event, needs=[Need.DIETARY], needs_note="vegan")
    mail.outbox.clear()
    day_before = timezone.localtime(event.starts_at) - timedelta(days=1)
    with time_machine.travel(day_before, tick=False):
        call_command("dialogue_daily", stdout=StringIO())
        call_command("dialogue_daily", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Erinnerung" in mail.outbox[0].subject and "Reminder" in mail.outbox[0].subject
    reminder = AuditEvent.objects.get(action="dialogue.reminders_sent")
    assert reminder.actor is not None and reminder.actor.email == SYSTEM_EMAIL
    assert Registration.objects.get().needs == [Need.DIETARY]

    with time_machine.travel(event.ends_at + timedelta(days=1), tick=False):
        call_command("dialogue_daily", stdout=StringIO())
    registration = Registration.objects.get()
    assert registration.needs == [] and registration.needs_note == ""


@pytest.mark.django_db(transaction=True)
def test_an_event_mail_task_run_again_mails_nobody_twice(settings: Any) -> None:
    """After a worker died, ``teilhabe task_worker`` runs its task again: the task's id keys the mails it sent."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    event = make_event()
    person = kommune_user()
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox.clear()
    send_event_mail.enqueue(event_id=str(event.pk), kind=MailLog.Kind.CHANGED, recipients=[[person.email, "P"]])
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload")
    DBTaskResult.objects.update(status=TaskResultStatus.READY)  # as if its worker had died before noting success
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [[person.email]]
