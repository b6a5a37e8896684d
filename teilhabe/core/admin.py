"""The operators' screens: people, memberships, second factors and the audit log.

Every change that matters goes through teilhabe.core.services, so it is checked and audited the same way as
anywhere else. Access needs the staff flag AND a current membership in the role admin, and the second factor
(SecondFactorRequiredMiddleware); the admin has no login of its own.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from teilhabe.core import selectors, services
from teilhabe.core.audit_labels import action_label
from teilhabe.core.models import AuditEvent, Membership, User
from teilhabe.core.roles import APPROVAL_ROLES, Role
from teilhabe.core.scope import scope_content_types, scope_of
from teilhabe.core.selectors import users_with_role

# --- The site: who may enter, and how ------------------------------------------------------------------------


def _admin_has_permission(request: HttpRequest) -> bool:
    """Only operators: active, staff flag AND a current admin membership (second factor enforced by middleware)."""
    user = request.user
    return bool(user.is_active and user.is_staff and scope_of(user).has_role(Role.ADMIN))


def _admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin has no login of its own: everyone signs in through the throttled login with second factor.

    A POST here authenticates nobody. A logged-in person who is no operator goes to the start page with a note
    (sending them to the login would loop: it sends logged-in people straight back to ``next``).
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return HttpResponseRedirect(target)
        messages.error(request, _("Die Administration ist dem Betrieb der Plattform vorbehalten."))
        return HttpResponseRedirect(reverse("core:start"))
    return HttpResponseRedirect(f"{reverse('core:login')}?{urlencode({'next': target})}")


def _actor(request: HttpRequest) -> User:
    """The operator behind an admin request (the site lets only logged-in operators in)."""
    return cast(User, request.user)


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]


class NoRevertHistoryMixin:
    """simple_history's history pages only to read: a revert would write past the services and their checks."""

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]


# --- Memberships ------------------------------------------------------------------------------------------


class ScopeIdWidget(forms.TextInput):
    """The key of a membership's scope object, with the admin's lookup popup for the chosen kind.

    The lookup link follows the admin's raw-id convention (id ``lookup_<input id>``), so the admin's own
    RelatedObjectLookups.js opens the list and writes the chosen key back. scope-lookup.js points the link at
    the list of the kind selected in "Art des Bereichs" of the same row.
    """

    class Media:
        js = ["core/admin/scope-lookup.js"]

    def __init__(self, lookup_urls: dict[str, str], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "vUUIDField", "size": 38, **(attrs or {})})
        self.lookup_urls = lookup_urls

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        field = super().render(name, value, attrs, renderer)
        input_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return format_html(
            '{}<a href="#" class="related-lookup" id="lookup_{}" data-th-scope-lookup="" data-th-lookup-urls="{}" '
            'title="{}"></a>',
            field,
            input_id,
            json.dumps(self.lookup_urls),
            _("Organisation oder Behörde suchen"),
        )


def scope_lookup_urls() -> dict[str, str]:
    """content type id -> admin list of that model, for the scope models that have an admin."""
    urls = {}
    for ct in scope_content_types():
        model = ct.model_class()
        if model is None or not admin.site.is_registered(model):
            continue
        try:
            urls[str(ct.pk)] = reverse(f"admin:{ct.app_label}_{ct.model}_changelist")
        except NoReverseMatch:
            continue
    return urls


class MembershipInlineFormSet(BaseInlineFormSet):
    """Saves through the services: a new row is membership_grant, a changed one membership_update.

    What the services would refuse is refused here first as a form error (the admin saves after validation,
    where a refusal would end in a 500): a role for oneself, a role with a scope the person already holds.
    """

    request: HttpRequest

    def clean(self) -> None:
        super().clean()
        actor = _actor(self.request)
        for form in self.forms:
            if not form.has_changed() or not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            draft: Membership = form.save(commit=False)
            draft.user = self.instance
            if self.instance.pk == actor.pk and (draft.pk is None or "role" in form.changed_data):
                form.add_error(None, _("Niemand kann sich selbst eine Rolle geben."))
                continue
            if self.instance.pk is None:
                continue
            earlier = selectors.same_membership(membership=draft)
            if earlier is not None and not earlier.is_ended():
                form.add_error(None, _("Diese Rolle mit diesem Bereich hat die Person bereits."))

    def save_new(self, form: forms.ModelForm, commit: bool = True) -> Membership:
        draft: Membership = form.save(commit=False)
        return services.membership_grant(
            user=self.instance,
            role=draft.role,
            ags=draft.ags,
            scope_object=draft.scope_object if draft.scope_id else None,
            valid_until=draft.valid_until,
            actor=_actor(self.request),
        )

    def save_existing(self, form: forms.ModelForm, obj: Membership, commit: bool = True) -> Membership:
        return services.membership_update(
            membership=form.save(commit=False),
            actor=_actor(self.request),
            reason="Administration",
        )

    def delete_existing(self, obj: Membership, commit: bool = True) -> None:
        raise PermissionDenied  # a membership ends with "gültig bis", it is never deleted


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    formset = MembershipInlineFormSet
    extra = 0
    fields = ["role", "ags", "scope_type", "scope_id", "scope_label", "valid_until", "approval"]
    readonly_fields = ["scope_label", "approval"]
    verbose_name_plural = _("Rollen (Mitgliedschaften) – beenden mit „gültig bis“")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request  # type: ignore[attr-defined]  # a fresh class per request
        return formset

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "scope_type":
            kwargs["queryset"] = scope_content_types()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "scope_id":
            kwargs["widget"] = ScopeIdWidget(scope_lookup_urls())
            kwargs["help_text"] = _("Nur für Organisation und Behörde: über die Lupe auswählen.")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("Bereich"))
    def scope_label(self, obj: Membership) -> str:
        if obj.pk is None:
            return "–"
        if obj.ags:
            return obj.ags
        if obj.scope_id:
            return str(obj.scope_object) if obj.scope_object is not None else str(_("(gelöscht)"))
        return "–"

    @admin.display(description=_("Freigabe"))
    def approval(self, obj: Membership) -> str:
        return approval_label(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def approval_label(membership: Membership) -> str:
    if membership.pk is None:
        return "–"
    if not membership.needs_approval:
        return str(_("nicht nötig"))
    if membership.approved_at is None:
        return str(_("wartet auf Freigabe (Rollenfreigaben)"))
    if membership.approved_by is None:
        return str(_("vor Einführung der Freigabe erteilt"))
    return str(_("freigegeben von %(person)s") % {"person": membership.approved_by})


class AwaitingApprovalFilter(admin.SimpleListFilter):
    title = _("Freigabe")
    parameter_name = "freigabe"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("wartet", _("wartet auf Freigabe"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> QuerySet[Membership]:
        if self.value() == "wartet":
            return queryset.filter(role__in=APPROVAL_ROLES, approved_at__isnull=True)
        return queryset


@admin.register(Membership)
class MembershipAdmin(NoRevertHistoryMixin, SimpleHistoryAdmin):
    """All memberships at a glance with their history. New ones are granted on the person's page."""

    list_display = ["user", "role", "ags", "scope_type", "scope_id", "valid_until", "approval"]
    list_filter = ["role", AwaitingApprovalFilter, ("valid_until", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "ags"]
    fields = ["user", "role", "ags", "scope_type", "scope_id", "valid_until", "requested_by", "approval"]
    readonly_fields = ["user", "role", "ags", "scope_type", "scope_id", "requested_by", "approval"]
    list_select_related = ["user", "scope_type", "approved_by"]

    @admin.display(description=_("Freigabe"))
    def approval(self, obj: Membership) -> str:
        return approval_label(obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        services.membership_update(membership=obj, actor=_actor(request), reason="Administration")


# --- People -----------------------------------------------------------------------------------------------


class UserCreateForm(AdminUserCreationForm):
    """E-mail, name and a password (or none: the person then sets one through "Passwort vergessen")."""

    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    """The operator may not lock themselves out."""

    current_user: Any = None

    class Meta:
        model = User
        fields = ("email", "full_name", "is_active", "is_staff")

    def clean_is_active(self) -> bool:
        active = bool(self.cleaned_data.get("is_active"))
        if not active and self.current_user is not None and self.instance.pk == self.current_user.pk:
            raise ValidationError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))
        return active


class RoleListFilter(admin.SimpleListFilter):
    """People with a current membership in the role (ended memberships do not count)."""

    title = _("Rolle")
    parameter_name = "rolle"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(r.value, r.label) for r in Role]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        role = self.value()
        if not role:
            return queryset
        return queryset.filter(pk__in=users_with_role(role=role).values("pk"))


@admin.register(User)
class UserAdmin(NoRevertHistoryMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ["email"]
    list_display = ["email", "full_name", "roles", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", RoleListFilter]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "second_factor"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name",)}),
        (_("Zugang"), {"fields": ("is_active", "is_staff", "second_factor")}),
        (_("Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "full_name", "usable_password", "password1", "password2")},
        ),
    )
    inlines = [MembershipInline]
    actions = ["deactivate", "reset_second_factor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("memberships")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.current_user = request.user  # type: ignore[attr-defined]  # modelform_factory: a fresh class each time
        return form

    @admin.display(description=_("Rollen"))
    def roles(self, obj: User) -> str:
        today = timezone.localdate()
        return ", ".join(sorted({str(m.get_role_display()) for m in obj.memberships.all() if m.is_current(today)}))

    @admin.display(description=_("Zweiter Faktor"))
    def second_factor(self, obj: User) -> str:
        if obj.pk is None:
            return "–"
        if TOTPDevice.objects.filter(user=obj, confirmed=True).exists():
            return str(_("eingerichtet"))
        return str(_("nicht eingerichtet"))

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        actor = _actor(request)
        if not change:
            super().save_model(request, obj, form, change)
            services.audit_record(action="user.created", actor=actor, obj=obj, data={"via": "admin"})
            return
        if "is_active" in form.changed_data:
            # The service makes the change: it ends the sessions, and audits it.
            wanted = obj.is_active
            obj.is_active = not wanted
            super().save_model(request, obj, form, change)
            if wanted:
                services.user_activate(user=obj, actor=actor, reason="Administration")
            else:
                services.user_deactivate(user=obj, actor=actor, reason="Administration")
            return
        super().save_model(request, obj, form, change)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """An operator sets a person's password: Django's form does it (every session of theirs ends), we audit."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            person = self.get_object(request, unquote(id))
            services.audit_record(
                action="user.password_changed",
                actor=_actor(request),
                obj=person,
                reason="Administration",
            )
        return response

    @admin.action(description=_("Ausgewählte Personen deaktivieren (Sitzungen enden sofort)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        me = _actor(request).pk
        for user in queryset.filter(is_active=True).exclude(pk=me):
            services.user_deactivate(user=user, actor=_actor(request), reason="Administration")
            count += 1
        self.message_user(request, _("%(count)d Personen deaktiviert.") % {"count": count}, messages.SUCCESS)
        if queryset.filter(pk=me).exists():
            self.message_user(request, _("Ihr eigenes Konto bleibt aktiv."), messages.WARNING)

    @admin.action(description=_("Zweiten Faktor zurücksetzen (bei der nächsten Anmeldung neu einrichten)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.second_factor_reset(user=user, actor=_actor(request), reason="Administration")
        self.message_user(request, _("Zweiter Faktor für %(count)d Personen zurückgesetzt.") % {"count": len(queryset)})


# --- Second factor devices --------------------------------------------------------------------------------

# django-otp's own admin shows and edits the secret key: an operator could copy a person's second factor.
# Here operators only see which devices exist and reset them (the action on the people list, or delete here).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    fields = readonly_fields = ("user", "name", "confirmed", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: TOTPDevice) -> None:
        services.second_factor_reset(user=obj.user, actor=_actor(request), reason="Administration")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        for user in User.objects.filter(pk__in=queryset.values("user_id")):
            services.second_factor_reset(user=user, actor=_actor(request), reason="Administration")


# --- Audit log --------------------------------------------------------------------------------------------


#: What operators see of the audit log: the platform's own events. Funding, survey and other domain events carry
#: amounts, case workers and decisions that operators have no right to (funding/rules.py: no funding data for
#: operators), so the log shows only events of these kinds; a new app's events stay hidden unless listed here.
PLATFORM_EVENT_PREFIXES = (
    "user.",
    "membership.",
    "second_factor.",
    "registry.",
    "organisation.",
    "structure.",
    "contact.",
    "offer.",
    "offers.",
    "geo.",
    "search.",
    "backup.",
    "restore.",
    "purge.",
    "audit.",
    "lifecycle.",
)


def platform_events_q() -> Q:
    q = Q(pk__in=[])
    for prefix in PLATFORM_EVENT_PREFIXES:
        q |= Q(action__startswith=prefix)
    return q


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log of the platform, to read only: nothing here can be added, changed or deleted."""

    list_display = ["at", "action_in_words", "actor", "object_type", "object_repr", "from_state", "to_state"]
    list_filter = [
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("object_type", admin.RelatedOnlyFieldListFilter),
        ("at", admin.DateFieldListFilter),
    ]
    search_fields = ["object_repr", "object_id", "reason", "actor__email"]
    list_select_related = ["actor", "object_type"]
    date_hierarchy = "at"
    fields = readonly_fields = (
        "at",
        "action",
        "actor",
        "object_type",
        "object_id",
        "object_repr",
        "from_state",
        "to_state",
        "reason",
        "data",
    )

    @admin.display(description=_("Vorgang"), ordering="action")
    def action_in_words(self, event: AuditEvent) -> str:
        label = action_label(event.action)
        return label if label == event.action else f"{label} ({event.action})"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return super().get_queryset(request).filter(platform_events_q())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
