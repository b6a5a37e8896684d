"""Master data kept per process: read once, read again after a change in this process or after its time."""

from __future__ import annotations

import pytest

from teilhabe.core.memo import MasterData, clear_all
from teilhabe.registry.models import Topic

pytestmark = pytest.mark.django_db


def test_read_once_then_again_after_a_save_a_delete_or_its_time(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[int] = []

    def load() -> list[str]:
        loads.append(1)
        return list(Topic.objects.values_list("key", flat=True))

    data = MasterData(load, models=[Topic], ttl=60.0)
    assert data.get() == data.get()
    assert len(loads) == 1
    topic = Topic.objects.create(key="neu-im-test", name="Neu")
    assert "neu-im-test" in data.get()
    assert len(loads) == 2
    topic.delete()
    assert "neu-im-test" not in data.get()
    assert len(loads) == 3
    clock = [1000.0]
    monkeypatch.setattr("teilhabe.core.memo.time.monotonic", lambda: clock[0])
    data.clear()
    data.get()
    loads.clear()
    clock[0] += 59
    data.get()
    assert loads == []
    clock[0] += 2
    data.get()
    assert loads == [1]
    clear_all()
    data.get()
    assert loads == [1, 1]


def test_the_finder_offers_a_new_topic_at_once() -> None:
    from teilhabe.public.finder import FinderForm

    def offered() -> list[str]:
        return [key for key, _name in FinderForm().fields["topic"].choices]  # type: ignore[attr-defined]

    assert "frisch" not in offered()
    Topic.objects.create(key="frisch", name="Frisch angelegt", is_active=True)
    assert "frisch" in offered()


def test_kept_values_are_bounded_expire_and_clear_with_the_master_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from teilhabe.core import memo
    from teilhabe.core.memo import Kept

    kept: Kept[str, int] = Kept(size=2, ttl=60.0)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" used last: "b" goes first
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    now = memo.time.monotonic()
    monkeypatch.setattr(memo.time, "monotonic", lambda: now + 61)
    assert kept.get("a") is None  # older than its minute
    monkeypatch.undo()
    kept.put("d", 4)
    clear_all()
    assert kept.get("d") is None
