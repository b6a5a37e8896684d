from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "teilhabe.workforce"
    label = "workforce"
    verbose_name = _("Öffentlicher Dienst: Befragungen und Einstellungen")

    def ready(self) -> None:
        from teilhabe.core import scope
        from teilhabe.core.navigation import NavItem, register
        from teilhabe.core.roles import Role
        from teilhabe.workforce import logging as survey_logging
        from teilhabe.workforce import rules  # noqa: F401  (registers the permissions)

        scope.register_scope_model(Role.BEHOERDE, "workforce.authority")
        survey_logging.install()
        register(
            NavItem(
                "workforce.home",
                _("Beschäftigtenbefragung"),
                "workforce:home",
                "workforce.view_workforce",
                _("Anonyme Befragung, Teilnahmecodes, Einstellungszahlen und Auswertung"),
                order=40,
            )
        )
