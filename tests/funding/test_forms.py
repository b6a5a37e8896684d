"""Funding forms: amounts typed and shown in the German format, with a German message for what is no amount."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.utils import translation

from teilhabe.funding.forms import ProgrammeForm, money_field


class AmountForm(forms.Form):
    amount = money_field("Betrag")


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("10.000,00", Decimal("10000.00")),
        ("10.000", Decimal("10000")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("10000,5", Decimal("10000.5")),
        ("10000", Decimal("10000")),
        ("8000.50", Decimal("8000.50")),
        (" 10.000,00 € ", Decimal("10000.00")),
        ("10,000.00", Decimal("10000.00")),
    ],
)
def test_amounts_as_people_type_them(typed: str, amount: Decimal) -> None:
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == amount


@pytest.mark.parametrize("typed", ["zehn Euro", "10,000,00", "1e5", "-5", "10.000,001"])
def test_what_is_no_amount_gets_a_german_message(typed: str) -> None:
    with translation.override("de"):
        form = AmountForm({"amount": typed})
        assert not form.is_valid()
        assert form.errors["amount"]


def test_invalid_message_shows_the_german_format() -> None:
    with translation.override("de"):
        form = AmountForm({"amount": "zehn Euro"})
        form.is_valid()
        assert form.errors["amount"] == ["Bitte geben Sie einen Betrag in Euro an, z. B. 10.000,00."]


@pytest.mark.django_db
def test_amounts_are_shown_in_the_german_format() -> None:
    with translation.override("de"):
        html = str(AmountForm(initial={"amount": Decimal("40000.00")})["amount"])
        assert 'value="40.000,00"' in html and 'inputmode="decimal"' in html and 'type="text"' in html
        bound = ProgrammeForm({"min_grant": "5.000,00", "max_grant": "100.000"})
        bound.is_valid()
        assert bound.cleaned_data["min_grant"] == Decimal("5000.00")
        assert bound.cleaned_data["max_grant"] == Decimal("100000")


@pytest.mark.django_db
def test_service_messages_name_amounts_in_the_german_format(make_user: Any) -> None:
    from teilhabe.funding import services
    from tests.funding.factories import make_application, make_call, make_programme

    call = make_call(make_programme(max_grant=Decimal("20000")))
    with translation.override("de"):
        application = make_application(make_user("kommune", ags="05315"), call)
        problems = services.plan_problems(application)
    assert "Die Höchstzuwendung beträgt 20.000,00 €." in problems["grant"]
