from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def today(user: Any) -> list[Any]:
    """The survey officer's open steps, for the start page: one card per own authority, each step a link to the
    page where it is done."""
    from django.urls import reverse

    from teilhabe.core.navigation import TodayCard, TodayLine
    from teilhabe.workforce.selectors import today_for

    return [
        TodayCard(
            title=item["authority"].name,
            url=reverse("workforce:authority_detail", args=[item["authority"].pk]),
            lines=tuple(TodayLine(text, url) for text, url in zip(item["steps"], item["step_urls"], strict=True)),
            order=40,
        )
        for item in today_for(user=user)
        if item["steps"]
    ]


class WorkforceConfig(AppConfig):
    name = "teilhabe.workforce"
    label = "workforce"
    verbose_name = _("Öffentlicher Dienst: Befragungen und Einstellungen")

    def ready(self) -> None:
        from teilhabe.core import scope
        from teilhabe.core.navigation import NavItem, register, register_today
        from teilhabe.core.roles import Role
        from teilhabe.workforce import logging as survey_logging
        from teilhabe.workforce import rules  # noqa: F401  (registers the permissions)

        scope.register_scope_model(Role.BEHOERDE, "workforce.authority")
        register_today(today)
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
