"""Amounts in the reader's format: grouped, two places."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from teilhabe.core.money import euro


def test_german_format() -> None:
    with translation.override("de"):
        assert euro(Decimal("10000")) == "10.000,00"
        assert euro(Decimal("1234567.5")) == "1.234.567,50"
        assert euro(0) == "0,00"
        assert euro(None) == "–"


def test_english_format() -> None:
    with translation.override("en"):
        assert euro(Decimal("10000")) == "10,000.00"
