from __future__ import annotations

import pytest

from tests.registry.factories import ensure_geo


@pytest.fixture(autouse=True)
def _geo(request: pytest.FixtureRequest) -> None:
    """Every registry test that uses the database finds the Gemeinden and postcodes it needs."""
    if "django_db" in {m.name for m in request.node.iter_markers()}:
        request.getfixturevalue("db")
        ensure_geo()
