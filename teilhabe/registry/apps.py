from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "teilhabe.registry"
    label = "registry"
    verbose_name = _("Akteure und Angebote")

    def ready(self) -> None:
        from teilhabe.core.navigation import NavItem, register

        register(
            NavItem(
                "registry.offers",
                _("Angebote"),
                "registry:offer_list",
                "registry.view_registry",
                _("Angebote und Maßnahmen pflegen"),
                order=20,
            )
        )
        register(
            NavItem(
                "registry.organisations",
                _("Organisationen"),
                "registry:organisation_list",
                "registry.view_registry",
                _("Akteure der Integrationsarbeit"),
                order=21,
            )
        )
        register(
            NavItem(
                "registry.structures",
                _("Strukturen"),
                "registry:structure_list",
                "registry.view_registry",
                _("Integrationsräte, Beauftragte, KI, Netzwerke"),
                order=22,
            )
        )
        register(
            NavItem(
                "registry.queue",
                _("Prüfaufträge"),
                "registry:verification_queue",
                "registry.verify_in_scope",
                _("Eingereichte Angebote prüfen und veröffentlichen"),
                order=10,
            )
        )
