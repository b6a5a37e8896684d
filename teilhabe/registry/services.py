"""Every write of the registry: one function per use case, in a transaction, checking right and scope, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.geo.models import Gemeinde
from teilhabe.registry.geocoding import locate
from teilhabe.registry.models import (
    Contact,
    Language,
    Location,
    Offer,
    OfferTranslation,
    OpeningHours,
    Organisation,
    SearchOutbox,
    Status,
    Structure,
    TargetGroup,
    Topic,
)

STALE_AFTER = timedelta(days=365)


def _require(actor: User | None, perm: str, obj: Any = None) -> None:
    """``actor`` None is the system itself (import commands, demo data, background tasks)."""
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))


def _touch_search(offer: Offer) -> None:
    """Record in this transaction that the index must look at the offer again (see SearchOutbox)."""
    SearchOutbox.objects.create(offer_id=offer.pk)


@dataclass
class LocationInput:
    postal_code: str
    city: str = ""
    street: str = ""
    name: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass
class HoursInput:
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass
class OfferInput:
    title: str
    description: str
    topics: list[str]  # Topic keys
    target_groups: list[str] = field(default_factory=list)  # TargetGroup keys
    languages: list[str] = field(default_factory=list)  # ISO 639 codes
    locations: list[LocationInput] = field(default_factory=list)
    opening_hours: list[HoursInput] = field(default_factory=list)
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)  # language -> (title, description)
    email: str = ""
    phone: str = ""
    website: str = ""
    is_free: bool = True
    cost_description: str = ""
    accessibility: str = ""
    schedule_note: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


def _resolve(model: Any, keys: Iterable[str], field_name: str, label: str) -> list[Any]:
    keys = list(dict.fromkeys(k for k in keys if k))
    found = {getattr(o, field_name): o for o in model.objects.filter(**{f"{field_name}__in": keys})}
    unknown = [k for k in keys if k not in found]
    if unknown:
        raise ValidationError(_("Unbekannte %(label)s: %(keys)s") % {"label": label, "keys": ", ".join(unknown)})
    return [found[k] for k in keys]


def _apply_offer_input(offer: Offer, data: OfferInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Bitte geben Sie einen Titel an."))
    if not data.description.strip():
        errors.setdefault("description", []).append(_("Bitte beschreiben Sie das Angebot."))
    if not data.topics:
        errors.setdefault("topics", []).append(_("Bitte wählen Sie mindestens ein Thema."))
    if errors:
        raise ValidationError(errors)
    topics = _resolve(Topic, data.topics, "key", _("Themen"))
    target_groups = _resolve(TargetGroup, data.target_groups, "key", _("Zielgruppen"))
    languages = _resolve(Language, data.languages, "code", _("Sprachen"))
    places = [(loc, locate(postal_code=loc.postal_code, lat=loc.lat, lon=loc.lon)) for loc in data.locations]

    for name in (
        "title",
        "description",
        "email",
        "phone",
        "website",
        "is_free",
        "cost_description",
        "accessibility",
        "schedule_note",
        "valid_from",
        "valid_until",
    ):
        value = getattr(data, name)
        setattr(offer, name, value.strip() if isinstance(value, str) else value)
    offer.ags = places[0][1].gemeinde.ags if places else offer.organisation.gemeinde_id
    offer.full_clean(exclude=["topics", "target_groups", "languages"])
    offer.save()
    offer.topics.set(topics)
    offer.target_groups.set(target_groups)
    offer.languages.set(languages)

    offer.locations.all().delete()
    for loc, place in places:
        location = Location(
            offer=offer,
            name=loc.name.strip(),
            street=loc.street.strip(),
            postal_code=loc.postal_code.strip(),
            city=(loc.city.strip() or place.gemeinde.name_short),
            gemeinde=place.gemeinde,
            lat=place.lat,
            lon=place.lon,
            geocoded=place.geocoded,
        )
        location.full_clean(exclude=["offer"])
        location.save()
    offer.opening_hours.all().delete()
    for hours in data.opening_hours:
        if hours.closes <= hours.opens:
            raise ValidationError({"opening_hours": _("Eine Zeit endet vor ihrem Beginn.")})
        OpeningHours.objects.create(offer=offer, weekday=hours.weekday, opens=hours.opens, closes=hours.closes)
    offer.translations.all().delete()
    for language, (title, description) in data.translations.items():
        if title.strip():
            OfferTranslation.objects.create(
                offer=offer,
                language=_resolve(Language, [language], "code", _("Sprachen"))[0],
                title=title.strip(),
                description=description.strip(),
            )


@transaction.atomic
def offer_create(*, actor: User | None, organisation: Organisation, data: OfferInput) -> Offer:
    """A new offer as a draft. Organisation members create for their organisation, Kommunen in their scope."""
    if actor is not None and not (
        actor.has_perm("registry.add_offer") and (actor.has_perm("registry.change_organisation", organisation))
    ):
        raise PermissionDenied(_("Sie können nur Angebote Ihrer eigenen Organisation oder in Ihrem Gebiet anlegen."))
    offer = Offer(organisation=organisation, status=Status.DRAFT)
    _apply_offer_input(offer, data)
    audit_record(action="offer.created", actor=actor, obj=offer, to_state=Status.DRAFT)
    return offer


@transaction.atomic
def offer_update(*, actor: User | None, offer: Offer, data: OfferInput) -> Offer:
    _require(actor, "registry.change_offer", offer)
    was_public = offer.status == Status.PUBLISHED
    _apply_offer_input(offer, data)
    if actor is not None and not actor.has_perm("registry.change_offer", offer):
        raise PermissionDenied(_("Der Ort liegt außerhalb Ihres Gebiets."))
    audit_record(action="offer.updated", actor=actor, obj=offer)
    if was_public:
        _touch_search(offer)
    return offer


def _transition(offer: Offer, actor: User | None, action: str, to: str, reason: str = "") -> None:
    from_state = offer.status
    offer.status = to
    offer.save()
    audit_record(action=action, actor=actor, obj=offer, from_state=from_state, to_state=to, reason=reason)


@transaction.atomic
def offer_submit(*, actor: User | None, offer: Offer) -> Offer:
    _require(actor, "registry.submit_offer", offer)
    if offer.status != Status.DRAFT:
        raise ValidationError(_("Nur Entwürfe können eingereicht werden."))
    offer.submitted_at = timezone.now()
    offer.return_reason = ""
    _transition(offer, actor, "offer.submitted", Status.SUBMITTED)
    return offer


@transaction.atomic
def offer_verify(*, actor: User | None, offer: Offer, publish: bool = True) -> Offer:
    """The Kommune confirms the entry is correct; with ``publish`` it goes online at once.

    Verifying an already published offer renews its verification date and lifts the stale mark.
    """
    _require(actor, "registry.verify_offer", offer)
    if offer.status not in (Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED):
        raise ValidationError(_("Dieses Angebot kann gerade nicht geprüft werden."))
    offer.verified_at = timezone.now()
    offer.verified_by = actor
    offer.stale_since = None
    if offer.status == Status.SUBMITTED:
        _transition(offer, actor, "offer.verified", Status.VERIFIED)
    else:
        offer.save()
        audit_record(action="offer.reverified", actor=actor, obj=offer, from_state=offer.status, to_state=offer.status)
    if publish and offer.status == Status.VERIFIED:
        offer_publish(actor=actor, offer=offer)
    return offer


@transaction.atomic
def offer_return(*, actor: User | None, offer: Offer, reason: str) -> Offer:
    _require(actor, "registry.return_offer", offer)
    if offer.status != Status.SUBMITTED:
        raise ValidationError(_("Nur eingereichte Angebote können zurückgegeben werden."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund an, damit die Organisation nachbessern kann.")})
    offer.return_reason = reason.strip()
    _transition(offer, actor, "offer.returned", Status.DRAFT, reason=reason.strip())
    return offer


@transaction.atomic
def offer_publish(*, actor: User | None, offer: Offer) -> Offer:
    _require(actor, "registry.publish_offer", offer)
    if offer.status != Status.VERIFIED:
        raise ValidationError(_("Nur geprüfte Angebote können veröffentlicht werden."))
    offer.published_at = timezone.now()
    _transition(offer, actor, "offer.published", Status.PUBLISHED)
    _touch_search(offer)
    return offer


@transaction.atomic
def offer_archive(*, actor: User | None, offer: Offer, reason: str = "") -> Offer:
    _require(actor, "registry.archive_offer", offer)
    if offer.status not in (Status.VERIFIED, Status.PUBLISHED):
        raise ValidationError(_("Dieses Angebot kann nicht archiviert werden."))
    offer.archived_at = timezone.now()
    _transition(offer, actor, "offer.archived", Status.ARCHIVED, reason=reason)
    _touch_search(offer)
    return offer


@transaction.atomic
def offers_mark_stale(*, now: dt.datetime | None = None) -> list[Offer]:
    """Mark published offers not verified for 12 months; returns the newly marked ones."""
    now = now or timezone.now()
    marked = list(
        Offer.objects.filter(
            status=Status.PUBLISHED, stale_since__isnull=True, verified_at__lt=now - STALE_AFTER
        ).select_related("organisation")
    )
    for offer in marked:
        offer.stale_since = now
        offer.save(update_fields=["stale_since", "updated_at"])
        verified = offer.verified_at.isoformat() if offer.verified_at else ""
        audit_record(action="offer.marked_stale", obj=offer, data={"verified_at": verified})
    return marked


# --- organisations, structures, contacts -------------------------------------------------------


@dataclass
class OrganisationInput:
    name: str
    kind: str
    gemeinde: Gemeinde
    description: str = ""
    spitzenverband: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    gemeinden: list[Gemeinde] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def _apply_organisation_input(organisation: Organisation, data: OrganisationInput) -> None:
    for name in (
        "name",
        "kind",
        "gemeinde",
        "description",
        "spitzenverband",
        "email",
        "phone",
        "website",
        "street",
        "postal_code",
        "city",
    ):
        value = getattr(data, name)
        setattr(organisation, name, value.strip() if isinstance(value, str) else value)
    organisation.full_clean(exclude=["gemeinden", "languages"])
    organisation.save()
    organisation.gemeinden.set(data.gemeinden or [data.gemeinde])
    organisation.languages.set(_resolve(Language, data.languages, "code", _("Sprachen")))


@transaction.atomic
def organisation_create(*, actor: User | None, data: OrganisationInput) -> Organisation:
    organisation = Organisation(status=Status.PUBLISHED, verified_at=timezone.now())
    if actor is not None and not (
        actor.has_perm("registry.add_organisation")
        and actor.has_perm("registry.change_organisation", Organisation(gemeinde=data.gemeinde))
    ):
        raise PermissionDenied(_("Sie können Organisationen nur mit Sitz in Ihrem Gebiet anlegen."))
    _apply_organisation_input(organisation, data)
    audit_record(action="organisation.created", actor=actor, obj=organisation, to_state=organisation.status)
    return organisation


@transaction.atomic
def organisation_update(*, actor: User | None, organisation: Organisation, data: OrganisationInput) -> Organisation:
    _require(actor, "registry.change_organisation", organisation)
    _apply_organisation_input(organisation, data)
    if actor is not None and not actor.has_perm("registry.change_organisation", organisation):
        raise PermissionDenied(_("Der neue Sitz liegt außerhalb Ihres Gebiets."))
    audit_record(action="organisation.updated", actor=actor, obj=organisation)
    for offer in organisation.offers.filter(status=Status.PUBLISHED):
        _touch_search(offer)
    return organisation


@transaction.atomic
def structure_save(*, actor: User | None, structure: Structure) -> Structure:
    """Create or change a municipal structure; the Kommune keeps the structures of its own area."""
    structure.full_clean()
    if actor is not None and not (
        actor.has_perm("registry.add_structure") and actor.has_perm("registry.change_structure", structure)
    ):
        raise PermissionDenied(_("Strukturen pflegt die Kommune ihres Gebiets."))
    created = structure._state.adding
    structure.save()
    audit_record(action="structure.created" if created else "structure.updated", actor=actor, obj=structure)
    return structure


def contact_export(*, actor: User | None, contact: Contact) -> dict[str, Any]:
    """Everything the registry stores about a contact person (GDPR Art. 15), as a JSON-ready dict."""
    _require(actor, "registry.manage_contact", contact.organisation)
    return {
        "id": str(contact.pk),
        "name": contact.name,
        "function": contact.function,
        "email": contact.email,
        "phone": contact.phone,
        "consent_at": contact.consent_at.isoformat() if contact.consent_at else None,
        "organisation": contact.organisation.name if contact.organisation else None,
        "offers": [str(o.title) for o in contact.offers.all()],
        "structures": [str(s.name) for s in contact.structures.all()],
        "created_at": contact.created_at.isoformat(),
        "updated_at": contact.updated_at.isoformat(),
    }


@transaction.atomic
def contact_erase(*, actor: User | None, contact: Contact, reason: str) -> Contact:
    """Erase a contact person on request (GDPR Art. 17): personal data is overwritten, irreversibly."""
    _require(actor, "registry.manage_contact", contact.organisation)
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte vermerken Sie den Anlass der Löschung.")})
    contact.name = _("gelöscht")
    contact.function = ""
    contact.email = ""
    contact.phone = ""
    contact.consent_at = None
    contact.erased_at = timezone.now()
    contact.save()
    audit_record(action="contact.erased", actor=actor, obj=contact, reason=reason.strip())
    for offer in contact.offers.filter(status=Status.PUBLISHED):
        _touch_search(offer)
    return contact
