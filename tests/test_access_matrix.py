"""Every URL of the project × every role: the expected answer and the security headers.

URLs are read from the URL conf (recursively through every include, the admin and the API included), so a new URL
without an entry in tests/access_matrix.py fails here, naming it. The admin's per-model views are covered
generically: a new model in the admin needs no entry, but any other new admin view does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import EXPECTATIONS, ROLES, admin_samples, expected

pytestmark = pytest.mark.django_db


def walk(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str | None, str, str | None]]:
    """(qualified name, route, namespace) of every URL pattern, through every include."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, str(pattern.pattern), namespace


ALL_URLS = list(walk(get_resolver().url_patterns))
NAMES = {name for name, _, _ in ALL_URLS if name}

#: The views Django's ModelAdmin (and django-simple-history's) adds for every registered model.
ADMIN_MODEL_VIEWS = ("changelist", "add", "change", "delete", "history", "simple_history")
ADMIN_OBJECT_VIEWS = {"change", "delete", "history", "simple_history"}


def admin_model_urls() -> list[tuple[str, str, str]]:
    """(url name, model label, view) of every per-model admin view that exists."""
    urls = []
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        urls += [
            (f"admin:{info}_{view}", model._meta.label, view)
            for view in ADMIN_MODEL_VIEWS
            if f"admin:{info}_{view}" in NAMES
        ]
    return sorted(urls)


ADMIN_MODEL_URLS = admin_model_urls()
#: Every other named URL needs an entry in tests/access_matrix.py.
DECLARED = sorted(NAMES - {name for name, _, _ in ADMIN_MODEL_URLS})


def test_every_url_is_declared() -> None:
    # The admin's own unnamed redirects (old object URLs, the catch-all) answer like the admin index.
    unnamed = [route for name, route, ns in ALL_URLS if name is None and ns != "admin"]
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    missing = [name for name in DECLARED if name not in EXPECTATIONS]
    assert not missing, f"URLs without an entry in tests/access_matrix.py: {missing}"
    stale = [name for name in EXPECTATIONS if name not in DECLARED]
    assert not stale, f"entries in tests/access_matrix.py for URLs that no longer exist: {stale}"


def assert_security_headers(response: Any, role: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    for part in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp, f"CSP lacks {part}: {csp!r}"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.get("X-Content-Type-Options") == "nosniff"
    assert response.get("Referrer-Policy") == "same-origin"
    assert response.get("X-Frame-Options") == "DENY"
    if role != "anonymous":
        assert "no-store" in response.get("Cache-Control", ""), "logged-in responses must not be stored"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", DECLARED)
def test_url_answers_as_declared(name: str, role: str, client_for: Callable[..., Client]) -> None:
    if name not in EXPECTATIONS:
        pytest.fail(f"{name} has no entry in tests/access_matrix.py")
    client = client_for(role)
    kwargs = EXPECTATIONS[name][0]
    url = reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
    response = client.get(url)
    response.close()  # a file answer (open data) closes its file, as the WSGI server does
    assert response.status_code == expected(name, role), f"{role} GET {url}"
    assert_security_headers(response, role)


def admin_url(model: type[Model], view: str, *, samples: bool) -> tuple[list[Any], Model | None]:
    """The URL arguments of one per-model admin view, and the object it shows (None: no row of that model)."""
    if view not in ADMIN_OBJECT_VIEWS:
        return [], None
    if samples:
        admin_samples()
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        return ["0"] * (2 if view == "simple_history" else 1), None
    if view != "simple_history":
        return [obj.pk], obj
    history = obj.history  # type: ignore[attr-defined]
    if not history.exists():
        obj.save()  # master data is loaded in bulk, without history rows
    return [obj.pk, history.order_by("-history_id").first().history_id], obj


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,label,view", ADMIN_MODEL_URLS)
def test_admin_model_views(name: str, label: str, view: str, role: str, client_for: Callable[..., Client]) -> None:
    from django.apps import apps

    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    client = client_for(role)
    args, obj = admin_url(model, view, samples=role == "admin")
    url = reverse(name, args=args)
    response = client.get(url)
    assert_security_headers(response, role)
    if role != "admin":
        assert response.status_code == 302, f"{role} GET {url}"
        assert response["Location"].startswith(("/admin/login/", "/konto/anmelden/")), response["Location"]
        return
    request = response.wsgi_request
    if view == "add":
        allowed = model_admin.has_add_permission(request)
    elif view == "delete":
        allowed = model_admin.has_delete_permission(request, obj)
    else:
        allowed = model_admin.has_view_or_change_permission(request, obj)
    if obj is None and view in ADMIN_OBJECT_VIEWS:
        # No sample row (add one in tests/access_matrix.admin_samples): the admin says "does not exist".
        assert response.status_code in (302, 404), f"admin GET {url}"
    else:
        assert response.status_code == (200 if allowed else 403), f"admin GET {url}"
