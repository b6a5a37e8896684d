"""The history of an application in sentences ("Antrag eingereicht von …"), never the audit log's keys.

Every action the funding services record about an application or its payment requests has a sentence here; an
action without one (added later and forgotten) still reads as a sentence, with the new status by its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.funding.models import ApplicationStatus, Decision, PaymentStatus, ProofKind

#: action -> sentence; %(actor)s is the person (or "das System").
SENTENCES: dict[str, Promise] = {
    "funding.application_created": gettext_lazy("Antrag angelegt von %(actor)s"),
    "funding.application_updated": gettext_lazy("Antrag geändert von %(actor)s"),
    "funding.attachment_added": gettext_lazy("Anlage hinzugefügt von %(actor)s"),
    "funding.application_submitted": gettext_lazy("Antrag eingereicht von %(actor)s"),
    "funding.application_withdrawn": gettext_lazy("Antrag zurückgezogen von %(actor)s"),
    "funding.formal_check_started": gettext_lazy("Formale Prüfung begonnen von %(actor)s"),
    "funding.application_returned": gettext_lazy("Antrag zur Ergänzung zurückgegeben von %(actor)s"),
    "funding.formal_check_passed": gettext_lazy("Formale Prüfung abgeschlossen von %(actor)s"),
    "funding.scored": gettext_lazy("Fachliche Bewertung erfasst von %(actor)s"),
    "funding.decision_proposed": gettext_lazy("Entscheidung vorgeschlagen von %(actor)s: %(decision)s"),
    "funding.proposal_sent_back": gettext_lazy("Entscheidungsvorschlag zurückgegeben von %(actor)s"),
    "funding.decided": gettext_lazy("Entschieden von %(actor)s als zweite Person: %(decision)s"),
    "funding.notice_issued": gettext_lazy("Bescheid erlassen von %(actor)s"),
    "funding.notice_final": gettext_lazy("Bescheid bestandskräftig, erfasst von %(actor)s"),
    "funding.project_started": gettext_lazy("Projektbeginn erfasst von %(actor)s"),
    "funding.change_requested": gettext_lazy("Änderungsantrag gestellt von %(actor)s"),
    "funding.amendment_proposed": gettext_lazy("Änderung vorgeschlagen von %(actor)s"),
    "funding.amendment_sent_back": gettext_lazy("Änderungsvorschlag zurückgegeben von %(actor)s"),
    "funding.amended": gettext_lazy("Änderungsbescheid erlassen von %(actor)s"),
    "funding.proof_submitted": gettext_lazy("%(proof)s eingereicht von %(actor)s"),
    "funding.proof_checked": gettext_lazy("%(proof)s geprüft von %(actor)s"),
    "funding.closed": gettext_lazy("Vorgang abgeschlossen von %(actor)s"),
    "funding.reminder": gettext_lazy("Erinnerung an eine Frist versandt"),
    "funding.payment_requested": gettext_lazy("Mittelabruf über %(amount)s angefordert von %(actor)s"),
    "funding.payment_checked": gettext_lazy("Mittelabruf als sachlich richtig bestätigt von %(actor)s"),
    "funding.payment_ordered": gettext_lazy("Zahlung über %(amount)s angeordnet von %(actor)s"),
    "funding.payment_rejected": gettext_lazy("Mittelabruf abgelehnt von %(actor)s"),
}

#: Actions whose reason is a person's text worth showing (a reminder's reason is the deadline's internal key).
REASONED = {
    "funding.application_withdrawn",
    "funding.application_returned",
    "funding.proposal_sent_back",
    "funding.change_requested",
    "funding.amendment_proposed",
    "funding.amendment_sent_back",
    "funding.amended",
    "funding.payment_rejected",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    text: str
    reason: str = ""


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def _amount(value: Any) -> str:
    try:
        return f"{number_format(Decimal(str(value)), decimal_pos=2, force_grouping=True)} €"
    except (InvalidOperation, ValueError):
        return ""


def sentence(event: Any) -> HistoryEntry:
    """One audit event of an application (or of its payment requests) as a sentence."""
    actor = str(event.actor) if event.actor is not None else _("Teilhabe NRW (automatisch)")
    data = event.data or {}
    values = {
        "actor": actor,
        "decision": _label(Decision, data.get("decision", "")) or _("ohne Angabe"),
        "amount": _amount(data.get("amount", "")),
        "proof": _label(ProofKind, data.get("kind", "")) or _("Verwendungsnachweis"),
    }
    template = SENTENCES.get(event.action)
    if template is not None:
        text = str(template) % values
    else:
        state = _label(ApplicationStatus, event.to_state) or _label(PaymentStatus, event.to_state)
        text = (
            _("Bearbeitet von %(actor)s; neuer Stand: %(state)s") % {"actor": actor, "state": state}
            if state
            else _("Bearbeitet von %(actor)s") % {"actor": actor}
        )
    return HistoryEntry(at=event.at, text=text, reason=event.reason if event.action in REASONED else "")
