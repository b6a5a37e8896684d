"""The registry's part of the start page: offers to verify (Kommune) and the organisation's offers by state."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.navigation import TodayCard, TodayLine
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of
from teilhabe.registry import selectors
from teilhabe.registry.models import Status

#: The order in which an organisation reads its offers: what needs its hand first.
STATE_ORDER = [Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED, Status.ARCHIVED]


def today(user: Any) -> list[TodayCard]:
    """At most three queries: the two verification queues (counted), the offers grouped by state."""
    cards: list[TodayCard] = []
    scope = scope_of(user)
    if user.has_perm("registry.verify_in_scope"):
        queue = reverse("registry:verification_queue")
        offers = selectors.verification_queue(user=user).count()
        organisations = selectors.organisation_queue(user=user).count()
        queue_lines = (
            TodayLine(
                ngettext("%(n)d Angebot wartet auf Ihre Prüfung", "%(n)d Angebote warten auf Ihre Prüfung", offers)
                % {"n": offers},
                queue,
                offers,
            ),
            TodayLine(
                ngettext(
                    "%(n)d Organisation wartet auf Ihre Prüfung",
                    "%(n)d Organisationen warten auf Ihre Prüfung",
                    organisations,
                )
                % {"n": organisations},
                queue,
                organisations,
            ),
        )
        cards.append(TodayCard(title=_("Angebote und Organisationen prüfen"), url=queue, lines=queue_lines, order=30))
    if scope.has_role(Role.ORGANISATION) and user.has_perm("registry.view_registry"):
        counts = dict(
            selectors.offers_visible_to(user)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        base = reverse("registry:offer_list")
        lines = tuple(
            TodayLine(
                _("%(state)s: %(n)d") % {"state": Status(state).label, "n": counts[state]},
                f"{base}?status={state}",
                counts[state],
            )
            for state in STATE_ORDER
            if counts.get(state)
        )
        if not lines:
            lines = (TodayLine(_("Sie haben noch kein Angebot eingetragen."), reverse("registry:offer_create")),)
        cards.append(TodayCard(title=_("Ihre Angebote nach Stand"), url=base, lines=lines, order=35))
    return cards
