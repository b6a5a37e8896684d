"""The main menu marks exactly the section the page belongs to: one entry with aria-current="page", never
several (issue 10: all funding entries were marked at once)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import transaction
from django.test import Client

from teilhabe.core.navigation import START, NavItem, current_key, items_for
from tests.access_matrix import EXPECTATIONS, expected
from tests.test_access_matrix import url_of

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="th-nav".*?</nav>', re.S)


def test_the_longest_matching_address_wins() -> None:
    class Item(NavItem):
        @property
        def url(self) -> str:  # type: ignore[override]
            return self.description  # type: ignore[return-value]

    items = [
        Item("offers", "", "", "", description="/register/angebote/"),
        Item("queue", "", "", "", description="/register/angebote/pruefen/"),
        Item("applications", "", "", "", description="/foerderung/antraege/", sections=("/foerderung/aufrufe/",)),
        Item("overview", "", "", "", description="/foerderung/uebersicht/"),
    ]
    assert current_key("/register/angebote/pruefen/", items) == "queue"  # type: ignore[arg-type]
    assert current_key("/register/angebote/1234/", items) == "offers"  # type: ignore[arg-type]
    assert current_key("/foerderung/aufrufe/1/antrag/", items) == "applications"  # type: ignore[arg-type]
    assert current_key("/foerderung/uebersicht/", items) == "overview"  # type: ignore[arg-type]
    assert current_key("/", items) == START  # type: ignore[arg-type]
    assert current_key("/konto/", items) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize("role", ["anonymous", "land", "bewilligung", "kommune", "organisation", "behoerde"])
def test_every_page_of_a_role_marks_at_most_one_menu_entry(role: str, client_for: Callable[..., Client]) -> None:
    """Over the URL list of each role (every GET the access matrix expects to answer 200): exactly one entry for a
    page inside a menu section, none elsewhere (the account page marks its own link in the header instead)."""
    client = client_for(role)
    checked = 0
    for name, entry in sorted(EXPECTATIONS.items()):
        if name.startswith("admin:") or expected(name, role) != 200:
            continue
        with transaction.atomic():  # each entry's objects are made afresh and dropped again
            url = url_of(name, entry[0])
            response = client.get(url)
            if response.streaming:  # read a file answer to the end: the client closes it, keeping the connection
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            continue
        nav = NAV.search(response.content.decode())
        if nav is None:
            continue
        marked = nav.group(0).count('aria-current="page"')
        section = current_key(response.wsgi_request.path, items_for(response.wsgi_request.user))
        assert marked == (1 if section else 0), f"{role} {url}: {marked} entries marked"
        checked += 1
    assert checked > 5


def test_start_and_funding_pages_mark_one_entry(client_for: Callable[..., Client]) -> None:
    client = client_for("bewilligung")
    for url, label in (("/", "Start"), ("/foerderung/uebersicht/", "Förderübersicht")):
        nav = NAV.search(client.get(url).content.decode())
        assert nav is not None
        assert re.findall(r'aria-current="page">([^<]+)<', nav.group(0)) == [label]


def test_the_account_page_marks_the_account_link(client_for: Callable[..., Client]) -> None:
    page = client_for("kommune").get("/konto/").content.decode()
    assert page.count('aria-current="page"') == 1
    assert NAV.search(page).group(0).count("aria-current") == 0  # type: ignore[union-attr]


def test_the_menu_of_people_not_signed_in_is_checked_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.auth.models import AnonymousUser

    from teilhabe.core import navigation

    navigation._anonymous.clear()
    checks: list[str] = []
    original = AnonymousUser.has_perm

    def counted(self: AnonymousUser, perm: str, obj: object = None) -> bool:
        checks.append(perm)
        return original(self, perm, obj)

    monkeypatch.setattr(AnonymousUser, "has_perm", counted)
    first = items_for(AnonymousUser())
    asked = len(checks)
    assert asked == len(navigation._registry)
    assert [i.key for i in first] == [i.key for i in navigation._allowed(AnonymousUser())]
    assert first  # the public entries
    first.clear()  # a caller's change does not reach the kept list
    assert [i.key for i in items_for(AnonymousUser())] == [i.key for i in navigation._allowed(AnonymousUser())]
    checks.clear()
    items_for(AnonymousUser())
    assert checks == []


def test_a_registered_entry_reaches_the_menu_of_people_not_signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.auth.models import AnonymousUser

    from teilhabe.core import navigation

    monkeypatch.setattr(navigation, "_registry", dict(navigation._registry))
    # The menu kept with "extra" is read again before the next test (conftest: memo.clear_all).
    items_for(AnonymousUser())
    navigation.register(NavItem("extra", "Extra", "public:finder", "public.view_finder"))
    assert "extra" in [i.key for i in items_for(AnonymousUser())]
