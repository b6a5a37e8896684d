"""German text analysis shared by the index and the queries, so both sides always agree.

Ranked text fields hold stems computed here in Python, one cached lookup per distinct word (tantivy's Snowball
stemmer costs about a microsecond a word, and an offer has hundreds of words but a corpus few distinct ones);
the index splits them on spaces only (analyzer ``de_stemmed``). A word's stem: lowercase → German stop words
(both spellings, "für" and "fuer") dropped → ASCII folding (ä→a, ß→ss, é→e) → German Snowball stemmer, applied
twice. Snowball's German rules read "ae/oe/ue" as umlauts and drop the umlaut dots, so Köln, Koeln and Koln all
become ``koln``; Straße and Strasse become ``strass``. Stemming twice joins forms one pass leaves apart
(Kurs → ``kur`` but Kurse → ``kurs`` → ``kur``).

The unstemmed vocabulary for prefixes and typos (field ``plain``; the words analysed here by ``de_plain``, a tantivy
analyzer: simple tokenizer, lowercase, the same stop words, ASCII folding) gets every word of an offer, plus the
words with an umlaut written out (Köln → ``koeln`` besides ``koln``), so prefixes typed either way ("Köl", "Koel",
"Kol") find it.
"""

from __future__ import annotations

import re

import tantivy

STEMMED_ANALYZER = "de_stemmed"
PLAIN_ANALYZER = "de_plain"
#: Tokens longer than this are dropped (base64 blobs, URLs glued together …).
MAX_TOKEN_LENGTH = 40
#: Distinct words whose analysis is kept in memory; the cache starts over when full.
CACHE_SIZE = 500_000

#: German function words, in both spellings where an umlaut or ß is involved. Kept short on purpose.
STOP_WORDS: tuple[str, ...] = tuple(
    str.split(
        """
        aber als am an auch auf aus bei beim bin bis bist da damit dann das dass daß dem den der des die dies diese
        diesem diesen dieser dieses du durch ein eine einem einen einer eines er es etwa euch für fuer hat hatte
        ich ihr ihre im in ins ist jede jeden jeder jedes kann mit nach nicht noch nur oder ohne pro sich sie sind
        so um und uns unter vom von vor war waren was wenn werden wie wir wird wo zu zum zur über ueber
        """
    )
)

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
#: Like tantivy's simple tokenizer: runs of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Umlauts and ß written out: ``fold("Köln Straße") == "Koeln Strasse"``."""
    return text.translate(_FOLD)


def _builder() -> tantivy.TextAnalyzerBuilder:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_LENGTH))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.custom_stopword(list(STOP_WORDS)))
        .filter(tantivy.Filter.ascii_fold())
    )


def plain_analyzer() -> tantivy.TextAnalyzer:
    """A fresh ``de_plain`` analyzer (see the module docstring)."""
    return _builder().build()


def stemmed_analyzer() -> tantivy.TextAnalyzer:
    """A fresh ``de_stemmed`` analyzer: the text is already stems separated by spaces."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


_STEMMER = _builder().filter(tantivy.Filter.stemmer("german")).filter(tantivy.Filter.stemmer("german")).build()
_PLAIN = plain_analyzer()


def register_analyzers(index: tantivy.Index) -> None:
    """Register the index's analyzer on an opened index; needed before writing. (Every text field holds words
    analysed here, separated by spaces.)"""
    index.register_tokenizer(STEMMED_ANALYZER, stemmed_analyzer())


class _Stems(dict[str, str]):
    """Lowercase word -> its stem ("" for a stop word), computed once per distinct word."""

    def __missing__(self, word: str) -> str:
        if len(self) >= CACHE_SIZE:
            self.clear()
        stemmed = self[word] = " ".join(_STEMMER.analyze(word))
        return stemmed


_STEMS = _Stems()
_HAS_UMLAUT = re.compile("[äöüÄÖÜ]")


def stem(word: str) -> str | None:
    """The stem of one word, or None for a stop word. ``stem("Kurse") == stem("Kurs") == "kur"``."""
    return _STEMS[word.lower()] or None


def stem_text(text: str) -> str:
    """The stems of a text, separated by spaces, as the ranked field indexes them."""
    return " ".join(map(_STEMS.__getitem__, _TOKEN.findall(text.lower())))


class _Plain(dict[str, str]):
    """Lowercase word -> its ``de_plain`` terms and, for a word with an umlaut, those of the word with its umlauts
    written out ("mütter" -> "mutter muetter"); "" for a stop word. Computed once per distinct word."""

    def __missing__(self, word: str) -> str:
        if len(self) >= CACHE_SIZE:
            self.clear()
        terms = _PLAIN.analyze(word)
        if terms and _HAS_UMLAUT.search(word) is not None:
            terms += _PLAIN.analyze(fold(word))
        found = self[word] = " ".join(terms)
        return found


_PLAINS = _Plain()


def analyze_text(text: str) -> tuple[str, str]:
    """(stems of ``text``, its vocabulary: the ``de_plain`` terms and the umlaut words written out), both
    separated by spaces (a stop word may leave two)."""
    tokens = _TOKEN.findall(text.lower())
    return " ".join(map(_STEMS.__getitem__, tokens)), " ".join(map(_PLAINS.__getitem__, tokens))


_SHORT: dict[str, tuple[str, str]] = {}
_SHORT_LENGTH = 200


def analyze_short(text: str) -> tuple[str, str]:
    """``analyze_text`` for texts that repeat across offers (titles, organisation names, topic labels), cached."""
    found = _SHORT.get(text)
    if found is None:
        found = analyze_text(text)
        if len(text) <= _SHORT_LENGTH:
            if len(_SHORT) >= CACHE_SIZE:
                _SHORT.clear()
            _SHORT[text] = found
    return found


def plain_words(text: str) -> list[str]:
    """The ``de_plain`` terms of a text, as the index's translations and vocabulary fields hold them."""
    return _PLAIN.analyze(text)


def query_words(text: str) -> list[str]:
    """The words of a query as ``de_plain`` terms (lowercase, ASCII-folded, no stop words), in order, no repeats.

    Splits like the tokenizer (on everything but letters and digits), so "Deutsch-Kurs" is two words. Umlauts lose
    their dots here (Köl → ``kol``); the vocabulary holds both spellings of umlaut words, and the stemmer reads
    a written-out umlaut as the umlaut (``koeln`` and ``koln`` have the stem ``koln``).
    """
    words: list[str] = []
    for token in _PLAIN.analyze(text):
        if token not in words:
            words.append(token)
    return words
