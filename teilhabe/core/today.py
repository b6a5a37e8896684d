"""What waits on the start page from the core app itself: roles a second person must approve."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.navigation import TodayCard, TodayLine
from teilhabe.core.selectors import memberships_awaiting_approval


def today(user: Any) -> list[TodayCard]:
    """One query: the number of waiting roles, counted from the same selector as the approvals page."""
    if not user.has_perm("core.approve_roles"):
        return []
    waiting = memberships_awaiting_approval(user=user).count()
    if not waiting:
        return []
    url = reverse("core:role_approvals")
    text = ngettext("%(n)d Rolle wartet auf Ihre Freigabe", "%(n)d Rollen warten auf Ihre Freigabe", waiting) % {
        "n": waiting
    }
    return [TodayCard(title=_("Rollenfreigaben"), url=url, lines=(TodayLine(text, url, waiting),), order=90)]
