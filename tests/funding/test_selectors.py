"""Read queries of funding: a draft belongs to its applicant until it is submitted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from teilhabe.funding import selectors, services
from teilhabe.funding.models import ApplicationStatus
from tests.access_matrix import funding_attachment
from tests.conftest import login
from tests.funding.factories import application_in

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.mark.parametrize("role,ags", [("bewilligung", "053"), ("land", "05")])
def test_the_authority_and_land_do_not_see_drafts(role, ags, make_user) -> None:
    draft = application_in(S.DRAFT)
    submitted = application_in(S.SUBMITTED)
    user = make_user(role, ags=ags)
    visible = set(selectors.applications_visible_to(user))
    assert submitted in visible and draft not in visible
    assert selectors.application_for(user=user, pk=draft.pk) is None
    assert selectors.application_for(user=user, pk=submitted.pk) == submitted


def test_a_withdrawn_draft_stays_private(make_user) -> None:
    draft = application_in(S.DRAFT)
    services.application_withdraw(actor=draft.created_by, application=draft)
    assert draft not in selectors.applications_visible_to(make_user("bewilligung", ags="053"))
    assert draft in selectors.applications_visible_to(draft.created_by)


def test_the_applicant_sees_its_draft(make_user) -> None:
    draft = application_in(S.DRAFT)
    assert selectors.application_for(user=make_user("kommune", ags="05315"), pk=draft.pk) == draft


def test_pipeline_counts_no_drafts() -> None:
    application_in(S.DRAFT)
    application_in(S.SUBMITTED)
    counts = selectors.pipeline()["KOMM-IN NRW"]
    assert counts == {S.SUBMITTED: 1}


@pytest.mark.parametrize("role,ags", [("bewilligung", "053"), ("land", "05")])
def test_draft_pages_and_documents_answer_404_to_the_authority(role, ags, client, make_user) -> None:
    kwargs = funding_attachment()
    login(client, make_user(role, ags=ags))
    pk = kwargs["pk"]
    for url in (
        reverse("funding:application_detail", args=[pk]),
        reverse("funding:attachment_download", args=[pk, kwargs["attachment_pk"]]),
        reverse("funding:notice_pdf", args=[pk]),
    ):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("funding:application_list")).content.decode()
    assert pk not in listing


def test_draft_pages_open_for_the_applicant(client, make_user) -> None:
    kwargs = funding_attachment()
    login(client, make_user("kommune", ags="05315"))
    assert client.get(reverse("funding:application_detail", args=[kwargs["pk"]])).status_code == 200
    assert (
        client.get(reverse("funding:attachment_download", args=[kwargs["pk"], kwargs["attachment_pk"]])).status_code
        == 200
    )
