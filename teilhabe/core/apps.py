from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "teilhabe.core"
    label = "core"
    verbose_name = _("Konten und Grundlagen")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.utils import timezone

        from teilhabe.core.middleware import LOGIN_AT, SEEN_AT

        def remember_login_time(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
            # Django has already given the session a new key (no fixation); start both session clocks now.
            if request is not None and hasattr(request, "session"):
                now = timezone.now().isoformat()
                request.session[LOGIN_AT] = now
                request.session[SEEN_AT] = now

        from django.db.backends.signals import connection_created

        from teilhabe.core.auditchain import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="teilhabe.core.audit_sqlite_function")
        user_logged_in.connect(remember_login_time, weak=False, dispatch_uid="teilhabe.core.remember_login_time")

        from teilhabe.core.navigation import NavItem, register, register_today
        from teilhabe.core.today import today

        register_today(today)

        register(
            NavItem(
                "core.role_approvals",
                _("Rollenfreigaben"),
                "core:role_approvals",
                "core.approve_roles",
                _("Rollen des Landes, der Bewilligung und des Betriebs als zweite Person freigeben"),
                order=90,
            )
        )
