from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404

from teilhabe.core.models import User
from teilhabe.core.roles import Role
from teilhabe.core.scope import EMPTY_SCOPE, get_in_scope_or_404, scope_of
from teilhabe.geo.models import Gemeinde

pytestmark = pytest.mark.django_db


def test_kommune_scope_is_an_ags_prefix(make_user: Callable[..., User]) -> None:
    scope = scope_of(make_user("kommune", ags="05315"))
    assert scope.covers_ags(Role.KOMMUNE, "05315000")
    assert not scope.covers_ags(Role.KOMMUNE, "05111000")
    assert not scope.covers_ags(Role.KOMMUNE, "")
    assert not scope.covers_ags(Role.LAND, "05315000")


def test_kreis_scope_covers_its_gemeinden_only(make_user: Callable[..., User]) -> None:
    scope = scope_of(make_user("kommune", ags="05334"))
    in_scope = Gemeinde.objects.filter(scope.ags_q(Role.KOMMUNE, "ags"))
    assert in_scope.count() == 10
    assert all(g.ags.startswith("05334") for g in in_scope)


def test_no_scope_matches_nothing(make_user: Callable[..., User]) -> None:
    scope = scope_of(make_user("organisation", ags=""))
    assert Gemeinde.objects.filter(scope.ags_q(Role.KOMMUNE, "ags")).count() == 0


def test_anonymous_and_inactive_have_no_scope(make_user: Callable[..., User]) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert scope_of(AnonymousUser()) is EMPTY_SCOPE
    assert scope_of(make_user("land", is_active=False)) is EMPTY_SCOPE


def test_get_in_scope_or_404(make_user: Callable[..., User]) -> None:
    scope = scope_of(make_user("kommune", ags="05315"))
    qs = Gemeinde.objects.filter(scope.ags_q(Role.KOMMUNE, "ags"))
    assert get_in_scope_or_404(qs, ags="05315000").name_short == "Köln"
    with pytest.raises(Http404):
        get_in_scope_or_404(qs, ags="05111000")
