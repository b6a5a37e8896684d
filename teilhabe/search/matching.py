"""From the words of a query to tantivy queries: exact stems, prefixes and one typo, in two tiers.

Every query word becomes a set of *exact* terms (its stem; the word itself among the translation words) and a set
of *approximate* terms: the stems of the words in the index vocabulary that start with it (words of at least
``PREFIX_MIN_LENGTH`` characters, the ``PREFIX_EXPANSIONS`` most frequent) or are one edit away from it (insert,
delete, replace or swap two neighbours; words of at least ``FUZZY_MIN_LENGTH`` characters). A word matches an offer
that has one of its exact or approximate terms; all words must match.

Ranking has two tiers: offers where every word matched exactly come first, ordered by BM25F over the exact terms
(``schema.FIELD_WEIGHTS``); then the others, ordered by BM25F over exact and approximate terms (approximate ones
weighted ``APPROX_BOOST``, translation words ``TRANSLATION_BOOST``). All terms live in one field, so a word is a
union of a few term queries, which tantivy ranks with block-max WAND (the first page without scoring every match);
several words are the intersection of their unions.

Languages: a query word also looks for its terms in the query's language (``SearchQuery.language``, the page's) and
in the languages its script points to (``analysis.query_tokens``), among the translation words; and a word that
names a topic, target group or language in that language (``SearchQuery.vocabulary``: term -> facet terms) matches
the offers with that key, with the weight of a translation word ("danışmanlık" finds the offers on "Beratung").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import tantivy

from teilhabe.search.analysis import query_tokens, stem
from teilhabe.search.schema import FACET_FIELD, SCHEMA, TEXT_FIELD, TRANSLATION_MARK

PREFIX_MIN_LENGTH = 3
FUZZY_MIN_LENGTH = 5
#: Most frequent vocabulary words used for one prefix.
PREFIX_EXPANSIONS = 32
#: Vocabulary words looked at for one prefix (in term order) before picking the most frequent.
PREFIX_SCAN = 2000
APPROX_BOOST = 0.5
TRANSLATION_BOOST = 0.5
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass
class WordPlan:
    """The terms of one query word."""

    word: str
    exact_stems: list[str]
    approx_stems: list[str] = field(default_factory=list)
    approx_words: list[str] = field(default_factory=list)
    #: The word's terms in the query's language (and its script's), looked up among the translation words.
    language_terms: list[str] = field(default_factory=list)
    #: Terms of the ``facet`` field the word names in the query's language (``t:beratung``).
    facet_terms: list[str] = field(default_factory=list)

    def terms(self, *, approximate: bool) -> list[tuple[str, float]]:
        """(term of the ``text`` field, boost): exact only, or exact and approximate."""
        terms = [(s, 1.0) for s in self.exact_stems]
        if self.word:
            terms.append((TRANSLATION_MARK + self.word, TRANSLATION_BOOST))
        terms.extend((TRANSLATION_MARK + t, TRANSLATION_BOOST) for t in self.language_terms if t != self.word)
        if approximate:
            terms.extend((s, APPROX_BOOST) for s in self.approx_stems)
            terms.extend((TRANSLATION_MARK + w, TRANSLATION_BOOST * APPROX_BOOST) for w in self.approx_words)
        return terms

    def query(self, *, approximate: bool) -> tantivy.Query:
        """The union of the word's term queries, each boosted."""
        clauses = [(tantivy.Occur.Should, _term(term, boost)) for term, boost in self.terms(approximate=approximate)]
        clauses.extend((tantivy.Occur.Should, _facet(term)) for term in self.facet_terms)
        return tantivy.Query.boolean_query(clauses)


def _term(term: str, boost: float) -> tantivy.Query:
    query = tantivy.Query.term_query(SCHEMA, TEXT_FIELD, term, index_option="freq")
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


def _facet(term: str) -> tantivy.Query:
    query = tantivy.Query.term_query(SCHEMA, FACET_FIELD, term, index_option="basic")
    return tantivy.Query.boost_query(query, TRANSLATION_BOOST)


def edits1(word: str) -> set[str]:
    """Every string one edit away from ``word`` (Damerau: insert, delete, replace, swap neighbours)."""
    alphabet = _ALPHABET + "".join(sorted(set(word) - set(_ALPHABET)))
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in alphabet if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in alphabet]
    return set(deletes + swaps + replaces + inserts) - {word}


def expansions(searcher: tantivy.Searcher, word: str) -> list[str]:
    """Vocabulary words that start with ``word`` or are one edit away from it (see the module docstring)."""
    found: set[str] = set()
    if len(word) >= PREFIX_MIN_LENGTH:
        candidates = searcher.terms_with_prefix("plain", word, limit=PREFIX_SCAN)
        candidates.sort(key=lambda item: (-item[1], item[0]))
        found.update(term for term, _count in candidates[:PREFIX_EXPANSIONS])
    if len(word) >= FUZZY_MIN_LENGTH:
        doc_freq = searcher.doc_freq
        found.update(variant for variant in edits1(word) if doc_freq("plain", variant))
    found.discard(word)
    return sorted(found)


def plan(
    searcher: tantivy.Searcher,
    text: str,
    cache: dict[str, WordPlan] | None = None,
    *,
    language: str = "de",
    vocabulary: Mapping[str, Sequence[str]] | None = None,
) -> list[WordPlan]:
    """The plans of the words of ``text`` (stop words dropped, words with the same stem once); ``cache`` keeps
    plans for one state of the index. ``language``: the query's language; ``vocabulary``: its terms that name
    facet keys (see the module docstring)."""
    plans: list[WordPlan] = []
    for word, terms in query_tokens(text, language):
        cache_key = f"{word}\x00{' '.join(terms)}"
        word_plan = cache.get(cache_key) if cache is not None else None
        if word_plan is None:
            exact = stem(word) if word else None
            if exact is None and not terms:
                continue
            exact_stems = exact.split() if exact else []
            approx_words = expansions(searcher, word) if word else []
            approx_stems = sorted({s for w in approx_words for s in (stem(w) or "").split()} - set(exact_stems))
            word_plan = WordPlan(word, exact_stems, approx_stems, approx_words, list(terms))
            if cache is not None:
                cache[cache_key] = word_plan
        if vocabulary:
            named = sorted({f for t in (word, *terms) for f in vocabulary.get(t, ())})
            if named:
                word_plan = replace(word_plan, facet_terms=named)
        if all(
            (p.exact_stems, p.language_terms) != (word_plan.exact_stems, word_plan.language_terms) for p in plans
        ):  # "Kurs Kurse" is one word
            plans.append(word_plan)
    return plans


def text_query(plans: list[WordPlan], *, approximate: bool) -> tantivy.Query | None:
    """All words must match: one word's union alone, or the intersection of the unions (scores add up)."""
    if not plans:
        return None
    if len(plans) == 1:
        return plans[0].query(approximate=approximate)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, p.query(approximate=approximate)) for p in plans])
