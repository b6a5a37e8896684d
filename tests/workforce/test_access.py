"""POST as every role to every workforce URL (valid CSRF token, empty body): the third column of
tests/access_matrix.py's WORKFORCE entries. GET is checked by tests/test_access_matrix.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.access_matrix import ROLES, WORKFORCE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(WORKFORCE))
def test_post_answers_as_declared(name: str, role: str, client_for: Callable[..., Client]) -> None:
    kwargs, _get, post = WORKFORCE[name]
    client = client_for(role)
    client.enforce_csrf_checks = True
    url = reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
    client.get(reverse("core:login"))  # a page that sets the CSRF cookie
    token = client.cookies.get("teilhabe-csrf") or client.cookies.get("csrftoken")
    client.defaults["HTTP_X_CSRFTOKEN"] = token.value if token else ""
    response = client.post(url, {})
    assert response.status_code == post.get(role, post["*"]), f"{role} POST {url}"
