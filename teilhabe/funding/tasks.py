"""Background work of the funding app (django-tasks: a database worker runs it, tests run it at once).

Run daily (cron or systemd timer: ``teilhabe funding_daily``):
- reminders before and after each deadline: the call's closing for drafts and returned applications, the interim
  proofs (30 April) and the final proof of use; each reminder is sent once and recorded as an audit event;
- notices whose appeal period has passed become final.

Both run as the system actor (teilhabe.core.system.system_actor), which holds exactly the two permissions they
need (funding.send_reminders, funding.finalize_notice; see funding/rules.py); every step lands in the audit log
with it as the actor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from teilhabe.core.models import AuditEvent, User
from teilhabe.core.services import audit_record
from teilhabe.core.system import system_actor
from teilhabe.funding import services
from teilhabe.funding.models import Application, ApplicationStatus
from teilhabe.funding.selectors import application_content_type

S = ApplicationStatus
REMIND_BEFORE_DAYS = 14


def _recipients(application: Application) -> list[str]:
    """Who acts for the applicant: the person who applied and, for an organisation, its current members."""
    from teilhabe.registry.tasks import keepers_of

    people: list[User] = [application.created_by] if application.created_by.is_active else []
    if application.organisation_id:
        people += keepers_of([application.organisation_id]).get(str(application.organisation_id), [])
    return sorted({p.email for p in people if p.email and p.has_usable_password()})


def _already_sent(application: Application, key: str) -> bool:
    return AuditEvent.objects.filter(
        object_type=application_content_type(), object_id=str(application.pk), action="funding.reminder", reason=key
    ).exists()


@task()
def remind_deadlines(today: str | None = None) -> int:
    """Mail the applicants 14 days before a deadline and once when it has passed. Returns the mails sent."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    actor = system_actor()
    if not actor.has_perm("funding.send_reminders"):
        raise PermissionDenied("the system actor may not send funding reminders")
    sent = 0
    applications = (
        Application.objects.filter(status__in=[S.DRAFT, S.RETURNED, S.FINAL, S.RUNNING])
        .select_related("call", "programme", "created_by")
        .prefetch_related("proofs")
    )
    with override(settings.LANGUAGE_CODE):
        for application in applications:
            for label, due in services.open_deadlines(application):
                if due - dt.timedelta(days=REMIND_BEFORE_DAYS) <= day <= due:
                    phase = "before"
                elif day > due:
                    phase = "after"
                else:
                    continue
                key = f"{label} {due.isoformat()} {phase}"
                recipients = _recipients(application)
                if not recipients or _already_sent(application, key):
                    continue
                subject = (
                    _("Frist %(label)s am %(date)s: %(reference)s")
                    if phase == "before"
                    else _("Frist versäumt: %(label)s am %(date)s, %(reference)s")
                ) % {"label": label, "date": due.strftime("%d.%m.%Y"), "reference": application.reference}
                body = _(
                    "Guten Tag,\n\nfür den Förderantrag %(reference)s „%(title)s“ (%(programme)s) gilt die Frist "
                    "„%(label)s“ am %(date)s.\n%(advice)s\n\nTeilhabe NRW"
                ) % {
                    "reference": application.reference,
                    "title": application.title,
                    "programme": application.programme.name,
                    "label": label,
                    "date": due.strftime("%d.%m.%Y"),
                    "advice": _("Bitte denken Sie rechtzeitig daran.")
                    if phase == "before"
                    else _(
                        "Die Frist ist abgelaufen. Bitte holen Sie den Schritt umgehend nach oder wenden Sie "
                        "sich an die Bewilligungsbehörde."
                    ),
                }
                send_mail(subject, body, None, recipients)
                audit_record(
                    action="funding.reminder", actor=actor, obj=application, reason=key, data={"to": len(recipients)}
                )
                sent += 1
    return sent


@task()
def finalize_notices(today: str | None = None) -> int:
    """Notices whose appeal period has passed become final (nobody has to click). Returns how many."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    actor = system_actor()
    count = 0
    for application in Application.objects.filter(status=S.NOTICE_ISSUED):
        ends = services.appeal_period_ends(application)
        if ends is not None and day > ends:
            services.notice_final(actor=actor, application=application, today=day)
            count += 1
    return count


def run_daily(**kwargs: Any) -> list[Any]:
    return [remind_deadlines.enqueue(**kwargs), finalize_notices.enqueue(**kwargs)]
