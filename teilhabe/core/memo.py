"""Small master data kept per process: the taxonomy, the languages, the Kreise and Gemeinden that the finder and
the API read on every request and that change a few times a year.

Reading them took four to eight queries and some hundred model instances per search (about a fifth of the
request). A value is read again after ``ttl`` seconds, and at once in the process that saved or deleted a row of
one of its models (signals); other processes see such a change within ``ttl``. Tests clear every value before
each test (``clear_all``), as their rows are rolled back without signals.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_ALL: list[MasterData[Any] | Kept[Any, Any]] = []


class MasterData(Generic[T]):
    """``load()`` once per ``ttl`` seconds and process; cleared when a row of ``models`` is saved or deleted here."""

    def __init__(self, load: Callable[[], T], *, models: Iterable[type[Model]], ttl: float = 60.0) -> None:
        self.load = load
        self.ttl = ttl
        self._value: tuple[float, T] | None = None
        self._lock = threading.Lock()
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(self._changed, sender=model, weak=False)
        _ALL.append(self)

    def _changed(self, **kwargs: Any) -> None:
        self.clear()

    def clear(self) -> None:
        self._value = None

    def get(self) -> T:
        held = self._value
        now = time.monotonic()
        if held is not None and held[0] > now:
            return held[1]
        with self._lock:  # one reader loads, the others of this process wait for its value
            held = self._value
            if held is not None and held[0] > now:
                return held[1]
            value = self.load()
            self._value = (now + self.ttl, value)
            return value


def clear_all() -> None:
    for data in _ALL:
        data.clear()


class Kept(Generic[K, T]):
    """Values kept per process, at most ``size`` (the least recently used goes first), each for at most ``ttl``
    seconds when given: rendered pages, answers and result pages of the current index snapshot. Cleared with the
    master data (``clear_all``)."""

    def __init__(self, *, size: int, ttl: float | None = None) -> None:
        self.size = size
        self.ttl = ttl
        self._values: OrderedDict[K, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()
        _ALL.append(self)

    def get(self, key: K) -> T | None:
        with self._lock:
            held = self._values.get(key)
            if held is None:
                return None
            if self.ttl is not None and time.monotonic() - held[0] > self.ttl:
                del self._values[key]
                return None
            self._values.move_to_end(key)
            return held[1]

    def put(self, key: K, value: T) -> None:
        with self._lock:
            self._values[key] = (time.monotonic(), value)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
