"""The read-mostly admin of the master data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client_for: Callable[..., Client]) -> Client:
    return client_for("admin")


@pytest.mark.parametrize(
    ("model", "search", "expected"),
    [
        ("regierungsbezirk", "Köln", "Reg.-Bez. Köln"),
        ("kreis", "05334", "Städteregion Aachen"),
        ("gemeinde", "Alsdorf", "05334004"),
        ("postleitzahl", "50667", "Köln"),
    ],
)
def test_changelists_search(admin_client_: Client, model: str, search: str, expected: str) -> None:
    response = admin_client_.get(f"/admin/geo/{model}/", {"q": search})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_changelist_query_count_does_not_grow(
    admin_client_: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_max_num_queries(20):
        assert admin_client_.get("/admin/geo/gemeinde/", {"all": ""}).status_code == 200


def test_no_adding_and_no_boundary_in_forms(admin_client_: Client) -> None:
    for model in ("regierungsbezirk", "kreis", "gemeinde", "postleitzahl"):
        assert admin_client_.get(f"/admin/geo/{model}/add/").status_code == 403
    body = admin_client_.get("/admin/geo/gemeinde/05315000/change/").content.decode()
    assert 'name="boundary"' not in body
    assert 'name="ags"' not in body  # the key is shown, not editable
    assert 'name="population"' in body
    assert admin_client_.get("/admin/geo/gemeinde/05315000/history/").status_code == 200


def test_operators_cannot_delete_master_data(admin_client_: Client) -> None:
    assert admin_client_.get("/admin/geo/kreis/05315/delete/").status_code == 403
