"""`teilhabe check --deploy --fail-level WARNING` is clean with production settings, and they are what we mean.

Settings are read once at start-up from the environment, so each case runs in a fresh process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "p" * 10 + "Z8#kL2$vQ9!xR4@mN7&bT1^wY6*cH3%jF5(dG0)sA-eU"


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        "TEILHABE_SECRET_KEY": PRODUCTION_KEY,
        "TEILHABE_DEBUG": "false",
        "TEILHABE_HTTPS": "true",
        "TEILHABE_ALLOWED_HOSTS": "teilhabe.example.nrw",
        "TEILHABE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "TEILHABE_SSL_REDIRECT", "TEILHABE_BEHIND_PROXY"):
        env.pop(name, None)  # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never
    env.update(overrides)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = run(["-m", "teilhabe", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "overrides,warning",
    [
        ({"TEILHABE_DEBUG": "true"}, "security.W018"),
        ({"TEILHABE_SECRET_KEY": "kurz"}, "security.W009"),
        ({"TEILHABE_HTTPS": "false"}, "security.W004"),
    ],
)
def test_check_deploy_catches_unsafe_settings(tmp_path: Path, overrides: dict[str, str], warning: str) -> None:
    """The check above would notice: each unsafe setting fails it."""
    result = run(
        ["-m", "teilhabe", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path, **overrides)
    )
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_production_security_settings(tmp_path: Path) -> None:
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', "
        "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', "
        "'SECURE_REFERRER_POLICY', 'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'DEBUG', "
        "'AXES_FAILURE_LIMIT', 'AXES_LOCKOUT_PARAMETERS', 'OTP_ADMIN_HIDE_SENSITIVE_DATA', "
        "'SIMPLE_HISTORY_REVERT_DISABLED', 'PASSWORD_RESET_TIMEOUT']}))"
    )
    result = run(["-c", script], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_NAME": "__Host-teilhabe-session",
        "CSRF_COOKIE_NAME": "__Host-teilhabe-csrf",
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 63072000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "SESSION_COOKIE_AGE": 12 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "DEBUG": False,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
        "OTP_ADMIN_HIDE_SENSITIVE_DATA": True,
        "SIMPLE_HISTORY_REVERT_DISABLED": True,
        "PASSWORD_RESET_TIMEOUT": 24 * 3600,
    }


def test_csp_of_the_running_settings() -> None:
    from django.conf import settings

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for sources in directives.values():
        assert "'unsafe-inline'" not in sources
        assert "'unsafe-eval'" not in sources
        assert not any(s.startswith(("http:", "https:")) or s == "*" for s in sources), sources


def test_demo_mail_goes_to_the_absolute_var_folder() -> None:
    """django-environ drops the first slash of a filemail path: the default must still be absolute, or mail lands
    in a folder relative to wherever the process runs (inside the checkout, where git sees it)."""
    from django.conf import settings

    assert Path(settings.EMAIL_FILE_PATH).is_absolute()
