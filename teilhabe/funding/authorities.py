"""The granting authority (Bewilligungsbehörde) of an application, and which case workers it has.

In NRW the granting authority is a property of the programme: one central authority for the whole state (the
funding of the Kommunale Integrationszentren and KOMM-AN NRW: the Bezirksregierung Arnsberg, Kompetenzzentrum für
Integration) or the Bezirksregierung of the applicant's area. Its case workers are the bewilligung members whose
area covers the authority's Regierungsbezirk (a membership "059" is staff of the Bezirksregierung Arnsberg):

- a central authority's staff work statewide, on its programmes only;
- a Bezirksregierung works on the applications of its own area in the programmes assigned by area.

Once decided, an application keeps the authority that decided (Application.authority_*): letters, 360Giving and
/api/v1/grants name it even when the programme is reorganised later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from teilhabe.core.roles import Role
from teilhabe.core.scope import UserScope
from teilhabe.funding.models import Application, AuthorityMode, Programme

#: The Bezirksregierungen by the key of their Regierungsbezirk: name and postal address (seat).
BEZIRKSREGIERUNGEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "051": ("Bezirksregierung Düsseldorf", ("Cecilienallee 2", "40474 Düsseldorf")),
    "053": ("Bezirksregierung Köln", ("Zeughausstraße 2–10", "50667 Köln")),
    "055": ("Bezirksregierung Münster", ("Domplatz 1–3", "48143 Münster")),
    "057": ("Bezirksregierung Detmold", ("Leopoldstraße 15", "32756 Detmold")),
    "059": ("Bezirksregierung Arnsberg", ("Seibertzstraße 1", "59821 Arnsberg")),
}


#: The staff funding of the Kommunale Integrationszentren is granted centrally for all of NRW by the Bezirksregierung
#: Arnsberg (Kompetenzzentrum für Integration): its bewilligung staff keep the posts of every KI.
KI_STAFF_DISTRICT = "059"


def is_ki_staff_case_worker(scope: UserScope) -> bool:
    return scope.covers_ags(Role.BEWILLIGUNG, KI_STAFF_DISTRICT)


@dataclass(frozen=True)
class Authority:
    name: str
    #: department and address below the name, one line each
    lines: tuple[str, ...]
    #: key of its Regierungsbezirk ("" when unknown)
    district: str

    @property
    def address(self) -> str:
        return "\n".join(self.lines)


def _lines(text: str, name: str) -> tuple[str, ...]:
    lines = [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]
    if lines and lines[0] == name:  # the address may repeat the name
        lines = lines[1:]
    return tuple(lines)


def district_of(ags: str) -> str:
    """The Regierungsbezirk of an AGS: its first three digits (05 + 1 digit)."""
    return ags[:3] if len(ags) >= 3 else ""


def programme_authority(programme: Programme, ags: str) -> Authority:
    """Who grants in ``programme`` for an applicant at ``ags`` (the programme's rule as it is now)."""
    if programme.authority_mode == AuthorityMode.CENTRAL:
        return Authority(
            programme.granting_authority,
            _lines(programme.granting_authority_address, programme.granting_authority),
            programme.authority_district,
        )
    district = district_of(ags)
    name, lines = BEZIRKSREGIERUNGEN.get(district, ("", ()))
    return Authority(name or programme.granting_authority, lines, district if name else "")


def authority_of(application: Application) -> Authority:
    """The authority that decided the application, or, before the decision, the one that will."""
    if application.authority_name:
        return Authority(
            application.authority_name,
            _lines(application.authority_address, application.authority_name),
            application.authority_district,
        )
    return programme_authority(application.programme, application.ags)


def freeze_authority(application: Application) -> None:
    """Record the deciding authority on the application (the caller saves it)."""
    authority = programme_authority(application.programme, application.ags)
    application.authority_name = authority.name
    application.authority_address = authority.address
    application.authority_district = authority.district


def is_case_worker(scope: UserScope, application: Application) -> bool:
    """Whether a user with ``scope`` works for the granting authority of ``application``."""
    programme = application.programme
    if programme.authority_mode == AuthorityMode.CENTRAL:
        return bool(programme.authority_district) and scope.covers_ags(Role.BEWILLIGUNG, programme.authority_district)
    return scope.covers_ags(Role.BEWILLIGUNG, application.ags)


def case_worker_q(scope: UserScope, prefix: str = "") -> Q:
    """Applications (or rows reaching them through ``prefix``, e.g. "application__") the user works on as
    granting authority: central programmes of its own Regierungsbezirk statewide, area programmes in its area."""
    central = Q(**{f"{prefix}programme__authority_mode": AuthorityMode.CENTRAL}) & scope.ags_q(
        Role.BEWILLIGUNG, f"{prefix}programme__authority_district"
    )
    area = Q(**{f"{prefix}programme__authority_mode": AuthorityMode.AREA}) & scope.ags_q(
        Role.BEWILLIGUNG, f"{prefix}ags"
    )
    return central | area


def as_dict(authority: Authority) -> dict[str, Any]:
    return {"name": authority.name, "lines": list(authority.lines), "district": authority.district}
