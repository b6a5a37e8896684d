"""Who may do what in the registry. Composed from core's role predicates and object scope checks."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.contenttypes.models import ContentType

from teilhabe.core.roles import Role
from teilhabe.core.rules import is_admin, is_kommune, is_land, is_organisation
from teilhabe.core.scope import scope_of
from teilhabe.registry.models import Offer, Organisation, Status, Structure


def _organisation_of(obj: Any) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, Offer):
        return obj.organisation
    return None


@rules.predicate
def is_member_of_organisation(user: Any, obj: Any) -> bool:
    organisation = _organisation_of(obj)
    if organisation is None:
        return False
    ct = ContentType.objects.get_for_model(Organisation)
    return (ct.pk, organisation.pk) in scope_of(user).objects.get(Role.ORGANISATION, frozenset())


@rules.predicate
def is_kommune_in_scope(user: Any, obj: Any) -> bool:
    if obj is None:
        return False
    return scope_of(user).covers_ags(Role.KOMMUNE, getattr(obj, "ags", None))


@rules.predicate
def is_published(user: Any, obj: Any) -> bool:
    return obj is not None and obj.status == Status.PUBLISHED


def _status(*statuses: str) -> Any:
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def predicate(user: Any, obj: Any) -> bool:
        return obj is not None and obj.status in statuses

    return predicate


is_editable_draft = _status(Status.DRAFT)
is_submitted = _status(Status.SUBMITTED)
is_verified = _status(Status.VERIFIED)
is_live = _status(Status.VERIFIED, Status.PUBLISHED)
is_not_archived = _status(Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED)

keeper = is_member_of_organisation | is_kommune_in_scope

# Screens of the registry (lists, forms) for everyone who keeps or oversees entries.
rules.add_perm("registry.view_registry", is_kommune | is_organisation | is_land | is_admin)
rules.add_perm("registry.verify_in_scope", is_kommune)
rules.add_perm("registry.import_entries", is_kommune)

# Offers
rules.add_perm("registry.view_offer", is_published | keeper | is_land | is_admin)
rules.add_perm("registry.add_offer", is_kommune | is_organisation)
rules.add_perm(
    "registry.change_offer", (is_member_of_organisation & is_editable_draft) | (is_kommune_in_scope & is_not_archived)
)
rules.add_perm("registry.submit_offer", keeper & is_editable_draft)
rules.add_perm("registry.verify_offer", is_kommune_in_scope & (is_submitted | is_live))
rules.add_perm("registry.return_offer", is_kommune_in_scope & is_submitted)
rules.add_perm("registry.publish_offer", keeper & is_verified)
rules.add_perm("registry.archive_offer", keeper & is_live)

# Organisations: created by the Kommune of their seat; kept by their members and that Kommune.
rules.add_perm("registry.view_organisation", is_published | keeper | is_land | is_admin)
rules.add_perm("registry.add_organisation", is_kommune)
rules.add_perm("registry.change_organisation", keeper)

# Structures of a Kreis or Gemeinde: kept by the Kommune in scope.
rules.add_perm("registry.view_structure", is_published | is_kommune_in_scope | is_land | is_admin)
rules.add_perm("registry.add_structure", is_kommune)
rules.add_perm("registry.change_structure", is_kommune_in_scope)

# Contacts (GDPR): export and erasure by the keepers of the organisation.
rules.add_perm("registry.manage_contact", keeper | is_admin)


def structure_in_scope(user: Any, structure: Structure) -> bool:
    return scope_of(user).covers_ags(Role.KOMMUNE, structure.ags)
