"""Amounts in the funding screens: grouped and with two places in the reader's locale (40.000,00)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(value: Any) -> str:
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return number_format(amount, decimal_pos=2, force_grouping=True)
