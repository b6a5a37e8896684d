"""Numbers from query strings, within bounds: a huge or malformed value is no 500 (OverflowError in the database)."""

from __future__ import annotations

from django.http import HttpRequest


def int_param(request: HttpRequest, name: str, *, minimum: int, maximum: int) -> int | None:
    """The integer ``request.GET[name]`` when it is one between ``minimum`` and ``maximum``, else None."""
    value = request.GET.get(name, "").strip()
    if not value.isdigit() or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None
