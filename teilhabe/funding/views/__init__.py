"""Screens of the funding workflow, by stage. Thin: parse input, call one service or selector, render."""

from teilhabe.funding.views.applications import (
    application_action,
    application_create,
    application_detail,
    application_edit,
    application_list,
    application_plan,
)
from teilhabe.funding.views.decisions import (
    application_amend,
    application_propose,
    application_score,
    change_request,
)
from teilhabe.funding.views.documents import (
    attachment_download,
    attachment_upload,
    notice_pdf,
    payment_notice_pdf,
    receipt_pdf,
)
from teilhabe.funding.views.overview import (
    overview,
    overview_geojson,
)
from teilhabe.funding.views.payments import (
    payment_action,
    payment_create,
    payment_export,
    payment_list,
)
from teilhabe.funding.views.programmes import (
    programme_create,
    programme_detail,
    programme_edit,
    programme_list,
)
from teilhabe.funding.views.proofs import (
    proof_check,
    proof_create,
    proof_list,
)
from teilhabe.funding.views.repayments import (
    claim_action,
    claim_detail,
    claim_letter_pdf,
)
from teilhabe.funding.views.staff import (
    centre_detail,
    staff_overview,
    staff_rates,
    staff_report,
)

__all__ = [
    "application_action",
    "application_amend",
    "application_create",
    "application_detail",
    "application_edit",
    "application_list",
    "application_plan",
    "application_propose",
    "application_score",
    "attachment_download",
    "attachment_upload",
    "centre_detail",
    "change_request",
    "claim_action",
    "claim_detail",
    "claim_letter_pdf",
    "notice_pdf",
    "overview",
    "overview_geojson",
    "payment_action",
    "payment_create",
    "payment_export",
    "payment_list",
    "payment_notice_pdf",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "programme_list",
    "proof_check",
    "proof_create",
    "proof_list",
    "receipt_pdf",
    "staff_overview",
    "staff_rates",
    "staff_report",
]
