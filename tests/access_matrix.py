"""Expected answer of every named URL for every role: the one place where a new URL must be declared.

Each entry: url name -> (kwargs, {role: GET status}, {role: POST status}[, Foreign(...)]). ``kwargs`` is a dict or
a callable returning one (run inside the test, with the database). Roles missing from a dict take the value of the
key ``"*"``. The POST is sent with a valid CSRF token and an empty body. Rights come before the HTTP method: a
GET-only page answers 405 to the roles allowed to open it and 403 (or the login) to everyone else.

A URL that takes an object of a body (an application, an offer, a KI) names in ``Foreign`` the same kind of object
of another body (Münster, while the test users are of Köln). Unless ``Foreign`` says otherwise, a scoped role
(kommune, bewilligung, organisation) that has the view's permission gets 404 for it (405 stays 405), and the
statewide roles answer as for the own object.
The admin's per-model views (changelist, add, change, delete, history) are covered generically in
tests/test_access_matrix.py; the admin site's own views and any extra admin view are declared here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
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
Statuses = dict[str, int]

KOELN = "05315000"
MUENSTER = "05515000"
POSTCODE = {KOELN: "50667", MUENSTER: "48143"}
SCOPED_ROLES = ("kommune", "bewilligung", "organisation")


@dataclass(frozen=True)
class Foreign:
    """The object of another body for the same URL, and where its answers differ from the derived ones."""

    kwargs: Kwargs
    get: Statuses = field(default_factory=dict)
    post: Statuses = field(default_factory=dict)

    def expected(self, name: str, role: str, method: str, allowed: bool) -> int:
        overrides = self.get if method == "GET" else self.post
        if role in overrides:
            return overrides[role]
        own = expected(name, role) if method == "GET" else expected_post(name, role)
        if role not in SCOPED_ROLES or own == 405 or not allowed:
            return own
        return 404


def get_only(get: Statuses) -> Statuses:
    """The POST answers of a GET-only page: 405 for whoever passes its permission, the GET answer otherwise."""
    return {role: 405 if status in (200, 404) else status for role, status in get.items()}


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


def published_offer(ags: str = KOELN) -> dict[str, Any]:
    from teilhabe.registry.services import LocationInput
    from tests.registry.factories import OrganisationFactory, make_offer

    organisation = OrganisationFactory(gemeinde_id=ags)
    location = LocationInput(postal_code=POSTCODE[ags], street="Domplatz 1")
    return {"pk": str(make_offer(organisation, status="published", locations=[location]).pk)}


def offer_action(ags: str = KOELN) -> dict[str, Any]:
    return {**published_offer(ags), "action": "archive"}


def submitted_organisation(ags: str = KOELN) -> dict[str, Any]:
    from tests.registry.factories import OrganisationFactory

    return {"pk": str(OrganisationFactory(gemeinde_id=ags, status="submitted").pk), "action": "verify"}


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


def structure(ags: str = KOELN, status: str = "published") -> dict[str, Any]:
    from tests.registry.factories import StructureFactory

    return {"pk": str(StructureFactory(gemeinde_id=ags, kreis_id=ags[:5], status=status).pk)}


def contact(ags: str = KOELN) -> dict[str, Any]:
    from tests.registry.factories import ContactFactory, OrganisationFactory

    return {"pk": str(ContactFactory(organisation=OrganisationFactory(gemeinde_id=ags)).pk)}


def contact_of_organisation(ags: str = KOELN) -> dict[str, Any]:
    return {"owner": "organisation", **organisation(ags)}


def lifecycle_user() -> dict[str, Any]:
    from tests.factories import UserFactory

    return {"pk": UserFactory().pk}


def organisation(ags: str = KOELN) -> dict[str, Any]:
    from tests.registry.factories import OrganisationFactory

    return {"pk": str(OrganisationFactory(gemeinde_id=ags).pk)}


def funding_application(state: str = "draft", ags: str = KOELN) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        from tests.funding.factories import application_in

        return {"pk": str(application_in(state, ags).pk)}

    return make


def application_action(state: str, action: str, ags: str = KOELN) -> Callable[[], dict[str, Any]]:
    return lambda: {**funding_application(state, ags)(), "action": action}


def open_call() -> dict[str, Any]:
    from tests.funding.factories import make_call

    return {"call_pk": str(make_call().pk)}


def funding_attachment(ags: str = KOELN, state: str = "draft") -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from teilhabe.funding.models import Attachment
    from tests.funding.factories import application_in

    application = application_in(state, ags)
    attachment = Attachment(
        application=application, filename="konzept.pdf", kind="pdf", size=10, uploaded_by=application.created_by
    )
    attachment.file.save("konzept.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {"pk": str(application.pk), "attachment_pk": attachment.pk}


def funding_receipt(ags: str = KOELN) -> dict[str, Any]:
    return {**funding_application("submitted", ags)(), "number": 1}


def funding_claim(hearing: bool = False) -> dict[str, Any]:
    """A repayment claim of a Köln application (optionally after the hearing letter)."""
    from tests.funding.factories import authority_people, checked_with_claim

    people = authority_people()
    claim = checked_with_claim(people)
    if hearing:
        from teilhabe.funding import services

        services.repayment_hearing(
            actor=people["proposer"],
            claim=claim,
            deadline=claim.proof.checked_at.date() + dt.timedelta(days=40),
            text="Teilwiderruf",
            today=claim.proof.checked_at.date(),
        )
    return {"pk": str(claim.application_id), "claim_pk": str(claim.pk)}


def funding_paid_payment(ags: str = KOELN) -> dict[str, Any]:
    from tests.funding.factories import application_in, paid_payment

    application = application_in("running", ags)
    return {"pk": str(application.pk), "payment_pk": str(paid_payment(application).pk)}


def funding_requested_payment(ags: str = KOELN, action: str = "check") -> dict[str, Any]:
    """A payment request waiting for its check (the POST as the authority checks it)."""
    from decimal import Decimal

    from teilhabe.funding import services
    from tests.funding.factories import application_in, in_budget_year, next_year

    application = application_in("running", ags)
    payment = services.payment_request(  # requested in the grant's budget year (§ 45 LHO)
        actor=application.created_by,
        application=application,
        year=next_year(),
        amount=Decimal("8000"),
        due_payments=Decimal("10000"),
        need="Gehälter",
        needed_by=in_budget_year(30),
        idempotency_key="matrix",
        requested_by=application.created_by,
        today=in_budget_year(),
    )
    return {"pk": str(application.pk), "payment_pk": str(payment.pk), "action": action}


def programme() -> dict[str, Any]:
    from tests.funding.factories import make_programme

    return {"key": make_programme().key}


def ki_centre(ags: str = KOELN) -> dict[str, Any]:
    from teilhabe.registry.models import Structure

    centre = Structure.objects.create(
        kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM, name="KI", kreis_id=ags[:5], gemeinde_id=ags
    )
    return {"pk": str(centre.pk)}


def foreign(make: Callable[..., dict[str, Any]], *args: Any, **overrides: Statuses) -> Foreign:
    """The object ``make(*args, MUENSTER)`` of another body, with the answers that differ from the derived ones."""
    return Foreign(lambda: make(*args, MUENSTER), **overrides)


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

# --- dialogue ----------------------------------------------------------------------------------------------------


def dialogue_event() -> dict[str, Any]:
    """An upcoming event for the commissioners of Regierungsbezirk Köln: the Köln kommune user is in its group."""
    from tests.dialogue.factories import make_event

    return {"pk": str(make_event().pk)}


def dialogue_topic() -> dict[str, Any]:
    from teilhabe.dialogue import services
    from tests.dialogue.factories import land_user

    return {"pk": str(services.topic_create(actor=land_user(), name="Einbürgerung").pk)}


def dialogue_document() -> dict[str, Any]:
    from teilhabe.dialogue import services
    from tests.dialogue.factories import land_user, make_event, pdf_file

    land = land_user()
    document = services.document_add(
        actor=land, data=services.DocumentInput(title="Präsentation", file=pdf_file(), event=make_event(actor=land))
    )
    return {"pk": str(document.pk)}


def dialogue_version() -> dict[str, Any]:
    return {**dialogue_document(), "number": 1}


def dialogue_action_item() -> dict[str, Any]:
    from teilhabe.dialogue.models import ActionItem
    from tests.dialogue.factories import make_event

    return {"pk": str(ActionItem.objects.create(event=make_event(), title="Leitfaden", owner="KI Köln").pk)}


def dialogue_feed() -> dict[str, Any]:
    from django.core import signing

    from teilhabe.dialogue.views import FEED_SALT
    from tests.dialogue.factories import kommune_user

    return {"token": signing.dumps(kommune_user().pk, salt=FEED_SALT)}


#: Events: Land and the kommune users of the target group (the event is for Regierungsbezirk Köln).
DIALOGUE = {"*": 403, "anonymous": 302, "land": 200, "kommune": 200}
#: POST to a GET-only page of the dialogue: the allowed roles get 405, the others 403 (anonymous: to the login).
DIALOGUE_GET_ONLY = {"*": 403, "anonymous": 302, "land": 405, "kommune": 405}
LAND_GET_ONLY = {"*": 403, "anonymous": 302, "land": 405}
#: A POST-only step of Land: GET answers 405 for Land; an empty POST returns to the page with a message.
LAND_STEP = {"*": 403, "anonymous": 302, "land": 405}
LAND_STEP_POST = {"*": 403, "anonymous": 302, "land": 302}

EXPECTATIONS: dict[str, tuple[Any, ...]] = {
    # admin site (per-model views: generic, see tests/test_access_matrix.py)
    "admin:index": ({}, ADMIN_ONLY, {"*": 302, "admin": 200}),
    "admin:login": ({}, {"*": 302}, get_only({"*": 302})),  # always our login with its second factor
    "admin:logout": ({}, {"*": 302, "admin": 405}, {"*": 302}),  # POST only
    "admin:password_change": ({}, ADMIN_ONLY, {"*": 302, "admin": 200}),
    "admin:password_change_done": ({}, ADMIN_ONLY, get_only(ADMIN_ONLY)),
    "admin:jsi18n": ({}, ADMIN_ONLY, get_only(ADMIN_ONLY)),
    "admin:app_list": ({"app_label": "core"}, ADMIN_ONLY, {"*": 302, "admin": 200}),
    "admin:autocomplete": ({}, {"*": 302, "admin": 403}, {"*": 302, "admin": 405}),  # without its query parameters
    "admin:view_on_site": (
        user_on_site,
        {"*": 302, "admin": 404},
        {"*": 302, "admin": 404},
    ),  # a user has no public page
    "admin:auth_user_password_change": (any_user, ADMIN_ONLY, {"*": 302, "admin": 200}),
    "health": ({}, PUBLIC, get_only(PUBLIC)),
    "ready": ({}, {"*": 503}, {"*": 405}),  # in tests no index worker runs: not ready
    "favicon": ({}, PUBLIC, get_only(PUBLIC)),
    "set_language": ({}, {"*": 302}, get_only({"*": 302})),
    "javascript-catalog": ({}, PUBLIC, get_only(PUBLIC)),
    # core
    "core:start": ({}, PUBLIC, get_only(PUBLIC)),
    "core:account": ({}, LOGGED_IN, {"*": 200, "anonymous": 302}),
    "core:login": ({}, LOGIN_PAGE, {"*": 302, "anonymous": 200}),
    "core:logout": ({}, {"*": 405}, {"*": 302}),
    "core:second_factor": ({}, SECOND_FACTOR, {"*": 302, "kommune": 200, "organisation": 200, "behoerde": 200}),
    "core:password_reset": ({}, PUBLIC, {"*": 200}),
    "core:password_reset_done": ({}, PUBLIC, get_only(PUBLIC)),
    "core:password_reset_confirm": ({"uidb64": "MQ", "token": "abc-def"}, PUBLIC, {"*": 200}),
    "core:password_reset_complete": ({}, PUBLIC, get_only(PUBLIC)),
    #: The second person for privileged roles: operators and Land. (Third element: the answer to a POST.)
    "core:role_approvals": (
        {},
        {"*": 403, "anonymous": 302, "land": 200, "admin": 200},
        {"*": 403, "anonymous": 302, "land": 405, "admin": 405},
    ),
    "core:role_approval_action": (
        {"pk": 0, "action": "freigeben"},
        {"*": 403, "anonymous": 302, "land": 405, "admin": 405},
        {"*": 403, "anonymous": 302, "land": 404, "admin": 404},
    ),
    # geo
    "geo:kreis_list": ({}, PUBLIC, get_only(PUBLIC)),
    "geo:gemeinde_list": ({}, PUBLIC, get_only(PUBLIC)),
    "geo:kreis_detail": ({"key": "05315"}, PUBLIC, get_only(PUBLIC)),
    "geo:kreis_boundary": ({"key": "05315"}, PUBLIC, get_only(PUBLIC)),
    "geo:gemeinde_detail": ({"ags": "05315000"}, PUBLIC, get_only(PUBLIC)),
    "geo:gemeinde_boundary": ({"ags": "05315000"}, PUBLIC, get_only(PUBLIC)),
    "geo:nrw_outline": ({}, PUBLIC, get_only(PUBLIC)),
    # public finder
    "public:finder": ({}, PUBLIC, get_only(PUBLIC)),
    "public:finder_points": ({}, PUBLIC, get_only(PUBLIC)),
    "public:offer_detail": (published_offer, PUBLIC, get_only(PUBLIC)),
    "public:offer_pdf": (published_offer, PUBLIC, get_only(PUBLIC)),
    "public:finder_pdf": ({}, PUBLIC, get_only(PUBLIC)),
    # registry
    "registry:offer_list": ({}, REGISTRY, get_only(REGISTRY)),
    "registry:offer_create": ({}, ADD_OFFER, {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 200}),
    "registry:verification_queue": ({}, KOMMUNE_ONLY, get_only(KOMMUNE_ONLY)),
    "registry:offer_import": ({}, ADD_OFFER, {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 200}),
    "registry:offer_detail": (published_offer, IN_KOELN, get_only(IN_KOELN), foreign(published_offer)),
    "registry:offer_edit": (
        published_offer,
        CHANGE_IN_KOELN,
        {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404},
        foreign(published_offer),
    ),
    "registry:offer_action": (
        offer_action,
        {"*": 405, "anonymous": 302, "bewilligung": 403, "behoerde": 403},
        {"*": 403, "anonymous": 302, "kommune": 302, "organisation": 404},
        foreign(offer_action),
    ),
    "registry:organisation_list": ({}, REGISTRY, get_only(REGISTRY)),
    "registry:organisation_create": ({}, KOMMUNE_ONLY, {"*": 403, "anonymous": 302, "kommune": 200}),
    "registry:organisation_detail": (organisation, IN_KOELN, get_only(IN_KOELN), foreign(organisation)),
    "registry:organisation_edit": (
        organisation,
        CHANGE_IN_KOELN,
        {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404},
        foreign(organisation),
    ),
    "registry:organisation_action": (
        submitted_organisation,
        {"*": 405, "anonymous": 302, "bewilligung": 403, "behoerde": 403},
        {"*": 403, "anonymous": 302, "kommune": 302, "organisation": 404},
        foreign(submitted_organisation),
    ),
    "registry:structure_list": ({}, REGISTRY, get_only(REGISTRY)),
    "registry:structure_create": ({}, KOMMUNE_ONLY, {"*": 403, "anonymous": 302, "kommune": 200}),
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
    #: Published structures are public knowledge: every registry user sees them, only Köln changes them.
    "registry:structure_detail": (
        structure,
        REGISTRY,
        get_only(REGISTRY),
        foreign(structure, get={"kommune": 200, "organisation": 200}),
    ),
    "registry:structure_edit": (
        structure,
        KOMMUNE_ONLY,
        {"*": 403, "anonymous": 302, "kommune": 200},
        foreign(structure, get={"kommune": 403, "organisation": 403}, post={"kommune": 403, "organisation": 403}),
    ),
    "registry:structure_archive": (
        structure,
        {"*": 405, "anonymous": 302, "bewilligung": 403, "behoerde": 403},
        {"*": 403, "anonymous": 302, "kommune": 302},
        foreign(structure, post={"kommune": 403, "organisation": 403}),
    ),
    "registry:contact_create": (
        contact_of_organisation,
        CHANGE_IN_KOELN,
        {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404},
        foreign(contact_of_organisation),
    ),
    #: Personal data: the keepers (Köln) and the operators; Land does not see contact persons.
    "registry:contact_detail": (contact, KEEPERS_IN_KOELN, get_only(KEEPERS_IN_KOELN), foreign(contact)),
    "registry:contact_edit": (
        contact,
        KEEPERS_IN_KOELN,
        {"*": 404, "anonymous": 302, "bewilligung": 403, "kommune": 200, "behoerde": 403, "admin": 200},
        foreign(contact),
    ),
    "registry:contact_export": (contact, KEEPERS_IN_KOELN, get_only(KEEPERS_IN_KOELN), foreign(contact)),
    "registry:contact_erase": (
        contact,
        {"*": 405, "anonymous": 302, "bewilligung": 403, "behoerde": 403},
        {"*": 302, "land": 404, "bewilligung": 403, "organisation": 404, "behoerde": 403},
        foreign(contact),
    ),
    # lifecycle (deletion concept, data subject requests, audit export): (kwargs, GET, POST)
    "lifecycle:retention_rules": (
        {},
        {"*": 403, "anonymous": 302, "land": 200, "admin": 200},
        {"*": 403, "anonymous": 302, "land": 405, "admin": 405},
    ),
    "lifecycle:subject_requests": (
        {},
        {"*": 403, "anonymous": 302, "admin": 200},
        {"*": 403, "anonymous": 302, "admin": 405},
    ),
    "lifecycle:user_access": (
        lifecycle_user,
        {"*": 403, "anonymous": 302, "admin": 405},
        {"*": 403, "anonymous": 302, "admin": 200},
    ),
    "lifecycle:user_erase": (
        lifecycle_user,
        {"*": 403, "anonymous": 302, "admin": 405},
        {"*": 403, "anonymous": 302, "admin": 400},
    ),
    "lifecycle:contact_access": (
        contact,
        {"*": 403, "anonymous": 302, "admin": 405},
        {"*": 403, "anonymous": 302, "admin": 200},
    ),
    "lifecycle:contact_erase": (
        contact,
        {"*": 403, "anonymous": 302, "admin": 405},
        {"*": 403, "anonymous": 302, "admin": 400},
    ),
    "lifecycle:audit_export": (
        {},
        {"*": 403, "anonymous": 302, "admin": 400},
        {"*": 403, "anonymous": 302, "admin": 405},
    ),
    # funding
    "funding:application_list": ({}, FUNDING, get_only(FUNDING)),
    #: the demo organisation user is no eligible applicant of KOMM-IN (municipalities only)
    "funding:application_create": (
        open_call,
        {"*": 403, "anonymous": 302, "kommune": 200},
        {"*": 403, "anonymous": 302, "kommune": 200},
    ),
    "funding:application_detail": (
        funding_application("submitted"),
        APPLICATION_IN_KOELN,
        get_only(APPLICATION_IN_KOELN),
        Foreign(funding_application("submitted", MUENSTER)),
    ),
    "funding:application_edit": (
        funding_application(),
        {"*": 404, "anonymous": 302, "kommune": 200, "behoerde": 403, "admin": 403},
        {"*": 404, "anonymous": 302, "kommune": 200, "behoerde": 403, "admin": 403},
        Foreign(funding_application("draft", MUENSTER)),
    ),
    "funding:application_plan": (
        funding_application(),
        {"*": 404, "anonymous": 302, "kommune": 200, "behoerde": 403, "admin": 403},
        {"*": 404, "anonymous": 302, "kommune": 302, "behoerde": 403, "admin": 403},
        Foreign(funding_application("draft", MUENSTER)),
    ),
    "funding:application_score": (
        funding_application("assessment"),
        {"*": 405, "anonymous": 302, "behoerde": 403, "admin": 403},
        {"*": 403, "anonymous": 302, "bewilligung": 302, "organisation": 404},
        Foreign(funding_application("assessment", MUENSTER)),
    ),
    "funding:application_propose": (
        funding_application("assessment"),
        AUTHORITY_STEP,
        {"*": 403, "anonymous": 302, "bewilligung": 200, "organisation": 404},
        Foreign(funding_application("assessment", MUENSTER)),
    ),
    "funding:application_amend": (
        funding_application("running"),
        AUTHORITY_STEP,
        {"*": 403, "anonymous": 302, "bewilligung": 200, "organisation": 404},
        Foreign(funding_application("running", MUENSTER)),
    ),
    #: the applicant asks for a change of the grant (an empty POST shows the form again)
    "funding:change_request": (
        funding_application("running"),
        APPLICANT_STEP,
        APPLICANT_STEP,
        Foreign(funding_application("running", MUENSTER)),
    ),
    "funding:application_action": (
        application_action("draft", "submit"),
        {"*": 405, "anonymous": 302, "behoerde": 403, "admin": 403},
        {"*": 404, "anonymous": 302, "kommune": 302, "behoerde": 403, "admin": 403},
        Foreign(application_action("draft", "submit", MUENSTER)),
    ),
    "funding:attachment_upload": (
        funding_application(),
        {"*": 405, "anonymous": 302, "behoerde": 403, "admin": 403},
        {"*": 404, "anonymous": 302, "kommune": 302, "behoerde": 403, "admin": 403},
        Foreign(funding_application("draft", MUENSTER)),
    ),
    "funding:attachment_download": (
        lambda: funding_attachment(KOELN, "submitted"),
        APPLICATION_IN_KOELN,
        get_only(APPLICATION_IN_KOELN),
        Foreign(lambda: funding_attachment(MUENSTER, "submitted")),
    ),
    "funding:receipt_pdf": (
        funding_receipt,
        APPLICATION_IN_KOELN,
        get_only(APPLICATION_IN_KOELN),
        foreign(funding_receipt),
    ),
    "funding:notice_pdf": (
        funding_application("decided"),
        APPLICATION_IN_KOELN,
        get_only(APPLICATION_IN_KOELN),
        Foreign(funding_application("decided", MUENSTER)),
    ),
    "funding:payment_create": (
        funding_application("running"),
        APPLICANT_STEP,
        {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404},
        Foreign(funding_application("running", MUENSTER)),
    ),
    "funding:payment_notice_pdf": (
        funding_paid_payment,
        APPLICATION_IN_KOELN,
        get_only(APPLICATION_IN_KOELN),
        foreign(funding_paid_payment),
    ),
    "funding:payment_action": (
        funding_requested_payment,
        {"*": 405, "anonymous": 302, "behoerde": 403, "admin": 403},
        {"*": 403, "anonymous": 302, "bewilligung": 302, "organisation": 404},
        foreign(funding_requested_payment),
    ),
    "funding:proof_create": (
        funding_application("running"),
        APPLICANT_STEP,
        {"*": 403, "anonymous": 302, "kommune": 200, "organisation": 404},
        Foreign(funding_application("running", MUENSTER)),
    ),
    "funding:proof_check": (
        lambda: {**funding_application()(), "proof_pk": "0"},
        {"*": 405, "anonymous": 302, "behoerde": 403, "admin": 403},
        {"*": 404, "anonymous": 302, "behoerde": 403, "admin": 403},
    ),
    "funding:claim_detail": (funding_claim, APPLICATION_IN_KOELN, get_only(APPLICATION_IN_KOELN)),
    "funding:claim_letter_pdf": (
        lambda: {**funding_claim(hearing=True), "letter": "anhoerung"},
        APPLICATION_IN_KOELN,
        get_only(APPLICATION_IN_KOELN),
    ),
    "funding:claim_action": (
        lambda: {**funding_claim(), "action": "hearing"},
        {"*": 405, "anonymous": 302, "behoerde": 403, "admin": 403},
        {"*": 403, "anonymous": 302, "bewilligung": 200, "organisation": 404, "behoerde": 403, "admin": 403},
    ),
    "funding:payment_export": ({}, FUNDING_OVERSIGHT, get_only(FUNDING_OVERSIGHT)),
    "funding:payment_list": ({}, FUNDING, get_only(FUNDING)),
    "funding:proof_list": ({}, FUNDING, get_only(FUNDING)),
    "funding:overview": ({}, FUNDING_OVERSIGHT, get_only(FUNDING_OVERSIGHT)),
    "funding:overview_geojson": ({}, FUNDING_OVERSIGHT, get_only(FUNDING_OVERSIGHT)),
    "funding:programme_list": ({}, FUNDING_OVERSIGHT, get_only(FUNDING_OVERSIGHT)),
    "funding:programme_create": ({}, LAND_ONLY, {"*": 403, "anonymous": 302, "land": 200}),
    "funding:programme_detail": (programme, FUNDING_OVERSIGHT, {"*": 403, "anonymous": 302, "land": 200}),
    "funding:programme_edit": (programme, LAND_ONLY, {"*": 403, "anonymous": 302, "land": 200}),
    "funding:staff_rates": (
        {},
        {"*": 403, "anonymous": 302, "land": 405},
        {"*": 403, "anonymous": 302, "land": 302},
    ),  # POST only
    "funding:staff_overview": ({}, STAFF_FUNDING, get_only(STAFF_FUNDING)),
    # the KI staff funding is granted by the Bezirksregierung Arnsberg for all of NRW, not by Köln (053)
    "funding:centre_detail": (
        ki_centre,
        {**STAFF_FUNDING, "bewilligung": 404},
        {"*": 403, "anonymous": 302, "kommune": 302, "bewilligung": 404},
        foreign(ki_centre),
    ),
    "funding:staff_report": (
        ki_centre,
        {**STAFF_FUNDING, "bewilligung": 404},
        get_only({**STAFF_FUNDING, "bewilligung": 404}),
        foreign(ki_centre),
    ),
    # dialogue (third element: POST with a valid CSRF token and an empty body)
    "dialogue:event_list": ({}, DIALOGUE, DIALOGUE_GET_ONLY),
    "dialogue:event_create": ({}, LAND_ONLY, LAND_ONLY),  # an empty form is shown again with its errors
    "dialogue:event_detail": (dialogue_event, DIALOGUE, DIALOGUE_GET_ONLY),
    "dialogue:event_edit": (dialogue_event, LAND_ONLY, LAND_ONLY),
    "dialogue:event_cancel": (dialogue_event, LAND_STEP, LAND_STEP_POST),
    "dialogue:event_invite": (dialogue_event, LAND_STEP, LAND_STEP_POST),
    "dialogue:agenda_add": (dialogue_event, LAND_STEP, LAND_STEP_POST),
    #: kommune registers; Land is refused by the service with a message
    "dialogue:register": (dialogue_event, DIALOGUE_GET_ONLY, {"*": 403, "anonymous": 302, "land": 302, "kommune": 302}),
    #: nobody has a registration to cancel here
    "dialogue:unregister": (
        dialogue_event,
        DIALOGUE_GET_ONLY,
        {"*": 403, "anonymous": 302, "land": 404, "kommune": 404},
    ),
    "dialogue:attendance_pdf": (dialogue_event, LAND_ONLY, LAND_GET_ONLY),
    "dialogue:attendance_csv": (dialogue_event, LAND_ONLY, LAND_GET_ONLY),
    "dialogue:minutes_save": (dialogue_event, LAND_STEP, LAND_STEP_POST),
    "dialogue:action_add": (dialogue_event, LAND_STEP, LAND_STEP_POST),
    "dialogue:action_status": (dialogue_action_item, LAND_STEP, LAND_STEP_POST),
    "dialogue:event_document_add": (dialogue_event, LAND_STEP, LAND_STEP_POST),
    "dialogue:topic_list": ({}, DIALOGUE, DIALOGUE_GET_ONLY),
    "dialogue:topic_create": ({}, LAND_STEP, LAND_STEP_POST),
    "dialogue:topic_detail": (dialogue_topic, DIALOGUE, DIALOGUE_GET_ONLY),
    "dialogue:topic_document_add": (dialogue_topic, LAND_STEP, LAND_STEP_POST),
    "dialogue:document_version_add": (dialogue_document, LAND_STEP, LAND_STEP_POST),
    "dialogue:document_download": (dialogue_version, DIALOGUE, DIALOGUE_GET_ONLY),
    "dialogue:my_calendar": ({}, DIALOGUE, DIALOGUE_GET_ONLY),
    #: a calendar app cannot log in: the signed token in the address decides, whoever asks
    "dialogue:feed": (dialogue_feed, PUBLIC, {"*": 405}),
    "dialogue:directory": ({}, PUBLIC, {"*": 405}),
    "dialogue:directory_export": ({}, LAND_ONLY, LAND_GET_ONLY),
    "dialogue_event_ics": (dialogue_event, DIALOGUE, DIALOGUE_GET_ONLY),
    # api
    "api:offer_search": ({}, PUBLIC, get_only(PUBLIC)),
    "api:docs": ({}, PUBLIC, get_only(PUBLIC)),
    "opendata_hsds": ({}, PUBLIC, get_only(PUBLIC)),
    "opendata_hsds_tabular": ({}, PUBLIC, get_only(PUBLIC)),
    "opendata_360giving": ({}, PUBLIC, get_only(PUBLIC)),
    "api:grants": ({}, PUBLIC, get_only(PUBLIC)),
    "api:hsds_root": ({}, PUBLIC, get_only(PUBLIC)),
    "api:hsds_services": ({}, PUBLIC, get_only(PUBLIC)),
    "api:hsds_service": (published_offer, PUBLIC, get_only(PUBLIC)),
    "api:hsds_organizations": ({}, PUBLIC, get_only(PUBLIC)),
    "api:hsds_organization": (published_organisation, PUBLIC, get_only(PUBLIC)),
    "api:hsds_service_at_locations": ({}, PUBLIC, get_only(PUBLIC)),
    "api:hsds_service_at_location": (service_at_location, PUBLIC, get_only(PUBLIC)),
    "api:hsds_taxonomies": ({}, PUBLIC, get_only(PUBLIC)),
    "api:hsds_taxonomy": ({"pk": "9b2c1f1e-58a6-5b8e-9d43-6a0c1b7f0a11"}, {"*": 404}, get_only({"*": 404})),
    "api:hsds_taxonomy_terms": ({}, PUBLIC, get_only(PUBLIC)),
    "api:hsds_taxonomy_term": (topic, PUBLIC, get_only(PUBLIC)),
    "api:root": ({}, PUBLIC, get_only(PUBLIC)),
    "api:openapi": ({}, PUBLIC, get_only(PUBLIC)),
    "api:kreis_list": ({}, PUBLIC, get_only(PUBLIC)),
    "api:kreis_detail": ({"key": "05315"}, PUBLIC, get_only(PUBLIC)),
    "api:gemeinde_list": ({}, PUBLIC, get_only(PUBLIC)),
    "api:gemeinde_detail": ({"ags": "05315000"}, PUBLIC, get_only(PUBLIC)),
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
    authority = Authority.objects.create(name="Beispielbehörde", kind=Authority.Kind.SONSTIGE)
    from teilhabe.workforce.models import Campaign, CodeBatch, HiringFigure, OrgUnit

    unit = OrgUnit.objects.create(authority=authority, name="Beispieleinheit", staff_count=40)
    campaign = Campaign.objects.create(year=2024, title="Beispielbefragung")
    CodeBatch.objects.create(campaign=campaign, unit=unit, size=3, issued_by=UserFactory())
    HiringFigure.objects.create(
        authority=authority,
        year=2024,
        applications=10,
        applications_mh=2,
        invitations=5,
        invitations_mh=1,
        hires=2,
        hires_mh=0,
        trainees=1,
        trainees_mh=0,
    )
    TOTPDeviceFactory()
    user = UserFactory()
    login = reverse("core:login")
    Client().post(login, {"username": user.email, "password": DEFAULT_PASSWORD})  # axes: access log
    Client().post(login, {"username": user.email, "password": "falsch"})  # axes: attempt and failure log
    from teilhabe.lifecycle.models import ErasureRequest

    ErasureRequest.objects.create(id=uuid.uuid4(), subject_kind="contact", subject_id="0", done_by=UserFactory())
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


def expected_post(name: str, role: str) -> int:
    statuses = EXPECTATIONS[name][2]
    return statuses.get(role, statuses["*"])


# --- workforce (staff survey) -----------------------------------------------------------------------------------
# Entries: (kwargs, {role: GET status}, {role: POST status with a CSRF token and an empty body}).


def _workforce_setup() -> dict[str, Any]:
    """An authority whose survey officer is the test's behoerde user, with a unit, an open campaign and codes."""
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.core.models import Membership, User
    from teilhabe.workforce.models import Authority, Campaign, CodeBatch, OrgUnit, ParticipationCode

    authority = Authority.objects.create(name="Testbehörde Matrix", kind=Authority.Kind.SONSTIGE)
    for user in User.objects.filter(memberships__role="behoerde"):
        Membership.objects.create(
            user=user, role="behoerde", scope_type=ContentType.objects.get_for_model(Authority), scope_id=authority.pk
        )
    unit = OrgUnit.objects.create(authority=authority, name="Referat 1", staff_count=20)
    campaign = Campaign.objects.create(year=2024, title="Befragung 2024", status=Campaign.Status.OPEN)
    from tests.factories import UserFactory

    batch = CodeBatch.objects.create(campaign=campaign, unit=unit, size=1, issued_by=UserFactory())
    ParticipationCode.objects.create(batch=batch, code="ABCDEFGHJK")
    return {"authority": authority, "unit": unit, "campaign": campaign, "batch": batch}


def wf_authority() -> dict[str, Any]:
    return {"pk": str(_workforce_setup()["authority"].pk)}


def wf_unit() -> dict[str, Any]:
    return {"pk": str(_workforce_setup()["unit"].pk)}


def wf_batch() -> dict[str, Any]:
    return {"pk": str(_workforce_setup()["batch"].pk)}


def wf_campaign() -> dict[str, Any]:
    return {"pk": str(_workforce_setup()["campaign"].pk)}


def wf_statistics() -> dict[str, Any]:
    from teilhabe.workforce.models import Campaign

    made = _workforce_setup()
    closed = Campaign.objects.create(year=2023, title="Befragung 2023", status=Campaign.Status.CLOSED)
    return {"pk": str(made["authority"].pk), "campaign_pk": str(closed.pk)}


def wf_published_year() -> dict[str, Any]:
    from teilhabe.workforce.models import Campaign, Publication
    from tests.factories import UserFactory

    campaign = Campaign.objects.create(year=2015, title="Befragung 2015", status=Campaign.Status.PUBLISHED)
    Publication.objects.create(
        campaign=campaign,
        published_by=UserFactory(),
        tables=[],
        summary={"respondents": 0, "staff": 0, "response_rate": None, "shares": {}, "reference": {}},
        audit={"threshold": 5, "protection": 5, "cells_checked": 0, "solver": "HiGHS"},
    )
    return {"year": 2015}


WF_STAFF = {"*": 403, "anonymous": 302, "land": 200, "behoerde": 200}
WF_STAFF_GET_ONLY = {"*": 403, "anonymous": 302, "land": 405, "behoerde": 405}
WF_LAND = {"*": 403, "anonymous": 302, "land": 200}
WF_OFFICER = {"*": 403, "anonymous": 302, "behoerde": 200}
#: Land passes the outer rule (it sees every authority) and learns the method first; only the officer keeps.
WF_OFFICER_GET_ONLY = {"*": 403, "anonymous": 302, "land": 405, "behoerde": 405}

WORKFORCE: dict[str, tuple[Kwargs, dict[str, int], dict[str, int]]] = {
    "workforce:survey": ({}, PUBLIC, {"*": 200}),  # the code form again, with its error
    "workforce:survey_submit": ({}, {"*": 405}, {"*": 400}),  # POST only; an empty answer is refused
    "workforce:published": ({}, PUBLIC, {"*": 405}),
    "workforce:published_csv": (wf_published_year, PUBLIC, {"*": 405}),
    "workforce:published_pdf": (wf_published_year, PUBLIC, {"*": 405}),
    "workforce:home": ({}, WF_STAFF, WF_STAFF_GET_ONLY),
    "workforce:campaign_create": ({}, WF_LAND, WF_LAND),  # POST: the form with its errors
    "workforce:campaign_detail": (wf_campaign, WF_LAND, {"*": 403, "anonymous": 302, "land": 405}),
    "workforce:campaign_action": (
        lambda: {**wf_campaign(), "action": "schliessen"},
        {"*": 403, "anonymous": 302, "land": 405},
        {"*": 403, "anonymous": 302, "land": 302},
    ),
    "workforce:authority_detail": (wf_authority, WF_STAFF, WF_STAFF_GET_ONLY),
    "workforce:unit_create": (wf_authority, {**WF_OFFICER, "land": 403}, {**WF_OFFICER, "land": 403}),
    "workforce:unit_edit": (wf_unit, {**WF_OFFICER, "land": 403}, {**WF_OFFICER, "land": 403}),
    "workforce:codes_issue": (wf_authority, {**WF_OFFICER, "land": 403}, {**WF_OFFICER, "land": 403}),
    "workforce:hiring_edit": (
        lambda: {**wf_authority(), "year": 2024},
        {**WF_OFFICER, "land": 403},
        {**WF_OFFICER, "land": 403},
    ),
    "workforce:authority_statistics": (wf_statistics, WF_STAFF, WF_STAFF_GET_ONLY),
    "workforce:batch_letters": (wf_batch, {**WF_OFFICER, "land": 403}, WF_OFFICER_GET_ONLY),
    "workforce:batch_csv": (wf_batch, {**WF_OFFICER, "land": 403}, WF_OFFICER_GET_ONLY),
    "api:workforce_published": ({}, PUBLIC, {"*": 405}),
}
EXPECTATIONS.update(WORKFORCE)
