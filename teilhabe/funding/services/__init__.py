"""Every write of the funding app, by stage: one function per step, in one transaction, checking the actor's
right and scope and writing an audit event.

Budgets are never over-committed: deciding, amending and paying lock the budget rows (SELECT … FOR UPDATE on
PostgreSQL; on SQLite every transaction is IMMEDIATE, so writers queue) and the database refuses
committed > total and paid > committed anyway.
"""

from teilhabe.funding.services._base import (
    APPEAL_PERIOD_MONTHS,
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_BYTES,
    EDITABLE,
    PAYMENT_HORIZON_DAYS,
    RETENTION_YEARS,
    WITHDRAWABLE,
    S,
)
from teilhabe.funding.services.applications import (
    ApplicationInput,
    application_create,
    application_submit,
    application_update,
    application_withdraw,
    attachment_add,
    plan_problems,
    plan_totals,
)
from teilhabe.funding.services.decisions import (
    amendment_issue,
    appeal_period_ends,
    application_return,
    decision_propose,
    decision_send_back,
    decision_take,
    formal_check_pass,
    formal_check_start,
    notice_final,
    notice_issue,
    project_start,
    score_set,
)
from teilhabe.funding.services.payments import (
    payable_share,
    payment_check,
    payment_order,
    payment_reject,
    payment_request,
)
from teilhabe.funding.services.programmes import (
    ProgrammeInput,
    budget_set,
    call_create,
    programme_save,
)
from teilhabe.funding.services.proofs import (
    application_close,
    base_rates,
    open_deadlines,
    proof_check,
    proof_deadlines,
    proof_submit,
)
from teilhabe.funding.services.staff import (
    centre_grant,
    occupancy_set,
    position_create,
    rate_for,
    staff_rate_set,
)

__all__ = [
    "APPEAL_PERIOD_MONTHS",
    "ATTACHMENT_KINDS",
    "ATTACHMENT_MAX_BYTES",
    "EDITABLE",
    "PAYMENT_HORIZON_DAYS",
    "RETENTION_YEARS",
    "WITHDRAWABLE",
    "ApplicationInput",
    "ProgrammeInput",
    "S",
    "amendment_issue",
    "appeal_period_ends",
    "application_close",
    "application_create",
    "application_return",
    "application_submit",
    "application_update",
    "application_withdraw",
    "attachment_add",
    "base_rates",
    "budget_set",
    "call_create",
    "centre_grant",
    "decision_propose",
    "decision_send_back",
    "decision_take",
    "formal_check_pass",
    "formal_check_start",
    "notice_final",
    "notice_issue",
    "occupancy_set",
    "open_deadlines",
    "payable_share",
    "payment_check",
    "payment_order",
    "payment_reject",
    "payment_request",
    "plan_problems",
    "plan_totals",
    "position_create",
    "programme_save",
    "project_start",
    "proof_check",
    "proof_deadlines",
    "proof_submit",
    "rate_for",
    "score_set",
    "staff_rate_set",
]
