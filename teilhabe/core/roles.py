"""The roles of DESIGN.md. A role is given by a membership; its scope is data on that membership."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LAND = "land", _("Ministerium (Land)")
    BEWILLIGUNG = "bewilligung", _("Bewilligungsbehörde")
    KOMMUNE = "kommune", _("Kommune / Kommunales Integrationszentrum")
    ORGANISATION = "organisation", _("Organisation")
    BEHOERDE = "behoerde", _("Behörde (Befragung)")
    ADMIN = "admin", _("Betrieb (Administration)")


#: Roles whose scope is an AGS prefix: "05" the Land, "053" a Regierungsbezirk, "05315" a Kreis,
#: "05315000" a Gemeinde. A prefix contains every key that starts with it.
AGS_SCOPED_ROLES = frozenset({Role.LAND, Role.BEWILLIGUNG, Role.KOMMUNE})
#: Roles whose scope is one object of a higher app (an organisation, an authority).
OBJECT_SCOPED_ROLES = frozenset({Role.ORGANISATION, Role.BEHOERDE})
