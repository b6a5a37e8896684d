from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "teilhabe.dialogue"
    label = "dialogue"
    verbose_name = _("Dialog")

    def ready(self) -> None:
        from teilhabe.core.navigation import NavItem, register
        from teilhabe.dialogue import rules  # noqa: F401  (registers the permissions)

        register(
            NavItem(
                "dialogue.events",
                _("Veranstaltungen"),
                "dialogue:event_list",
                "dialogue.view_events",
                _("Dialogveranstaltungen mit den Integrationsbeauftragten: Anmeldung, Programm, Protokolle"),
                order=40,
            )
        )
        register(
            NavItem(
                "dialogue.directory",
                _("Verzeichnis"),
                "dialogue:directory",
                "dialogue.view_events",
                _("Integrationsbeauftragte und Kommunale Integrationszentren in NRW"),
                order=41,
            )
        )
