"""Topic, target-group and language names as search words in every language of the finder.

The index holds the taxonomy keys of each offer (facet terms such as ``t:beratung``); the names are translated in
the message catalogues (``taxonomy_i18n``) and, for languages, by Django's language names and the native name. A
query in Turkish or Ukrainian thus finds the offers on "Beratung" by "danışmanlık" or "консультація" without a
single translated word in the index: ``vocabulary(language)`` maps each term of a translated name (as
``teilhabe.search.analysis.language_terms`` reads it) to the facet terms it names, and the search looks them up.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from teilhabe.registry.models import Language, TargetGroup, Topic
from teilhabe.search.analysis import translation_terms
from teilhabe.search.schema import facet_term

#: Seconds a language's vocabulary is kept before the taxonomy is read again (admins rarely add names).
TTL = 300.0
_CACHE: dict[str, tuple[float, dict[str, list[str]]]] = {}


def search_language(code: str | None) -> str:
    """The finder's language for a page or API language code ("de" for an unknown one): "pt-br" → "pt"."""
    base = (code or "").split("-")[0].lower()
    return base if base in {c for c, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE.split("-")[0]


def _language_names(code: str, name: str, native: str) -> list[str]:
    names = [native] if native else []
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return [*names, gettext(name)]
    return [*names, gettext(info["name"]), info["name_local"]]


def build_vocabulary(language: str, names: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Term in ``language`` -> the facet terms whose names contain it; ``names`` are (name in ``language``, facet
    term) pairs."""
    vocabulary: dict[str, list[str]] = {}
    for name, term in names:
        for word in translation_terms(name, language):
            found = vocabulary.setdefault(word, [])
            if term not in found:
                found.append(term)
    return vocabulary


def vocabulary(language: str) -> dict[str, list[str]]:
    """The taxonomy's terms in ``language`` (empty for German: the German names are in the index)."""
    if language == "de":
        return {}
    cached = _CACHE.get(language)
    if cached is not None and time.monotonic() - cached[0] < TTL:
        return cached[1]
    with translation.override(language):
        names = [(gettext(name), facet_term("topic", key)) for key, name in Topic.objects.values_list("key", "name")]
        names += [
            (gettext(name), facet_term("target_group", key))
            for key, name in TargetGroup.objects.values_list("key", "name")
        ]
        for code, name, native in Language.objects.values_list("code", "name", "native_name"):
            names += [(n, facet_term("language", code)) for n in _language_names(code, name, native)]
    found = build_vocabulary(language, names)
    _CACHE[language] = (time.monotonic(), found)
    return found


def clear() -> None:
    """Forget the cached vocabularies (after the taxonomy changed; tests)."""
    _CACHE.clear()
