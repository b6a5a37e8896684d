"""Expected answer of every named URL for every role: the one place where a new URL must be declared.

Each entry: url name -> (kwargs, {role: status}). ``kwargs`` is a dict or a callable returning one (run inside
the test, with the database). Roles missing from the dict take the value of the key ``"*"``.
Admin URLs are covered generically in tests/test_access_matrix.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROLES = ["anonymous", "land", "bewilligung", "kommune", "organisation", "behoerde", "admin"]

PUBLIC = {"*": 200}
LOGGED_IN = {"*": 200, "anonymous": 302}
#: Logged-in staff (land, bewilligung, admin) already confirmed their second factor: the page sends them on.
SECOND_FACTOR = {"*": 200, "anonymous": 302, "land": 302, "bewilligung": 302, "admin": 302}
LOGIN_PAGE = {"*": 302, "anonymous": 200}

Kwargs = dict[str, Any] | Callable[[], dict[str, Any]]

EXPECTATIONS: dict[str, tuple[Kwargs, dict[str, int]]] = {
    "health": ({}, PUBLIC),
    "set_language": ({}, {"*": 302}),
    "javascript-catalog": ({}, PUBLIC),
    # core
    "core:start": ({}, PUBLIC),
    "core:account": ({}, LOGGED_IN),
    "core:login": ({}, LOGIN_PAGE),
    "core:logout": ({}, {"*": 405}),
    "core:second_factor": ({}, SECOND_FACTOR),
    "core:password_reset": ({}, PUBLIC),
    "core:password_reset_done": ({}, PUBLIC),
    "core:password_reset_confirm": ({"uidb64": "MQ", "token": "abc-def"}, PUBLIC),
    "core:password_reset_complete": ({}, PUBLIC),
    # geo
    "geo:kreis_list": ({}, PUBLIC),
    "geo:gemeinde_list": ({}, PUBLIC),
    "geo:kreis_detail": ({"key": "05315"}, PUBLIC),
    "geo:kreis_boundary": ({"key": "05315"}, PUBLIC),
    "geo:gemeinde_detail": ({"ags": "05315000"}, PUBLIC),
    "geo:gemeinde_boundary": ({"ags": "05315000"}, PUBLIC),
    # api
    "api:root": ({}, PUBLIC),
    "api:openapi": ({}, PUBLIC),
    "api:kreis_list": ({}, PUBLIC),
    "api:kreis_detail": ({"key": "05315"}, PUBLIC),
    "api:gemeinde_list": ({}, PUBLIC),
    "api:gemeinde_detail": ({"ags": "05315000"}, PUBLIC),
}


def expected(name: str, role: str) -> int:
    statuses = EXPECTATIONS[name][1]
    return statuses.get(role, statuses["*"])
