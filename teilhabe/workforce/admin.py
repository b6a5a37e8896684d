from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from teilhabe.workforce.models import Authority


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "ags", "staff_count", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "ags"]
