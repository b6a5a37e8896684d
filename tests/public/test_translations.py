"""Every message of a public page has a translation in each of the finder's five languages, with every plural
form the language has (Arabic six), in the tables the .po files are filled from (scripts/translations_public.py,
applied by scripts/fill_translations.py after makemessages) and, where a compiled catalogue has the message, not
left fuzzy or empty there."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
TEILHABE = ROOT / "teilhabe"
LANGUAGES = ("en", "tr", "ar", "uk", "ru")
#: Plural forms per language (as the catalogues' Plural-Forms headers say).
NPLURALS = {"en": 2, "tr": 2, "ar": 6, "uk": 4, "ru": 4}
#: The templates of the public surface: finder, offer pages and PDFs, /gebiete/, the shell, error pages, includes.
PUBLIC_TEMPLATES = [
    *sorted((TEILHABE / "public" / "templates").rglob("*.html")),
    *sorted((TEILHABE / "geo" / "templates").rglob("*.html")),
    TEILHABE / "templates" / "base.html",
    TEILHABE / "templates" / "403.html",
    TEILHABE / "templates" / "404.html",
    TEILHABE / "templates" / "500.html",
    *sorted((TEILHABE / "templates" / "includes").rglob("*.html")),
]
#: Python modules whose messages the public pages show (form labels, facet names, taxonomy, map and page strings).
PUBLIC_MODULES = [TEILHABE / "public" / "finder.py", TEILHABE / "public" / "views.py", TEILHABE / "geo" / "views.py"]
_VARIABLE = re.compile(r"\{\{\s*([\w.]+)[^}]*\}\}")
_STRING = re.compile(r"""^(?:_\()?(["'])(.*)\1\)?$""", re.S)


def _blocktranslate_variables(text: str) -> str:
    return _VARIABLE.sub(lambda m: f"%({m.group(1)})s", text)


def template_messages(path: Path) -> Iterator[tuple[str, str | None]]:
    """(msgid, msgid_plural or None) of every literal message of a template."""
    tokens = list(Lexer(path.read_text(encoding="utf-8")).tokenize())
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.token_type != TokenType.BLOCK:
            continue
        bits = token.split_contents()
        if bits[0] in ("translate", "trans") and len(bits) > 1:
            literal = _STRING.match(bits[1])
            if literal:
                yield literal.group(2), None
        elif bits[0] in ("blocktranslate", "blocktrans"):
            trimmed = "trimmed" in bits
            singular: list[str] = []
            plural: list[str] | None = None
            while index < len(tokens):
                inner = tokens[index]
                index += 1
                if inner.token_type == TokenType.BLOCK and inner.contents.startswith("endblocktrans"):
                    break
                if inner.token_type == TokenType.BLOCK and inner.contents == "plural":
                    plural = []
                    continue
                text = inner.contents if inner.token_type == TokenType.TEXT else "{{ " + inner.contents + " }}"
                (singular if plural is None else plural).append(text)

            yield _clean(singular, trimmed), _clean(plural, trimmed) if plural is not None else None


def _clean(parts: list[str], trimmed: bool) -> str:
    text = _blocktranslate_variables("".join(parts))
    return " ".join(line.strip() for line in text.splitlines() if line.strip()) if trimmed else text


def python_messages(path: Path) -> Iterator[tuple[str, str | None]]:
    """Literal messages of gettext, gettext_lazy (as _), ngettext and gettext_noop calls in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if name in ("_", "gettext", "gettext_lazy", "gettext_noop") and args:
            yield args[0], None
        elif name in ("ngettext", "ngettext_lazy") and len(args) >= 2:
            yield args[0], args[1]


def public_messages() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for template in PUBLIC_TEMPLATES:
        if template.exists():
            found.update(template_messages(template))
    for module in [*PUBLIC_MODULES, TEILHABE / "registry" / "taxonomy_i18n.py"]:
        if module.exists():
            found.update(python_messages(module))
    return {msgid: plural for msgid, plural in found.items() if msgid.strip() and re.search("[A-Za-zÄÖÜäöüß]", msgid)}


def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, list[str]]]]:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import translations_public
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return translations_public.T, translations_public.PLURALS


def test_the_extractor_finds_the_public_messages() -> None:
    messages = public_messages()
    assert "Angebote finden" in messages
    assert messages.get("%(counter)s Angebot") == "%(counter)s Angebote"
    assert "%(km)s km entfernt" in messages
    assert "Beratung" in messages  # taxonomy


def test_every_public_message_is_translated_into_every_language() -> None:
    table, plurals = _tables()
    missing: list[str] = []
    for msgid, plural in sorted(public_messages().items()):
        if plural is None:
            values = table.get(msgid)
            if values is None or (len(values) != 1 and len(values) != len(LANGUAGES)) or not all(values):
                missing.append(msgid)
        else:
            forms = plurals.get(msgid, {})
            missing.extend(
                f"{msgid} [{language}: {len(forms.get(language, []))} of {NPLURALS[language]}]"
                for language in LANGUAGES
                if len(forms.get(language, [])) != NPLURALS[language] or not all(forms[language])
            )
    assert missing == [], f"{len(missing)} public messages without a complete translation:\n" + "\n".join(missing)


def test_placeholders_survive_translation() -> None:
    table, plurals = _tables()
    for msgid, values in table.items():
        wanted = sorted(re.findall(r"%\(\w+\)s", msgid))
        for value in values:
            assert sorted(re.findall(r"%\(\w+\)s", value)) == wanted, (msgid, value)
    for msgid, forms in plurals.items():
        for language, texts in forms.items():
            for text in texts:
                assert set(re.findall(r"%\(\w+\)s", text)) <= set(re.findall(r"%\(\w+\)s", msgid)), (language, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_filled_has_no_fuzzy_or_empty_public_entry(language: str) -> None:
    """The .po file as scripts/fill_translations.py leaves it (applied here in memory to the committed catalogue):
    no public message in it stays fuzzy or empty. (New messages reach the catalogue with the next makemessages;
    the table test above covers them.)"""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import fill_translations
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    path = TEILHABE / "locale" / language / "LC_MESSAGES" / "django.po"
    raw = path.read_text(encoding="utf-8")
    header = re.search(r"nplurals=(\d)", raw)
    assert header is not None and int(header.group(1)) == NPLURALS[language]
    table, plurals = fill_translations.tables(LANGUAGES.index(language), language)
    public = public_messages()
    bad = []
    for entry in raw.split("\n\n"):
        filled = fill_translations.fill_entry(entry, table, plurals, NPLURALS[language])
        match = re.search(r'^msgid ((?:".*"\n?)+)', filled, re.M)
        if not match:
            continue
        msgid = fill_translations.unquote(match.group(1))
        if msgid not in public:
            continue
        if "#, fuzzy" in filled or re.search(r'^msgstr(\[\d\])? ""$(?!\n")', filled, re.M):
            bad.append(msgid)
    assert bad == []
