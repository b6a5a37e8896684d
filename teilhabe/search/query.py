"""What a search asks (``SearchQuery``) and what it answers (``SearchResult`` with ``Hit`` rows)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from teilhabe.search.schema import FILTERS

PAGE_SIZE = 20
MAX_PAGE_SIZE = 200
#: Deepest result that can be paged to (offset + page size); deeper pages are refused, as in most web search.
MAX_DEPTH = 10_000
MAX_RADIUS_KM = 1000.0

Sort = Literal["relevance", "distance"]


@dataclass(frozen=True)
class SearchQuery:
    """One search: words, filters, an optional circle, the order and the page.

    ``text``: German words; all must match (each exactly after stemming, by prefix or with one typo). Empty: every
    offer that passes the filters. ``filters``: filter name (``topic``, ``target_group``, ``language``, ``kreis``,
    ``gemeinde``, ``organisation_kind``) -> accepted keys; any of the keys within a filter, all filters together.
    ``near`` (lat, lon) and ``radius_km``: only offers with a place within the circle; every hit then carries the
    distance of its nearest place. ``sort``: ``"relevance"`` (exact matches first, then by BM25) or ``"distance"``
    (nearest first; needs ``near`` and ``radius_km``). ``facets``: count keys over the whole match set.
    ``language``: the language the words are written in (the page's; ISO 639-1), analysed for it among the
    translations; ``vocabulary``: terms of that language (``analysis.language_terms``) -> ``facet`` terms they name
    (``{"danisman": ["t:beratung"]}``), built from the taxonomy's translations by the caller.
    """

    text: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    sort: Sort = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    facets: bool = True
    language: str = "de"
    vocabulary: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.filters) - set(FILTERS)
        if unknown:
            raise ValueError(f"unknown filters: {sorted(unknown)}; known: {list(FILTERS)}")
        if self.page < 1 or not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError("page must be >= 1 and page_size between 1 and 200")
        if self.offset + self.page_size > MAX_DEPTH:
            raise ValueError(f"results beyond the first {MAX_DEPTH} cannot be paged to")
        if self.near is not None:
            lat, lon = self.near
            if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
                raise ValueError("near must be (lat, lon) in degrees")
        if self.radius_km is not None and (self.near is None or not 0.0 < self.radius_km <= MAX_RADIUS_KM):
            raise ValueError(f"radius_km needs near and must be in (0, {MAX_RADIUS_KM:g}]")
        if self.sort == "distance" and self.radius_km is None:
            raise ValueError("sort='distance' needs near and radius_km")
        if self.sort not in ("relevance", "distance"):
            raise ValueError("sort must be 'relevance' or 'distance'")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class Hit:
    """One offer of the page: its id, its relevance score (0.0 without words) and, with ``near``, the distance in
    km of its nearest place (None when it has no place)."""

    id: str
    score: float
    distance_km: float | None = None


@dataclass(frozen=True)
class SearchResult:
    """``total``: the exact number of matching offers; ``hits``: the requested page; ``facets``: facet name ->
    key -> number of matching offers with that key (over all matches, not just the page; only keys that occur);
    ``elapsed_ms``: time spent in ``SearchIndex.search``."""

    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    elapsed_ms: float
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))
