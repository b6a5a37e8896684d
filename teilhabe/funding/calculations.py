"""The arithmetic of grant law, free of the database so it can be tested line by line.

- Finanzierungsplan: costs must equal own funds + third-party funds + requested grant, year by year.
- Final grant after the proof of use (Nr. 2 ANBest-P / ANBest-G): by financing type.
- Interest on repayment claims and on funds used late: 5 percentage points above the base rate per year
  (§ 49a Abs. 3 and 4 VwVfG NRW), day-exact on a 365-day year.
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


def _rate_on(day: date, base_rates: list[tuple[date, Decimal]]) -> Decimal:
    rate = base_rates[0][1] if base_rates else ZERO
    for valid_from, value in base_rates:
        if valid_from <= day:
            rate = value
    return rate


def interest(amount: Decimal, start: date, end: date, base_rates: Iterable[tuple[date, Decimal]]) -> Decimal:
    """Interest on ``amount`` from ``start`` (exclusive) to ``end`` (inclusive) at base rate + 5 points per year.

    The base rate changes on 1 January and 1 July; each day takes the rate valid on it. A negative base rate
    counts as it is (the sum stays at least 0 %).
    """
    if amount <= 0 or end <= start:
        return ZERO
    rates = sorted(base_rates)
    total = Decimal(0)
    day = start + timedelta(days=1)
    while day <= end:
        # one piece per stretch of equal rate
        rate = _rate_on(day, rates)
        next_change = min((d for d, _ in rates if d > day), default=end + timedelta(days=1))
        piece_end = min(end, next_change - timedelta(days=1))
        days = (piece_end - day).days + 1
        yearly = max(ZERO, rate + INTEREST_ABOVE_BASE) / HUNDRED
        total += amount * yearly * Decimal(days) / Decimal(365)
        day = piece_end + timedelta(days=1)
    return cents(total)


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

    ``months`` maps month (1–12) to (filled specialist FTE, filled administrative FTE). Each month counts one
    twelfth of the yearly fixed amount per filled post, at most the funded number of posts.
    """
    specialist = ZERO
    admin = ZERO
    for filled_specialist, filled_admin in months.values():
        specialist += min(filled_specialist, max_specialist) * specialist_amount / 12
        admin += min(filled_admin, max_admin) * admin_amount / 12
    specialist, admin = cents_down(specialist), cents_down(admin)
    return {"specialist": specialist, "admin": admin, "total": specialist + admin}
