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


# --- Translations: analysis per language ---------------------------------------------------------------------------
#
# A translation's words (and a query's words in the reader's language) become up to two terms: the word normalised
# for its language (``normal``: lowercase with the language's rules, Arabic letters unified and the article dropped,
# Latin letters ASCII-folded) and its stem (``stem``: the language's Snowball stemmer where tantivy has one, a light
# suffix stripper for Ukrainian, which Snowball lacks). The index holds both, marked ``~`` (``schema``), besides the
# word as ``de_plain`` reads it; a query looks for all three.

#: Snowball stemmers of tantivy per ISO 639-1 code (tantivy has no Ukrainian or Persian one).
SNOWBALL: dict[str, str] = {
    "ar": "arabic",
    "da": "danish",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
#: Function words per language, dropped from translations and queries (normalised forms; kept short on purpose).
LANGUAGE_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "by",
            "for",
            "from",
            "in",
            "is",
            "of",
            "on",
            "or",
            "the",
            "to",
            "with",
        ]
    ),
    "tr": frozenset(["ve", "ile", "icin", "bir", "bu", "da", "de", "ya", "veya", "gibi"]),
    "ru": frozenset(
        [
            "и",
            "в",
            "во",
            "на",
            "с",
            "со",
            "для",
            "по",
            "к",
            "о",
            "об",
            "от",
            "до",
            "из",
            "или",
            "а",
            "но",
            "у",
            "за",
        ]
    ),
    "uk": frozenset(
        [
            "і",
            "й",
            "та",
            "в",
            "у",
            "на",
            "з",
            "із",
            "зі",
            "для",
            "по",
            "до",
            "від",
            "про",
            "або",
            "а",
            "але",
            "за",
        ]
    ),
    "ar": frozenset(["في", "من", "على", "الى", "عن", "مع", "او", "و", "ثم"]),
}
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, tatweel
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
#: The article with the particles that join it (wa-, bi-, ka-, fa-, li- + al- = lil-), longest first.
_ARABIC_ARTICLES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_CYRILLIC_SCRIPT = re.compile("[\u0400-\u04ff]")
_UKRAINIAN_LETTERS = re.compile("[іїєґ]")
#: Ukrainian endings of nouns, adjectives and verbs, longest first (a light stemmer: Snowball has none).
_UKRAINIAN_ENDINGS = tuple(
    sorted(
        str.split(
            """
            ання ення іння уватися ювати ування увати ати яти ити іти ути ється ються ться ись ася ися ся сь ть ти
            ового ьому ього ими іми ами ями ові еві єві ого ому ою ею єю ією ію ія ії ій ий их іх ів ям ам ах ях ом ем
            ей ою ую юю ої ої а я у ю і и е є о ь й
            """
        ),
        key=len,
        reverse=True,
    )
)
_UKRAINIAN_MIN_STEM = 3
_FOLD_LATIN = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.ascii_fold())
    .build()
)
_SNOWBALL_ANALYZERS: dict[str, tantivy.TextAnalyzer] = {}


def tokens(text: str) -> list[str]:
    """The words of a text as the tokenizer splits it (runs of letters and digits), unchanged."""
    return _TOKEN.findall(text)


def language_lower(word: str, language: str) -> str:
    """Lowercase by the language's rules: Turkish and Azerbaijani I → ı, İ → i (Python's rules give "i̇" for İ)."""
    if language in ("tr", "az"):
        word = word.replace("I", "ı").replace("İ", "i")
    return word.lower()


def arabic_normal(word: str) -> str:
    """Diacritics and tatweel dropped; alef forms → ا, alef maqsura → ي, taa marbuta → ه, hamza seats unified;
    the article ال (also with و/ب/ك/ف before it, and لل) dropped when a word of two letters or more remains."""
    word = _ARABIC_DIACRITICS.sub("", word).translate(_ARABIC_LETTERS)
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    return word


def ukrainian_stem(word: str) -> str:
    """A light Ukrainian stemmer: the longest known ending dropped when three letters or more remain
    (консультація, консультації, консультацію → консультац; курси, курсів → курс)."""
    for ending in _UKRAINIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _UKRAINIAN_MIN_STEM:
            return word[: -len(ending)]
    return word


def _snowball(language: str) -> tantivy.TextAnalyzer:
    analyzer = _SNOWBALL_ANALYZERS.get(language)
    if analyzer is None:
        analyzer = _SNOWBALL_ANALYZERS[language] = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
            .filter(tantivy.Filter.stemmer(SNOWBALL[language]))
            .build()
        )
    return analyzer


def _fold_latin(word: str) -> str:
    folded = _FOLD_LATIN.analyze(word)
    return folded[0] if folded else word


class _LanguageTerms(dict[tuple[str, str], tuple[str, ...]]):
    """(language, word) -> the word's terms in that language (normal form, then stem if it differs); () for a stop
    word or a word too long. Computed once per distinct word."""

    def __missing__(self, key: tuple[str, str]) -> tuple[str, ...]:
        if len(self) >= CACHE_SIZE:
            self.clear()
        language, word = key
        self[key] = found = _language_terms(word, language)
        return found


def _language_terms(word: str, language: str) -> tuple[str, ...]:
    if len(word) > MAX_TOKEN_LENGTH:
        return ()
    lower = language_lower(word, language)
    if language == "ar":
        lower = arabic_normal(lower)
    elif language in ("ru", "uk", "be", "bg"):
        lower = lower.replace("ё", "е")
    if lower in LANGUAGE_STOP_WORDS.get(language, ()):
        return ()
    if language == "uk":
        stemmed = ukrainian_stem(lower)
    elif language in SNOWBALL:
        stemmed = _snowball(language).analyze(lower)[0]
    else:
        stemmed = lower
    normal = _fold_latin(lower)
    if normal in LANGUAGE_STOP_WORDS.get(language, ()):
        return ()
    stem_term = _fold_latin(stemmed)
    return (normal,) if stem_term == normal else (normal, stem_term)


_LANGUAGE_TERMS = _LanguageTerms()


def language_terms(word: str, language: str) -> tuple[str, ...]:
    """The terms of one word in a language: its normal form and, if different, its stem (see above).

    ``language_terms("الاستشارة", "ar") == language_terms("استشارة", "ar")``; ``language_terms("DANIŞMANLIK", "tr")``
    holds ``danismanlik`` (dotless i from the capital I, then folded)."""
    return _LANGUAGE_TERMS[language, word]


def translation_terms(text: str, language: str) -> list[str]:
    """The terms of a translated text, in order: each word's normal form and stem (repeats kept: they are term
    frequencies)."""
    terms: list[str] = []
    for token in _TOKEN.findall(text):
        terms.extend(_LANGUAGE_TERMS[language, token])
    return terms


def script_languages(word: str) -> tuple[str, ...]:
    """Languages a word's script points to, beside the page's: Arabic script → ar; Cyrillic → ru, and uk too
    (a word with і, ї, є or ґ only uk)."""
    if _ARABIC_SCRIPT.search(word):
        return ("ar",)
    if _CYRILLIC_SCRIPT.search(word):
        return ("uk",) if _UKRAINIAN_LETTERS.search(word.lower()) else ("ru", "uk")
    return ()


def query_tokens(text: str, language: str = "de") -> list[tuple[str, tuple[str, ...]]]:
    """The words of a query: (its ``de_plain`` term or "" for a German stop word, its terms in the query's language
    and in the languages its script points to), in order, no repeats; words without any term dropped."""
    tokens: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for token in _TOKEN.findall(text):
        plain = _PLAIN.analyze(token)
        word = plain[0] if plain else ""
        languages = [lang for lang in (language, *script_languages(token)) if lang != "de"]
        terms: list[str] = []
        for lang in dict.fromkeys(languages):
            terms.extend(t for t in _LANGUAGE_TERMS[lang, token] if t not in terms)
        if not word and not terms:
            continue
        key = word + "\x00" + " ".join(terms)
        if key not in seen:
            seen.add(key)
            tokens.append((word, tuple(terms)))
    return tokens
