from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "teilhabe.lifecycle"
    label = "lifecycle"
    verbose_name = _("Datenlebenszyklus")

    def ready(self) -> None:
        from django.core import checks

        from teilhabe.core.navigation import NavItem, register

        @checks.register(checks.Tags.database, deploy=False)
        def restore_not_interrupted(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
            from teilhabe.lifecycle.backup import restore_incomplete, restore_marker

            if restore_incomplete():
                return [
                    checks.Error(
                        "Eine Wiederherstellung wurde abgebrochen; die Datenbank ist unvollständig.",
                        hint=f"teilhabe restore erneut ausführen (Markierung {restore_marker()}).",
                        id="lifecycle.E001",
                    )
                ]
            return []

        register(
            NavItem(
                "lifecycle.retention",
                _("Löschkonzept"),
                "lifecycle:retention_rules",
                "lifecycle.view_retention",
                _("Aufbewahrungsfristen und Löschregeln"),
                order=80,
            )
        )
        register(
            NavItem(
                "lifecycle.requests",
                _("Betroffenenanfragen"),
                "lifecycle:subject_requests",
                "lifecycle.handle_subject_requests",
                _("Auskunft und Löschung personenbezogener Daten"),
                order=81,
            )
        )
