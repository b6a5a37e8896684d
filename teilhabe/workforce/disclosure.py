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


def _partner(tables: TableSet, relation: Relation, protection: int, exclude: Key | None = None) -> Key | None:
    """The published member of ``relation`` whose suppression costs least and still protects."""
    parts = [p for p in relation.parts if p not in tables.suppressed and p != exclude]
    able = [p for p in parts if tables.values[p] >= protection]
    if able:
        return min(able, key=lambda p: (tables.values[p], str(p)))
    if relation.total not in tables.suppressed and relation.total != exclude:
        return relation.total
    if parts:
        return max(parts, key=lambda p: (tables.values[p], str(p)))
    return None


def secondary(tables: TableSet, protection: int) -> set[Key]:
    """Add partners until no relation holds exactly one suppressed member."""
    index = _index(tables)
    added: set[Key] = set()
    queue = list(range(len(tables.relations)))
    queued = set(queue)
    while queue:
        i = queue.pop()
        queued.discard(i)
        relation = tables.relations[i]
        members = (relation.total, *relation.parts)
        hidden = [m for m in members if m in tables.suppressed]
        if len(hidden) != 1:
            continue
        partner = _partner(tables, relation, protection)
        if partner is None:
            continue
        tables.suppressed[partner] = SECONDARY
        added.add(partner)
        for j in index[partner]:
            if j not in queued:
                queue.append(j)
                queued.add(j)
    return added


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


def _caps(tables: TableSet) -> dict[Key, int]:
    caps: dict[Key, int] = {}
    for relation in tables.relations:
        if relation.total in tables.suppressed:
            continue
        total = tables.values[relation.total]
        for part in relation.parts:
            caps[part] = min(caps.get(part, total), total)
    return caps


def audit(tables: TableSet, protection: int) -> list[AuditResult]:
    """Solve min and max of every suppressed cell (HiGHS via SciPy) and compare with the protection interval."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    caps = _caps(tables)
    results: list[AuditResult] = []
    for keys, relations in _components(tables):
        position = {k: i for i, k in enumerate(keys)}
        rows, cols, data, rhs = [], [], [], []
        for r, relation in enumerate(relations):
            constant = 0.0
            for member, sign in ((relation.total, -1.0), *((p, 1.0) for p in relation.parts)):
                if member in position:
                    rows.append(r)
                    cols.append(position[member])
                    data.append(sign)
                else:
                    constant += sign * tables.values[member]
            rhs.append(-constant)
        a_eq = csr_matrix((data, (rows, cols)), shape=(len(relations), len(keys))) if relations else None
        b_eq = np.array(rhs) if relations else None
        for key in keys:
            objective = np.zeros(len(keys))
            objective[position[key]] = 1.0
            bounds = []
            for i in range(2):
                result = linprog(
                    objective if i == 0 else -objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs"
                )
                if result.status == 3:  # unbounded
                    bounds.append(float("inf") if i else 0.0)
                elif result.status != 0:
                    raise RuntimeError(f"disclosure audit: LP for {key!r} failed: {result.message}")
                else:
                    bounds.append(result.fun if i == 0 else -result.fun)
            value = tables.values[key]
            required_high = float(value + protection)
            if key in caps:
                required_high = min(required_high, float(caps[key]))
            results.append(
                AuditResult(key, value, bounds[0], bounds[1], float(max(0, value - protection)), required_high)
            )
    return results


def protect(
    tables: TableSet, *, threshold: int, protection: int | None = None, max_rounds: int = 50
) -> list[AuditResult]:
    """Primary and secondary suppression, then the LP audit, adding partners until every suppressed cell is
    protected. Returns the final audit (every result ``ok``) or raises ``RuntimeError``."""
    p = threshold if protection is None else protection
    primary(tables, threshold)
    secondary(tables, p)
    index = _index(tables)
    for _round in range(max_rounds):
        results = audit(tables, p)
        failing = [r for r in results if not r.ok]
        if not failing:
            return results
        for result in failing:
            added = False
            for i in index[result.key]:
                partner = _partner(tables, tables.relations[i], p)
                if partner is not None:
                    tables.suppressed[partner] = SECONDARY
                    added = True
                    break
            if not added:
                # every member of its relations is hidden already: widen through the relations of those members
                for i in index[result.key]:
                    for member in (tables.relations[i].total, *tables.relations[i].parts):
                        for j in index[member]:
                            partner = _partner(tables, tables.relations[j], p)
                            if partner is not None:
                                tables.suppressed[partner] = SECONDARY
                                added = True
                                break
                        if added:
                            break
                    if added:
                        break
        secondary(tables, p)
    raise RuntimeError("disclosure control did not converge")


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
