"""Shares with Wilson score intervals (pure functions)."""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The 97.5 % quantile of the standard normal distribution (two-sided 95 % interval).
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Share:
    count: int
    total: int
    share: float
    low: float
    high: float

    @property
    def percent(self) -> float:
        return round(100 * self.share, 1)

    @property
    def low_percent(self) -> float:
        return round(100 * self.low, 1)

    @property
    def high_percent(self) -> float:
        return round(100 * self.high, 1)


def wilson(count: int, total: int, z: float = Z_95) -> Share | None:
    """Wilson score interval for ``count`` successes in ``total`` trials; None without trials."""
    if total <= 0:
        return None
    if not 0 <= count <= total:
        raise ValueError("count must lie between 0 and total")
    p = count / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denominator
    return Share(count, total, p, max(0.0, centre - half), min(1.0, centre + half))


def rate(count: int, total: int | None) -> float | None:
    """A response rate in percent, or None when the staff count is unknown."""
    if not total:
        return None
    return round(100 * count / total, 1)
