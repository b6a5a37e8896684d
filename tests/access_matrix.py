"""Expected answer of every named URL for every role: the one place where a new URL must be declared.

Each entry: url name -> (kwargs, {role: status}). ``kwargs`` is a dict or a callable returning one (run inside
the test, with the database). Roles missing from the dict take the value of the key ``"*"``.
The admin's per-model views (changelist, add, change, delete, history) are covered generically in
tests/test_access_matrix.py; the admin site's own views and any extra admin view are declared here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROLES = ["anonymous", "land", "bewilligung", "kommune", "organisation", "behoerde", "admin"]

PUBLIC = {"*": 200}
#: The admin: operators only; everyone else is sent to the login (the admin's login sends on to ours).
ADMIN_ONLY = {"*": 302, "admin": 200}
LOGGED_IN = {"*": 200, "anonymous": 302}
#: Logged-in staff (land, bewilligung, admin) already confirmed their second factor: the page sends them on.
SECOND_FACTOR = {"*": 200, "anonymous": 302, "land": 302, "bewilligung": 302, "admin": 302}
LOGIN_PAGE = {"*": 302, "anonymous": 200}

Kwargs = dict[str, Any] | Callable[[], dict[str, Any]]

REGISTRY = {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 200, "land": 200, "admin": 200}
KOMMUNE_ONLY = {"*": 403, "anonymous": 302, "kommune": 200}
ADD_OFFER = {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 200}
#: An object in Köln: the Köln kommune and the statewide roles see it; an organisation without it gets 404.
IN_KOELN = {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404, "land": 200, "admin": 200}
KEEPERS_IN_KOELN = {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404, "land": 404, "admin": 200}
CHANGE_IN_KOELN = {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404}


def someone_elses_import() -> dict[str, Any]:
    from teilhabe.registry.models import OfferImport
    from tests.factories import UserFactory

    return {"pk": str(OfferImport.objects.create(actor=UserFactory(), upload="imports/x.csv", filename="x.csv").pk)}


def published_offer() -> dict[str, Any]:
    from tests.registry.factories import make_offer

    return {"pk": str(make_offer(status="published").pk)}


def offer_action() -> dict[str, Any]:
    return {**published_offer(), "action": "archive"}


def published_organisation() -> dict[str, Any]:
    from tests.registry.factories import make_offer

    return {"pk": str(make_offer(status="published").organisation_id)}


def service_at_location() -> dict[str, Any]:
    from teilhabe.registry.hsds import service
    from tests.registry.factories import make_offer

    return {"pk": service(make_offer(status="published"))["service_at_locations"][0]["id"]}


def topic() -> dict[str, Any]:
    from teilhabe.registry.models import Topic

    return {"pk": str(Topic.objects.get(key="sprache").pk)}


def any_user() -> dict[str, Any]:
    from tests.factories import UserFactory

    return {"id": UserFactory().pk}


def user_on_site() -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.core.models import User

    return {"content_type_id": ContentType.objects.get_for_model(User).pk, "object_id": any_user()["id"]}


def structure() -> dict[str, Any]:
    from tests.registry.factories import StructureFactory

    return {"pk": str(StructureFactory().pk)}


def contact() -> dict[str, Any]:
    from tests.registry.factories import ContactFactory

    return {"pk": str(ContactFactory().pk)}


def contact_of_organisation() -> dict[str, Any]:
    return {"owner": "organisation", **organisation()}


def organisation() -> dict[str, Any]:
    from tests.registry.factories import OrganisationFactory

    return {"pk": str(OrganisationFactory().pk)}


def funding_application(state: str = "draft") -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        from tests.funding.factories import application_in

        return {"pk": str(application_in(state).pk)}

    return make


def open_call() -> dict[str, Any]:
    from tests.funding.factories import make_call

    return {"call_pk": str(make_call().pk)}


def funding_attachment() -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from teilhabe.funding.models import Attachment
    from tests.funding.factories import application_in

    application = application_in("draft")
    attachment = Attachment(
        application=application, filename="konzept.pdf", kind="pdf", size=10, uploaded_by=application.created_by
    )
    attachment.file.save("konzept.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {"pk": str(application.pk), "attachment_pk": attachment.pk}


def funding_receipt() -> dict[str, Any]:
    return {**funding_application("submitted")(), "number": 1}


def funding_paid_payment() -> dict[str, Any]:
    from tests.funding.factories import application_in, paid_payment

    application = application_in("running")
    return {"pk": str(application.pk), "payment_pk": str(paid_payment(application).pk)}


def programme() -> dict[str, Any]:
    from tests.funding.factories import make_programme

    return {"key": make_programme().key}


def ki_centre() -> dict[str, Any]:
    from teilhabe.registry.models import Structure

    centre = Structure.objects.create(
        kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, name="KI Köln", kreis_id="05315", gemeinde_id="05315000"
    )
    return {"pk": str(centre.pk)}


#: Funding: the applicant (Köln), the Bezirksregierung Köln and Land see an application; nobody else finds it.
APPLICATION_IN_KOELN = {
    "*": 403,
    "anonymous": 302,
    "kommune": 200,
    "bewilligung": 200,
    "land": 200,
    "organisation": 404,
}
#: Only the applicant edits (the authority and Land see it but may not change it).
APPLICANT_STEP = {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404}
AUTHORITY_STEP = {"*": 403, "anonymous": 302, "bewilligung": 200, "organisation": 404}
FUNDING = {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 200, "bewilligung": 200, "land": 200}
FUNDING_OVERSIGHT = {"*": 403, "anonymous": 302, "bewilligung": 200, "land": 200}
LAND_ONLY = {"*": 403, "anonymous": 302, "land": 200}
STAFF_FUNDING = {"*": 403, "anonymous": 302, "kommune": 200, "bewilligung": 200, "land": 200}

EXPECTATIONS: dict[str, tuple[Kwargs, dict[str, int]]] = {
    # admin site (per-model views: generic, see tests/test_access_matrix.py)
    "admin:index": ({}, ADMIN_ONLY),
    "admin:login": ({}, {"*": 302}),  # always our login with its second factor
    "admin:logout": ({}, {"*": 302, "admin": 405}),  # POST only
    "admin:password_change": ({}, ADMIN_ONLY),
    "admin:password_change_done": ({}, ADMIN_ONLY),
    "admin:jsi18n": ({}, ADMIN_ONLY),
    "admin:app_list": ({"app_label": "core"}, ADMIN_ONLY),
    "admin:autocomplete": ({}, {"*": 302, "admin": 403}),  # without its query parameters
    "admin:view_on_site": (user_on_site, {"*": 302, "admin": 404}),  # a user has no public page
    "admin:auth_user_password_change": (any_user, ADMIN_ONLY),
    "health": ({}, PUBLIC),
    "ready": ({}, {"*": 503}, {"*": 405}),  # in tests no index worker runs: not ready
    "set_language": ({}, {"*": 302}),
    "javascript-catalog": ({}, PUBLIC),
    # core
    "core:start": ({}, PUBLIC),
    "core:account": ({}, LOGGED_IN),
    "core:login": ({}, LOGIN_PAGE),
    "core:logout": ({}, {"*": 405}),
    "core:second_factor": ({}, SECOND_FACTOR),
    "core:password_reset": ({}, PUBLIC),
    "core:password_reset_done": ({}, PUBLIC),
    "core:password_reset_confirm": ({"uidb64": "MQ", "token": "abc-def"}, PUBLIC),
    "core:password_reset_complete": ({}, PUBLIC),
    # geo
    "geo:kreis_list": ({}, PUBLIC),
    "geo:gemeinde_list": ({}, PUBLIC),
    "geo:kreis_detail": ({"key": "05315"}, PUBLIC),
    "geo:kreis_boundary": ({"key": "05315"}, PUBLIC),
    "geo:gemeinde_detail": ({"ags": "05315000"}, PUBLIC),
    "geo:gemeinde_boundary": ({"ags": "05315000"}, PUBLIC),
    "geo:nrw_outline": ({}, PUBLIC),
    # public finder
    "public:finder": ({}, PUBLIC),
    "public:finder_points": ({}, PUBLIC),
    "public:offer_detail": (published_offer, PUBLIC),
    "public:offer_pdf": (published_offer, PUBLIC),
    "public:finder_pdf": ({}, PUBLIC),
    # registry
    "registry:offer_list": ({}, REGISTRY),
    "registry:offer_create": ({}, ADD_OFFER),
    "registry:verification_queue": ({}, KOMMUNE_ONLY),
    "registry:offer_import": ({}, ADD_OFFER),
    # Someone else's import: those who may import get 404, the rest 403; GET-only / POST-only answer 405 first.
    "registry:offer_import_status": (
        someone_elses_import,
        {"*": 403, "anonymous": 302, "kommune": 404, "organisation": 404},
        {"*": 403, "anonymous": 302, "kommune": 405, "organisation": 405},
    ),
    "registry:offer_import_cancel": (
        someone_elses_import,
        {"*": 403, "anonymous": 302, "kommune": 405, "organisation": 405},
        {"*": 403, "anonymous": 302, "kommune": 404, "organisation": 404},
    ),
    "registry:offer_detail": (published_offer, IN_KOELN),
    "registry:offer_edit": (published_offer, CHANGE_IN_KOELN),
    "registry:offer_action": (offer_action, {"*": 405}),
    "registry:organisation_list": ({}, REGISTRY),
    "registry:organisation_create": ({}, KOMMUNE_ONLY),
    "registry:organisation_detail": (organisation, IN_KOELN),
    "registry:organisation_edit": (organisation, CHANGE_IN_KOELN),
    "registry:organisation_action": ({"pk": "0", "action": "verify"}, {"*": 405}),  # POST only
    "registry:structure_list": ({}, REGISTRY),
    "registry:structure_create": ({}, KOMMUNE_ONLY),
    #: Published structures are public knowledge: every registry user sees them, only Köln changes them.
    "registry:structure_detail": (structure, REGISTRY),
    "registry:structure_edit": (structure, KOMMUNE_ONLY),
    "registry:structure_archive": (structure, {"*": 405}),  # POST only
    "registry:contact_create": (contact_of_organisation, CHANGE_IN_KOELN),
    #: Personal data: the keepers (Köln) and the operators; Land does not see contact persons.
    "registry:contact_detail": (contact, KEEPERS_IN_KOELN),
    "registry:contact_edit": (contact, KEEPERS_IN_KOELN),
    "registry:contact_export": (contact, KEEPERS_IN_KOELN),
    "registry:contact_erase": (contact, {"*": 405}),  # POST only
    # funding
    "funding:application_list": ({}, FUNDING),
    #: the demo organisation user is no eligible applicant of KOMM-IN (municipalities only)
    "funding:application_create": (open_call, {"*": 403, "anonymous": 302, "kommune": 200}),
    "funding:application_detail": (funding_application(), APPLICATION_IN_KOELN),
    "funding:application_edit": (funding_application(), APPLICANT_STEP),
    "funding:application_plan": (funding_application(), APPLICANT_STEP),
    "funding:application_score": (funding_application("assessment"), {"*": 405}),  # POST only
    "funding:application_propose": (funding_application("assessment"), AUTHORITY_STEP),
    "funding:application_amend": (funding_application("running"), AUTHORITY_STEP),
    "funding:application_action": (lambda: {**funding_application()(), "action": "submit"}, {"*": 405}),
    "funding:attachment_upload": (funding_application(), {"*": 405}),
    "funding:attachment_download": (funding_attachment, APPLICATION_IN_KOELN),
    "funding:receipt_pdf": (funding_receipt, APPLICATION_IN_KOELN),
    "funding:notice_pdf": (funding_application("decided"), APPLICATION_IN_KOELN),
    "funding:payment_create": (funding_application("running"), APPLICANT_STEP),
    "funding:payment_notice_pdf": (funding_paid_payment, APPLICATION_IN_KOELN),
    "funding:payment_action": (lambda: {**funding_paid_payment(), "action": "check"}, {"*": 405}),
    "funding:proof_create": (funding_application("running"), APPLICANT_STEP),
    "funding:proof_check": (lambda: {**funding_application()(), "proof_pk": "0"}, {"*": 405}),
    "funding:payment_export": ({}, FUNDING_OVERSIGHT),
    "funding:overview": ({}, FUNDING_OVERSIGHT),
    "funding:overview_geojson": ({}, FUNDING_OVERSIGHT),
    "funding:programme_list": ({}, FUNDING_OVERSIGHT),
    "funding:programme_create": ({}, LAND_ONLY),
    "funding:programme_detail": (programme, FUNDING_OVERSIGHT),
    "funding:programme_edit": (programme, LAND_ONLY),
    "funding:staff_rates": ({}, {"*": 405}),  # POST only
    "funding:staff_overview": ({}, STAFF_FUNDING),
    "funding:centre_detail": (ki_centre, STAFF_FUNDING),
    "funding:staff_report": (ki_centre, STAFF_FUNDING),
    # api
    "api:offer_search": ({}, PUBLIC),
    "opendata_hsds": ({}, PUBLIC),
    "opendata_hsds_tabular": ({}, PUBLIC),
    "opendata_360giving": ({}, PUBLIC),
    "api:grants": ({}, PUBLIC),
    "api:hsds_root": ({}, PUBLIC),
    "api:hsds_services": ({}, PUBLIC),
    "api:hsds_service": (published_offer, PUBLIC),
    "api:hsds_organizations": ({}, PUBLIC),
    "api:hsds_organization": (published_organisation, PUBLIC),
    "api:hsds_service_at_locations": ({}, PUBLIC),
    "api:hsds_service_at_location": (service_at_location, PUBLIC),
    "api:hsds_taxonomies": ({}, PUBLIC),
    "api:hsds_taxonomy": ({"pk": "9b2c1f1e-58a6-5b8e-9d43-6a0c1b7f0a11"}, {"*": 404}),
    "api:hsds_taxonomy_terms": ({}, PUBLIC),
    "api:hsds_taxonomy_term": (topic, PUBLIC),
    "api:root": ({}, PUBLIC),
    "api:openapi": ({}, PUBLIC),
    "api:kreis_list": ({}, PUBLIC),
    "api:kreis_detail": ({"key": "05315"}, PUBLIC),
    "api:gemeinde_list": ({}, PUBLIC),
    "api:gemeinde_detail": ({"ags": "05315000"}, PUBLIC),
}


def admin_samples() -> None:
    """One row of every model the admin shows, for its object pages (change, delete, history).

    A model without a row here still gets its changelist and add page checked; its object pages then expect the
    admin's "does not exist" answer. Master data (geo) is in every test database already.
    """
    from datetime import UTC, datetime

    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from teilhabe.workforce.models import Authority
    from tests.factories import DEFAULT_PASSWORD, TOTPDeviceFactory, UserFactory

    published_offer()  # registry rows and audit events
    Group.objects.create(name="Beispielgruppe")
    Authority.objects.create(name="Beispielbehörde", kind=Authority.Kind.SONSTIGE)
    TOTPDeviceFactory()
    user = UserFactory()
    login = reverse("core:login")
    Client().post(login, {"username": user.email, "password": DEFAULT_PASSWORD})  # axes: access log
    Client().post(login, {"username": user.email, "password": "falsch"})  # axes: attempt and failure log
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="teilhabe.registry.tasks.mark_stale_and_remind",
        backend_name="default",
        run_after=datetime(2025, 1, 1, tzinfo=UTC),
        exception_class_path="",
        traceback="",
    )


def expected(name: str, role: str) -> int:
    statuses = EXPECTATIONS[name][1]
    return statuses.get(role, statuses["*"])
