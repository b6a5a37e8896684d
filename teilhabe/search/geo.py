"""Distances and the grid of cells that turns "within r km of a point" into term lookups.

Every place of an offer is indexed in one cell per level of a fixed grid, levels ``MIN_LEVEL`` to ``LEVELS - 1``
(about 4.4 km wide, each level halving it, down to about 140 m). A circle is covered by cells: those entirely inside
it (``inner``, coarse where possible) and the finest cells that cross its edge (``border``). An offer with a place
in an inner cell is inside for sure; only offers found through border cells are checked with the exact
haversine distance. So the exact check touches a thin ring, not the whole bounding box.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
LEVELS = 8
#: Coarsest level indexed (about 4.4 km); levels 0 and 1 would only pay off for circles of 20 km and more.
MIN_LEVEL = 2
#: Cell size at the finest level in degrees; level ``l`` cells are ``2 ** (LEVELS - 1 - l)`` times larger.
FINE_LAT = 0.00125
FINE_LON = 0.002
_SHIFT = 28
#: Added to the finest cell numbers so they are never negative; a multiple of every cell span.
_BIAS = 1 << 20
_LEVEL_BITS = tuple((level << 60, LEVELS - 1 - level) for level in range(MIN_LEVEL, LEVELS))
#: Cells are classified on a local flat projection; this margin (relative to the radius, plus 10 m) keeps every
#: cell whose class the projection could get wrong in the border, where the exact check decides.
_MARGIN_REL = 0.005
_MARGIN_KM = 0.01


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of a box that contains the circle."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    far = min(89.0, abs(lat) + dlat)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * math.cos(math.radians(far))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def cell_term(level: int, i: int, j: int) -> int:
    """The u64 term of cell (i, j) at ``level`` (cell numbers counted from the bias)."""
    return (level << 60) | (i << _SHIFT) | j


def cell_terms(lat: float, lon: float) -> list[int]:
    """The cell terms (one per level) of a place, as indexed."""
    i = math.floor(lat / FINE_LAT) + _BIAS
    j = math.floor(lon / FINE_LON) + _BIAS
    return [bits | ((i >> shift) << _SHIFT) | (j >> shift) for bits, shift in _LEVEL_BITS]


def cell_text(locations: Iterable[tuple[float, float]]) -> str:
    """The cell terms of all places of an offer, as the text the ``cell`` field indexes (one token per cell)."""
    floor = math.floor
    terms: list[int] = []
    for lat, lon in locations:
        i = floor(lat / FINE_LAT) + _BIAS
        j = floor(lon / FINE_LON) + _BIAS
        terms += [bits | ((i >> shift) << _SHIFT) | (j >> shift) for bits, shift in _LEVEL_BITS]
    return " ".join(map(str, terms))


@dataclass(frozen=True)
class Cover:
    """Cells covering a circle: ``inner`` ones lie entirely inside, ``border`` ones (finest level) cross the edge."""

    inner: tuple[int, ...]
    border: tuple[int, ...]


@dataclass(frozen=True)
class _Grid:
    """The finest level used for one circle, in the biased cell numbering, with the circle in local km."""

    finest: int
    cell_h: float  # degrees of latitude per cell
    cell_w: float  # degrees of longitude per cell
    lat_b: float  # the centre, biased
    lon_b: float
    ky: float  # km per degree of latitude
    kx: float  # km per degree of longitude at the centre (local flat projection; the margin absorbs its error)
    r_in: float  # cells entirely within this radius are inside
    r_out: float  # cells entirely beyond this radius are outside


def _grid(lat: float, lon: float, radius_km: float) -> _Grid:
    ky = math.pi * EARTH_RADIUS_KM / 180.0
    margin = radius_km * _MARGIN_REL + _MARGIN_KM
    # The finest level used has cells of about a hundredth of the radius, so the border stays about 1,000 cells.
    finest = LEVELS - 1
    while finest > MIN_LEVEL and (1 << (LEVELS - 1 - finest)) * FINE_LAT * ky < radius_km / 100:
        finest -= 1
    span = 1 << (LEVELS - 1 - finest)
    return _Grid(
        finest=finest,
        cell_h=span * FINE_LAT,
        cell_w=span * FINE_LON,
        lat_b=lat + _BIAS * FINE_LAT,
        lon_b=lon + _BIAS * FINE_LON,
        ky=ky,
        kx=ky * math.cos(math.radians(lat)),
        r_in=max(0.0, radius_km - margin),
        r_out=radius_km + margin,
    )


def _rows(g: _Grid, first: int, last: int) -> tuple[list[int], list[int], list[int]]:
    """Per finest row from ``first`` to ``last``: the first and last column of cells entirely inside (empty when
    first > last), and all border cells (touching the circle, not inside)."""
    lo: list[int] = []
    hi: list[int] = []
    border: list[int] = []
    level_bits = g.finest << 60
    for row in range(first, last):
        y0 = (row * g.cell_h - g.lat_b) * g.ky
        y1 = ((row + 1) * g.cell_h - g.lat_b) * g.ky
        near = 0.0 if y0 <= 0.0 <= y1 else min(abs(y0), abs(y1))
        far = max(abs(y0), abs(y1))
        i_lo, i_hi = 1 << 40, -1
        if far <= g.r_in:
            half = math.sqrt(g.r_in * g.r_in - far * far) / g.kx
            i_lo = math.ceil((g.lon_b - half) / g.cell_w)
            i_hi = math.floor((g.lon_b + half) / g.cell_w) - 1
        lo.append(i_lo)
        hi.append(i_hi)
        if near <= g.r_out:
            half = math.sqrt(g.r_out * g.r_out - near * near) / g.kx
            o_lo, o_hi = math.floor((g.lon_b - half) / g.cell_w), math.floor((g.lon_b + half) / g.cell_w)
            base = level_bits | (row << _SHIFT)
            if i_lo > i_hi:
                border.extend(base | j for j in range(o_lo, o_hi + 1))
            else:
                border.extend(base | j for j in range(o_lo, min(o_hi, i_lo - 1) + 1))
                border.extend(base | j for j in range(max(o_lo, i_hi + 1), o_hi + 1))
    return lo, hi, border


def _merge_inner(finest: int, first: int, lo: list[int], hi: list[int]) -> list[int]:
    """Inner cells, coarsest first: a cell of level ``level`` spans ``span`` finest rows and columns and is inner
    when its columns lie within the inside columns of each of its rows. What a coarser cell took is not offered
    to its children."""
    inner: list[int] = []
    block = 1 << (finest - MIN_LEVEL)
    work = [(MIN_LEVEL, first // block + r, 0, 1 << 40) for r in range(len(lo) // block)]
    while work:
        level, index, j_from, j_to = work.pop()
        span = 1 << (finest - level)
        start = index * span - first
        rows_lo = lo[start : start + span]
        rows_hi = hi[start : start + span]
        widest_lo, widest_hi = min(rows_lo), max(rows_hi)
        j_from = max(j_from, widest_lo // span)
        j_to = min(j_to, widest_hi // span)
        if widest_lo > widest_hi or j_from > j_to:
            continue
        a = max(j_from, -(-max(rows_lo) // span))
        b = min(j_to, (min(rows_hi) + 1) // span - 1)
        rest = [(j_from, j_to)]
        if a <= b:
            base = (level << 60) | (index << _SHIFT)
            inner.extend(base | j for j in range(a, b + 1))
            rest = [(j_from, a - 1), (b + 1, j_to)]
        if level < finest:
            for r_from, r_to in rest:
                if r_from <= r_to:
                    work.append((level + 1, 2 * index, 2 * r_from, 2 * r_to + 1))
                    work.append((level + 1, 2 * index + 1, 2 * r_from, 2 * r_to + 1))
    return inner


@functools.lru_cache(maxsize=1024)
def cover(lat: float, lon: float, radius_km: float) -> Cover:
    """The cells of the grid that cover the circle around (lat, lon) (cached: a pure function of the circle).

    Row by row at the finest level used, the columns of cells entirely inside and of cells touching the circle
    follow from the row's distance to the centre; inside cells are then merged into the coarsest cells that lie
    entirely inside, top down. A 10 km circle needs about 500 inner and 1,000 border cells.
    """
    g = _grid(lat, lon, radius_km)
    south, north, _west, _east = bounding_box(lat, lon, g.r_out)
    block = 1 << (g.finest - MIN_LEVEL)  # finest rows per row of the coarsest level
    first = (math.floor((south + _BIAS * FINE_LAT) / g.cell_h) // block) * block
    last = (math.floor((north + _BIAS * FINE_LAT) / g.cell_h) // block + 1) * block
    lo, hi, border = _rows(g, first, last)
    return Cover(tuple(_merge_inner(g.finest, first, lo, hi)), tuple(border))
