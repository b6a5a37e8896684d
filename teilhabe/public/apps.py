from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "teilhabe.public"
    label = "public"
    verbose_name = _("Öffentliche Angebotssuche")

    def ready(self) -> None:
        from teilhabe.core.navigation import NavItem, register

        register(
            NavItem(
                "public.finder",
                _("Angebote finden"),
                "public:finder",
                "public.view_finder",
                _("Hilfe und Angebote in Ihrer Nähe, in Ihrer Sprache"),
                order=1,
            )
        )
