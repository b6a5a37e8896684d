"""Background tasks of the registry (django-tasks; a database worker runs them, tests run them at once)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.system import system_actor
from teilhabe.registry import selectors
from teilhabe.registry.models import Offer, Organisation
from teilhabe.registry.services import offers_mark_stale, organisations_mark_stale, stale_reminder_record


def keepers_of(organisation_ids: list[Any]) -> dict[str, list[User]]:
    """Active members (role organisation, current membership) per organisation id. One query."""
    ct = ContentType.objects.get_for_model(Organisation)
    memberships = Membership.objects.filter(
        role=Role.ORGANISATION, scope_type=ct, scope_id__in=organisation_ids, user__is_active=True
    ).select_related("user")
    keepers: dict[str, list[User]] = defaultdict(list)
    for membership in memberships:
        if membership.is_current():
            keepers[str(membership.scope_id)].append(membership.user)
    return keepers


@task()
def mark_stale_and_remind() -> int:
    """Mark entries not verified for 12 months and remind the members of their organisations by mail.

    Returns the number of mails sent. Each entry is marked (and its keepers reminded) once; a new verification
    by the Kommune lifts the mark. The reminder lists what is marked and not yet reminded, not what this run
    marked: run again after its worker died between the two, it reminds of what the first run marked.
    """
    actor = system_actor()
    offers_mark_stale(actor=actor)
    organisations_mark_stale(actor=actor)
    now = timezone.now()
    offers, organisations = selectors.stale_entries_to_remind()
    titles: dict[str, list[str]] = defaultdict(list)
    offers_of: dict[str, list[Offer]] = defaultdict(list)
    by_id: dict[str, Organisation] = {}
    for offer in offers:
        titles[str(offer.organisation_id)].append(str(_("Angebot: %(title)s") % {"title": offer.title}))
        offers_of[str(offer.organisation_id)].append(offer)
        by_id[str(offer.organisation_id)] = offer.organisation
    for organisation in organisations:
        line = str(_("Eintrag der Organisation: %(name)s") % {"name": organisation.name})
        titles[str(organisation.pk)].insert(0, line)
        by_id[str(organisation.pk)] = organisation
    keepers = keepers_of(list(titles))
    sent = 0
    with override(settings.LANGUAGE_CODE):
        for org_id, lines in sorted(titles.items()):
            recipients = [u.email for u in keepers.get(org_id, [])]
            if not recipients:
                continue  # listed again when the organisation has members
            listing = "\n".join(f"- {line}" for line in lines)
            for email in sorted(recipients):
                send_mail(
                    _("Teilhabe NRW: Bitte prüfen Sie Ihre Einträge"),
                    _(
                        "Guten Tag,\n\ndiese Einträge von %(organisation)s wurden seit über zwölf Monaten nicht "
                        "geprüft:\n\n%(listing)s\n\nBitte prüfen Sie, ob sie noch stimmen, und melden Sie Änderungen "
                        "Ihrer Kommune; sie bestätigt die Einträge dann erneut.\n\nTeilhabe NRW"
                    )
                    % {"organisation": by_id[org_id].name, "listing": listing},
                    None,
                    [email],
                )
                sent += 1
            stale_reminder_record(
                actor=actor, organisation=by_id[org_id], offers=offers_of[org_id], recipients=len(recipients), now=now
            )
    return sent


@task()
def run_offer_import(import_id: str) -> str:
    """A CSV/XLSX import of offers (see ``registry.imports.run_import``); returns its final state."""
    from teilhabe.registry.imports import run_import

    return run_import(import_id)


#: The open-data build has a queue and worker of its own: at 1,000,000 offers it reads for minutes, and an import
#: or a mail queued behind it on the default queue would wait as long.
OPEN_DATA_QUEUE = "opendata"


@task(queue_name=OPEN_DATA_QUEUE)
def build_open_data() -> dict[str, int]:
    """Write the open-data files of the registry (see ``registry.opendata``); returns their sizes."""
    from teilhabe.registry import opendata

    return opendata.build()
