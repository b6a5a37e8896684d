"""teilhabe/core/backends.py: the password backend grants nothing; rights come from memberships only. (The operator
backend: test_rules.py.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from teilhabe.core.models import User
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_permission_row_in_djangos_tables_grants_nothing(make_user: Callable[..., User]) -> None:
    person = make_user("organisation")
    change = Permission.objects.get(codename="change_offer", content_type__app_label="registry")
    person.user_permissions.add(change)
    group = Group.objects.create(name="Nebenweg")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    person.groups.add(group)
    person = User.objects.get(pk=person.pk)  # no cached permissions
    assert not person.has_perm("registry.change_offer")
    assert not person.has_perm("core.view_auditevent")
    assert person.get_all_permissions() == set()


def test_the_password_still_logs_in(make_user: Callable[..., User], rf: RequestFactory) -> None:
    person = make_user("kommune", email="paula@example.nrw")
    person.set_password("ein-langes-Passwort-42")
    person.save()
    request = rf.post("/konto/anmelden/")
    assert authenticate(request, username="paula@example.nrw", password="ein-langes-Passwort-42") == person
    assert authenticate(request, username="paula@example.nrw", password="falsch") is None


def test_a_logged_in_page_does_not_read_djangos_permission_tables(make_user: Callable[..., User]) -> None:
    client = login(Client(), make_user("kommune"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/register/angebote/").status_code == 200
    assert not [q["sql"] for q in queries if "auth_permission" in q["sql"]]
