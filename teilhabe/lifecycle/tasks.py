"""Background work of the lifecycle app: the daily purge (scheduled by scripts/serve.sh and cron in production)."""

from __future__ import annotations

from django_tasks import task

from teilhabe.core.system import system_actor
from teilhabe.lifecycle.services import purge


@task()
def purge_daily() -> dict[str, int]:
    return {item.key: item.count for item in purge(actor=system_actor())}
