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
