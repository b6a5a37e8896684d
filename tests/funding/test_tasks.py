from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from teilhabe.funding import tasks
from teilhabe.funding.models import ApplicationStatus
from tests.funding.factories import application_in, next_year

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def test_reminder_before_and_after_the_proof_deadline_once_each() -> None:
    application = application_in(S.RUNNING)
    application.created_by.set_password("x")
    application.created_by.save()
    due = dt.date(next_year() + 1, 6, 30)  # six months after the end of the project
    assert tasks.remind_deadlines.call(today=(due - dt.timedelta(days=30)).isoformat()) == 0
    assert tasks.remind_deadlines.call(today=(due - dt.timedelta(days=10)).isoformat()) == 1
    assert tasks.remind_deadlines.call(today=(due - dt.timedelta(days=9)).isoformat()) == 0  # once
    assert tasks.remind_deadlines.call(today=(due + dt.timedelta(days=1)).isoformat()) == 1
    assert len(mail.outbox) == 2
    assert "Frist versäumt" in mail.outbox[1].subject
    assert mail.outbox[0].to == [application.created_by.email]


def test_notice_becomes_final_after_the_appeal_period() -> None:
    application = application_in(S.NOTICE_ISSUED)
    issued = application.notice_issued_on
    assert tasks.finalize_notices.call(today=(issued + dt.timedelta(days=10)).isoformat()) == 0
    assert tasks.finalize_notices.call(today=(issued + dt.timedelta(days=40)).isoformat()) == 1
    application.refresh_from_db()
    assert application.status == S.FINAL


def test_daily_command_runs_the_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("funding_daily")
    assert capsys.readouterr().out.count("Auftrag eingereiht") == 2
