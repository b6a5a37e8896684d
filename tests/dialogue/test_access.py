"""The dialogue's entries of tests/access_matrix.py, POSTed as every role (valid CSRF token, empty body).

tests/test_access_matrix.py checks GET for every URL; until the POST column is checked there for all apps, this
module checks it for the dialogue's URLs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.access_matrix import EXPECTATIONS, ROLES

pytestmark = pytest.mark.django_db

NAMES = sorted(n for n in EXPECTATIONS if n.startswith(("dialogue:", "dialogue_")))


def test_every_dialogue_entry_states_its_post_answer() -> None:
    assert NAMES
    assert all(len(EXPECTATIONS[name]) == 3 for name in NAMES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", NAMES)
def test_post_answers_as_declared(name: str, role: str, client_for: Callable[..., Client]) -> None:
    kwargs, _, post = EXPECTATIONS[name]  # type: ignore[misc]
    client = client_for(role)
    url = reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
    response = client.post(url, {})
    assert response.status_code == post.get(role, post["*"]), f"{role} POST {url}"
