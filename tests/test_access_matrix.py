"""Every URL of the project × every role: the expected answer and the security headers.

URLs are read from the URL conf, so a new URL without an entry in tests/access_matrix.py fails here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import EXPECTATIONS, ROLES, expected

pytestmark = pytest.mark.django_db


def walk(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str | None, str, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, str(pattern.pattern), namespace


ALL_URLS = list(walk(get_resolver().url_patterns))
NON_ADMIN = sorted({name for name, _, _ in ALL_URLS if name and not name.startswith("admin:")})


def test_every_url_is_declared() -> None:
    # The admin's own unnamed catch-all redirects are covered by the generic admin tests below.
    unnamed = [route for name, route, ns in ALL_URLS if name is None and ns != "admin"]
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    missing = [name for name in NON_ADMIN if name not in EXPECTATIONS]
    assert not missing, f"URLs without an entry in tests/access_matrix.py: {missing}"
    stale = [name for name in EXPECTATIONS if name not in NON_ADMIN]
    assert not stale, f"entries in tests/access_matrix.py for URLs that no longer exist: {stale}"


def assert_security_headers(response: Any, role: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    for part in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp, f"CSP lacks {part}: {csp!r}"
    assert "unsafe-inline" not in csp
    assert response.get("X-Content-Type-Options") == "nosniff"
    assert response.get("Referrer-Policy") == "same-origin"
    assert response.get("X-Frame-Options") == "DENY"
    if role != "anonymous":
        assert "no-store" in response.get("Cache-Control", ""), "logged-in responses must not be stored"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", NON_ADMIN)
def test_url_answers_as_declared(name: str, role: str, client_for: Callable[..., Client]) -> None:
    if name not in EXPECTATIONS:
        pytest.fail(f"{name} has no entry in tests/access_matrix.py")
    kwargs = EXPECTATIONS[name][0]
    url = reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
    response = client_for(role).get(url)
    assert response.status_code == expected(name, role), f"{role} GET {url}"
    assert_security_headers(response, role)


def admin_urls() -> list[tuple[str, str]]:
    urls = [("admin:index", "index")]
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        urls.append((f"admin:{info}_changelist", "changelist"))
        urls.append(
            (
                f"admin:{info}_add",
                "add" if model_admin.has_add_permission.__func__ is admin.ModelAdmin.has_add_permission else "noadd",
            )
        )
    return sorted(urls)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,kind", admin_urls())
def test_admin_only_for_operators(name: str, kind: str, role: str, client_for: Callable[..., Client]) -> None:
    response = client_for(role).get(reverse(name))
    if role == "admin":
        assert response.status_code == (403 if kind == "noadd" else 200), name
    else:
        assert response.status_code == 302, name
        assert response["Location"].startswith("/admin/login/") or response["Location"].startswith("/konto/")
    assert_security_headers(response, role)


def test_admin_object_pages_for_operators(client_for: Callable[..., Client]) -> None:
    client = client_for("admin")
    from teilhabe.core.models import User

    user = User.objects.first()
    assert user is not None
    for suffix in ("change", "history"):
        assert client.get(reverse(f"admin:core_user_{suffix}", args=[user.pk])).status_code == 200
    assert client.get(reverse("admin:geo_kreis_change", args=["05315"])).status_code == 200
    assert Client().get(reverse("admin:core_user_change", args=[user.pk])).status_code == 302
