from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "teilhabe.funding"
    label = "funding"
    verbose_name = _("Förderung")

    def ready(self) -> None:
        from teilhabe.core.navigation import NavItem, register, register_today
        from teilhabe.funding import rules  # noqa: F401  (registers the permissions)
        from teilhabe.funding.today import today

        register_today(today)

        register(
            NavItem(
                "funding.applications",
                _("Förderanträge"),
                "funding:application_list",
                "funding.view_funding",
                _("Anträge, Bescheide, Mittelabrufe und Verwendungsnachweise"),
                # Applying to a call and the payment list belong to the applications.
                sections=("/foerderung/aufrufe/", "/foerderung/zahlungen"),
                order=30,
            )
        )
        register(
            NavItem(
                "funding.overview",
                _("Förderübersicht"),
                "funding:overview",
                "funding.view_overview",
                _("Budgets, Antragslage und Förderung je Kreis"),
                order=31,
            )
        )
        register(
            NavItem(
                "funding.programmes",
                _("Förderprogramme"),
                "funding:programme_list",
                "funding.view_overview",
                _("Programme, Haushaltsansätze und Förderaufrufe"),
                order=33,
            )
        )
        register(
            NavItem(
                "funding.staff",
                _("KI-Personalförderung"),
                "funding:staff_overview",
                "funding.view_staff_funding",
                _("Geförderte Stellen der Kommunalen Integrationszentren"),
                order=32,
            )
        )
