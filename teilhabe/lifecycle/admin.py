from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from teilhabe.lifecycle.models import ErasureRequest, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """Operators adjust periods and texts; rules are added and removed only by migrations (the purge knows them)."""

    list_display = ["data_kind", "retention_text", "retention_days", "action", "automated"]
    readonly_fields = ["key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["done_at", "subject_kind", "subject_id", "done_by"]
    readonly_fields = ["id", "subject_kind", "subject_id", "done_at", "done_by", "outcome"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
