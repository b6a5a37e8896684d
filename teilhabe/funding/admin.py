"""Operators keep the base rates (Basiszinssatz) here; everything else in funding is kept through its screens and
services (four eyes, budgets, audit), never in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from teilhabe.funding.models import BaseRate


@admin.register(BaseRate)
class BaseRateAdmin(admin.ModelAdmin[BaseRate]):
    list_display = ["valid_from", "rate", "confirmed", "source"]
    list_filter = ["confirmed"]
    ordering = ["-valid_from"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Interest already computed refers to the rates; a wrong rate is corrected by a new row or an edit.
        return False
