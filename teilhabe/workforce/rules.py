"""Who may do what in the staff survey.

- behoerde: the survey officer of one authority (a membership scoped to it) keeps its units, issues and prints
  participation codes, enters hiring figures and sees its own statistics after disclosure control;
- land: sees every authority, opens, closes and publishes campaigns, sees the counts before suppression;
- the system actor: destroys the participation codes of closed campaigns (deletion concept);
- everyone: answers the survey with a code (the code is the only credential), sees published results.
Operators (admin) see none of the survey data in the application.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.contenttypes.models import ContentType

from teilhabe.core.roles import Role
from teilhabe.core.rules import is_admin, is_behoerde, is_land, is_system
from teilhabe.core.scope import scope_of
from teilhabe.workforce.models import Authority, CodeBatch, HiringFigure, OrgUnit


def authority_of(obj: Any) -> Authority | None:
    if isinstance(obj, Authority):
        return obj
    if isinstance(obj, OrgUnit | HiringFigure):
        return obj.authority
    if isinstance(obj, CodeBatch):
        return obj.unit.authority
    return None


@rules.predicate
def is_officer_of(user: Any, obj: Any) -> bool:
    authority = authority_of(obj)
    if authority is None:
        return False
    ct = ContentType.objects.get_for_model(Authority)
    return (ct.pk, authority.pk) in scope_of(user).objects.get(Role.BEHOERDE, frozenset())


rules.add_perm("workforce.answer_survey", rules.always_allow)
rules.add_perm("workforce.view_published", rules.always_allow)
rules.add_perm("workforce.view_workforce", is_behoerde | is_land)
rules.add_perm("workforce.manage_campaigns", is_land)
rules.add_perm("workforce.keep_authority", is_officer_of)
rules.add_perm("workforce.view_statistics", is_officer_of | is_land)
rules.add_perm("workforce.view_unsuppressed", is_land)
#: The deletion concept's run: daily as the system actor, or started by an operator (who may run the purge); the
#: codes are credentials, not survey data, and destroying them reveals nothing.
rules.add_perm("workforce.destroy_codes", is_land | is_system | is_admin)
