"""Names of the seeded taxonomy, marked for translation so the public finder shows them in every language.

Templates translate the names with {% translate name %}; names that admins add later stay as entered.
"""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("Sprache und Deutschkurse"),
    gettext_noop("Bildung und Schule"),
    gettext_noop("Arbeit und Beruf"),
    gettext_noop("Gesundheit"),
    gettext_noop("Wohnen"),
    gettext_noop("Beratung"),
    gettext_noop("Kinder und Familie"),
    gettext_noop("Teilhabe und Engagement"),
    gettext_noop("Antidiskriminierung"),
    gettext_noop("Prävention von Rechtsextremismus und Rassismus"),
    gettext_noop("Sport und Kultur"),
    gettext_noop("Recht und Aufenthalt"),
    gettext_noop("Geflüchtete"),
    gettext_noop("Neuzugewanderte"),
    gettext_noop("Frauen"),
    gettext_noop("Kinder"),
    gettext_noop("Jugendliche"),
    gettext_noop("Eltern"),
    gettext_noop("Seniorinnen und Senioren"),
    gettext_noop("Fachkräfte"),
    gettext_noop("Ehrenamtliche"),
    gettext_noop("Menschen mit Behinderung"),
    gettext_noop("LSBTIQ*"),
    gettext_noop("Alle Interessierten"),
]
