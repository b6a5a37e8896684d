"""The screens: deletion concept table, data subject requests (access ZIP, erasure), audit CSV; and the POST
answers declared in tests/access_matrix.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.core.models import User
from teilhabe.lifecycle.models import ErasureRequest
from tests.access_matrix import EXPECTATIONS
from tests.factories import UserFactory
from tests.registry.factories import ensure_geo

pytestmark = pytest.mark.django_db


def test_land_and_admin_see_the_rules_table(client_for: Callable[..., Client]) -> None:
    for role in ("land", "admin"):
        response = client_for(role).get(reverse("lifecycle:retention_rules"))
        assert response.status_code == 200
        assert "Rechtsgrundlage" in response.text and "Anmeldeversuche" in response.text
    assert client_for("kommune").get(reverse("lifecycle:retention_rules")).status_code == 403
    assert client_for("organisation").get(reverse("lifecycle:retention_rules")).status_code == 403


def test_operator_finds_a_person_and_gets_the_zip(client_for: Callable[..., Client]) -> None:
    person = UserFactory(email="gesucht@example.nrw")
    admin = client_for("admin")
    page = admin.get(reverse("lifecycle:subject_requests"), {"q": "gesucht@"})
    assert "gesucht@example.nrw" in page.text
    response = admin.post(reverse("lifecycle:user_access", kwargs={"pk": person.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert client_for("land").post(reverse("lifecycle:user_access", kwargs={"pk": person.pk})).status_code == 403
    assert admin.get(reverse("lifecycle:user_access", kwargs={"pk": person.pk})).status_code == 405


def test_erasure_by_post_states_what_is_kept(client_for: Callable[..., Client]) -> None:
    person = UserFactory(email="weg@example.nrw")
    admin = client_for("admin")
    url = reverse("lifecycle:user_erase", kwargs={"pk": person.pk})
    assert admin.post(url, {"reason": ""}).status_code == 400
    assert User.objects.get(pk=person.pk).email == "weg@example.nrw"
    assert client_for("kommune").post(url, {"reason": "x"}).status_code == 403
    response = admin.post(url, {"reason": "Art. 17"})
    assert response.status_code == 200 and "Aufbewahrt" in response.text
    assert ErasureRequest.objects.filter(subject_id=str(person.pk)).exists()


def test_system_account_is_not_offered(client_for: Callable[..., Client]) -> None:
    from teilhabe.core.system import system_actor

    system = system_actor()
    url = reverse("lifecycle:user_erase", kwargs={"pk": system.pk})
    assert client_for("admin").post(url, {"reason": "x"}).status_code == 404


def test_audit_csv_download(client_for: Callable[..., Client]) -> None:
    admin = client_for("admin")
    url = reverse("lifecycle:audit_export")
    response = admin.get(url, {"start": "2020-01-01", "end": "2099-12-31"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "prev_hash" in response.text
    assert admin.get(url, {"start": "2026-02-01", "end": "2026-01-01"}).status_code == 400
    assert client_for("land").get(url, {"start": "2020-01-01", "end": "2099-12-31"}).status_code == 403


@pytest.mark.parametrize("name", sorted(n for n in EXPECTATIONS if n.startswith("lifecycle:")))
@pytest.mark.parametrize("role", ["anonymous", "land", "kommune", "admin"])
def test_post_answers_match_the_matrix(name: str, role: str, client_for: Callable[..., Client]) -> None:
    ensure_geo()
    kwargs_or_factory, _get, post = EXPECTATIONS[name]
    kwargs = kwargs_or_factory() if callable(kwargs_or_factory) else kwargs_or_factory
    client = Client() if role == "anonymous" else client_for(role)
    response = client.post(reverse(name, kwargs=kwargs))
    assert response.status_code == post.get(role, post["*"])
