"""Wilson score intervals against published values (Newcombe 1998, Statistics in Medicine 17, table I)."""

from __future__ import annotations

import pytest

from teilhabe.workforce.stats import rate, wilson


@pytest.mark.parametrize(
    ("count", "total", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0000),  # = 1 - z²/(n + z²), the mirror of 0/29
        (0, 10, 0.0000, 0.2775),
        (5, 10, 0.2366, 0.7634),
    ],
)
def test_wilson_matches_published_values(count: int, total: int, low: float, high: float) -> None:
    share = wilson(count, total)
    assert share is not None
    assert share.low == pytest.approx(low, abs=5e-5)
    assert share.high == pytest.approx(high, abs=5e-5)
    assert share.low <= share.share <= share.high


def test_wilson_refuses_impossible_counts_and_has_no_interval_without_trials() -> None:
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(3, 2)
    with pytest.raises(ValueError):
        wilson(-1, 2)


def test_share_in_percent() -> None:
    share = wilson(121, 1000)
    assert share is not None
    assert share.percent == 12.1
    assert share.low_percent < 12.1 < share.high_percent


def test_rate() -> None:
    assert rate(67, 100) == 67.0
    assert rate(5, 0) is None
    assert rate(5, None) is None
