"""Schemathesis against the OpenAPI document of /api/v1/: generated requests for every operation (valid and
invalid parameters, stateful links where the document declares them), each answer checked for a 5xx, an
undeclared status, a wrong content type and a body that does not match its schema.

Runs in process through the WSGI application (no network, no server), on the test database with published offers
in the search index, so the checks see real answers and not only empty lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from teilhabe.registry.search import rebuild_search_index
from tests.registry.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """The WSGI handler closes the database connection at the end of every request when it is in a transaction,
    which the test's is; Django's test client disconnects that handler for the same reason, so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db: None, settings: Any, tmp_path: Path, _connection_kept: None) -> Any:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    for title in ("Sprachcafé", "Beratung für Familien", "Integrationskurs"):
        make_offer(status="published", title=title)
    rebuild_search_index()
    from teilhabe.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def test_the_api_keeps_its_documented_contract(api_schema: Any) -> None:
    # One hypothesis run per operation inside one test (schemathesis' pytest plugin does not run under pytest 9);
    # every operation is tried, and every failure is reported with schemathesis' own explanation and curl line.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=30,
            deadline=None,
            derandomize=True,  # the same cases in every run: a failure in CI is one on the developer's machine
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            case.call_and_validate()

        try:
            check()
        except BaseException as failure:  # schemathesis raises an exception group of its findings
            failures.append(f"{operation.label}: {failure}")
    assert failures == [], "\n\n".join(failures)
