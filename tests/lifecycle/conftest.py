from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _lifecycle_settings(settings: Any, tmp_path: Path) -> None:
    """Uploads, var/ (restore marker) and the erasure journal in this test's own folder."""
    media = tmp_path / "media"
    media.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(media)}},
    }
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    settings.TEILHABE_ERASURE_JOURNAL = tmp_path / "var" / "erasure-journal.jsonl"


@pytest.fixture
def restore_migrated_data() -> Any:
    """A transactional test ends with a flush of every table: put back what data migrations wrote, which the
    other tests of this database expect (as tests/funding/test_concurrency.py does)."""
    yield
    from importlib import import_module

    from django.apps import apps

    import_module("teilhabe.registry.migrations.0002_taxonomy").forwards(apps, None)
    import_module("teilhabe.funding.migrations.0002_base_rates").add_rates(apps, None)
    import_module("teilhabe.lifecycle.migrations.0002_retention_rules").add_rules(apps, None)
