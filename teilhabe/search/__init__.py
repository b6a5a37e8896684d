"""Full-text, facet and distance search over published offers, on an embedded tantivy index.

The database stays the source of truth; this package only knows plain documents (dicts) and never imports a
Django app. See engine.SearchIndex for the API and docs/decisions/0004-tantivy-search-index.md for why.
"""
