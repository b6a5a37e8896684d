"""Who may do what in the registry. Composed from core's role predicates and object scope checks.

Scope of an entry is its ``ags`` (8-digit Gemeinde key):

- an offer: the Gemeinde of its first place, or its organisation's home Gemeinde when it has no place;
- an organisation: its home Gemeinde (seat);
- a structure: its Gemeinde, or ``<Kreis key>000`` for a structure of a whole Kreis;
- a contact person: the scope of the organisation or structures it belongs to.

A kommune user whose AGS prefix covers that key keeps and verifies the entry. Organisation users keep the entries
of their own organisation while they are drafts and submit them; they never verify or publish. Land and admin
read everything and change nothing here.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.contenttypes.models import ContentType

from teilhabe.core.roles import Role
from teilhabe.core.rules import is_admin, is_kommune, is_land, is_organisation, is_system
from teilhabe.core.scope import scope_of
from teilhabe.registry.models import Contact, Offer, Organisation, Status, Structure


def _organisation_of(obj: Any) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, Offer | Contact):
        return obj.organisation
    return None


def ags_of(obj: Any) -> list[str]:
    """The AGS keys that decide which Kommune keeps ``obj`` (a contact may belong to several structures)."""
    if obj is None:
        return []
    if isinstance(obj, Contact):
        keys = [obj.organisation.ags] if obj.organisation_id and obj.organisation else []
        keys += [s.ags for s in obj.structures.all()]
        return keys
    ags = getattr(obj, "ags", None)
    return [ags] if ags else []


@rules.predicate
def is_member_of_organisation(user: Any, obj: Any) -> bool:
    organisation = _organisation_of(obj)
    if organisation is None:
        return False
    ct = ContentType.objects.get_for_model(Organisation)
    return (ct.pk, organisation.pk) in scope_of(user).objects.get(Role.ORGANISATION, frozenset())


@rules.predicate
def is_kommune_in_scope(user: Any, obj: Any) -> bool:
    scope = scope_of(user)
    return any(scope.covers_ags(Role.KOMMUNE, ags) for ags in ags_of(obj))


@rules.predicate
def is_published(user: Any, obj: Any) -> bool:
    return obj is not None and getattr(obj, "status", None) == Status.PUBLISHED


def _status(*statuses: str) -> Any:
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def predicate(user: Any, obj: Any) -> bool:
        return obj is not None and getattr(obj, "status", None) in statuses

    return predicate


is_editable_draft = _status(Status.DRAFT)
is_submitted = _status(Status.SUBMITTED)
is_verified = _status(Status.VERIFIED)
is_live = _status(Status.VERIFIED, Status.PUBLISHED)
is_not_archived = _status(Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED)

keeper = is_member_of_organisation | is_kommune_in_scope
reader = is_land | is_admin

# Screens of the registry (lists, forms) for everyone who keeps or oversees entries.
#: The daily task marks entries not verified for 12 months (as the system actor, the only one who may).
rules.add_perm("registry.mark_stale", is_system)
rules.add_perm("registry.view_registry", is_kommune | is_organisation | is_land | is_admin)
rules.add_perm("registry.verify_in_scope", is_kommune)
rules.add_perm("registry.import_entries", is_kommune | is_organisation)
#: HSDS files are imported by the command or its background task (system actor) or an operator.
rules.add_perm("registry.import_hsds", is_system | is_admin)

# Offers: members propose drafts, the Kommune of the offer's place verifies; verify publishes at once
# (services.offer_verify(publish=True)), or "verify" and "publish" are two steps by the same Kommune.
rules.add_perm("registry.view_offer", is_published | keeper | reader)
rules.add_perm("registry.add_offer", is_kommune | is_organisation)
rules.add_perm(
    "registry.change_offer", (is_member_of_organisation & is_editable_draft) | (is_kommune_in_scope & is_not_archived)
)
rules.add_perm("registry.submit_offer", keeper & is_editable_draft)
rules.add_perm("registry.verify_offer", is_kommune_in_scope & (is_submitted | is_live))
rules.add_perm("registry.return_offer", is_kommune_in_scope & is_submitted)
rules.add_perm("registry.publish_offer", is_kommune_in_scope & is_verified)
# Withdrawing an offer from the public is allowed to its organisation, too: it never makes anything public.
rules.add_perm("registry.archive_offer", keeper & is_live)

# Organisations: the same lifecycle. The Kommune of the seat creates them (published at once, or as a draft for the
# organisation to complete and submit) and verifies them; members keep their own organisation's draft.
rules.add_perm("registry.view_organisation", is_published | keeper | reader)
rules.add_perm("registry.add_organisation", is_kommune)
rules.add_perm(
    "registry.change_organisation",
    (is_member_of_organisation & is_editable_draft) | (is_kommune_in_scope & is_not_archived),
)
#: May propose offers for the organisation (and import them): its members and the Kommune of its seat.
rules.add_perm("registry.keep_organisation", keeper & is_not_archived)
rules.add_perm("registry.submit_organisation", keeper & is_editable_draft)
rules.add_perm("registry.verify_organisation", is_kommune_in_scope & (is_submitted | is_live))
rules.add_perm("registry.return_organisation", is_kommune_in_scope & is_submitted)
rules.add_perm("registry.publish_organisation", is_kommune_in_scope & is_verified)
rules.add_perm("registry.archive_organisation", is_kommune_in_scope & is_live)

# Structures of a Kreis or Gemeinde: kept by the Kommune in scope, entered directly (published).
rules.add_perm("registry.view_structure", is_published | is_kommune_in_scope | reader)
rules.add_perm("registry.add_structure", is_kommune)
rules.add_perm("registry.change_structure", is_kommune_in_scope & is_not_archived)
rules.add_perm("registry.archive_structure", is_kommune_in_scope & is_live)

# Contact persons (GDPR): kept, exported and erased by the keepers of their organisation or structure.
rules.add_perm("registry.add_contact", is_kommune | is_organisation)
rules.add_perm("registry.manage_contact", keeper | is_admin)


def structure_in_scope(user: Any, structure: Structure) -> bool:
    return scope_of(user).covers_ags(Role.KOMMUNE, structure.ags)
