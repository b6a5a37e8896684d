"""Statistical disclosure control of linked frequency tables (pure functions, no database).

A table set is a mapping of cell keys to counts and a list of additive relations ``total = sum(parts)``. Cells
that occur in several tables (a unit's respondents appear in every category table; the authority's row is the sum
of its units' rows; career groups and staff kinds sum to the same grand totals) share one key, so the tables are
protected together.

1. **Primary suppression**: a cell below the threshold (``0 < count < threshold``), and, within a row relation,
   a cell whose complement (row total minus cell) is below the threshold, so "everyone in unit X" cannot leak.
2. **Secondary suppression**: no relation may hold exactly one suppressed member (it could be recomputed); a
   partner is added until every relation holds none or at least two, preferring the smallest part that can
   absorb the protection level, then the total.
3. **Audit**: for every suppressed cell, two linear programs (minimise and maximise the cell subject to every
   published value and relation, cells non-negative, integrality relaxed) are solved with HiGHS through SciPy.
   The feasible interval must contain ``[max(0, v - p), v + p]`` for the protection level ``p``; the upper end is
   capped by a published total the cell is part of (an attacker knows that bound in any case). Where the audit
   fails, a further partner is suppressed and the audit repeats.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

Key = Hashable

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Relation:
    total: Key
    parts: tuple[Key, ...]
    #: A row (a group's answers summing to its respondents): the complement rule applies to its parts.
    row: bool = False


@dataclass
class TableSet:
    values: dict[Key, int]
    relations: list[Relation]
    #: key -> PRIMARY or SECONDARY
    suppressed: dict[Key, str] = field(default_factory=dict)
    #: Upper bounds an attacker knows from elsewhere (an authority's published staff count bounds its respondents).
    bounds: dict[Key, int] = field(default_factory=dict)

    def is_suppressed(self, key: Key) -> bool:
        return key in self.suppressed


@dataclass(frozen=True)
class AuditResult:
    key: Key
    value: int
    low: float
    high: float
    required_low: float
    required_high: float

    @property
    def ok(self) -> bool:
        return self.low <= self.required_low + 1e-6 and self.high >= self.required_high - 1e-6


def primary(tables: TableSet, threshold: int) -> set[Key]:
    marked: set[Key] = set()
    for key, value in tables.values.items():
        if 0 < value < threshold:
            marked.add(key)
    for relation in tables.relations:
        if not relation.row:
            continue
        total = tables.values[relation.total]
        for part in relation.parts:
            value = tables.values[part]
            if value > 0 and total - value < threshold:
                marked.add(part)
    for key in marked:
        tables.suppressed.setdefault(key, PRIMARY)
    return marked


def _index(tables: TableSet) -> dict[Key, list[int]]:
    index: dict[Key, list[int]] = defaultdict(list)
    for i, relation in enumerate(tables.relations):
        index[relation.total].append(i)
        for part in relation.parts:
            index[part].append(i)
    return index


class _Hidden:
    """How many suppressed members each relation holds, kept up to date as partners are added."""

    def __init__(self, tables: TableSet, index: dict[Key, list[int]]):
        self.tables, self.index = tables, index
        self.count = [0] * len(tables.relations)
        for key in tables.suppressed:
            for i in index.get(key, ()):
                self.count[i] += 1

    def suppress(self, key: Key) -> None:
        if key not in self.tables.suppressed:
            self.tables.suppressed[key] = SECONDARY
            for i in self.index.get(key, ()):
                self.count[i] += 1

    def score(self, key: Key, current: int) -> int:
        """What suppressing ``key`` does to its other relations: +1 for each it leaves with a single hidden member
        (a new partner will be needed there), -1 for each it completes (one that held a single hidden member)."""
        score = 0
        for i in self.index.get(key, ()):
            if i != current:
                n = self.count[i]
                score += 1 if n == 0 else (-1 if n == 1 else 0)
        return score


def _partner(tables: TableSet, relation: Relation, protection: int, hidden: _Hidden, current: int) -> Key | None:
    """The published member of ``relation`` whose suppression costs least and still protects.

    Among the parts that can absorb the protection level (and the total), the one that completes other relations
    with a single hidden member and opens the fewest new ones: one tiny cell in a table then costs a rectangle of
    three partners, not a cascade through every row and column. Ties go to the smallest value, parts before the
    total (a hidden total reaches into the next table)."""
    parts = [p for p in relation.parts if p not in tables.suppressed]
    candidates = [(p, 0) for p in parts if tables.values[p] >= protection]
    if relation.total not in tables.suppressed:
        candidates.append((relation.total, 1))
    if candidates:

        def cost(candidate: tuple[Key, int]) -> tuple[int, int, int, str]:
            key, is_total = candidate
            return (hidden.score(key, current), is_total, tables.values[key], str(key))

        return min(candidates, key=cost)[0]
    if parts:
        return max(parts, key=lambda p: (tables.values[p], str(p)))
    return None


def secondary(tables: TableSet, protection: int) -> set[Key]:
    """Add partners until no relation holds exactly one suppressed member."""
    index = _index(tables)
    hidden = _Hidden(tables, index)
    before = set(tables.suppressed)
    queue = [i for i, n in enumerate(hidden.count) if n == 1]
    while queue:
        i = queue.pop()
        if hidden.count[i] != 1:
            continue
        partner = _partner(tables, tables.relations[i], protection, hidden, i)
        if partner is None:
            continue
        hidden.suppress(partner)
        queue.extend(j for j in index[partner] if hidden.count[j] == 1)
    return set(tables.suppressed) - before


def _components(tables: TableSet) -> list[tuple[list[Key], list[Relation]]]:
    """Groups of suppressed cells connected through relations, with the relations that touch them."""
    parent: dict[Key, Key] = {k: k for k in tables.suppressed}

    def find(k: Key) -> Key:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    touching: list[tuple[Relation, list[Key]]] = []
    for relation in tables.relations:
        hidden = [m for m in (relation.total, *relation.parts) if m in tables.suppressed]
        if not hidden:
            continue
        touching.append((relation, hidden))
        for other in hidden[1:]:
            a, b = find(hidden[0]), find(other)
            if a != b:
                parent[a] = b
    groups: dict[Key, list[Key]] = defaultdict(list)
    for key in tables.suppressed:
        groups[find(key)].append(key)
    relations: dict[Key, list[Relation]] = defaultdict(list)
    for relation, hidden in touching:
        relations[find(hidden[0])].append(relation)
    return [(keys, relations[root]) for root, keys in groups.items()]


def audit(
    tables: TableSet, protection: int, *, exact: bool = True, cache: dict[frozenset[Key], _Component] | None = None
) -> list[AuditResult]:
    """Check every suppressed cell against its protection interval with linear programs (HiGHS via SciPy).

    ``exact`` solves, for every suppressed cell, the minimum and the maximum: the feasible interval itself.
    Otherwise feasible points found by minimising and maximising the sum of the still unproven cells prove the
    interval of many cells at once (a feasible point with the cell at or beyond the required end is a proof), and
    only the remaining cells are solved one by one; their results carry the witness values, not the optimum.
    ``cache`` keeps the systems of components (connected groups of suppressed cells) that did not change, with
    every exact bound already found.
    """
    results: list[AuditResult] = []
    for keys, relations in _components(tables):
        signature = frozenset(keys)
        component = cache.get(signature) if cache is not None else None
        if component is None:
            component = _Component(tables, keys, relations, protection)
            if cache is not None:
                cache[signature] = component
        results += component.results(exact=exact)
    return results


class _Component:
    """The linear system of one connected group of suppressed cells, published values moved to the right."""

    def __init__(self, tables: TableSet, keys: list[Key], relations: list[Relation], protection: int):
        import numpy as np
        from scipy.sparse import csr_matrix

        self.tables, self.keys, self.relations, self.protection = tables, keys, relations, protection
        self.bounds = [(0.0, float(tables.bounds[k]) if k in tables.bounds else None) for k in keys]
        self.position = {k: i for i, k in enumerate(keys)}
        rows, cols, data, rhs = [], [], [], []
        for r, relation in enumerate(relations):
            constant = 0.0
            for member, sign in ((relation.total, -1.0), *((p, 1.0) for p in relation.parts)):
                if member in self.position:
                    rows.append(r)
                    cols.append(self.position[member])
                    data.append(sign)
                else:
                    constant += sign * tables.values[member]
            rhs.append(-constant)
        self.a_eq = csr_matrix((data, (rows, cols)), shape=(len(relations), len(keys)))
        self.b_eq = np.array(rhs, dtype=float)
        self._high: dict[Key, float] = {}
        self._low: dict[Key, float] = {}
        # A simple upper bound of each cell: a published total minus the published rest of one of its relations
        # (the suppressed rest is at least 0). A feasible point that reaches it proves the maximum exactly, as a
        # point at 0 proves the minimum: every solution found is harvested for such proofs, which saves most of
        # the per-cell programs while every interval stays exact.
        self._ceiling: dict[Key, float] = {}
        self._proofs: tuple[dict[Key, float], dict[Key, float]] | None = None
        for relation in relations:
            if relation.total in self.position:
                continue
            for part in relation.parts:
                if part in self.position:
                    rest = sum(self.tables.values[p] for p in relation.parts if p not in self.position)
                    bound = float(self.tables.values[relation.total] - rest)
                    self._ceiling[part] = min(self._ceiling.get(part, bound), bound)
        for key in keys:
            if key in tables.bounds:
                self._ceiling[key] = min(self._ceiling.get(key, float("inf")), float(tables.bounds[key]))

    def _solve(self, weights: dict[Key, float]) -> Any:
        """A feasible point optimal for the weights (minimised), or None if the objective is unbounded."""
        import numpy as np
        from scipy.optimize import linprog

        objective = np.zeros(len(self.keys))
        for key, weight in weights.items():
            objective[self.position[key]] = weight
        # Presolve off: these systems are small and sparse, and presolving costs more than it saves (about 2x).
        result = linprog(
            objective,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=self.bounds,
            method="highs",
            options={"presolve": False},
        )
        if result.status == 3:
            return None
        if result.status != 0:
            raise RuntimeError(f"disclosure audit: linear program failed: {result.message}")
        self._harvest(result.x)
        return result.x

    def _harvest(self, x: Any) -> None:
        for key, i in self.position.items():
            value = float(x[i])
            if key not in self._low and value <= 1e-9:
                self._low[key] = 0.0
            ceiling = self._ceiling.get(key)
            if key not in self._high and ceiling is not None and value >= ceiling - 1e-9:
                self._high[key] = ceiling

    def low(self, key: Key) -> float:
        if key not in self._low:
            x = self._solve({key: 1.0})
            self._low[key] = 0.0 if x is None else float(x[self.position[key]])  # pragma: no branch
        return self._low[key]

    def high(self, key: Key) -> float:
        if key not in self._high:
            x = self._solve({key: -1.0})
            self._high[key] = float("inf") if x is None else float(x[self.position[key]])
        return self._high[key]

    def _prime(self) -> None:
        """Aggregate programs first: their solutions prove many minima (at 0) and maxima (at the ceiling)."""
        for sense in (1.0, -1.0):
            for _attempt in range(4):
                known = self._low if sense > 0 else self._high
                pending = [k for k in self.keys if k not in known]
                if not pending or self._solve({k: sense for k in pending}) is None:
                    break
                if len(known) == len(self.keys) - len(pending):  # no progress
                    break

    def required(self, key: Key, *, exact_caps: bool) -> tuple[float, float]:
        value = self.tables.values[key]
        required_high = float(value + self.protection)
        # A part never exceeds its total: where the total is published, or bounded by the published values, the
        # attacker knows that bound anyway, and the interval cannot be asked to reach beyond it.
        for relation in self.relations:
            if key in relation.parts:
                total = relation.total
                if total not in self.position:
                    required_high = min(required_high, float(self.tables.values[total]))
                elif exact_caps:
                    required_high = min(required_high, self.high(total))
        return float(max(0, value - self.protection)), required_high

    def _witnesses(self, sense: float) -> dict[Key, float]:
        """Cells proven at their required end by feasible points of aggregate objectives (sense 1: low end)."""
        proven: dict[Key, float] = {}
        pending = set(self.keys)
        while pending:
            x = self._solve({k: sense for k in pending})
            if x is None:  # the sum is unbounded: prove the cells one by one
                break
            newly = {}
            for key in pending:
                low, high = self.required(key, exact_caps=False)
                value = float(x[self.position[key]])
                if (sense > 0 and value <= low + 1e-6) or (sense < 0 and value >= high - 1e-6):
                    newly[key] = value
            if not newly:
                break
            proven.update(newly)
            pending -= set(newly)
        return proven

    def results(self, *, exact: bool) -> list[AuditResult]:
        if exact:
            self._prime()
            lows: dict[Key, float] = {}
            highs: dict[Key, float] = {}
        else:
            if self._proofs is None:
                self._proofs = (self._witnesses(1.0), self._witnesses(-1.0))
            lows, highs = self._proofs
        out = []
        for key in self.keys:
            low = lows[key] if key in lows else self.low(key)
            high = highs[key] if key in highs else self.high(key)
            required_low, required_high = self.required(key, exact_caps=key not in highs)
            out.append(AuditResult(key, self.tables.values[key], low, high, required_low, required_high))
        return out


def protect(
    tables: TableSet, *, threshold: int, protection: int | None = None, max_rounds: int = 100
) -> list[AuditResult]:
    """Primary and secondary suppression, then the LP audit, adding partners until every suppressed cell is
    protected. Returns the final exact audit (every result ``ok``) or raises ``RuntimeError``."""
    p = threshold if protection is None else protection
    primary(tables, threshold)
    secondary(tables, p)
    index = _index(tables)
    cache: dict[frozenset[Key], _Component] = {}
    for _round in range(max_rounds):
        failing = [r for r in audit(tables, p, exact=False, cache=cache) if not r.ok]
        if not failing:
            results = audit(tables, p, exact=True, cache=cache)
            if all(r.ok for r in results):
                return results
            failing = [r for r in results if not r.ok]  # pragma: no cover - a witness proves at least as much
        # One partner per failing neighbourhood and round: a partner often fixes its neighbours too, and the
        # audit of the next round tells.
        touched: set[int] = set()
        for result in failing:
            if touched.isdisjoint(index[result.key]):
                touched |= _add_partner(tables, index, result, p)
        secondary(tables, p)
    raise RuntimeError("disclosure control did not converge")


def _add_partner(tables: TableSet, index: dict[Key, list[int]], result: AuditResult, protection: int) -> set[int]:
    """Suppress one more cell for a cell that failed the audit, where it helps (see ``_helpful_partner``), else the
    cheapest partner of a relation it belongs to, else of a neighbouring relation. Returns the relations touched."""
    hidden = _Hidden(tables, index)
    partner = _helpful_partner(tables, index, result, protection, hidden)
    if partner is None:
        neighbours = [i for i in index[result.key]]
        neighbours += [
            j
            for i in index[result.key]
            for member in (tables.relations[i].total, *tables.relations[i].parts)
            for j in index[member]
        ]
        for i in neighbours:
            partner = _partner(tables, tables.relations[i], protection, hidden, i)
            if partner is not None:
                break
    if partner is None:
        return set()
    hidden.suppress(partner)
    return set(index[partner])


def _helpful_partner(
    tables: TableSet, index: dict[Key, list[int]], result: AuditResult, protection: int, hidden: _Hidden
) -> Key | None:
    """A cell that cannot rise far enough needs a hidden neighbour that can fall, in a relation (with a published
    total) whose other hidden parts hold too little; a cell that cannot fall far enough needs one that can rise.
    Among the parts of those relations the one chosen as in secondary suppression."""
    key = result.key
    rising = result.high < result.required_high - 1e-6
    narrow: list[int] = []
    for i in index[key]:
        relation = tables.relations[i]
        if key not in relation.parts or relation.total in tables.suppressed:
            continue
        others = [p for p in relation.parts if p != key and p in tables.suppressed]
        room = sum(tables.values[p] for p in others) if rising else (float("inf") if others else 0)
        if room < protection:
            narrow.append(i)
    best: tuple[tuple[int, int, str], Key] | None = None
    for i in narrow or index[key]:
        for part in tables.relations[i].parts:
            if part in tables.suppressed or tables.values[part] < (protection if rising else 1):
                continue
            cost = (hidden.score(part, i), tables.values[part], str(part))
            if best is None or cost < best[0]:
                best = (cost, part)
    return best[1] if best else None


def suppress_fast(tables: TableSet, *, threshold: int, protection: int | None = None) -> None:
    """Primary and secondary suppression without the LP audit (for live views and the benchmark)."""
    p = threshold if protection is None else protection
    primary(tables, threshold)
    secondary(tables, p)


def published_values(tables: TableSet) -> dict[Key, int | None]:
    return {k: (None if k in tables.suppressed else v) for k, v in tables.values.items()}


def keys_of(relations: Iterable[Relation]) -> set[Key]:
    keys: set[Key] = set()
    for relation in relations:
        keys.add(relation.total)
        keys.update(relation.parts)
    return keys
