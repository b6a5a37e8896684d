"""Operators keep the authorities here (master data: name, kind, seat, staff count). Everything else of the staff
survey is only shown, never changed: units, campaigns, code batches and hiring figures are kept through the survey
screens and services (scope, checks, audit). Answers and participation codes are not in the admin at all: an
answer must not be browsable next to anything, and a code is a credential (whoever sees it could answer in
someone's name). Nothing is deleted (teilhabe.core.backends.NO_DELETE_APPS)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from teilhabe.core.admin import NoRevertHistoryMixin
from teilhabe.workforce.models import Authority, Campaign, CodeBatch, HiringFigure, OrgUnit


@admin.register(Authority)
class AuthorityAdmin(NoRevertHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "ags", "staff_count", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "ags"]


class ReadOnlyMixin:
    """Shown to operators, changed only through the survey's services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, NoRevertHistoryMixin, SimpleHistoryAdmin):
    pass


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    # Units and their staff counts (the base of the response rates) are kept by the authority's survey officer.
    list_display = ["name", "authority", "staff_count", "is_active"]
    list_filter = ["is_active", "authority__kind"]
    list_select_related = ["authority"]
    search_fields = ["name", "authority__name", "authority__short_name"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    # Opening, closing and the one publication are steps of Land with their checks (campaign_open/close/publish).
    list_display = ["year", "title", "status", "threshold", "reference_share", "opened_at", "closed_at"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(CodeBatch)
class CodeBatchAdmin(ReadOnlyMixin, admin.ModelAdmin[CodeBatch]):
    """How many codes went to which unit and how many were used; never the codes themselves."""

    list_display = ["unit", "authority", "campaign", "size", "used", "issued_by", "created_at"]
    list_filter = ["campaign"]
    list_select_related = ["unit__authority", "campaign", "issued_by"]
    search_fields = ["unit__name", "unit__authority__name"]
    fields = ["campaign", "unit", "size", "used", "issued_by", "created_at"]
    readonly_fields = ["used", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CodeBatch]:
        return super().get_queryset(request).annotate(used_codes=Count("codes", filter=Q(codes__used=True)))

    @admin.display(description=_("Behörde"), ordering="unit__authority__name")
    def authority(self, obj: CodeBatch) -> Authority:
        return obj.unit.authority

    @admin.display(description=_("davon verwendet"), ordering="used_codes")
    def used(self, obj: CodeBatch) -> int:
        return int(getattr(obj, "used_codes", 0))


@admin.register(HiringFigure)
class HiringFigureAdmin(ReadOnlyAdmin):
    # Aggregates an authority's survey officer enters and corrects (hiring_save checks the funnel and audits).
    list_display = ["authority", "year", "applications", "invitations", "hires", "trainees"]
    list_filter = ["year"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "authority__short_name"]
