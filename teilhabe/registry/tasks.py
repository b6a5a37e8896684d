"""Background tasks of the registry (django-tasks; a database worker runs them, tests run them at once)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.core.models import Membership, User
from teilhabe.core.roles import Role
from teilhabe.registry.models import Offer, Organisation
from teilhabe.registry.services import offers_mark_stale


@task()
def mark_stale_and_remind() -> int:
    """Mark offers not verified for 12 months and remind the members of their organisations by mail."""
    marked = offers_mark_stale()
    by_org: dict[str, list[Offer]] = defaultdict(list)
    for offer in marked:
        by_org[str(offer.organisation_id)].append(offer)
    ct = ContentType.objects.get_for_model(Organisation)
    sent = 0
    for org_id, offers in by_org.items():
        members = User.objects.filter(
            is_active=True,
            memberships__in=Membership.objects.filter(role=Role.ORGANISATION, scope_type=ct, scope_id=org_id),
        ).distinct()
        titles = "\n".join(f"- {o.title}" for o in offers)
        for member in members:
            send_mail(
                _("Teilhabe NRW: Bitte prüfen Sie Ihre Angebote"),
                _(
                    "Guten Tag,\n\ndiese Angebote Ihrer Organisation wurden seit über zwölf Monaten nicht geprüft:\n\n"
                    "%(titles)s\n\nBitte prüfen Sie, ob sie noch stimmen, und melden Sie Änderungen; die Kommune "
                    "bestätigt sie dann erneut.\n\nTeilhabe NRW"
                )
                % {"titles": titles},
                None,
                [member.email],
            )
            sent += 1
    return sent
