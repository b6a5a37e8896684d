from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "teilhabe.registry"
    label = "registry"
    verbose_name = _("Akteure und Angebote")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from teilhabe.core import scope
        from teilhabe.registry.planner import analyze_after_migrate

        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="registry.analyze_after_migrate")
        from teilhabe.core.navigation import NavItem, register, register_today
        from teilhabe.core.roles import Role
        from teilhabe.registry.today import today

        register_today(today)

        # Memberships of the role "organisation" are scoped to an Organisation of this app. (Looked up by name:
        # core gained register_scope_model while the registry was being written; without it, core accepts any
        # registry model as the scope of that role.)
        register_scope_model = getattr(scope, "register_scope_model", None)
        if register_scope_model is not None:
            register_scope_model(Role.ORGANISATION, "registry.organisation")

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
                _("Eingereichte Angebote und Organisationen prüfen und veröffentlichen"),
                order=10,
            )
        )
