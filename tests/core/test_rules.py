from __future__ import annotations

from collections.abc import Callable

import pytest

from teilhabe.core.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,allowed", [("admin", True), ("land", False), ("kommune", False), (None, False)])
def test_only_admins_see_the_audit_log(make_user: Callable[..., User], role: str | None, allowed: bool) -> None:
    assert make_user(role).has_perm("core.view_audit") is allowed
    assert make_user(role).has_perm("core.manage_users") is allowed


def test_public_permissions() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert AnonymousUser().has_perm("core.view_start")
    assert not AnonymousUser().has_perm("core.view_own_account")
