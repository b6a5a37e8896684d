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


BUNDESBANK = [
    (dt.date(2023, 1, 1), D("1.62")),
    (dt.date(2023, 7, 1), D("3.12")),
    (dt.date(2024, 1, 1), D("3.62")),
    (dt.date(2024, 7, 1), D("3.37")),
    (dt.date(2025, 1, 1), D("2.27")),
    (dt.date(2025, 7, 1), D("1.27")),
    (dt.date(2026, 1, 1), D("1.27")),
]


def test_interest_five_points_above_base_rate_day_exact() -> None:
    rates = [(dt.date(2025, 1, 1), D("2.27")), (dt.date(2025, 7, 1), D("1.27"))]
    # 10,000 € for the whole of 2025: 181 days at 7.27 %, 184 days at 6.27 %
    expected = (D(10000) * D("0.0727") * 181 / 365 + D(10000) * D("0.0627") * 184 / 365).quantize(D("0.01"))
    assert calculations.interest(D("10000"), dt.date(2024, 12, 31), dt.date(2025, 12, 31), rates) == expected
    assert calculations.interest(D("0"), dt.date(2025, 1, 1), dt.date(2025, 12, 31), rates) == 0


def test_interest_over_four_base_rate_periods_by_hand() -> None:
    """5,000 € from 15 May 2023 to 31 August 2024, 5 points above the base rate, actual/365:
    16.05.–30.06.2023  46 days at 6.62 % = 41.7151 €
    01.07.–31.12.2023 184 days at 8.12 % = 204.6685 €
    01.01.–30.06.2024 182 days at 8.62 % = 214.9068 € (a leap year still counts 365 days)
    01.07.–31.08.2024  62 days at 8.37 % =  71.0877 €
    together 532.3781 € → 532.38 €"""
    assert calculations.interest(D("5000"), dt.date(2023, 5, 15), dt.date(2024, 8, 31), BUNDESBANK) == D("532.38")


def test_interest_refuses_a_half_year_without_rate() -> None:
    with pytest.raises(calculations.MissingBaseRate) as error:
        calculations.interest(D("1000"), dt.date(2025, 12, 1), dt.date(2026, 7, 2), BUNDESBANK)
    assert error.value.half_year == dt.date(2026, 7, 1)
    # a gap inside the table is refused too, not bridged by the rate before it
    gap = [r for r in BUNDESBANK if r[0] != dt.date(2024, 1, 1)]
    with pytest.raises(calculations.MissingBaseRate):
        calculations.interest(D("1000"), dt.date(2023, 12, 1), dt.date(2024, 2, 1), gap)


def test_repayment_interest_runs_from_each_repaid_tranche_most_recent_first() -> None:
    """Paid 20,000 € on 10.03.2025 and 10,000 € on 15.09.2025; 12,000 € are repaid on 20.02.2026.
    The most recent payout counts first: all 10,000 € of 15.09.2025, then 2,000 € of 10.03.2025.
    10,000 €: 16.09.2025–20.02.2026 = 107 + 51 = 158 days at 6.27 % = 271.4137 € → 271.41 €
     2,000 €: 11.03.–30.06.2025 = 112 days at 7.27 % = 44.6159 €,
              01.07.2025–20.02.2026 = 184 + 51 = 235 days at 6.27 % = 80.7370 € → 125.35 €"""
    payouts = [(dt.date(2025, 3, 10), D("20000")), (dt.date(2025, 9, 15), D("10000"))]
    tranches = calculations.repayment_interest(D("12000"), payouts, dt.date(2026, 2, 20), BUNDESBANK)
    assert [(t.paid_on, t.repaid, t.interest) for t in tranches] == [
        (dt.date(2025, 9, 15), D("10000"), D("271.41")),
        (dt.date(2025, 3, 10), D("2000"), D("125.35")),
    ]
    assert sum(t.interest for t in tranches) == D("396.76")
    # a smaller claim touches the last payout only; never more than was paid out
    assert len(calculations.repayment_interest(D("500"), payouts, dt.date(2026, 2, 20), BUNDESBANK)) == 1
    with pytest.raises(ValueError, match="exceeds"):
        calculations.repaid_tranches(D("30000.01"), payouts)


def test_add_months_keeps_month_ends() -> None:
    assert calculations.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert calculations.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_staff_grant_caps_posts_per_month() -> None:
    months = {m: (D("6"), D("1")) for m in range(1, 13)}
    grant = calculations.staff_grant(
        months=months, specialist_amount=D("57000"), admin_amount=D("22500"), max_specialist=D("6"), max_admin=D("0.5")
    )
    # the fixed amount of 22,500 € is for the half administrative post, not per full post
    assert grant == {"specialist": D("342000.00"), "admin": D("22500.00"), "total": D("364500.00")}


@pytest.mark.parametrize(("max_specialist", "expected"), [(D("5"), D("307500.00")), (D("6"), D("364500.00"))])
def test_fully_staffed_centre_gets_the_guideline_amounts(max_specialist, expected) -> None:
    """Kreisfreie Stadt: 5 × 57,000 + 22,500 = 307,500 €; Kreis: 6 × 57,000 + 22,500 = 364,500 €."""
    months = {m: (max_specialist, D("0.5")) for m in range(1, 13)}
    grant = calculations.staff_grant(
        months=months,
        specialist_amount=D("57000"),
        admin_amount=D("22500"),
        max_specialist=max_specialist,
        max_admin=D("0.5"),
    )
    assert grant["total"] == expected


def test_admin_post_filled_half_the_year_or_at_a_quarter_counts_in_proportion() -> None:
    half_year = {m: (D("0"), D("0.5") if m <= 6 else D("0")) for m in range(1, 13)}
    quarter = {m: (D("0"), D("0.25")) for m in range(1, 13)}
    args = {"specialist_amount": D("57000"), "admin_amount": D("22500"), "max_specialist": D("5")}
    assert calculations.staff_grant(months=half_year, max_admin=D("0.5"), **args)["admin"] == D("11250.00")
    assert calculations.staff_grant(months=quarter, max_admin=D("0.5"), **args)["admin"] == D("11250.00")
