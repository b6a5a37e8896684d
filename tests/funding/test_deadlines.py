from __future__ import annotations

import datetime as dt

import pytest

from teilhabe.funding import deadlines

D = dt.date


def test_easter_known_dates() -> None:
    assert deadlines.easter_sunday(2024) == D(2024, 3, 31)
    assert deadlines.easter_sunday(2026) == D(2026, 4, 5)
    assert deadlines.easter_sunday(2027) == D(2027, 3, 28)
    assert deadlines.easter_sunday(2038) == D(2038, 4, 25)


def test_nrw_holidays_2026() -> None:
    assert sorted(deadlines.nrw_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 4, 3),  # Karfreitag
        D(2026, 4, 6),  # Ostermontag
        D(2026, 5, 1),
        D(2026, 5, 14),  # Christi Himmelfahrt
        D(2026, 5, 25),  # Pfingstmontag
        D(2026, 6, 4),  # Fronleichnam
        D(2026, 10, 3),
        D(2026, 11, 1),
        D(2026, 12, 25),
        D(2026, 12, 26),
    ]


def test_nrw_holidays_2027() -> None:
    assert sorted(deadlines.nrw_holidays(2027)) == [
        D(2027, 1, 1),
        D(2027, 3, 26),
        D(2027, 3, 29),
        D(2027, 5, 1),
        D(2027, 5, 6),
        D(2027, 5, 17),
        D(2027, 5, 27),
        D(2027, 10, 3),
        D(2027, 11, 1),
        D(2027, 12, 25),
        D(2027, 12, 26),
    ]
    # not holidays in NRW: Reformationstag, Buß- und Bettag, Heilige Drei Könige
    assert not {D(2027, 10, 31), D(2027, 11, 17), D(2027, 1, 6)} & set(deadlines.nrw_holidays(2027))


def test_deemed_delivery_four_days_since_2025_three_before() -> None:
    assert deadlines.deemed_delivery(D(2026, 3, 2)) == D(2026, 3, 6)
    assert deadlines.deemed_delivery(D(2024, 12, 30)) == D(2025, 1, 2)  # posted under the old rule
    assert deadlines.deemed_delivery(D(2025, 1, 2)) == D(2025, 1, 6)
    # the deemed day is not moved off a weekend: posted Wednesday 2 December 2026, delivered Sunday 6 December
    assert deadlines.deemed_delivery(D(2026, 12, 2)) == D(2026, 12, 6)
    assert "2025" in deadlines.deemed_delivery_rule(D(2026, 1, 1)).legal_basis


@pytest.mark.parametrize(
    ("posted", "ends"),
    [
        # posted Mon 2 Mar 2026, delivered Fri 6 Mar, one month: Mon 6 Apr is Ostermontag -> Tue 7 Apr
        (D(2026, 3, 2), D(2026, 4, 7)),
        # posted Tue 3 Mar, delivered Sat 7 Mar, ends Tue 7 Apr 2026 (a working day)
        (D(2026, 3, 3), D(2026, 4, 7)),
        # posted Mon 27 Apr 2026, delivered Fri 1 May (holiday: no matter), ends Mon 1 Jun 2026
        (D(2026, 4, 27), D(2026, 6, 1)),
        # posted Thu 26 Nov 2026, delivered Mon 30 Nov, ends Wed 30 Dec 2026
        (D(2026, 11, 26), D(2026, 12, 30)),
        # delivered Sat 26 Dec 2026 (posted Tue 22 Dec), ends Tue 26 Jan 2027
        (D(2026, 12, 22), D(2027, 1, 26)),
        # delivered 31 Jan 2027, ends 28 Feb 2027 (Sunday) -> Mon 1 Mar 2027
        (D(2027, 1, 27), D(2027, 3, 1)),
        # delivered Wed 26 May 2027, ends Sat 26 Jun 2027 -> Mon 28 Jun 2027; delivered 27 Apr -> 27 May Fronleichnam
        (D(2027, 5, 22), D(2027, 6, 28)),
        (D(2027, 4, 23), D(2027, 5, 28)),
    ],
)
def test_appeal_period_ends_on_a_working_day(posted, ends) -> None:
    assert deadlines.appeal_period_end(posted) == ends
    assert deadlines.is_working_day(ends)
