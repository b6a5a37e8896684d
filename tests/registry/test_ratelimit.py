"""Anonymous clients over the limit of an expensive public endpoint get 429 with Retry-After; others do not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from teilhabe.core.models import User
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.TEILHABE_RATE_LIMITS_ENABLED = True
    settings.TEILHABE_RATE_LIMITS = {"search": "3/m", "map": "3/m", "pdf": "3/m", "download": "2/h"}


@pytest.mark.parametrize("url", ["/api/v1/offers?q=Beratung", "/angebote/?q=Beratung", "/api/v1/hsds/services"])
def test_anonymous_client_over_the_limit_gets_429_with_retry_after(url: str) -> None:
    client = Client()
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    other = Client(REMOTE_ADDR="198.51.100.7")  # another client has its own count
    assert other.get(url).status_code == 200


def test_downloads_have_their_own_tighter_limit() -> None:
    client = Client()
    responses = [client.get("/opendata/hsds.json") for _ in range(2)]
    for response in responses:
        b"".join(response.streaming_content)  # read to the end: the file is closed as by the WSGI server
    assert [r.status_code for r in responses] == [200, 200]
    assert client.get("/opendata/hsds.json").status_code == 429
    assert client.get("/api/v1/offers").status_code == 200  # another scope


def test_logged_in_users_are_not_limited(make_user: Callable[..., User]) -> None:
    client = login(Client(), make_user("kommune"))
    assert {client.get("/angebote/?q=Beratung").status_code for _ in range(5)} == {200}


def test_limits_off_means_no_limit(settings: Any) -> None:
    settings.TEILHABE_RATE_LIMITS_ENABLED = False
    client = Client()
    assert {client.get("/api/v1/offers").status_code for _ in range(5)} == {200}
