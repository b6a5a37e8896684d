from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl, Regierungsbezirk


@admin.register(Regierungsbezirk)
class RegierungsbezirkAdmin(SimpleHistoryAdmin):
    list_display = ["key", "name", "seat"]
    search_fields = ["key", "name"]
    exclude = ["boundary"]


@admin.register(Kreis)
class KreisAdmin(SimpleHistoryAdmin):
    list_display = ["key", "name", "kind", "regierungsbezirk", "population", "area_km2"]
    list_filter = ["kind", "regierungsbezirk"]
    search_fields = ["key", "name"]
    exclude = ["boundary"]
    list_select_related = ["regierungsbezirk"]


@admin.register(Gemeinde)
class GemeindeAdmin(SimpleHistoryAdmin):
    list_display = ["ags", "name", "kind", "kreis", "population", "area_km2", "postal_code"]
    list_filter = ["kind", "kreis__regierungsbezirk"]
    search_fields = ["ags", "name"]
    exclude = ["boundary"]
    list_select_related = ["kreis"]


@admin.register(Postleitzahl)
class PostleitzahlAdmin(admin.ModelAdmin):
    list_display = ["postal_code", "place", "entry_type", "kreis", "gemeinde", "lat", "lon"]
    list_filter = ["entry_type"]
    search_fields = ["postal_code", "place"]
    list_select_related = ["kreis", "gemeinde"]
    raw_id_fields = ["gemeinde"]
