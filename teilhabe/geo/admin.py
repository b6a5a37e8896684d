"""Read-mostly admin of the master data: search, filters and history.

The rows come from `load_master_data` and `import_gemeindeverzeichnis`, so nothing is added here and keys
never change; operators may correct a name or a figure, which the history records with their account.
Deleting is refused for the whole app (teilhabe.core.backends.NO_DELETE_APPS). Boundaries are large
GeoJSON documents: they are neither shown in forms nor loaded for the lists.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl, Regierungsbezirk


class MasterDataAdmin(SimpleHistoryAdmin):
    exclude = ["boundary"]
    key_fields: tuple[str, ...] = ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*super().get_readonly_fields(request, obj), *self.key_fields)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).defer("boundary")


@admin.register(Regierungsbezirk)
class RegierungsbezirkAdmin(MasterDataAdmin):
    list_display = ["key", "name", "seat", "population", "area_km2"]
    search_fields = ["key", "name", "seat"]
    key_fields = ("key",)


@admin.register(Kreis)
class KreisAdmin(MasterDataAdmin):
    list_display = ["key", "name", "kind", "regierungsbezirk", "population", "area_km2"]
    list_filter = ["kind", "regierungsbezirk"]
    search_fields = ["key", "name", "name_short", "seat"]
    list_select_related = ["regierungsbezirk"]
    key_fields = ("key", "regierungsbezirk")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).defer("regierungsbezirk__boundary")


@admin.register(Gemeinde)
class GemeindeAdmin(MasterDataAdmin):
    list_display = ["ags", "name", "kind", "kreis", "population", "area_km2", "postal_code"]
    list_filter = ["kind", "kreis__regierungsbezirk", "kreis"]
    search_fields = ["ags", "ars", "name", "name_short", "postal_code"]
    list_select_related = ["kreis"]
    key_fields = ("ags", "ars", "kreis")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).defer("kreis__boundary")


@admin.register(Postleitzahl)
class PostleitzahlAdmin(admin.ModelAdmin):
    """Read-only: the table follows plz.csv and is replaced as a whole by `load_master_data`."""

    list_display = ["postal_code", "place", "entry_type", "kreis", "gemeinde", "lat", "lon"]
    list_filter = ["entry_type"]
    search_fields = ["postal_code", "place", "gemeinde__name"]
    list_select_related = ["kreis", "gemeinde"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Postleitzahl]:
        return super().get_queryset(request).defer("kreis__boundary", "gemeinde__boundary")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
