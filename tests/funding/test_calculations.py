from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from teilhabe.funding import calculations

D = Decimal
PLAN = {"personal": D("40000"), "sach": D("10000")}


@pytest.mark.parametrize(
    ("financing_type", "actual", "other", "expected"),
    [
        ("anteil", {"personal": D("40000"), "sach": D("10000")}, D("10000"), D("40000.00")),
        ("anteil", {"personal": D("30000"), "sach": D("10000")}, D("10000"), D("32000.00")),  # 80 % of 40,000
        ("fehlbedarf", {"personal": D("38000"), "sach": D("10000")}, D("10000"), D("38000.00")),  # gap falls 1:1
        ("fehlbedarf", {"personal": D("40000"), "sach": D("10000")}, D("12000"), D("38000.00")),  # more income
        ("festbetrag", {"personal": D("40000"), "sach": D("5000")}, D("10000"), D("40000.00")),  # costs above sum
        ("festbetrag", {"personal": D("30000"), "sach": D("5000")}, D("0"), D("35000.00")),  # costs below sum
    ],
)
def test_final_grant_by_financing_type(financing_type, actual, other, expected) -> None:
    result = calculations.final_grant(
        financing_type=financing_type,
        planned=PLAN,
        actual=actual,
        planned_other_income=D("10000"),
        actual_other_income=other,
        granted=D("40000"),
        paid=D("40000"),
    )
    assert result.final_grant == expected
    assert result.repayment == D("40000") - expected


def test_line_may_exceed_plan_by_twenty_percent_when_offset() -> None:
    eligible, flagged = calculations.eligible_costs(PLAN, {"personal": D("36000"), "sach": D("12000")})
    assert eligible == D("48000") and flagged == []
    eligible, flagged = calculations.eligible_costs(PLAN, {"personal": D("34000"), "sach": D("16000")})
    assert eligible == D("46000") and flagged == ["sach"]  # 4,000 over the 12,000 limit do not count


def test_interest_five_points_above_base_rate_day_exact() -> None:
    rates = [(dt.date(2025, 1, 1), D("2.27")), (dt.date(2025, 7, 1), D("1.27"))]
    # 10,000 € for the whole of 2025: 181 days at 7.27 %, 184 days at 6.27 %
    expected = (D(10000) * D("0.0727") * 181 / 365 + D(10000) * D("0.0627") * 184 / 365).quantize(D("0.01"))
    assert calculations.interest(D("10000"), dt.date(2024, 12, 31), dt.date(2025, 12, 31), rates) == expected
    assert calculations.interest(D("0"), dt.date(2025, 1, 1), dt.date(2025, 12, 31), rates) == 0


def test_add_months_keeps_month_ends() -> None:
    assert calculations.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert calculations.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_staff_grant_caps_posts_per_month() -> None:
    months = {m: (D("6"), D("1")) for m in range(1, 13)}
    grant = calculations.staff_grant(
        months=months, specialist_amount=D("57000"), admin_amount=D("22500"), max_specialist=D("6"), max_admin=D("0.5")
    )
    assert grant == {"specialist": D("342000.00"), "admin": D("11250.00"), "total": D("353250.00")}
