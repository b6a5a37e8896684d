"""Navigation entries, registered by each app in its AppConfig.ready() so core needs no upward import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from teilhabe.core.memo import MasterData


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    permission: str
    description: str | Promise = ""
    order: int = 100
    #: Shown on the start page of logged-in users as a tile, not only in the menu.
    tile: bool = True
    #: Further path prefixes that belong to this section (pages not under the item's own address).
    sections: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_registry: dict[str, NavItem] = {}


def _anonymous_items() -> list[NavItem]:
    from django.contrib.auth.models import AnonymousUser

    return _allowed(AnonymousUser())


#: The entries of people not signed in: the same for all of them, and asked for on every public page (seventeen
#: permission checks, a seventh of an offer page's time when its middle is kept). Read again when an entry is added.
_anonymous = MasterData(_anonymous_items, models=[], ttl=float("inf"))


def register(item: NavItem) -> None:
    _registry[item.key] = item
    _anonymous.clear()


def items_for(user: Any) -> list[NavItem]:
    if not user.is_authenticated:
        return list(_anonymous.get())
    return _allowed(user)


def _allowed(user: Any) -> list[NavItem]:
    return sorted((i for i in _registry.values() if user.has_perm(i.permission)), key=lambda i: (i.order, i.key))


#: The key of the start page in the menu.
START = "start"


def current_key(path: str, items: list[NavItem]) -> str:
    """The one menu entry the page at ``path`` belongs to: the entry whose address (or further section) is the
    longest prefix of the path, so /register/angebote/pruefen/ is the queue, not also the offers. The start page
    only for "/" itself; "" where no entry fits (the account page, the admin)."""
    if path == "/":
        return START
    best, length = "", 0
    for item in items:
        for prefix in (item.url, *item.sections):
            if path.startswith(prefix) and len(prefix) > length:
                best, length = item.key, len(prefix)
    return best


# --- "Today" on the start page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayLine:
    """One task on the start page: a sentence with its count, and the list that shows exactly those items."""

    text: str | Promise
    url: str = ""
    count: int | None = None


@dataclass(frozen=True)
class TodayCard:
    """A group of tasks (one role's work in one app, or one body's)."""

    title: str | Promise
    lines: tuple[TodayLine, ...] = ()
    url: str = ""
    order: int = 100
    #: Free text under the title, e.g. the body the tasks belong to.
    subline: str | Promise = ""


#: Functions of the apps (registered in their AppConfig.ready()) that name what a user can do today:
#: ``fn(user) -> [TodayCard, ...]``. Each costs a constant number of queries, whatever the amount of data.
_today: list[Any] = []


def register_today(provider: Any) -> None:
    if provider not in _today:
        _today.append(provider)


def today_for(user: Any) -> list[TodayCard]:
    cards = [card for provider in _today for card in provider(user)]
    return sorted(cards, key=lambda c: c.order)
