"""Operators extend the registry's taxonomy here. Entries themselves are kept through the registry's screens and
services (verification, audit, search outbox), never in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from teilhabe.registry.models import Language, TargetGroup, Topic


class TaxonomyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "key", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "key"]

    def get_prepopulated_fields(self, request: HttpRequest, obj: object = None) -> dict[str, list[str]]:
        return {"key": ["name"]} if obj is None else {}

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        # The key is the stable handle (URLs, imports, HSDS ids): set once, never changed.
        return ["key"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Deleting a term would silently drop it from every offer; deactivate it instead.
        return False


@admin.register(Topic)
class TopicAdmin(TaxonomyAdmin):
    list_display = ["name", "key", "order", "is_active"]


@admin.register(TargetGroup)
class TargetGroupAdmin(TaxonomyAdmin):
    pass


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "native_name"]
    search_fields = ["code", "name", "native_name"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
