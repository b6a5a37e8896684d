"""`teilhabe check --deploy --fail-level WARNING` is clean with production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TEILHABE_SECRET_KEY": "p" * 10 + "Z8#kL2$vQ9!xR4@mN7&bT1^wY6*cH3%jF5(dG0)sA-eU",
        "TEILHABE_DEBUG": "false",
        "TEILHABE_HTTPS": "true",
        "TEILHABE_ALLOWED_HOSTS": "teilhabe.example.nrw",
        "TEILHABE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests in this process, never in production
    result = subprocess.run(
        [sys.executable, "-m", "teilhabe", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
