from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "teilhabe.geo"
    label = "geo"
    verbose_name = _("Gebiete")

    def ready(self) -> None:
        from teilhabe.core.navigation import NavItem, register
        from teilhabe.core.scope import register_area_names
        from teilhabe.geo.selectors import area_names

        register_area_names(area_names)

        register(
            NavItem(
                key="geo.kreise",
                label=_("Kreise und Gemeinden"),
                url_name="geo:kreis_list",
                permission="geo.view_gebiete",
                description=_("Alle 53 Kreise und kreisfreien Städte und 396 Gemeinden in NRW"),
                order=80,
            )
        )
