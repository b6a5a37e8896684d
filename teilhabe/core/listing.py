"""One mechanism for every list a case worker works through: filter, sort, page and export the same rows.

A view builds a ``Listing`` from the request, a filter form and its columns, hands ``listing.filters`` to its scoped
selector and gives the resulting queryset back to ``listing.export(...)`` (CSV/XLSX of all filtered rows) or
``listing.context(...)`` (one page). Page and export come from the same queryset, so the download holds exactly the
rows the filters select, never another body's (the selector scopes them), in the order the list shows.

Bad input never becomes a 500: a filter value that does not validate is ignored and named in a message, an unknown
sort key falls back to the default, a page number that is no number (or 0, or too large) shows the first or the last
page. Rows are loaded with the selector's select_related/prefetch_related, so a page and an export cost a constant
number of queries, however many rows there are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse

from teilhabe.core.exports import csv_response, xlsx_response

EXPORT_FORMATS = ("csv", "xlsx")
PAGE_PARAM = "seite"
SORT_PARAM = "sortierung"
EXPORT_PARAM = "export"


@dataclass(frozen=True)
class Column:
    """A column of a list: its heading and, if it can be sorted, the fields it sorts by (ascending)."""

    key: str
    label: Any
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportColumn:
    """A column of the download: its heading and how to read the cell from one row object."""

    label: Any
    value: Callable[[Any], Any]


def _ordering(field: str, descending: bool) -> Any:
    # Empty values (no date yet) go last in both directions, as a reader expects from a sorted list.
    expression = F(field.lstrip("-"))
    if field.startswith("-") != descending:
        return expression.desc(nulls_last=True)
    return expression.asc(nulls_last=True)


class Listing:
    """Filters, sort order and page of one list, read from the query string."""

    def __init__(
        self,
        request: HttpRequest,
        form_class: type[forms.Form],
        columns: Sequence[Column],
        *,
        default_sort: str,
        per_page: int = 25,
        form_kwargs: dict[str, Any] | None = None,
        keep: Sequence[str] = (),
    ) -> None:
        self.request = request
        #: Parameters outside the filter form that the filter form must carry on (e.g. the start page's task).
        self.kept = [(name, request.GET[name]) for name in keep if request.GET.get(name)]
        self.columns = list(columns)
        self.per_page = per_page
        data = request.GET.copy()
        for name in (PAGE_PARAM, SORT_PARAM, EXPORT_PARAM, *keep):
            data.pop(name, None)
        self.form = form_class(data or None, **(form_kwargs or {}))
        # cleaned_data keeps the fields that validated: a bad value in one filter drops only that filter.
        self.filters: dict[str, Any] = {}
        if self.form.is_bound:
            self.form.is_valid()
            self.filters = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}
        sortable = {c.key: c for c in self.columns if c.order}
        wanted = request.GET.get(SORT_PARAM, "")
        key = wanted.removeprefix("-")
        if key not in sortable:
            wanted, key = default_sort, default_sort.removeprefix("-")
        self.sort_key = key
        self.descending = wanted.startswith("-")
        self._sortable = sortable

    # --- query strings -----------------------------------------------------------------------------------------

    def _query(self, *drop: str, **set_: str) -> str:
        query = self.request.GET.copy()
        for name in (*drop, EXPORT_PARAM):
            query.pop(name, None)
        for name, value in set_.items():
            query[name] = value
        return query.urlencode()

    @property
    def invalid(self) -> list[str]:
        """The filters that were ignored, as "label: reason" for the message above the list."""
        if not self.form.is_bound:
            return []
        result = []
        for name, errors in self.form.errors.items():
            text = " ".join(str(e) for e in errors)
            result.append(f"{self.form.fields[name].label}: {text}" if name in self.form.fields else text)
        return result

    def headers(self) -> list[dict[str, Any]]:
        """The table's column headings: label, link that sorts by the column (or reverses) and ``aria-sort``."""
        result = []
        for column in self.columns:
            header: dict[str, Any] = {"label": column.label, "url": "", "aria_sort": "", "key": column.key}
            if column.order:
                current = column.key == self.sort_key
                next_value = f"-{column.key}" if current and not self.descending else column.key
                header["url"] = "?" + self._query(PAGE_PARAM, **{SORT_PARAM: next_value})
                if current:
                    header["aria_sort"] = "descending" if self.descending else "ascending"
            result.append(header)
        return result

    # --- rows --------------------------------------------------------------------------------------------------

    def ordered(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        fields = self._sortable[self.sort_key].order
        return queryset.order_by(*(_ordering(f, self.descending) for f in fields), "pk")

    def page(self, queryset: QuerySet[Any]) -> Page:
        return Paginator(self.ordered(queryset), self.per_page).get_page(self.request.GET.get(PAGE_PARAM))

    def context(self, queryset: QuerySet[Any]) -> dict[str, Any]:
        """What the list template needs: the filter form, the page, headings and the links that keep the filters."""
        query = self._query(PAGE_PARAM)
        return {
            "form": self.form,
            "page": self.page(queryset),
            "query": query,
            "headers": self.headers(),
            "invalid_filters": self.invalid,
            "export_csv": "?" + self._query(PAGE_PARAM, **{EXPORT_PARAM: "csv"}),
            "export_xlsx": "?" + self._query(PAGE_PARAM, **{EXPORT_PARAM: "xlsx"}),
            "filtered": bool(self.filters),
            "kept": self.kept,
        }

    def export(
        self, queryset: QuerySet[Any], columns: Sequence[ExportColumn], name: str, *, sheet: str = ""
    ) -> HttpResponse | None:
        """The download of all filtered rows when the query string asks for one (``export=csv|xlsx``), else None."""
        fmt = self.request.GET.get(EXPORT_PARAM)
        if fmt not in EXPORT_FORMATS:
            return None
        table = [[str(c.label) for c in columns]]
        table.extend([c.value(row) for c in columns] for row in self.ordered(queryset).iterator(chunk_size=2000))
        if fmt == "xlsx":
            return xlsx_response([(sheet or name, table)], f"{name}.xlsx")
        return csv_response(table, f"{name}.csv")
