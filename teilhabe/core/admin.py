from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from teilhabe.core import services
from teilhabe.core.models import AuditEvent, Membership, User
from teilhabe.core.roles import Role
from teilhabe.core.scope import scope_of


def _admin_has_permission(request: HttpRequest) -> bool:
    """Only operators: staff flag AND a current admin membership (second factor enforced by middleware)."""
    user = request.user
    return bool(user.is_active and user.is_staff and scope_of(user).has_role(Role.ADMIN))


def _admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin has no login of its own: everyone signs in through the throttled login with second factor."""
    target = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('core:login')}?{urlencode({'next': target})}")


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["role", "ags", "scope_type", "scope_id", "valid_until"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "scope_type":
            kwargs["queryset"] = ContentType.objects.filter(app_label__in=["registry", "workforce"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "roles", "is_active", "last_login"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name",)}),
        (_("Zugang"), {"fields": ("is_active", "is_staff")}),
        (_("Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    inlines = [MembershipInline]
    actions = ["deactivate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("memberships")

    @admin.display(description=_("Rollen"))
    def roles(self, obj: User) -> str:
        return ", ".join(sorted({m.get_role_display() for m in obj.memberships.all()}))

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True  # let the service make the change, end the sessions and audit it
            super().save_model(request, obj, form, change)
            services.user_deactivate(user=obj, actor=request.user, reason="Administration")  # type: ignore[arg-type]
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Ausgewählte Personen deaktivieren (Sitzungen enden sofort)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset.filter(is_active=True):
            if user.pk == request.user.pk:
                continue
            services.user_deactivate(user=user, actor=request.user, reason="Administration")  # type: ignore[arg-type]
            count += 1
        self.message_user(request, _("%(count)d Personen deaktiviert.") % {"count": count}, messages.SUCCESS)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "object_type", "object_repr", "from_state", "to_state"]
    list_filter = ["action", "object_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "object_id", "reason", "actor__email"]
    list_select_related = ["actor", "object_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
