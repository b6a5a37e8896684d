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

#: Roles that open funding decisions or the whole platform: a membership in one of them takes effect only when a
#: second person (another operator, or a Land user) has approved it, and nobody grants or approves it for himself.
APPROVAL_ROLES = frozenset({Role.LAND, Role.BEWILLIGUNG, Role.ADMIN})

#: What each role does on the platform (DESIGN.md, "Users and roles"), shown on the start page and the account page.
ROLE_DESCRIPTIONS = {
    Role.LAND: _(
        "Sie sehen landesweit alles lesend, richten Förderprogramme, Budgets, Veranstaltungen, "
        "Befragungskampagnen und Veröffentlichungen ein."
    ),
    Role.BEWILLIGUNG: _(
        "Sie bearbeiten Anträge und Auszahlungen der Programme Ihrer Bezirksregierung. Eine Entscheidung "
        "braucht immer eine zweite Person (Vier-Augen-Prinzip)."
    ),
    Role.KOMMUNE: _(
        "Sie pflegen und prüfen die Einträge im Register für Ihren Kreis oder Ihre Gemeinde, beantragen "
        "Fördermittel für Ihre Stelle, berichten und melden sich zu Veranstaltungen an."
    ),
    Role.ORGANISATION: _(
        "Sie pflegen die Einträge und Angebote Ihrer Organisation. Die Kommune prüft sie, bevor sie "
        "veröffentlicht werden; Ihre Organisation kann als Partnerin in Anträgen genannt werden."
    ),
    Role.BEHOERDE: _(
        "Sie führen die anonyme Befragung Ihrer Behörde durch, erfassen die Einstellungszahlen und sehen die "
        "Auswertung Ihrer Behörde, die nie einzelne Personen erkennen lässt."
    ),
    Role.ADMIN: _("Sie verwalten Personen, Rollen, Stammdaten und Systemeinstellungen und sehen das Protokoll."),
}
