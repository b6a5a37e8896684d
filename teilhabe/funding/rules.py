"""Who may do what with funding. Scope of an application is its applicant's area (``ags``).

- applicant side: a kommune user whose area covers the applicant's AGS (applications of Kreise, Städte and
  Gemeinden), or a member of the applying organisation;
- authority side: a bewilligung user whose area (its Regierungsbezirk) covers the applicant's AGS;
- Land reads everything and keeps programmes, budgets and calls and the KI staff rates;
- operators (admin) keep accounts, not funding data: they see none of it;
- the system actor (teilhabe.core.system, ``is_system``) has exactly what the daily tasks need: making notices
  final after the appeal period and sending deadline reminders; nothing else.
The four-eyes rules (decider ≠ proposer, orderer ≠ checker) are checked in the services and by the database.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.contenttypes.models import ContentType

from teilhabe.core.roles import Role
from teilhabe.core.rules import is_bewilligung, is_kommune, is_land, is_organisation, is_system
from teilhabe.core.scope import scope_of
from teilhabe.funding.models import ApplicantKind, Application, Position
from teilhabe.registry.models import Organisation


def application_of(obj: Any) -> Application | None:
    if isinstance(obj, Application):
        return obj
    return getattr(obj, "application", None)


@rules.predicate
def is_applicant(user: Any, obj: Any) -> bool:
    application = application_of(obj)
    if application is None:
        return False
    scope = scope_of(user)
    if application.applicant_kind == ApplicantKind.ORGANISATION:
        ct = ContentType.objects.get_for_model(Organisation)
        return (ct.pk, application.organisation_id) in scope.objects.get(Role.ORGANISATION, frozenset())
    return scope.covers_ags(Role.KOMMUNE, application.ags)


@rules.predicate
def is_authority_in_scope(user: Any, obj: Any) -> bool:
    application = application_of(obj)
    return application is not None and scope_of(user).covers_ags(Role.BEWILLIGUNG, application.ags)


@rules.predicate
def keeps_centre(user: Any, obj: Any) -> bool:
    """A kommune user of the KI's area keeps the occupancy of its posts."""
    centre = obj.centre if isinstance(obj, Position) else obj
    return centre is not None and scope_of(user).covers_ags(Role.KOMMUNE, centre.ags)


@rules.predicate
def staff_authority(user: Any, obj: Any) -> bool:
    centre = obj.centre if isinstance(obj, Position) else obj
    return centre is not None and scope_of(user).covers_ags(Role.BEWILLIGUNG, centre.ags)


#: Decided grants without personal data (360Giving, /api/v1/grants) are open data.
rules.add_perm("funding.view_open_data", rules.always_allow)
rules.add_perm("funding.view_funding", is_kommune | is_organisation | is_bewilligung | is_land)
rules.add_perm("funding.view_overview", is_bewilligung | is_land)
rules.add_perm("funding.manage_programmes", is_land)
rules.add_perm("funding.apply", is_kommune | is_organisation)
rules.add_perm("funding.view_application", is_applicant | is_authority_in_scope | is_land)
rules.add_perm("funding.edit_application", is_applicant)
rules.add_perm("funding.process_application", is_authority_in_scope)
rules.add_perm("funding.request_payment", is_applicant)
rules.add_perm("funding.process_payment", is_authority_in_scope)
rules.add_perm("funding.submit_proof", is_applicant)
rules.add_perm("funding.check_proof", is_authority_in_scope)
rules.add_perm("funding.export_payments", is_bewilligung | is_land)
rules.add_perm("funding.view_staff_funding", is_kommune | is_bewilligung | is_land)
rules.add_perm("funding.view_centre", keeps_centre | staff_authority | is_land)
rules.add_perm("funding.keep_occupancy", keeps_centre)
rules.add_perm("funding.manage_staff_rates", is_land)
rules.add_perm("funding.process_repayment", is_authority_in_scope)
#: The daily task makes notices final once the appeal period has passed (so may the authority).
rules.add_perm("funding.finalize_notice", is_authority_in_scope | is_system)
rules.add_perm("funding.send_reminders", is_system)
