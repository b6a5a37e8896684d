"""Full-text, facet and distance search over published offers, on an embedded tantivy index.

The database stays the source of truth; this package only knows plain documents (dicts) and imports no Django
app. One implementation whatever the database.

API for the Django integration::

    from teilhabe.search import SearchIndex, SearchQuery

    index = SearchIndex(settings.TEILHABE_SEARCH_DIR / "offers")    # one per process; thread-safe for readers

    # writer side (one process at a time: the outbox worker, the rebuild command)
    index.rebuild(offer_documents())        # full rebuild into a fresh directory, then an atomic switch
    index.upsert([doc, ...])                # add or replace by id, one commit
    index.delete(["<uuid>", ...])           # remove by id, one commit
    index.apply(upserts=[doc, ...], deletes=["<uuid>", ...])   # both in one commit

    # reader side (web workers)
    result = index.search(SearchQuery(
        text="Deutschkurs Köln",                                 # all words must match
        filters={"language": ["ar", "fa"], "kreis": ["05315"]},  # any of the keys within, all filters together
        near=(50.9375, 6.9603), radius_km=10, sort="distance",   # optional circle; sort "relevance" or "distance"
        page=1, page_size=20, facets=True,
    ))
    result.total         # exact number of matches
    result.hits          # [Hit(id, score, distance_km), ...] for the page
    result.facets        # {"topic": {"sprache": 812, ...}, "target_group": ..., "language": ..., "kreis": ...,
                         #  "organisation_kind": ...}: counts over the whole match set
    result.elapsed_ms
    index.points(query, limit=3000)   # [(id, lat, lon), ...] of the first matches in the query's order, for a map
    index.reload()       # see other processes' commits and rebuilds now (search also checks once a second)

Documents (``OfferDocument``) are dicts: ``id`` (UUID string), ``title``, ``description``, ``organisation_name``,
``topics`` (labels, searched), ``topic_keys`` (facet keys; the labels when missing), ``target_groups``,
``languages`` (ISO 639), ``kreis_key`` (5 digits), ``gemeinde_ags`` (8 digits), ``organisation_kind``,
``locations`` ([(lat, lon), ...]), optional ``translations`` ({"en": {"title": ..., "description": ...}}) and
``extra_text`` (more searchable text, e.g. place names).

Writers raise ``IndexLocked`` when another process holds the writer lock longer than ``lock_timeout``; every use
raises ``IndexOutdated`` when the live index was built for another schema version (``outdated()``: rebuild). How words
match and rank: ``matching``; analysis: ``analysis``; fields: ``schema``; distances: ``geo``; lifecycle: ``index``.
The registry builds the documents and follows the outbox in ``teilhabe.registry.search``.
"""

from teilhabe.search.index import IndexLocked, IndexOutdated, SearchIndex
from teilhabe.search.query import Hit, SearchQuery, SearchResult
from teilhabe.search.schema import OfferDocument

__all__ = ["Hit", "IndexLocked", "IndexOutdated", "OfferDocument", "SearchIndex", "SearchQuery", "SearchResult"]
