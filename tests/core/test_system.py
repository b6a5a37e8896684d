"""The system actor: one inactive account without a password, whose rights are only those granted to it."""

from __future__ import annotations

import pytest
import rules
from django.test import Client
from django.urls import reverse

from teilhabe.core.rules import is_system
from teilhabe.core.system import SYSTEM_EMAIL, system_actor

pytestmark = pytest.mark.django_db


def test_system_actor_is_one_inactive_account_without_password() -> None:
    actor = system_actor()
    assert actor.pk == system_actor().pk
    assert actor.email == SYSTEM_EMAIL
    assert actor.is_system
    assert not actor.is_active
    assert not actor.has_usable_password()


def test_system_actor_has_only_rights_granted_to_it() -> None:
    actor = system_actor()
    assert not actor.has_perm("core.view_audit")
    assert not actor.has_perm("core.manage_users")
    rules.add_perm("tests.system_only", is_system)
    try:
        assert actor.has_perm("tests.system_only")
    finally:
        rules.remove_perm("tests.system_only")


def test_system_actor_cannot_log_in() -> None:
    system_actor()
    response = Client().post(reverse("core:login"), {"username": SYSTEM_EMAIL, "password": ""})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session
