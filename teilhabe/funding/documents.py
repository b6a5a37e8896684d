"""Letters of the granting authority as PDF (WeasyPrint): Eingangsbestätigung, Zuwendungsbescheid (or
Ablehnungsbescheid, or Änderungsbescheid Nr. n), Auszahlungsmitteilung, and for a repayment the Anhörung and the
Widerrufs- or Rücknahmebescheid.

Layout after DIN 5008: letterhead of the authority, return line and address field of the applicant, an
information block (Aktenzeichen, date), subject line, text. Always in German, A4. The letters name the
authority only ("Im Auftrag"), never the staff who proposed, decided, checked or ordered: those names are internal.
Fonts come from the system (Debian: fonts-noto-core, fonts-dejavu-core); nothing is fetched.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from teilhabe.core.pdf import html_to_pdf
from teilhabe.funding import services
from teilhabe.funding.authorities import authority_of
from teilhabe.funding.calculations import ZERO, share_percent
from teilhabe.funding.models import (
    Amendment,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    Decision,
    FinancingType,
    PaymentRequest,
    PaymentStatus,
    RepaymentClaim,
    RevocationBasis,
)

ANBEST_TITLES = {
    "ANBest-P": "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung",
    "ANBest-G": "Allgemeine Nebenbestimmungen für Zuwendungen an Gemeinden (GV) zur Projektförderung",
}

#: How the notice describes the grant, by financing type (Nr. 2 VV/VVG zu § 44 LHO).
FINANCING_TEXT = {
    FinancingType.ANTEIL: (
        "als Anteilfinanzierung in Höhe von {share} % der zuwendungsfähigen Ausgaben, höchstens {amount}"
    ),
    FinancingType.FEHLBEDARF: "als Fehlbedarfsfinanzierung zur Deckung des Fehlbedarfs, höchstens {amount}",
    FinancingType.FESTBETRAG: "als Festbetragsfinanzierung in Höhe von {amount}",
    FinancingType.VOLL: "als Vollfinanzierung der zuwendungsfähigen Ausgaben, höchstens {amount}",
}


def euro(value: Decimal | str | None) -> str:
    """German money format: 40.000,00 €."""
    amount = Decimal(value or 0).quantize(Decimal("0.01"))
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} €"


def percent(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def day(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.strftime("%d.%m.%Y")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _letter(application: Application, *, subject: str, letter_date: date | datetime | None) -> dict[str, Any]:
    programme = application.programme
    authority = authority_of(application)  # the programme's authority; once decided, the one that decided
    return {
        "authority": authority.name,
        "authority_lines": list(authority.lines),
        "return_line": " · ".join([authority.name, *authority.lines]),
        "addressee": application.applicant_name,
        "addressee_lines": _lines(application.applicant_address),
        "reference": application.reference,
        "letter_date": day(letter_date or timezone.localdate()),
        "subject": subject,
        "application": application,
        "programme": programme,
        "period": f"{day(application.starts_on)} bis {day(application.ends_on)}",
    }


#: Notices (Bescheide) are administrative acts that are archived: PDF/A (teilhabe.core.pdf), the rest tagged PDF/UA.
ARCHIVED_TEMPLATES = {"notice.html", "rejection.html", "amendment.html", "payment.html", "revocation.html"}


def _render(template: str, context: dict[str, Any]) -> bytes:
    with translation.override("de"):
        html = render_to_string(f"funding/pdf/{template}", context)
    # No base_url: the templates refer to nothing outside themselves, so WeasyPrint fetches nothing.
    return html_to_pdf(html, kind="archival" if template in ARCHIVED_TEMPLATES else "document")


# --- Eingangsbestätigung ----------------------------------------------------------------------------------------


def receipt_pdf(application: Application, version: ApplicationVersion) -> bytes:
    """Eingangsbestätigung of one submitted version, from what was frozen at submission."""
    data = version.data
    total = data.get("total", {})
    context = _letter(
        application,
        subject="Eingangsbestätigung – Antrag auf Gewährung einer Zuwendung aus dem Programm "
        f"{application.programme.name}",
        letter_date=version.submitted_at,
    )
    context.update(
        {
            "version": version,
            "submitted_on": day(version.submitted_at),
            "submitted_time": timezone.localtime(version.submitted_at).strftime("%H:%M"),
            "title": data.get("title", application.title),
            "module": data.get("module", ""),
            "data_period": f"{day(data.get('starts_on', application.starts_on))} bis "
            f"{day(data.get('ends_on', application.ends_on))}",
            "totals": [
                ("Gesamtausgaben", euro(total.get("costs"))),
                ("Eigenmittel", euro(total.get("own"))),
                ("Drittmittel", euro(total.get("third_party"))),
                ("beantragte Zuwendung", euro(total.get("grant"))),
            ],
            "partners": data.get("partners", []),
            "attachments": data.get("attachments", []),
            "early_start_requested": data.get("early_start_requested", False),
        }
    )
    return _render("receipt.html", context)


# --- Zuwendungsbescheid, Ablehnungsbescheid, Änderungsbescheid --------------------------------------------------


def _is_rejection(application: Application) -> bool:
    return application.status == ApplicationStatus.REJECTED or application.decision == Decision.REJECT


def _notice_date(application: Application) -> date | datetime | None:
    return application.notice_issued_on or application.decided_at


def notice_pdf(application: Application, amendment: Amendment | None = None) -> bytes:
    """The Bescheid on the application: approval in full or in part, rejection, or the Änderungsbescheid Nr. n."""
    if amendment is not None:
        return _amendment_pdf(application, amendment)
    programme = application.programme
    applied_on = day(application.submitted_at)
    if _is_rejection(application):
        context = _letter(
            application,
            subject=f"Ablehnungsbescheid – Ihr Antrag vom {applied_on} auf Gewährung einer Zuwendung aus dem "
            f"Programm {programme.name}",
            letter_date=_notice_date(application),
        )
        context.update({"applied_on": applied_on, "reasons": application.decision_reasons})
        return _render("rejection.html", context)

    grant_years = list(application.grant_years.order_by("year"))
    granted = sum((g.granted for g in grant_years), ZERO)
    totals = services.plan_totals(application)
    costs = totals["total"]["costs"]
    requested = totals["total"]["grant"]
    share = share_percent(granted, costs)
    partial = application.decision == Decision.PARTIAL
    financing = FINANCING_TEXT.get(FinancingType(programme.financing_type), "{amount}").format(
        share=percent(share), amount=euro(granted)
    )
    kind = "Teilbewilligung" if partial else "Zuwendungsbescheid"
    context = _letter(
        application,
        subject=f"{kind} – Projektförderung aus dem Programm {programme.name}; Ihr Antrag vom {applied_on}",
        letter_date=_notice_date(application),
    )
    context.update(
        {
            "applied_on": applied_on,
            "partial": partial,
            "granted": euro(granted),
            "requested": euro(requested),
            "grant_years": [(g.year, euro(g.granted)) for g in grant_years],
            "financing_type": programme.get_financing_type_display(),
            "financing": financing,
            "share": percent(share),
            "plan": [
                ("zuwendungsfähige Gesamtausgaben", euro(costs)),
                ("Eigenmittel", euro(totals["total"]["own"])),
                ("Drittmittel", euro(totals["total"]["third_party"])),
                ("Zuwendung", euro(granted)),
            ],
            "anbest": application.anbest,
            "anbest_title": ANBEST_TITLES[application.anbest],
            "conditions": application.conditions,
            "deadlines": [(label, day(deadline)) for label, deadline in services.proof_deadlines(application)],
            "reasons": application.decision_reasons,
        }
    )
    return _render("notice.html", context)


def _amendment_pdf(application: Application, amendment: Amendment) -> bytes:
    if amendment.status != Amendment.Status.DECIDED or amendment.number is None:
        raise ValueError("Einen Änderungsbescheid gibt es erst, wenn eine zweite Person ihn entschieden hat.")
    years = sorted({int(y) for y in [*amendment.before, *amendment.after]})
    rows = []
    for year in years:
        before = Decimal(amendment.before.get(str(year), "0"))
        after = Decimal(amendment.after.get(str(year), amendment.before.get(str(year), "0")))
        rows.append((year, euro(before), euro(after), euro(after - before)))
    current = sum((g.granted for g in application.grant_years.all()), ZERO)
    context = _letter(
        application,
        subject=f"Änderungsbescheid Nr. {amendment.number} zum Zuwendungsbescheid vom "
        f"{day(application.notice_issued_on)} – Programm {application.programme.name}",
        letter_date=amendment.decided_at,
    )
    context.update(
        {
            "amendment": amendment,
            "notice_date": day(application.notice_issued_on),
            "rows": rows,
            "granted": euro(current),
            "reason": amendment.reason,
        }
    )
    return _render("amendment.html", context)


# --- Auszahlungsmitteilung --------------------------------------------------------------------------------------


def payment_notice_pdf(payment: PaymentRequest) -> bytes:
    """Auszahlungsmitteilung of a Mittelabruf that has been ordered for payment."""
    if payment.status != PaymentStatus.PAID:
        raise ValueError("Eine Auszahlungsmitteilung gibt es nur für angewiesene Mittelabrufe.")
    application = payment.application
    grant = application.grant_years.filter(year=payment.year).first()
    granted = grant.granted if grant else ZERO
    paid = grant.paid if grant else payment.amount
    context = _letter(
        application,
        subject=f"Auszahlungsmitteilung – Mittelabruf vom {day(payment.requested_at)} für das Haushaltsjahr "
        f"{payment.year}",
        letter_date=payment.paid_on,
    )
    context.update(
        {
            "payment": payment,
            "amount": euro(payment.amount),
            "requested_on": day(payment.requested_at),
            "paid_on": day(payment.paid_on),
            "needed_by": day(payment.needed_by),
            "year": payment.year,
            "granted": euro(granted),
            "paid": euro(paid),
            "remaining": euro(granted - paid),
            "anbest": application.anbest,
            "notice_date": day(application.notice_issued_on),
        }
    )
    return _render("payment.html", context)


# --- Rückforderung: Anhörung und Widerrufs-/Rücknahmebescheid -----------------------------------------------------


def _claim_context(claim: RepaymentClaim) -> dict[str, Any]:
    application = claim.application
    return {
        "claim": claim,
        "amount": euro(claim.amount),
        "tranches": [
            {"paid_on": day(t["paid_on"]), "paid": euro(t["paid"]), "repaid": euro(t["repaid"])} for t in claim.tranches
        ],
        "notice_date": day(application.notice_issued_on),
        "final_grant": euro(claim.proof.result.get("final_grant")) if claim.proof else "",
        "proof_date": day(claim.proof.submitted_at) if claim.proof else "",
    }


def hearing_pdf(claim: RepaymentClaim) -> bytes:
    """Anhörung (§ 28 VwVfG NRW) before a revocation or withdrawal with repayment demand."""
    if claim.hearing_sent_on is None:
        raise ValueError("Für diesen Erstattungsanspruch gibt es noch keine Anhörung.")
    context = _letter(
        claim.application,
        subject="Anhörung nach § 28 VwVfG NRW – beabsichtigte Rückforderung einer Zuwendung",
        letter_date=claim.hearing_sent_on,
    )
    context.update(_claim_context(claim))
    context.update({"deadline": day(claim.hearing_deadline), "text": claim.hearing_text})
    return _render("hearing.html", context)


def revocation_pdf(claim: RepaymentClaim) -> bytes:
    """Widerrufs- oder Rücknahmebescheid with the repayment demand and interest (§§ 48, 49, 49a VwVfG NRW)."""
    if claim.notice_issued_on is None:
        raise ValueError("Für diesen Erstattungsanspruch gibt es noch keinen Bescheid.")
    revocation = claim.legal_basis != RevocationBasis.RUECKNAHME_48
    context = _letter(
        claim.application,
        subject=("Teilwiderruf" if revocation else "Teilrücknahme")
        + f" des Zuwendungsbescheids vom {day(claim.application.notice_issued_on)} und Erstattung",
        letter_date=claim.notice_issued_on,
    )
    context.update(_claim_context(claim))
    context.update(
        {
            "revocation": revocation,
            "basis": claim.get_legal_basis_display(),
            "reasons": claim.notice_reasons,
            "due_on": day(claim.repayment_due_on),
            "interest": euro(claim.notice_interest),
            "waived": claim.interest_waived,
            "waiver_reason": claim.waiver_reason,
            "hearing_date": day(claim.hearing_sent_on),
            "statement": claim.statement,
        }
    )
    return _render("revocation.html", context)
