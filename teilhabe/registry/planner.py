"""Statistics for the database's query planner: ``ANALYZE`` after migrations and bulk loads, ``PRAGMA optimize``
now and then on SQLite. Without statistics SQLite guessed that ``status = 'published'`` narrows the offers well
and walked that index through every published offer to find a page of twenty."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections


def analyze(using: str = DEFAULT_DB_ALIAS) -> None:
    """Collect fresh statistics of every table (after migrations and bulk loads)."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def optimize(using: str = DEFAULT_DB_ALIAS) -> None:
    """SQLite: let the database refresh the statistics it finds stale (cheap; run periodically)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def analyze_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, plan: Any = None, **kwargs: Any) -> None:
    """post_migrate (sent once per app): analyse once, after the last app, and only when something was applied."""
    if sender.label != "registry" or not plan:
        return
    analyze(using)
