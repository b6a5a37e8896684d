"""The funding tasks on the start page: counts per role from the same filter as the list they link to, never
another body's applications, four eyes, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from teilhabe.core.models import User
from teilhabe.funding import selectors, services
from teilhabe.funding.models import ApplicationStatus, Budget
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from tests.funding.factories import application_in, authority_people, next_year, requested_payment

pytestmark = pytest.mark.django_db
S = ApplicationStatus
MUENSTER = "05515000"


def _listed(client: Client, key: str) -> set[str]:
    """The references the application list shows for ``?aufgabe=key``."""
    response = client.get(f"/foerderung/antraege/?aufgabe={key}")
    assert response.status_code == 200
    return {a.reference for a in response.context["page"].object_list}


def _user(role: str, ags: str) -> User:
    user = UserFactory()
    MembershipFactory(user=user, role=role, ags=ags)
    return user


def test_kommune_counts_own_drafts_and_returns_never_another_bodys(make_user: Callable[..., User]) -> None:
    draft = application_in(S.DRAFT)
    returned = application_in(S.SUBMITTED)
    people = authority_people()
    services.formal_check_start(actor=people["proposer"], application=returned)
    services.application_return(actor=people["proposer"], application=returned, reason="Es fehlt der Finanzplan.")
    application_in(S.DRAFT, ags=MUENSTER)  # Münster's: never Köln's task
    kommune = make_user("kommune")  # Köln

    counts = selectors.task_counts(kommune)

    assert counts["drafts"] == 1 and counts["returned"] == 1
    assert {a.pk for a in selectors.task_applications(kommune, "drafts") or []} == {draft.pk}
    assert {a.pk for a in selectors.task_applications(kommune, "returned") or []} == {returned.pk}
    assert selectors.task_applications(kommune, "to_decide") is None  # not a task of this role


def test_kommune_start_page_names_its_body_and_links_to_exactly_the_counted(make_user: Callable[..., User]) -> None:
    draft = application_in(S.DRAFT)
    other = application_in(S.DRAFT, ags=MUENSTER)
    client = login(Client(), make_user("kommune"))

    page = client.get("/").content.decode()

    assert "Förderanträge von Stadt Köln" in page and "Zuständig für: Stadt Köln" in page
    assert "05315" not in page
    assert "1 Entwurf, noch nicht eingereicht" in page and "?aufgabe=drafts" in page
    assert _listed(client, "drafts") == {draft.reference}
    assert other.reference not in _listed(client, "drafts")


def test_unknown_task_shows_the_whole_list(make_user: Callable[..., User]) -> None:
    draft = application_in(S.DRAFT)
    client = login(Client(), make_user("kommune"))
    response = client.get("/foerderung/antraege/?aufgabe=to_decide")  # a case worker's task, not the Kommune's
    assert response.status_code == 200 and response.context["task"] == ""
    assert {a.reference for a in response.context["page"].object_list} == {draft.reference}


def test_case_worker_decides_only_proposals_of_others() -> None:
    application = application_in(S.ASSESSMENT)
    proposer, second = _user("bewilligung", "053"), _user("bewilligung", "053")
    services.decision_propose(actor=proposer, application=application, decision="approve")
    muenster = application_in(S.PROPOSED, ags=MUENSTER)

    assert selectors.task_counts(proposer)["to_decide"] == 0
    assert selectors.task_counts(second)["to_decide"] == 1
    assert {a.pk for a in selectors.task_applications(second, "to_decide") or []} == {application.pk}
    assert muenster.pk not in {a.pk for a in selectors.task_applications(second, "to_decide") or []}


def test_case_worker_task_counts_match_the_linked_lists(make_user: Callable[..., User]) -> None:
    for state in (S.SUBMITTED, S.FORMAL_CHECK, S.ASSESSMENT, S.DECIDED):
        application_in(state)
    application_in(S.SUBMITTED, ags=MUENSTER)
    user = make_user("bewilligung")  # Regierungsbezirk Köln
    client = login(Client(), user)

    counts = selectors.task_counts(user)

    assert counts["to_check"] == 2 and counts["to_score"] == 1 and counts["to_issue"] == 1
    for key in selectors.CASE_WORKER_TASKS:
        assert len(_listed(client, key)) == counts[key], key
    page = client.get("/").content.decode()
    assert "Bezirksregierung Köln" in page
    assert "2 Anträge zur formalen Prüfung" in page and "?aufgabe=to_check" in page


def test_payments_to_order_leave_out_those_the_user_checked() -> None:
    application = application_in(S.RUNNING)
    people = authority_people()
    checker, other = _user("bewilligung", "053"), _user("bewilligung", "053")
    payment = requested_payment(application, people["kommune"], "heute")
    assert selectors.task_counts(checker)["payments_to_check"] == 1
    services.payment_check(actor=checker, request=payment)

    assert selectors.task_counts(checker)["payments_to_check"] == 0
    assert selectors.task_counts(checker)["payments_to_order"] == 0
    assert selectors.task_counts(other)["payments_to_order"] == 1


def test_overdue_proofs_for_the_authority_and_the_applicant(make_user: Callable[..., User]) -> None:
    application = application_in(S.RUNNING)
    application_in(S.RUNNING, ags=MUENSTER)
    late = dt.date(next_year() + 2, 1, 1)  # the final proof was due months after the project's end
    case_worker, kommune = make_user("bewilligung"), make_user("kommune")

    assert selectors.task_counts(case_worker, today=late)["overdue"] == 1
    assert selectors.task_counts(kommune, today=late)["applicant_overdue"] == 1
    assert selectors.task_counts(case_worker)["overdue"] == 0  # today nothing is late yet
    assert [a.pk for a in selectors.task_applications(case_worker, "overdue", today=late) or []] == [application.pk]


def test_land_sees_budget_pipeline_and_vacancies(make_user: Callable[..., User]) -> None:
    application = application_in(S.SUBMITTED)
    Budget.objects.get_or_create(
        programme=application.programme, year=dt.date.today().year, defaults={"total": Decimal("250000")}
    )
    land = make_user("land")
    client = login(Client(), land)

    page = client.get("/").content.decode()

    assert selectors.task_counts(land)["in_procedure"] == 1
    assert "1 Antrag im Verfahren bei den Bewilligungsbehörden" in page
    assert "KOMM-IN NRW" in page and "250.000,00 €" in page
    assert "unbesetzten Stellen" in page
    assert _listed(client, "in_procedure") == {application.reference}


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["kommune", "bewilligung", "land"])
def test_start_page_costs_the_same_queries_whatever_the_data(
    role: str, make_user: Callable[..., User], django_assert_max_num_queries: Any
) -> None:
    # One of each kind first, so every prefetch of the page runs once already (a prefetch without rows is skipped).
    for state in (S.DRAFT, S.SUBMITTED, S.RUNNING):
        application_in(state)
    client = login(Client(), make_user(role))
    first = _queries(client)
    for state in (S.DRAFT, S.SUBMITTED, S.ASSESSMENT, S.PROPOSED, S.RUNNING, S.RUNNING):
        application_in(state)
    with django_assert_max_num_queries(first):
        client.get("/")
