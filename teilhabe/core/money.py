"""Amounts as a German reader expects them: grouped, two places, in the active language's format ("10.000,00")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format


def euro(value: Any) -> str:
    """``value`` with thousands grouped and two decimal places, e.g. 10000 -> "10.000,00"; None -> "–".

    Messages of the services interpolate amounts through this, so "%(max)s €" reads "100.000,00 €", not "100000.00 €".
    """
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return number_format(amount, decimal_pos=2, force_grouping=True)
