"""The operators' admin of the staff survey: authorities kept, everything else only shown, answers and codes
nowhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from teilhabe.core.models import User
from teilhabe.workforce import services
from teilhabe.workforce.models import (
    Authority,
    Campaign,
    CodeBatch,
    HiringFigure,
    OrgUnit,
    ParticipationCode,
    Publication,
    Response,
)
from tests.conftest import login
from tests.workforce.factories import YES, make_authority, make_campaign, make_officer, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(make_user: Callable[..., User]) -> Client:
    return login(Client(), make_user("admin"))


def test_answers_and_codes_are_not_in_the_admin() -> None:
    for model in (Response, ParticipationCode, Publication):
        assert model not in admin.site._registry, model
    for model in (Authority, OrgUnit, Campaign, CodeBatch, HiringFigure):
        assert model in admin.site._registry, model


def test_the_operator_keeps_authorities_and_only_reads_the_rest(operator_client: Client) -> None:
    authority = make_authority("Ministerium für Beispiele")
    unit = make_unit(authority, "Referat 1")
    campaign = make_campaign()
    response = operator_client.post(
        reverse("admin:workforce_authority_change", args=[authority.pk]),
        {"name": "Ministerium für Beispiele NRW", "short_name": "MB", "kind": "sonstige", "is_active": "on"},
    )
    assert response.status_code == 302
    authority.refresh_from_db()
    assert authority.name == "Ministerium für Beispiele NRW"
    for model, obj in ((OrgUnit, unit), (Campaign, campaign)):
        info = f"admin:workforce_{model._meta.model_name}"
        assert operator_client.get(reverse(f"{info}_changelist")).status_code == 200
        assert operator_client.get(reverse(f"{info}_change", args=[obj.pk])).status_code == 200
        assert operator_client.get(reverse(f"{info}_add")).status_code == 403
        assert operator_client.post(reverse(f"{info}_change", args=[obj.pk]), {"name": "x"}).status_code == 403
        assert operator_client.get(reverse(f"{info}_delete", args=[obj.pk])).status_code == 403
    assert operator_client.get(reverse("admin:workforce_authority_delete", args=[authority.pk])).status_code == 403
    unit.refresh_from_db()
    assert unit.name == "Referat 1"


def test_code_batches_show_counts_never_codes(operator_client: Client) -> None:
    authority = make_authority()
    officer = make_officer(authority)
    unit = make_unit(authority)
    campaign = make_campaign()
    batch = services.codes_issue(actor=officer, campaign=campaign, unit=unit, count=4)
    code = batch.codes.first()
    services.response_submit(code=code.code, answers=YES)
    codes = list(ParticipationCode.objects.values_list("code", flat=True))
    for url in (
        reverse("admin:workforce_codebatch_changelist"),
        reverse("admin:workforce_codebatch_change", args=[batch.pk]),
    ):
        page = operator_client.get(url).content.decode()
        assert unit.name in page
        assert not any(c in page or services.format_code(c) in page for c in codes), url
    changelist = operator_client.get(reverse("admin:workforce_codebatch_changelist")).content.decode()
    assert '<td class="field-used">1</td>' in changelist


def test_nobody_but_operators_enters(client_for: Callable[..., Client]) -> None:
    make_campaign()
    for role in ("land", "behoerde", "anonymous"):
        response = client_for(role).get(reverse("admin:workforce_campaign_changelist"))
        assert response.status_code == 302, role
    assert CodeBatch.objects.count() == 0
