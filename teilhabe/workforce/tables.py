"""The predefined tables of a campaign, built from aggregated counts, linked for disclosure control, and turned
into the published form (every cell with its dimensions, ``count`` - None where suppressed - and ``suppressed``).

Tables per category definition (``eg_tintg``, ``eg_destatis``, ``mh_mikrozensus``): answers by authority, by unit
(within its authority), by career group and by staff kind, each row with its total, and the grand totals.
Cell keys are shared where tables overlap, so disclosure control sees every published relation at once:

- ``("n", dim, group)``: respondents of a group (shared by the three category definitions);
- ``("x", category, dim, group, value)``: respondents of a group with answer ``value`` (ja, nein, ka);
- ``("n", "total", "")`` and ``("x", category, "total", "", value)``: the grand totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from teilhabe.workforce.disclosure import Key, Relation, TableSet

CATEGORIES = ("eg_tintg", "eg_destatis", "mh_mikrozensus")
VALUES = ("ja", "nein", "ka")
DIMENSIONS = ("authority", "unit", "career_group", "staff_kind")
TOTAL = "insgesamt"

#: One row of an aggregation: group, answer of each category (in CATEGORIES order), count.
Row = tuple[Any, str, str, str, int]


def build(
    *,
    unit_rows: Iterable[Row],
    career_rows: Iterable[Row],
    kind_rows: Iterable[Row],
    unit_authority: Mapping[Any, Any],
    career_groups: Iterable[str] = (),
    staff_kinds: Iterable[str] = (),
) -> TableSet:
    values: dict[Key, int] = defaultdict(int)
    groups: dict[str, set[Any]] = {d: set() for d in DIMENSIONS}
    groups["career_group"].update(career_groups)
    groups["staff_kind"].update(staff_kinds)

    def add(dim: str, group: Any, answers: tuple[str, str, str], n: int) -> None:
        groups[dim].add(group)
        values[("n", dim, group)] += n
        for category, value in zip(CATEGORIES, answers, strict=True):
            values[("x", category, dim, group, value)] += n

    for unit, a, b, c, n in unit_rows:
        add("unit", unit, (a, b, c), n)
        add("authority", unit_authority[unit], (a, b, c), n)
        values[("n", "total", "")] += n
        for category, value in zip(CATEGORIES, (a, b, c), strict=True):
            values[("x", category, "total", "", value)] += n
    for group, a, b, c, n in career_rows:
        add("career_group", group, (a, b, c), n)
    for group, a, b, c, n in kind_rows:
        add("staff_kind", group, (a, b, c), n)

    relations = _relations(groups, unit_authority)
    for relation in relations:  # every member has a value (zero where nobody answered so)
        values[relation.total] += 0
        for part in relation.parts:
            values[part] += 0
    return TableSet(values=dict(values), relations=relations)


def _relations(groups: dict[str, set[Any]], unit_authority: Mapping[Any, Any]) -> list[Relation]:
    """The additive relations of the linked tables: rows, columns, units within authorities, grand totals."""
    relations: list[Relation] = []
    units_of: dict[Any, list[Any]] = defaultdict(list)
    for unit in sorted(groups["unit"], key=str):
        units_of[unit_authority[unit]].append(unit)
    grand = ("n", "total", "")
    for category in CATEGORIES:
        relations.append(Relation(grand, tuple(("x", category, "total", "", v) for v in VALUES), row=True))
        relations.extend(
            Relation(("n", dim, group), tuple(("x", category, dim, group, v) for v in VALUES), row=True)
            for dim in DIMENSIONS
            for group in sorted(groups[dim], key=str)
        )
        for value in VALUES:
            column = ("x", category, "total", "", value)
            relations.extend(
                Relation(column, tuple(("x", category, dim, g, value) for g in sorted(groups[dim], key=str)))
                for dim in ("authority", "career_group", "staff_kind")
            )
            relations.extend(
                Relation(
                    ("x", category, "authority", authority, value),
                    tuple(("x", category, "unit", u, value) for u in units),
                )
                for authority, units in units_of.items()
            )
    relations.extend(
        Relation(grand, tuple(("n", dim, g) for g in sorted(groups[dim], key=str)))
        for dim in ("authority", "career_group", "staff_kind")
    )
    relations.extend(
        Relation(("n", "authority", authority), tuple(("n", "unit", u) for u in units))
        for authority, units in units_of.items()
    )
    return relations


def published(
    tables: TableSet,
    *,
    labels: Mapping[str, Mapping[Any, str]],
    unit_authority: Mapping[Any, Any],
    category_titles: Mapping[str, str],
    dimension_titles: Mapping[str, str],
    reveal: bool = False,
    keys: list[Key] | None = None,
) -> list[dict[str, Any]]:
    """The tables as published: a list of ``{"id", "title", "category", "dimensions", "cells"}``.

    ``reveal`` shows suppressed counts too (Land's internal view); the flag ``suppressed`` stays. ``keys``, if
    given, receives the key of every cell in the order of the output (for audits of a stored publication).
    """

    def cell(key: Key, dims: dict[str, Any]) -> dict[str, Any]:
        if keys is not None:
            keys.append(key)
        hidden = tables.is_suppressed(key)
        return {
            **dims,
            "count": tables.values[key] if (reveal or not hidden) else None,
            "suppressed": hidden,
        }

    out: list[dict[str, Any]] = []
    groups: dict[str, list[Any]] = defaultdict(list)
    for key in tables.values:
        if isinstance(key, tuple) and key[0] == "n" and key[1] in DIMENSIONS:
            groups[key[1]].append(key[2])

    def label(dim: str, group: Any) -> str:
        return str(labels.get(dim, {}).get(group, group))

    order = {
        dim: sorted(members, key=lambda g, d=dim: (label("authority", unit_authority.get(g, "")), label(d, g)))  # type: ignore[misc]
        for dim, members in ((d, groups.get(d, [])) for d in DIMENSIONS)
    }

    for category in CATEGORIES:
        cells = [cell(("x", category, "total", "", v), {"category": v}) for v in VALUES]
        cells.append(cell(("n", "total", ""), {"category": TOTAL}))
        out.append(
            {
                "id": f"{category}_total",
                "title": f"{category_titles[category]}: {dimension_titles['total']}",
                "category": category,
                "dimensions": ["category"],
                "cells": cells,
            }
        )
        for dim in DIMENSIONS:
            dims_of = ["authority", "unit"] if dim == "unit" else [dim]
            rows: list[dict[str, Any]] = []
            for group in order[dim]:
                base = {dim: label(dim, group)}
                if dim == "unit":
                    base = {"authority": label("authority", unit_authority[group]), "unit": label(dim, group)}
                rows.extend(cell(("x", category, dim, group, v), {**base, "category": v}) for v in VALUES)
                rows.append(cell(("n", dim, group), {**base, "category": TOTAL}))
            out.append(
                {
                    "id": f"{category}_by_{dim}",
                    "title": f"{category_titles[category]}: {dimension_titles[dim]}",
                    "category": category,
                    "dimensions": [*dims_of, "category"],
                    "cells": rows,
                }
            )
    return out


def hiring_tables(rows: Iterable[tuple[Any, str, int, int]]) -> TableSet:
    """Hiring figures: per (authority, measure) the total and the number stating a migration history; the
    complement (without statement of one) is a cell too, so the row rule protects "all hires had one"."""
    values: dict[Key, int] = {}
    relations: list[Relation] = []
    for authority, measure, total, mh in rows:
        t, with_, without = (
            ("h", authority, measure, TOTAL),
            ("h", authority, measure, "ja"),
            ("h", authority, measure, "nein"),
        )
        values[t], values[with_], values[without] = total, mh, total - mh
        relations.append(Relation(t, (with_, without), row=True))
    return TableSet(values=values, relations=relations)
