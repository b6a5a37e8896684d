"""The arithmetic of grant law, free of the database so it can be tested line by line.

- Finanzierungsplan: costs must equal own funds + third-party funds + requested grant, year by year.
- Final grant after the proof of use (Nr. 2 ANBest-P / ANBest-G): by financing type.
- Interest on repayment claims and on funds used late: 5 percentage points above the base rate per year
  (§ 49a Abs. 3 and 4 VwVfG NRW), day-exact.

Day count convention for interest: actual/365 (fixed). Every calendar day of the period counts (day-exact, as
§ 49a Abs. 3 VwVfG NRW asks for a yearly rate applied "vom Eintritt der Unwirksamkeit an"), each day at
1/365 of the yearly rate, also in a leap year. Why: the statutory yearly rate is a rate per year of 365 days in
German practice for statutory interest (§§ 246, 247, 288 BGB, to which § 49a refers through the base rate);
30/360 would not be day-exact, and actual/actual would give 29 February a smaller share of the same yearly rate
without any basis in the law. The first day (the payout, § 187 Abs. 1 BGB: the day of the event does not count)
is excluded, the last day (the day of repayment) is included.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
#: Nr. 1.2 ANBest-P/-G: a single line may exceed its plan by up to 20 % when savings elsewhere offset it.
LINE_TOLERANCE = Decimal("0.20")
INTEREST_ABOVE_BASE = Decimal(5)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cents_down(value: Decimal) -> Decimal:
    """Grants are rounded down: never a cent more than the rules allow."""
    return value.quantize(CENT, rounding=ROUND_DOWN)


def share_percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(CENT) if whole else ZERO


@dataclass(frozen=True)
class FinalGrant:
    planned_costs: Decimal
    actual_costs: Decimal
    eligible_costs: Decimal
    other_income: Decimal
    granted: Decimal
    final_grant: Decimal
    paid: Decimal
    repayment: Decimal
    #: categories whose actual spending exceeds the plan by more than the tolerance: the excess is not eligible
    flagged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "planned_costs": str(self.planned_costs),
            "actual_costs": str(self.actual_costs),
            "eligible_costs": str(self.eligible_costs),
            "other_income": str(self.other_income),
            "granted": str(self.granted),
            "final_grant": str(self.final_grant),
            "paid": str(self.paid),
            "repayment": str(self.repayment),
            "flagged": list(self.flagged),
        }


def eligible_costs(planned: Mapping[str, Decimal], actual: Mapping[str, Decimal]) -> tuple[Decimal, list[str]]:
    """Actual costs that count: each line at most 120 % of its plan, the total at most the planned total.

    A line without a plan (an unplanned category) counts nothing and is flagged.
    """
    flagged: list[str] = []
    total = ZERO
    for category, spent in actual.items():
        plan = planned.get(category, ZERO)
        limit = plan * (1 + LINE_TOLERANCE)
        if spent > limit:
            flagged.append(category)
        total += min(spent, limit)
    return min(total, sum(planned.values(), ZERO)), sorted(flagged)


def final_grant(
    *,
    financing_type: str,
    planned: Mapping[str, Decimal],
    actual: Mapping[str, Decimal],
    planned_other_income: Decimal,
    actual_other_income: Decimal,
    granted: Decimal,
    paid: Decimal,
) -> FinalGrant:
    """The grant the applicant may keep, by financing type, and what must be paid back.

    - Anteilfinanzierung: the granted share of the planned costs applied to the eligible actual costs.
    - Fehlbedarfsfinanzierung and Vollfinanzierung: the gap between eligible costs and actual own and
      third-party funds; every euro of lower costs or higher other income lowers the grant.
    - Festbetragsfinanzierung: the fixed sum, lowered only when the eligible costs fall below it.
    Never more than granted.
    """
    planned_costs = sum(planned.values(), ZERO)
    actual_costs = sum(actual.values(), ZERO)
    eligible, flagged = eligible_costs(planned, actual)
    if financing_type == "anteil":
        share = granted / planned_costs if planned_costs else ZERO
        grant = cents_down(eligible * share)
    elif financing_type in ("fehlbedarf", "voll"):
        grant = max(ZERO, eligible - actual_other_income)
    elif financing_type == "festbetrag":
        grant = min(granted, eligible)
    else:
        raise ValueError(financing_type)
    grant = min(cents_down(grant), granted)
    return FinalGrant(
        planned_costs=planned_costs,
        actual_costs=actual_costs,
        eligible_costs=eligible,
        other_income=actual_other_income,
        granted=granted,
        final_grant=grant,
        paid=paid,
        repayment=max(ZERO, paid - grant),
        flagged=flagged,
    )


DAYS_PER_YEAR = Decimal(365)


class MissingBaseRate(ValueError):
    """No (confirmed) base rate for a half-year the interest period touches: the operators must enter it."""

    def __init__(self, half_year: date) -> None:
        self.half_year = half_year
        super().__init__(f"no base rate for the half-year from {half_year.isoformat()}")


def half_year_start(day: date) -> date:
    """The base rate changes only on 1 January and 1 July (§ 247 Abs. 1 BGB)."""
    return date(day.year, 1 if day.month < 7 else 7, 1)


def _rate_on(day: date, base_rates: Mapping[date, Decimal]) -> Decimal:
    """The rate of the half-year of ``day``; never the last known one of an earlier half-year."""
    start = half_year_start(day)
    if start not in base_rates:
        raise MissingBaseRate(start)
    return base_rates[start]


def interest(amount: Decimal, start: date, end: date, base_rates: Iterable[tuple[date, Decimal]]) -> Decimal:
    """Interest on ``amount`` from ``start`` (exclusive) to ``end`` (inclusive) at base rate + 5 points per year,
    actual/365 (see the module docstring).

    ``base_rates`` holds (first day of the half-year, rate) for every half-year the period touches; a missing one
    raises MissingBaseRate instead of silently using the last known rate. Each day takes the rate of its
    half-year. A negative base rate counts as it is (the sum stays at least 0 %).
    """
    if amount <= 0 or end <= start:
        return ZERO
    return cents(_interest_exact(amount, start, end, base_rates))


def _interest_exact(amount: Decimal, start: date, end: date, base_rates: Iterable[tuple[date, Decimal]]) -> Decimal:
    rates = {half_year_start(valid_from): rate for valid_from, rate in base_rates}
    total = Decimal(0)
    day = start + timedelta(days=1)
    while day <= end:
        rate = _rate_on(day, rates)
        half = half_year_start(day)
        next_change = date(half.year, 7, 1) if half.month == 1 else date(half.year + 1, 1, 1)
        piece_end = min(end, next_change - timedelta(days=1))
        days = (piece_end - day).days + 1
        yearly = max(ZERO, rate + INTEREST_ABOVE_BASE) / HUNDRED
        total += amount * yearly * Decimal(days) / DAYS_PER_YEAR
        day = piece_end + timedelta(days=1)
    return total


@dataclass(frozen=True)
class Tranche:
    """The part of one payout that is being repaid, and its interest up to the day of repayment."""

    paid_on: date
    paid: Decimal
    repaid: Decimal
    interest: Decimal


def repaid_tranches(repayment: Decimal, payouts: Iterable[tuple[date, Decimal]]) -> list[tuple[date, Decimal, Decimal]]:
    """Which payouts the repayment takes back: the most recent payouts count first (the money paid last is the
    money not needed). Returns (paid_on, paid, repaid) per payout touched, most recent first."""
    left = max(repayment, ZERO)
    taken = []
    for paid_on, paid in sorted(payouts, key=lambda p: p[0], reverse=True):
        if left <= 0:
            break
        part = min(paid, left)
        taken.append((paid_on, paid, part))
        left -= part
    if left > 0:
        raise ValueError("repayment exceeds the payouts")
    return taken


def repayment_interest(
    repayment: Decimal, payouts: Iterable[tuple[date, Decimal]], until: date, base_rates: Iterable[tuple[date, Decimal]]
) -> list[Tranche]:
    """Interest under § 49a Abs. 3 VwVfG NRW on a repayment claim: each repaid part of a payout from the day
    after its payout until the day of repayment ``until`` (inclusive), the most recent payouts first. Each
    tranche is rounded to the cent (half up); the claim's interest is their sum."""
    rates = list(base_rates)
    return [
        Tranche(paid_on=paid_on, paid=paid, repaid=part, interest=interest(part, paid_on, until, rates))
        for paid_on, paid, part in repaid_tranches(repayment, payouts)
    ]


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def staff_grant(
    *,
    months: Mapping[int, tuple[Decimal, Decimal]],
    specialist_amount: Decimal,
    admin_amount: Decimal,
    max_specialist: Decimal,
    max_admin: Decimal,
) -> dict[str, Decimal]:
    """The yearly KI staff grant from the filled posts per month.

    ``months`` maps month (1–12) to (filled specialist FTE, filled administrative FTE). The rates keep the unit
    they are published in: ``specialist_amount`` per full specialist post and year, ``admin_amount`` a fixed
    amount per year for the whole funded administrative post of ``max_admin`` FTE (the half post of the KI
    guideline: €22,500 for 0.5 FTE, not €22,500 per full post). Each month counts one twelfth; filled posts
    count at most up to the funded number.
    """
    specialist = ZERO
    admin = ZERO
    for filled_specialist, filled_admin in months.values():
        specialist += min(filled_specialist, max_specialist) * specialist_amount / 12
        if max_admin > 0:
            admin += min(filled_admin, max_admin) / max_admin * admin_amount / 12
    specialist, admin = cents_down(specialist), cents_down(admin)
    return {"specialist": specialist, "admin": admin, "total": specialist + admin}
