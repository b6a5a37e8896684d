"""Every URL of the project × every role: the expected answer and the security headers.

URLs are read from the URL conf (recursively through every include, the admin and the API included), so a new URL
without an entry in tests/access_matrix.py fails here, naming it. The admin's per-model views are covered
generically: a new model in the admin needs no entry, but any other new admin view does.

Every URL is sent a GET and a POST (empty body, valid CSRF token) as every role; a URL that takes an object is also
sent both with the object of another body (Münster instead of Köln). Every view declares its permission
(``permission_required`` as the outermost decorator, or ``public``); a view without one fails here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from teilhabe.core.decorators import PUBLIC, permission_required
from tests.access_matrix import EXPECTATIONS, ROLES, Foreign, admin_samples, expected, expected_post
from tests.conftest import login

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


def url_of(name: str, kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)


#: RECORD_ACCESS=path: write the answers to that file instead of asserting (to review a new matrix by hand).
RECORD = os.environ.get("RECORD_ACCESS")


def check(name: str, role: str, method: str, variant: str, *, actual: int, wanted: int | None, url: str) -> None:
    if RECORD:
        with Path(RECORD).open("a") as out:
            out.write(f"{name} {role} {method} {variant} {actual}\n")
        return
    assert actual == wanted, f"{role} {method} {url} ({variant} object)"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", DECLARED)
def test_url_answers_as_declared(name: str, role: str, client_for: Callable[..., Client]) -> None:
    if name not in EXPECTATIONS:
        pytest.fail(f"{name} has no entry in tests/access_matrix.py")
    client = client_for(role)
    url = url_of(name, EXPECTATIONS[name][0])
    response = client.get(url)
    response.close()  # a file answer (open data) closes its file, as the WSGI server does
    check(name, role, "GET", "own", actual=response.status_code, wanted=expected(name, role), url=url)
    assert_security_headers(response, role)


def csrf_client(role: str, make_user: Callable[..., Any]) -> tuple[Client, str]:
    """A client that enforces CSRF like a browser, logged in as ``role``, and a valid token for its cookie."""
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        login(client, make_user(role))
    request = HttpRequest()
    token = get_token(request)
    client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
    return client, token


def post(client: Client, url: str, token: str) -> Any:
    return client.post(url, headers={"X-CSRFToken": token})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", DECLARED)
def test_post_answers_as_declared(name: str, role: str, make_user: Callable[..., Any]) -> None:
    """An empty POST with a valid token: the wrong people are refused before anything else (403, login, 404)."""
    entry = EXPECTATIONS.get(name)
    if entry is None or (len(entry) < 3 and not RECORD):
        pytest.fail(f"{name} has no POST expectation in tests/access_matrix.py")
    client, token = csrf_client(role, make_user)
    url = url_of(name, entry[0])
    response = post(client, url, token)
    wanted = expected_post(name, role) if len(entry) > 2 else None
    check(name, role, "POST", "own", actual=response.status_code, wanted=wanted, url=url)
    assert response.status_code != 500
    assert_security_headers(response, role)


FOREIGN = sorted(name for name, entry in EXPECTATIONS.items() if len(entry) > 3)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", FOREIGN)
def test_object_of_another_body(name: str, role: str, method: str, make_user: Callable[..., Any]) -> None:
    """The same URL with the object of another body (Münster; the users are of Köln): not found, or refused."""
    foreign: Foreign = EXPECTATIONS[name][3]  # type: ignore[misc]
    client, token = csrf_client(role, make_user)
    url = url_of(name, foreign.kwargs)
    response = client.get(url) if method == "GET" else post(client, url, token)
    request = response.wsgi_request
    allowed = request.user.has_perm(getattr(request.resolver_match.func, "permission_required", ""))
    wanted = foreign.expected(name, role, method, allowed)
    check(name, role, method, "foreign", actual=response.status_code, wanted=wanted, url=url)
    assert response.status_code != 500


def test_post_without_token_is_refused(make_user: Callable[..., Any]) -> None:
    """The POSTs above carry a valid token: without it, the same request is refused (so the token was checked)."""
    client, _token = csrf_client("kommune", make_user)
    response = client.post(reverse("registry:organisation_create"))
    assert response.status_code == 403


def views_of(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from views_of(pattern.url_patterns, f"{namespace}:{ns}" if namespace and ns else (ns or namespace))
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else str(pattern.name)), pattern.callback


#: The code of the wrapper ``permission_required`` puts around a view: when it is the view's outermost callable,
#: rights are checked before anything else (the HTTP method included).
PERMISSION_WRAPPER = permission_required("core.view_start")(lambda request: None).__code__  # type: ignore[arg-type,return-value]


def test_every_view_declares_its_permission() -> None:
    """Every view names its permission, outermost (or is declared public); the admin and DRF have their own."""
    from teilhabe.api.permissions import DeclaredRulePermission

    assert settings.REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] == ["teilhabe.api.permissions.DeclaredRulePermission"]
    undeclared, inner = [], []
    for name, view in views_of(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue  # the admin site checks is_staff and the model permissions itself
        api_class = getattr(view, "cls", None)
        if api_class is not None:  # a DRF view: its permission classes refuse a view that names no rule
            classes = api_class.permission_classes
            if DeclaredRulePermission not in classes or not getattr(api_class, "permission_required", None):
                undeclared.append(name)
            continue
        perm = getattr(view, "permission_required", None)
        if not perm:
            undeclared.append(name)
        elif perm != PUBLIC and view.__code__ is not PERMISSION_WRAPPER:
            inner.append(name)
    assert not undeclared, f"views without permission_required or @public: {undeclared}"
    assert not inner, f"permission_required must be the outermost decorator (rights before method): {inner}"


def test_a_view_without_declaration_is_found() -> None:
    """The check above really looks: a plain function view has no declaration."""
    assert getattr(resolve("/").func, "permission_required", None) == "core.view_start"
    assert getattr(lambda request: None, "permission_required", None) is None


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
