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


def test_kommune_of_koeln_covers_koeln_not_duesseldorf(make_user: Callable[..., User]) -> None:
    scope = scope_of(make_user("kommune", ags="05315"))
    assert scope.covers_ags(Role.KOMMUNE, "05315000")
    assert not scope.covers_ags(Role.KOMMUNE, "05111000")  # Düsseldorf
    assert not scope.covers_ags(Role.KOMMUNE, "0531")  # a shorter key is not inside the Kreis
    assert not scope.covers_ags(Role.KOMMUNE, None)


def test_bezirksregierung_scope_covers_its_kreise(make_user: Callable[..., User]) -> None:
    scope = scope_of(make_user("bewilligung", ags="053"))
    assert scope.covers_ags(Role.BEWILLIGUNG, "05315000")  # Köln
    assert scope.covers_ags(Role.BEWILLIGUNG, "05334002")  # Aachen
    assert not scope.covers_ags(Role.BEWILLIGUNG, "05111000")  # Düsseldorf: Regierungsbezirk 051
    assert not scope.covers_ags(Role.KOMMUNE, "05315000")


def test_land_scope_covers_all_of_nrw_only(make_user: Callable[..., User]) -> None:
    scope = scope_of(make_user("land", ags="05"))
    assert Gemeinde.objects.filter(scope.ags_q(Role.LAND, "ags")).count() == Gemeinde.objects.count() == 396
    assert not scope.covers_ags(Role.LAND, "06411000")


def test_several_memberships_add_up(make_user: Callable[..., User]) -> None:
    from tests.factories import MembershipFactory

    user = make_user("kommune", ags="05315")
    MembershipFactory(user=user, role=Role.KOMMUNE, ags="05111")
    scope = scope_of(User.objects.get(pk=user.pk))
    assert scope.covers_ags(Role.KOMMUNE, "05111000")
    assert scope.covers_ags(Role.KOMMUNE, "05315000")
    assert not scope.covers_ags(Role.KOMMUNE, "05334002")


def test_ended_membership_gives_no_scope(make_user: Callable[..., User]) -> None:
    from datetime import date

    from teilhabe.core.models import Membership

    user = make_user("kommune", ags="05315")
    Membership.objects.filter(user=user).update(valid_until=date(2020, 12, 31))
    assert not scope_of(User.objects.get(pk=user.pk)).has_role(Role.KOMMUNE)


def test_scope_is_read_once_per_user_object(
    make_user: Callable[..., User], django_assert_num_queries: Callable[..., object]
) -> None:
    user = User.objects.get(pk=make_user("kommune").pk)
    with django_assert_num_queries(1):  # type: ignore[operator]
        for _ in range(5):
            scope_of(user).covers_ags(Role.KOMMUNE, "05315000")


def test_get_in_scope_or_404_hides_other_bodies_objects_and_bad_keys(make_user: Callable[..., User]) -> None:
    from teilhabe.workforce.models import Authority

    mine = Authority.objects.create(name="Meine Behörde", kind=Authority.Kind.SONSTIGE)
    other = Authority.objects.create(name="Andere Behörde", kind=Authority.Kind.SONSTIGE)
    scope = scope_of(make_user("behoerde", scope_object=mine))
    qs = Authority.objects.filter(pk__in=scope.object_ids(Role.BEHOERDE, Authority))
    assert get_in_scope_or_404(qs, pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_in_scope_or_404(qs, pk=other.pk)  # exists, but not for this user: looks like it does not
    with pytest.raises(Http404):
        get_in_scope_or_404(qs, pk="kein-uuid")


def test_get_in_scope_or_404_refuses_an_ambiguous_lookup(make_user: Callable[..., User]) -> None:
    scope = scope_of(make_user("kommune", ags="05334"))  # Städteregion Aachen: ten Gemeinden
    with pytest.raises(Gemeinde.MultipleObjectsReturned):
        get_in_scope_or_404(Gemeinde.objects.filter(scope.ags_q(Role.KOMMUNE, "ags")), ags__startswith="05334")


def test_scope_models_fall_back_to_the_apps_until_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.core import scope as scope_module
    from teilhabe.core.scope import register_scope_model, scope_content_types
    from teilhabe.workforce.models import Authority

    monkeypatch.setattr(scope_module, "_SCOPE_MODELS", {})
    assert {ct.app_label for ct in scope_content_types(Role.BEHOERDE)} == {"workforce"}
    assert {ct.app_label for ct in scope_content_types(Role.ORGANISATION)} == {"registry"}
    assert {ct.app_label for ct in scope_content_types()} == {"registry", "workforce"}
    register_scope_model(Role.BEHOERDE, "workforce.Authority")
    assert list(scope_content_types(Role.BEHOERDE)) == [ContentType.objects.get_for_model(Authority)]
    assert {ct.app_label for ct in scope_content_types(Role.ORGANISATION)} == {"registry"}
    with pytest.raises(ValueError):
        register_scope_model(Role.KOMMUNE, "geo.kreis")  # an area role has no scope objects
