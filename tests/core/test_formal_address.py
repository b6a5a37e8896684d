"""Formal address ("Sie") everywhere: the project's own German strings, every German message of the libraries as
the platform shows it (Django, django-otp, django-axes, DRF …; overrides in teilhabe/locale_formal), and the
rendered key pages of every role (issue 10)."""

from __future__ import annotations

import gettext as gettext_module
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

#: Informal address in German: the pronouns and the verb forms that go with "du".
INFORMAL = re.compile(
    r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|bist|hast|kannst|musst|möchtest|willst|wirst|solltest)\b",
    re.IGNORECASE,
)


def _po_strings(path: Path, field: str) -> list[str]:
    """The msgid or msgstr texts of a .po file (continued lines joined)."""
    texts, current, reading = [], [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{field} ") or line.startswith(f"{field}["):
            if current:
                texts.append("".join(current))
            current, reading = [line.split(" ", 1)[1].strip().strip('"')], True
        elif line.startswith('"') and reading:
            current.append(line.strip().strip('"'))
        else:
            reading = False
    if current:
        texts.append("".join(current))
    return [t for t in texts if t]


def _library_catalogues() -> list[Path]:
    """The German .mo files of Django and every installed app that is not the project's."""
    import django

    folders = [Path(django.__file__).parent / "conf" / "locale"]
    folders += [Path(a.path) / "locale" for a in apps.get_app_configs() if not a.name.startswith("teilhabe.")]
    return [f for folder in folders for f in sorted((folder / "de" / "LC_MESSAGES").glob("*.mo"))]


def test_the_project_own_german_strings_are_formal() -> None:
    """Every translatable string of the project (the msgids of its catalogues are its German source texts)."""
    source = Path(__file__).resolve().parents[2] / "teilhabe" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    informal = [text for text in _po_strings(source, "msgid") if INFORMAL.search(text)]
    assert not informal, informal


def test_the_formal_overrides_are_formal() -> None:
    path = Path(__file__).resolve().parents[2] / "teilhabe" / "locale_formal" / "de" / "LC_MESSAGES" / "django.po"
    texts = _po_strings(path, "msgstr")
    assert texts and not [t for t in texts if INFORMAL.search(t)]


def test_every_library_message_reads_formal_in_german() -> None:
    """Each German message of Django and the libraries, as the platform translates it (overrides included)."""
    catalogues = _library_catalogues()
    assert any("django_otp" in str(c) for c in catalogues)
    informal = []
    with translation.override("de"):
        for catalogue in catalogues:
            with catalogue.open("rb") as handle:
                entries = gettext_module.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
            for key in entries:
                if isinstance(key, tuple):  # a plural form: (msgid, n)
                    continue
                if not key or "\x04" in key:  # the header, or a message with a context
                    continue
                shown = translation.gettext(key)
                if INFORMAL.search(shown):
                    informal.append((catalogue.parent.parent.parent.parent.name, key, shown))
    assert not informal, informal


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
def test_public_pages_address_people_formally(client: Client) -> None:
    from django.urls import reverse

    pages = ["/", reverse("core:login"), reverse("core:password_reset"), reverse("public:finder"), "/gibt-es-nicht/"]
    for url in pages:
        text = _visible_text(client.get(url, headers={"accept-language": "de"}).content.decode())
        assert not INFORMAL.search(text), (url, INFORMAL.findall(text))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["land", "bewilligung", "kommune", "organisation", "behoerde", "admin"])
def test_key_pages_of_each_role_address_people_formally(role: str, client_for: Callable[..., Client]) -> None:
    from django.urls import reverse

    client = client_for(role)
    for url in ("/", reverse("core:account"), "/gibt-es-nicht/"):
        text = _visible_text(client.get(url).content.decode())
        assert not INFORMAL.search(text), (role, url, INFORMAL.findall(text))


@pytest.mark.django_db
def test_a_wrong_password_and_a_weak_new_one_are_refused_formally(client_for: Callable[..., Client]) -> None:
    from django.urls import reverse

    client = Client()
    page = client.post(reverse("core:login"), {"username": "niemand@example.nrw", "password": "falsch"})
    assert not INFORMAL.search(_visible_text(page.content.decode()))
    kommune = client_for("kommune")
    page = kommune.post(reverse("core:account"), {"old_password": "x", "new_password1": "123", "new_password2": "123"})
    text = _visible_text(page.content.decode())
    assert "Passwort" in text and not INFORMAL.search(text), INFORMAL.findall(text)
