"""Deadlines of administrative procedure in NRW: deemed delivery, the end of a period, working days.

- Deemed delivery (§ 41 Abs. 2 Satz 1 VwVfG NRW): a written notice sent by post within Germany counts as
  delivered on the n-th day after it was posted. n is data with its legal basis (DEEMED_DELIVERY): three days
  until 31 December 2024, four days for notices posted from 1 January 2025 on (the postal reform, PostModG; the
  Städte- und Gemeindebund NRW pointed its members to the change for § 41 Abs. 2 VwVfG NRW from 01.01.2025).
  The deemed day itself is a date fixed by law, not the end of a period: it does not move off a weekend or a
  holiday (prevailing opinion, OVG NRW 2024).
- A period of a month (the appeal period, § 74 VwGO; a hearing deadline) starts the day after the event and ends
  on the day of the next month with the same number, or the month's last day (§ 31 Abs. 1 VwVfG NRW with
  §§ 187 Abs. 1, 188 Abs. 2 and 3 BGB).
- A period ending on a Saturday, Sunday or public holiday in NRW ends on the next working day
  (§ 31 Abs. 3 VwVfG NRW; likewise § 57 VwGO with § 222 Abs. 2 ZPO).
- NRW public holidays (Feiertagsgesetz NW § 2): Neujahr, Karfreitag, Ostermontag, 1. Mai, Christi Himmelfahrt,
  Pfingstmontag, Fronleichnam, Tag der Deutschen Einheit, Allerheiligen, 1. und 2. Weihnachtstag; Easter by the
  Gregorian computus (Meeus/Jones/Butcher).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from teilhabe.funding.calculations import add_months


@dataclass(frozen=True)
class DeemedDelivery:
    posted_from: date
    days: int
    legal_basis: str


#: § 41 Abs. 2 Satz 1 VwVfG NRW, by the day the notice was posted. Add a row when the law changes.
DEEMED_DELIVERY = [
    DeemedDelivery(date(1977, 1, 1), 3, "§ 41 Abs. 2 Satz 1 VwVfG NRW (bis 31.12.2024: dritter Tag nach Aufgabe)"),
    DeemedDelivery(
        date(2025, 1, 1),
        4,
        "§ 41 Abs. 2 Satz 1 VwVfG NRW in der ab 01.01.2025 geltenden Fassung: vierter Tag nach Aufgabe zur Post",
    ),
]


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def nrw_holidays(year: int) -> dict[date, str]:
    """The statutory public holidays of Nordrhein-Westfalen in ``year``."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Neujahr",
        easter - timedelta(days=2): "Karfreitag",
        easter + timedelta(days=1): "Ostermontag",
        date(year, 5, 1): "Tag der Arbeit",
        easter + timedelta(days=39): "Christi Himmelfahrt",
        easter + timedelta(days=50): "Pfingstmontag",
        easter + timedelta(days=60): "Fronleichnam",
        date(year, 10, 3): "Tag der Deutschen Einheit",
        date(year, 11, 1): "Allerheiligen",
        date(year, 12, 25): "1. Weihnachtstag",
        date(year, 12, 26): "2. Weihnachtstag",
    }


SATURDAY = 5


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in nrw_holidays(day.year)


def period_end(day: date) -> date:
    """§ 31 Abs. 3 VwVfG NRW: a period ending on a Saturday, Sunday or holiday ends on the next working day."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deemed_delivery_rule(posted_on: date) -> DeemedDelivery:
    return [rule for rule in DEEMED_DELIVERY if rule.posted_from <= posted_on][-1]


def deemed_delivery(posted_on: date) -> date:
    """The day a notice posted on ``posted_on`` counts as delivered (not moved off weekends and holidays)."""
    return posted_on + timedelta(days=deemed_delivery_rule(posted_on).days)


def months_after(event: date, months: int) -> date:
    """The end of a period of ``months`` months that starts with an event on ``event`` (§§ 187, 188 BGB),
    moved to the next working day (§ 31 Abs. 3 VwVfG NRW)."""
    return period_end(add_months(event, months))


def appeal_period_end(posted_on: date, months: int = 1) -> date:
    """The last day to bring an action against a notice posted on ``posted_on``."""
    return months_after(deemed_delivery(posted_on), months)
