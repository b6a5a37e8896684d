"""Amounts in the funding screens: grouped and with two places in the reader's locale (40.000,00)."""

from __future__ import annotations

from typing import Any

from django import template

from teilhabe.core.money import euro as _euro

register = template.Library()


@register.filter
def euro(value: Any) -> str:
    return _euro(value)
