from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from teilhabe.funding import services, tasks
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


def test_tasks_act_as_the_system_actor_and_are_audited() -> None:
    from teilhabe.core.models import AuditEvent
    from teilhabe.core.system import system_actor

    application = application_in(S.NOTICE_ISSUED)
    ends = services.appeal_period_ends(application)
    assert tasks.finalize_notices.call(today=(ends + dt.timedelta(days=1)).isoformat()) == 1
    event = AuditEvent.objects.get(action="funding.notice_final", object_id=str(application.pk))
    assert event.actor == system_actor()
    running = application_in(S.RUNNING)
    running.created_by.set_password("x")
    running.created_by.save()
    due = dt.date(next_year() + 1, 6, 30)
    assert tasks.remind_deadlines.call(today=(due - dt.timedelta(days=10)).isoformat()) >= 1
    reminders = AuditEvent.objects.filter(action="funding.reminder")
    assert reminders.exists() and {e.actor for e in reminders} == {system_actor()}


def test_the_system_actor_has_only_what_the_tasks_need() -> None:
    from teilhabe.core.system import system_actor

    system = system_actor()
    application = application_in(S.NOTICE_ISSUED)
    assert system.has_perm("funding.finalize_notice", application)
    assert system.has_perm("funding.send_reminders")
    for perm in (
        "funding.process_application",
        "funding.process_payment",
        "funding.check_proof",
        "funding.edit_application",
        "funding.process_repayment",
        "funding.view_application",
    ):
        assert not system.has_perm(perm, application), perm
    # the appeal waiver is the applicant's: the system cannot waive for him
    with pytest.raises(PermissionDenied):
        services.notice_final(actor=system, application=application, waived=True)
    proposed = application_in(S.PROPOSED)
    with pytest.raises(PermissionDenied):
        services.decision_take(actor=system, application=proposed)


@pytest.mark.parametrize("state", [S.SUBMITTED, S.NOTICE_ISSUED])
def test_no_service_runs_without_an_actor(state: str) -> None:
    application = application_in(state)
    with pytest.raises(PermissionDenied):
        if state == S.SUBMITTED:
            services.formal_check_start(actor=None, application=application)  # type: ignore[arg-type]
        else:
            ends = services.appeal_period_ends(application)
            services.notice_final(actor=None, application=application, today=ends + dt.timedelta(days=1))  # type: ignore[arg-type]
    application.refresh_from_db()
    assert application.status == state
