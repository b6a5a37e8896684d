"""Which workflow steps a person may take now: one source for the buttons in the screens and the services.

Like the registry's ``actions`` dict, built from the same checks the services make (permission with the object,
the status, four eyes: whoever proposed or checked never decides or orders). The services still check everything
themselves; these functions only decide what is offered. Values are the labels of the buttons.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teilhabe.funding.models import Amendment, Application, PaymentRequest, PaymentStatus, ProofOfUse
from teilhabe.funding.services._base import EDITABLE, WITHDRAWABLE, S
from teilhabe.funding.services.applications import plan_problems
from teilhabe.funding.services.decisions import AMENDABLE

#: action -> label (German, translated when shown)
LABELS: dict[str, Promise] = {
    "edit": _("Projektdaten bearbeiten"),
    "plan": _("Kosten-/Finanzierungsplan und Partner"),
    "submit": _("Verbindlich einreichen"),
    "withdraw": _("Antrag zurückziehen"),
    "waive": _("Auf Rechtsbehelf verzichten"),
    "pay": _("Mittel abrufen"),
    "prove": _("Nachweis einreichen"),
    "change_request": _("Änderung beantragen"),
    "check": _("Formale Prüfung beginnen"),
    "pass": _("Vollständig: zur Bewertung"),
    "return": _("Zur Ergänzung zurückgeben"),
    "score": _("Bewertung speichern"),
    "propose": _("Entscheidung vorschlagen"),
    "decide": _("Vorschlag zeichnen und entscheiden"),
    "send_back": _("Nicht folgen: zurück in die Bewertung"),
    "issue": _("Bescheid erlassen"),
    "final": _("Bestandskraft feststellen"),
    "start": _("Projektbeginn feststellen"),
    "amend": _("Änderungsbescheid vorschlagen"),
    "amendment_decide": _("Änderungsbescheid zeichnen und erlassen"),
    "amendment_send_back": _("Änderungsvorschlag nicht folgen"),
    "close": _("Vorgang abschließen"),
}
PAYMENT_LABELS: dict[str, Promise] = {
    "check": _("Sachlich richtig"),
    "order": _("Zahlung anordnen"),
    "reject": _("Ablehnen"),
    #: not a step: the note for the person who checked, in place of the order button
    "waiting": _("Anordnung durch eine zweite Person"),
}


def _offer(*names: str) -> dict[str, Promise]:
    return {name: LABELS[name] for name in names}


def _open_amendment(application: Application) -> Amendment | None:
    return next((a for a in application.amendments.all() if a.status == Amendment.Status.PROPOSED), None)


def available_actions(application: Application, user: Any) -> dict[str, Promise]:
    """The steps ``user`` may take on ``application`` now, with their labels, in the order of the workflow."""
    status = application.status
    actions: dict[str, Promise] = {}
    if user.has_perm("funding.edit_application", application):
        if status in EDITABLE:
            actions |= _offer("edit", "plan")
            if not plan_problems(application):
                actions |= _offer("submit")
        if status == S.NOTICE_ISSUED:
            actions |= _offer("waive")
        if status == S.FINAL:
            actions |= _offer("start")
        if status in AMENDABLE:
            actions |= _offer("change_request")
        if status in WITHDRAWABLE:
            actions |= _offer("withdraw")
    if status in AMENDABLE and user.has_perm("funding.request_payment", application):
        actions |= _offer("pay")
    if status == S.RUNNING and user.has_perm("funding.submit_proof", application):
        actions |= _offer("prove")
    if user.has_perm("funding.process_application", application):
        actions |= _authority_actions(application, user)
    return actions


def _authority_actions(application: Application, user: Any) -> dict[str, Promise]:
    status = application.status
    own_proposal = application.proposed_by_id == user.pk
    by_status: dict[str, tuple[str, ...]] = {
        S.SUBMITTED: ("check",),
        S.FORMAL_CHECK: ("pass", "return"),
        S.ASSESSMENT: ("score", "propose"),
        S.PROPOSED: () if own_proposal else ("decide", "send_back"),
        S.DECIDED: ("issue",),
        S.NOTICE_ISSUED: ("final",),
        S.FINAL: ("start",),
        S.PROOF_CHECKED: ("close",),
    }
    actions = _offer(*by_status.get(status, ()))
    if status in AMENDABLE:
        pending = _open_amendment(application)
        if pending is None:
            actions |= _offer("amend")
        elif pending.proposed_by_id != user.pk:
            actions |= _offer("amendment_decide", "amendment_send_back")
    return actions


def waiting_for_second_person(application: Application, user: Any) -> bool:
    """Whether ``user`` proposed what now waits for a second person (the decision or an amendment)."""
    if not user.has_perm("funding.process_application", application):
        return False
    if application.status == S.PROPOSED and application.proposed_by_id == user.pk:
        return True
    pending = _open_amendment(application) if application.status in AMENDABLE else None
    return pending is not None and pending.proposed_by_id == user.pk


def payment_actions(payment: PaymentRequest, user: Any) -> dict[str, Promise]:
    """The steps ``user`` may take on a Mittelabruf: check, then order by another person (the checker is told
    "waiting" instead); reject until ordered."""
    if not user.has_perm("funding.process_payment", payment.application):
        return {}
    actions: dict[str, Promise] = {}
    if payment.status == PaymentStatus.REQUESTED:
        actions["check"] = PAYMENT_LABELS["check"]
    if payment.status == PaymentStatus.CHECKED:
        key = "waiting" if payment.checked_by_id == user.pk else "order"
        actions[key] = PAYMENT_LABELS[key]
    if payment.status in (PaymentStatus.REQUESTED, PaymentStatus.CHECKED):
        actions["reject"] = PAYMENT_LABELS["reject"]
    return actions


def proof_actions(proof: ProofOfUse, user: Any) -> dict[str, Promise]:
    if proof.checked_at is None and user.has_perm("funding.check_proof", proof.application):
        return {"check": _("Nachweis prüfen und Zuwendung neu berechnen")}
    return {}
