"""Who may do what in the dialogue.

- Land (the ministry) creates and manages events, topics, minutes and documents, and sees every event;
- the target group of an event or topic are the kommune users (integration commissioners, KI staff) whose area
  overlaps the event's region ("053" = Regierungsbezirk Köln reaches a user of Köln, "05315"); they see the event,
  register and read its documents (documents marked "participants only": only the registered participants);
- the directory of commissioners and KIs is public (contact persons only with consent); Land exports it;
- the system actor sends invitations and reminders and deletes needs after an event, nothing else.
"""

from __future__ import annotations

from typing import Any

import rules

from teilhabe.core.roles import Role
from teilhabe.core.rules import is_kommune, is_land, is_system
from teilhabe.core.scope import scope_of


def _overlaps(user: Any, region: str) -> bool:
    return any(a.startswith(region) or region.startswith(a) for a in scope_of(user).ags.get(Role.KOMMUNE, ()))


def _group_of(obj: Any) -> Any:
    """The event or topic whose target group decides (a document hangs on one of them)."""
    if obj is None:
        return None
    if hasattr(obj, "participants_only"):  # a document
        return obj.event if obj.event_id else obj.topic
    return obj


@rules.predicate
def in_target_group(user: Any, obj: Any) -> bool:
    group = _group_of(obj)
    return group is not None and _overlaps(user, group.region)


@rules.predicate
def may_read_document(user: Any, obj: Any) -> bool:
    """Members of the group; a document for participants only: those registered for its event."""
    if obj is None or not in_target_group(user, obj):
        return False
    if obj.event_id and obj.participants_only:
        return obj.event.registrations.filter(user=user, status="registered").exists()
    return True


rules.add_perm("dialogue.view_events", is_land | is_kommune)
rules.add_perm("dialogue.manage_events", is_land)
rules.add_perm("dialogue.view_event", is_land | in_target_group)
rules.add_perm("dialogue.manage_event", is_land)
rules.add_perm("dialogue.register", is_kommune & in_target_group)
rules.add_perm("dialogue.view_document", is_land | may_read_document)
rules.add_perm("dialogue.view_topic", is_land | in_target_group)
rules.add_perm("dialogue.view_directory", rules.always_allow)
rules.add_perm("dialogue.export_directory", is_land)
#: The calendar feed of one person: the signed token in its address decides, not a login.
rules.add_perm("dialogue.open_feed", rules.always_allow)
#: Background work: invitations, reminders, deleting needs after the event.
rules.add_perm("dialogue.send_mail", is_land | is_system)
rules.add_perm("dialogue.purge_needs", is_land | is_system)
