"""Every write of the registry: one function per use case, in a transaction, checking right and scope, audited.

Lifecycle of offers and organisations: draft → submitted → verified → published → archived; "return" sends a
submitted entry back to draft with a mandatory reason. Verifying publishes at once by default (one click for the
Kommune, ``publish=True``); ``publish=False`` keeps verify and publish as two steps. Every step writes an audit
event (from → to, reason). Every change to what is published writes a SearchOutbox row in the same transaction.

Every service needs an actor and checks its right: a person, or for work nobody triggers by hand the system actor
(teilhabe.core.system), which has only the rights registry/rules.py grants it. A missing actor is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import audit_record
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry.geocoding import Place, locate
from teilhabe.registry.models import (
    TRANSLATED_FIELDS,
    Contact,
    Language,
    Location,
    Offer,
    OfferImport,
    OfferTranslation,
    OpeningHours,
    Organisation,
    SearchOutbox,
    Status,
    Structure,
    TargetGroup,
    Topic,
)
from teilhabe.registry.selectors import taxonomy

STALE_AFTER = timedelta(days=365)


def _require_actor(actor: User) -> None:
    """Every write has a person (or the explicit system actor) behind it; a missing actor is refused, not skipped."""
    if actor is None:
        raise PermissionDenied(_("Ohne handelnde Person ist dieser Schritt nicht erlaubt."))


def _require(actor: User, perm: str, obj: Any = None) -> None:
    _require_actor(actor)
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))


def _outbox(offer_ids: Iterable[Any], op: str) -> None:
    """Tell the search index, in this transaction, to look at these offers again (see SearchOutbox)."""
    SearchOutbox.objects.bulk_create([SearchOutbox(offer_id=pk, op=op) for pk in offer_ids])


def _touch_search(offer: Offer) -> None:
    op = SearchOutbox.Op.UPSERT if offer.status == Status.PUBLISHED else SearchOutbox.Op.DELETE
    _outbox([offer.pk], op)


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
class TranslationInput:
    """An offer's texts in one language (``models.TRANSLATED_FIELDS``). ``confirm_current``: the translation still
    says what the German texts say (after a change of them that needed no change here)."""

    title: str
    description: str = ""
    schedule_note: str = ""
    place_note: str = ""
    accessibility: str = ""
    cost_description: str = ""
    confirm_current: bool = False


@dataclass
class OfferInput:
    title: str
    description: str
    topics: list[str]  # Topic keys
    target_groups: list[str] = field(default_factory=list)  # TargetGroup keys
    languages: list[str] = field(default_factory=list)  # ISO 639 codes
    locations: list[LocationInput] = field(default_factory=list)
    opening_hours: list[HoursInput] = field(default_factory=list)
    #: language -> its texts (a (title, description) pair is taken as well)
    translations: dict[str, TranslationInput | tuple[str, str]] = field(default_factory=dict)
    email: str = ""
    phone: str = ""
    website: str = ""
    is_free: bool = True
    cost_description: str = ""
    accessibility: str = ""
    schedule_note: str = ""
    place_note: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    #: A contact person of the offer's organisation; shown publicly only with its consent (Contact.is_public).
    contact: Contact | None = None


def _resolve(known: dict[str, Any], keys: Iterable[str], label: str) -> list[Any]:
    """The entries of ``known`` (the taxonomy by key) named by ``keys``, in their order, each once."""
    keys = list(dict.fromkeys(k for k in keys if k))
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValidationError(_("Unbekannte %(label)s: %(keys)s") % {"label": label, "keys": ", ".join(unknown)})
    return [known[k] for k in keys]


@dataclass
class _PreparedOffer:
    """An offer's input, checked and with its keys and places looked up: what is left to do is writing."""

    data: OfferInput
    topics: list[Topic]
    target_groups: list[TargetGroup]
    languages: list[Language]
    #: the offer's places if the input left them as they are, else None and ``places`` holds the new ones
    kept_places: list[Location] | None
    places: list[tuple[LocationInput, Place]]


def _prepare_offer_input(offer: Offer, data: OfferInput) -> _PreparedOffer:
    """Check ``data`` and set the offer's own fields (unsaved). No writes: ``offer_update`` runs this before its
    transaction, which on SQLite holds the database's one write lock."""
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Bitte geben Sie einen Titel an."))
    if not data.description.strip():
        errors.setdefault("description", []).append(_("Bitte beschreiben Sie das Angebot."))
    if not data.topics:
        errors.setdefault("topics", []).append(_("Bitte wählen Sie mindestens ein Thema."))
    if errors:
        raise ValidationError(errors)
    known = taxonomy.get()
    topics = _resolve(known.topics, data.topics, _("Themen"))
    target_groups = _resolve(known.target_groups, data.target_groups, _("Zielgruppen"))
    languages = _resolve(known.languages, data.languages, _("Sprachen"))
    _check_hours(data.opening_hours)
    kept_places = _unchanged_locations(offer, data.locations)
    places = (
        []
        if kept_places is not None
        else [(loc, locate(postal_code=loc.postal_code, lat=loc.lat, lon=loc.lon)) for loc in data.locations]
    )

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
        "place_note",
        "valid_from",
        "valid_until",
    ):
        value = getattr(data, name)
        setattr(offer, name, value.strip() if isinstance(value, str) else value)
    if data.contact is not None and (data.contact.organisation_id != offer.organisation_id or data.contact.erased_at):
        raise ValidationError({"contact": _("Die Ansprechperson gehört nicht zu dieser Organisation.")})
    offer.contact = data.contact
    if kept_places:
        offer.ags = kept_places[0].gemeinde_id
    else:
        offer.ags = places[0][1].gemeinde.ags if places else offer.organisation.gemeinde_id
    # Not checked again here, as the database keeps them anyway: the organisation, contact and import were read
    # from it for this save, the period is checked by ``Offer.clean``, and the only unique field is a random id.
    # Each check was a query (four of an imported offer's 28).
    offer.full_clean(
        exclude=["topics", "target_groups", "languages", "organisation", "contact", "staged_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    return _PreparedOffer(data, topics, target_groups, languages, kept_places, places)


def _write_offer_input(offer: Offer, prepared: _PreparedOffer) -> None:
    adding = offer._state.adding
    offer.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        offer.save()
        _set_list(offer, "topics", prepared.topics, adding)
        _set_list(offer, "target_groups", prepared.target_groups, adding)
        _set_list(offer, "languages", prepared.languages, adding)
    finally:
        del offer.skip_history_when_saving  # type: ignore[attr-defined]
    # One history entry for the save, with the lists it ends with (see ``models.ListsHistory``).
    Offer.history_records.create_historical_record(offer, "+" if adding else "~")  # type: ignore[attr-defined]
    if prepared.kept_places is None:
        _replace_locations(offer, prepared.places, adding)
    if not _same_hours(offer, prepared.data.opening_hours):
        _replace_hours(offer, prepared.data.opening_hours, adding)
    _apply_translations(offer, prepared.data.translations, adding)


def _set_list(offer: Offer, name: str, wanted: list[Any], adding: bool) -> None:
    """Give the offer exactly ``wanted`` in its list ``name``: a new offer's rows are inserted at once (one query,
    not a read and a write); a list that was loaded with the offer and is unchanged is not touched."""
    manager = getattr(offer, name)
    if adding:
        through = manager.through
        target = manager.target_field_name
        through.objects.bulk_create([through(**{"offer": offer, target: entry}) for entry in wanted])
        return
    loaded = getattr(offer, "_prefetched_objects_cache", {}).get(name)
    if loaded is not None and {entry.pk for entry in loaded} == {entry.pk for entry in wanted}:
        return
    manager.set(wanted)


def _check_hours(wanted: list[HoursInput]) -> None:
    if any(hours.closes <= hours.opens for hours in wanted):
        raise ValidationError({"opening_hours": _("Eine Zeit endet vor ihrem Beginn.")})


def _replace_hours(offer: Offer, wanted: list[HoursInput], adding: bool = False) -> None:
    if not adding:
        offer.opening_hours.all().delete()
    for hours in wanted:
        OpeningHours.objects.create(offer=offer, weekday=hours.weekday, opens=hours.opens, closes=hours.closes)
    if hasattr(offer, "_prefetched_objects_cache"):
        offer._prefetched_objects_cache.pop("opening_hours", None)


def _unchanged_locations(offer: Offer, wanted: list[LocationInput]) -> list[Location] | None:
    """The offer's places in the order of ``wanted`` if ``wanted`` describes exactly them, else None.

    Saving a form that left the place alone then neither looks up the postcode again nor deletes and writes the
    rows anew (with a history entry each): a third of an offer's save. A place counts as the same when its texts
    are, and its coordinates came from the postcode again (none given) or are the ones given."""
    if offer._state.adding:
        return None
    existing = list(offer.locations.all())
    if len(existing) != len(wanted):
        return None
    kept: list[Location] = []
    for loc in wanted:
        match = next(
            (
                row
                for row in existing
                if row not in kept
                and (row.name, row.street, row.postal_code, row.city)
                == (loc.name.strip(), loc.street.strip(), loc.postal_code.strip(), loc.city.strip())
                and (
                    (loc.lat is None and loc.lon is None and row.geocoded)
                    or (not row.geocoded and (row.lat, row.lon) == (loc.lat, loc.lon))
                )
            ),
            None,
        )
        if match is None:
            return None
        kept.append(match)
    return kept


def _same_hours(offer: Offer, wanted: list[HoursInput]) -> bool:
    if offer._state.adding:
        return not wanted
    existing = sorted((h.weekday, h.opens, h.closes) for h in offer.opening_hours.all())
    return existing == sorted((h.weekday, h.opens, h.closes) for h in wanted)


def _replace_locations(offer: Offer, places: list[tuple[LocationInput, Any]], adding: bool = False) -> None:
    if not adding:
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
        location.full_clean(exclude=["offer", "gemeinde"], validate_unique=False)  # both read for this save
        location.save()
    if hasattr(offer, "_prefetched_objects_cache"):
        offer._prefetched_objects_cache.pop("locations", None)


def _apply_translations(
    offer: Offer, translations: dict[str, TranslationInput | tuple[str, str]], adding: bool = False
) -> None:
    """Keep the translations of ``translations`` (one without a title is removed). A new or changed translation,
    or one confirmed as current, is stamped with the fingerprint of the German texts it was made from; an
    unchanged one keeps its stamp, so it shows as outdated after the German texts changed."""
    existing = {} if adding else {t.language_id: t for t in offer.translations.all()}
    source = offer.source_hash()
    wanted: dict[str, TranslationInput] = {}
    for language, given in translations.items():
        item = TranslationInput(*given) if isinstance(given, tuple) else given
        if item.title.strip():
            wanted[language] = item
    for language, translation in existing.items():
        if language not in wanted:
            translation.delete()
    languages = {lang.code: lang for lang in _resolve(taxonomy.get().languages, list(wanted), _("Sprachen"))}
    for language, item in wanted.items():
        values = {name: str(getattr(item, name) or "").strip() for name in TRANSLATED_FIELDS}
        translation = existing.get(language) or OfferTranslation(offer=offer, language=languages[language])
        changed = translation._state.adding or any(getattr(translation, k) != v for k, v in values.items())
        if not changed and not item.confirm_current:
            continue
        for name, value in values.items():
            setattr(translation, name, value)
        translation.source_hash = source
        translation.translated_at = timezone.now()
        translation.full_clean(exclude=["offer", "language"], validate_unique=False)
        translation.save()
    if hasattr(offer, "_prefetched_objects_cache"):
        offer._prefetched_objects_cache.pop("translations", None)


def offer_create(*, actor: User, organisation: Organisation, data: OfferInput) -> Offer:
    """A new offer as a draft. Organisation members create for their organisation, Kommunen in their scope. Checked
    before its transaction, as ``offers_create`` does."""
    return offers_create(actor=actor, entries=[NewOffer(organisation, data)])[0]


@dataclass(frozen=True)
class NewOffer:
    organisation: Organisation
    data: OfferInput
    #: The line of an imported file, named in the error of this entry.
    line: int | None = None


def offers_create(*, actor: User, entries: Sequence[NewOffer], staged_by: OfferImport | None = None) -> list[Offer]:
    """New drafts, all or none: an import writes its batches with this (``staged_by``: invisible until the import
    publishes them). Every entry is checked, and its keys and postcodes looked up, before the transaction, which on
    SQLite holds the database's one write lock: the people saving meanwhile wait only for the writes."""
    _require_actor(actor)
    prepared: list[tuple[Offer, _PreparedOffer]] = []
    allowed: dict[Any, bool] = {}
    for entry in entries:
        organisation = entry.organisation
        if organisation.pk not in allowed:
            allowed[organisation.pk] = actor.has_perm("registry.add_offer") and actor.has_perm(
                "registry.keep_organisation", organisation
            )
        if not allowed[organisation.pk]:
            raise PermissionDenied(
                _("Sie können nur Angebote Ihrer eigenen Organisation oder in Ihrem Gebiet anlegen.")
            )
        offer = Offer(organisation=organisation, status=Status.DRAFT, staged_by=staged_by)
        try:
            if organisation.status == Status.ARCHIVED:
                raise ValidationError(_("Die Organisation ist archiviert."))
            prepared.append((offer, _prepare_offer_input(offer, entry.data)))
        except ValidationError as error:
            if entry.line is None:
                raise
            raise ValidationError(
                _("Zeile %(line)d: %(errors)s") % {"line": entry.line, "errors": "; ".join(error.messages)}
            ) from error
    with transaction.atomic():
        for offer, inputs in prepared:
            _write_offer_input(offer, inputs)
        # The audit records last: the first takes the audit chain's lock (PostgreSQL) until the commit, and every
        # audited save elsewhere waits for it meanwhile.
        for offer, _inputs in prepared:
            audit_record(action="offer.created", actor=actor, obj=offer, to_state=Status.DRAFT)
    return [offer for offer, _inputs in prepared]


def offer_update(*, actor: User, offer: Offer, data: OfferInput) -> Offer:
    """Change an offer. An edit of a published offer is public at once (the Kommune made it) and goes to the index.

    The input is checked and its keys and postcodes looked up before the transaction: the transaction holds only
    the writes (on SQLite the one write lock of the database, which twenty people saving at once queue for)."""
    _require(actor, "registry.change_offer", offer)
    prepared = _prepare_offer_input(offer, data)
    with transaction.atomic():
        _write_offer_input(offer, prepared)
        if not actor.has_perm("registry.change_offer", offer):
            # A Kommune moved the place out of its own area: refused, the transaction rolls back.
            raise PermissionDenied(_("Der Ort liegt außerhalb Ihres Gebiets."))
        if offer.status == Status.PUBLISHED:
            _touch_search(offer)
        audit_record(action="offer.updated", actor=actor, obj=offer, from_state=offer.status, to_state=offer.status)
    return offer


def _transition(entry: Offer | Organisation, actor: User, action: str, to: str, reason: str = "") -> None:
    from_state = entry.status
    entry.status = to
    entry.save()
    audit_record(action=action, actor=actor, obj=entry, from_state=from_state, to_state=to, reason=reason)


@transaction.atomic
def offer_submit(*, actor: User, offer: Offer) -> Offer:
    _require(actor, "registry.submit_offer", offer)
    if offer.status != Status.DRAFT:
        raise ValidationError(_("Nur Entwürfe können eingereicht werden."))
    offer.submitted_at = timezone.now()
    offer.return_reason = ""
    _transition(offer, actor, "offer.submitted", Status.SUBMITTED)
    return offer


@transaction.atomic
def offer_verify(*, actor: User, offer: Offer, publish: bool = True) -> Offer:
    """The Kommune confirms the entry is correct; with ``publish`` (the default, one click) it goes online at once.

    ``publish=False`` leaves it verified, to be published later with offer_publish. Verifying an already
    published offer renews its verification date and lifts the stale mark.
    """
    _require(actor, "registry.verify_offer", offer)
    if offer.status not in (Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED):
        raise ValidationError(_("Dieses Angebot kann gerade nicht geprüft werden."))
    if not offer.topics.exists():  # e.g. imported from HSDS with another publisher's taxonomy only
        raise ValidationError(_("Bitte ordnen Sie das Angebot zuerst mindestens einem Thema zu."))
    offer.verified_at = timezone.now()
    offer.verified_by = actor
    offer.stale_since = offer.stale_reminded_at = None
    if offer.status == Status.SUBMITTED:
        _transition(offer, actor, "offer.verified", Status.VERIFIED)
    else:
        offer.save()
        audit_record(action="offer.reverified", actor=actor, obj=offer, from_state=offer.status, to_state=offer.status)
    if publish and offer.status == Status.VERIFIED:
        offer_publish(actor=actor, offer=offer)
    return offer


@transaction.atomic
def offer_return(*, actor: User, offer: Offer, reason: str) -> Offer:
    """Send a submitted offer back to the organisation as a draft; the reason is mandatory and shown to it."""
    _require(actor, "registry.return_offer", offer)
    if offer.status != Status.SUBMITTED:
        raise ValidationError(_("Nur eingereichte Angebote können zurückgegeben werden."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund an, damit die Organisation nachbessern kann.")})
    offer.return_reason = reason.strip()
    _transition(offer, actor, "offer.returned", Status.DRAFT, reason=reason.strip())
    return offer


@transaction.atomic
def offer_publish(*, actor: User, offer: Offer) -> Offer:
    _require(actor, "registry.publish_offer", offer)
    if offer.status != Status.VERIFIED:
        raise ValidationError(_("Nur geprüfte Angebote können veröffentlicht werden."))
    organisation = Organisation.objects.only("status").get(pk=offer.organisation_id)
    if organisation.status != Status.PUBLISHED:
        raise ValidationError(
            _("Die Organisation ist noch nicht veröffentlicht. Prüfen und veröffentlichen Sie zuerst die Organisation.")
        )
    offer.published_at = timezone.now()
    _transition(offer, actor, "offer.published", Status.PUBLISHED)
    _touch_search(offer)
    return offer


@transaction.atomic
def offer_archive(*, actor: User, offer: Offer, reason: str = "") -> Offer:
    _require(actor, "registry.archive_offer", offer)
    if offer.status not in (Status.VERIFIED, Status.PUBLISHED):
        raise ValidationError(_("Dieses Angebot kann nicht archiviert werden."))
    was_public = offer.status == Status.PUBLISHED
    offer.archived_at = timezone.now()
    _transition(offer, actor, "offer.archived", Status.ARCHIVED, reason=reason.strip())
    if was_public:
        _touch_search(offer)
    return offer


def _stale_filter(now: dt.datetime) -> Q:
    limit = now - STALE_AFTER
    return Q(status=Status.PUBLISHED, stale_since__isnull=True) & (
        Q(verified_at__lt=limit) | Q(verified_at__isnull=True, published_at__lt=limit)
    )


@transaction.atomic
def offers_mark_stale(*, actor: User, now: dt.datetime | None = None) -> list[Offer]:
    """Mark published offers not verified for 12 months; returns the newly marked ones (each marked once)."""
    _require(actor, "registry.mark_stale")
    now = now or timezone.now()
    marked = list(Offer.objects.filter(_stale_filter(now)).select_related("organisation").order_by("pk"))
    for offer in marked:
        offer.stale_since = now
        offer.save(update_fields=["stale_since", "updated_at"])
        verified = offer.verified_at.isoformat() if offer.verified_at else ""
        audit_record(action="offer.marked_stale", actor=actor, obj=offer, data={"verified_at": verified})
    return marked


@transaction.atomic
def organisations_mark_stale(*, actor: User, now: dt.datetime | None = None) -> list[Organisation]:
    """Mark published organisations not verified for 12 months; returns the newly marked ones."""
    _require(actor, "registry.mark_stale")
    now = now or timezone.now()
    marked = list(Organisation.objects.filter(_stale_filter(now)).order_by("pk"))
    for organisation in marked:
        organisation.stale_since = now
        organisation.save(update_fields=["stale_since", "updated_at"])
        verified = organisation.verified_at.isoformat() if organisation.verified_at else ""
        audit_record(action="organisation.marked_stale", actor=actor, obj=organisation, data={"verified_at": verified})
    return marked


@transaction.atomic
def stale_reminder_record(
    *, actor: User, organisation: Organisation, offers: Sequence[Offer], recipients: int, now: dt.datetime
) -> None:
    """Note that the members of an organisation were reminded of its stale entries (the organisation's own when it
    is stale, and these offers of it): those are not listed again. Until then, every reminder run lists them, so
    that a run interrupted between marking and mailing is made up by the next."""
    _require(actor, "registry.mark_stale")
    listed = [offer.pk for offer in offers if offer.organisation_id == organisation.pk]
    Offer.objects.filter(pk__in=listed, stale_since__isnull=False).update(stale_reminded_at=now)
    Organisation.objects.filter(pk=organisation.pk, stale_since__isnull=False).update(stale_reminded_at=now)
    entries = len(listed) + (1 if organisation.stale_since else 0)
    audit_record(
        action="organisation.reminded_stale",
        actor=actor,
        obj=organisation,
        data={"entries": entries, "recipients": recipients},
    )


# --- organisations ------------------------------------------------------------------------------


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
    register: str = ""
    register_court: str = ""
    register_number: str = ""


def _apply_organisation_input(organisation: Organisation, data: OrganisationInput) -> None:
    if not data.name.strip():
        raise ValidationError({"name": _("Bitte geben Sie den Namen der Organisation an.")})
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
        "register",
        "register_court",
        "register_number",
    ):
        value = getattr(data, name)
        setattr(organisation, name, value.strip() if isinstance(value, str) else value)
    languages = _resolve(taxonomy.get().languages, data.languages, _("Sprachen"))
    organisation.full_clean(exclude=["gemeinden", "languages", "verified_by"])
    organisation.save()
    organisation.gemeinden.set(data.gemeinden or [data.gemeinde])
    organisation.languages.set(languages)


@transaction.atomic
def organisation_create(*, actor: User, data: OrganisationInput, publish: bool = True) -> Organisation:
    """A Kommune registers an organisation with its seat in scope.

    The Kommune is the verifier of its area, so by default the entry is verified and published at once; with
    ``publish=False`` it starts as a draft that the organisation's members complete and submit.
    """
    _require_actor(actor)
    if not (
        actor.has_perm("registry.add_organisation")
        and actor.has_perm("registry.change_organisation", Organisation(gemeinde=data.gemeinde, status=Status.DRAFT))
    ):
        raise PermissionDenied(_("Sie können Organisationen nur mit Sitz in Ihrem Gebiet anlegen."))
    organisation = Organisation(status=Status.DRAFT)
    _apply_organisation_input(organisation, data)
    audit_record(action="organisation.created", actor=actor, obj=organisation, to_state=Status.DRAFT)
    if publish:
        now = timezone.now()
        organisation.verified_at = now
        organisation.verified_by = actor
        organisation.published_at = now
        _transition(organisation, actor, "organisation.published", Status.PUBLISHED)
    return organisation


def _published_offer_ids(organisation: Organisation) -> list[Any]:
    return list(organisation.offers.filter(status=Status.PUBLISHED).values_list("pk", flat=True))


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, data: OrganisationInput) -> Organisation:
    _require(actor, "registry.change_organisation", organisation)
    _apply_organisation_input(organisation, data)
    _require_actor(actor)
    if not actor.has_perm("registry.change_organisation", organisation):
        raise PermissionDenied(_("Der neue Sitz liegt außerhalb Ihres Gebiets."))
    audit_record(
        action="organisation.updated",
        actor=actor,
        obj=organisation,
        from_state=organisation.status,
        to_state=organisation.status,
    )
    if organisation.status == Status.PUBLISHED:
        # Name and kind are part of every published offer's search document.
        _outbox(_published_offer_ids(organisation), SearchOutbox.Op.UPSERT)
    return organisation


@transaction.atomic
def organisation_submit(*, actor: User, organisation: Organisation) -> Organisation:
    _require(actor, "registry.submit_organisation", organisation)
    if organisation.status != Status.DRAFT:
        raise ValidationError(_("Nur Entwürfe können eingereicht werden."))
    organisation.submitted_at = timezone.now()
    organisation.return_reason = ""
    _transition(organisation, actor, "organisation.submitted", Status.SUBMITTED)
    return organisation


@transaction.atomic
def organisation_verify(*, actor: User, organisation: Organisation, publish: bool = True) -> Organisation:
    """As offer_verify, for an organisation: by the Kommune of its seat; renews the date when already live."""
    _require(actor, "registry.verify_organisation", organisation)
    if organisation.status not in (Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED):
        raise ValidationError(_("Diese Organisation kann gerade nicht geprüft werden."))
    organisation.verified_at = timezone.now()
    organisation.verified_by = actor
    organisation.stale_since = organisation.stale_reminded_at = None
    if organisation.status == Status.SUBMITTED:
        _transition(organisation, actor, "organisation.verified", Status.VERIFIED)
    else:
        organisation.save()
        audit_record(
            action="organisation.reverified",
            actor=actor,
            obj=organisation,
            from_state=organisation.status,
            to_state=organisation.status,
        )
    if publish and organisation.status == Status.VERIFIED:
        organisation_publish(actor=actor, organisation=organisation)
    return organisation


@transaction.atomic
def organisation_return(*, actor: User, organisation: Organisation, reason: str) -> Organisation:
    _require(actor, "registry.return_organisation", organisation)
    if organisation.status != Status.SUBMITTED:
        raise ValidationError(_("Nur eingereichte Organisationen können zurückgegeben werden."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund an, damit die Organisation nachbessern kann.")})
    organisation.return_reason = reason.strip()
    _transition(organisation, actor, "organisation.returned", Status.DRAFT, reason=reason.strip())
    return organisation


@transaction.atomic
def organisation_publish(*, actor: User, organisation: Organisation) -> Organisation:
    _require(actor, "registry.publish_organisation", organisation)
    if organisation.status != Status.VERIFIED:
        raise ValidationError(_("Nur geprüfte Organisationen können veröffentlicht werden."))
    organisation.published_at = timezone.now()
    _transition(organisation, actor, "organisation.published", Status.PUBLISHED)
    return organisation


@transaction.atomic
def organisation_archive(*, actor: User, organisation: Organisation, reason: str = "") -> Organisation:
    """Archive an organisation and with it every offer of it that is not archived yet (they leave the public)."""
    _require(actor, "registry.archive_organisation", organisation)
    if organisation.status not in (Status.VERIFIED, Status.PUBLISHED):
        raise ValidationError(_("Diese Organisation kann nicht archiviert werden."))
    now = timezone.now()
    organisation.archived_at = now
    _transition(organisation, actor, "organisation.archived", Status.ARCHIVED, reason=reason.strip())
    public: list[Any] = []
    for offer in organisation.offers.exclude(status=Status.ARCHIVED).order_by("pk"):
        if offer.status == Status.PUBLISHED:
            public.append(offer.pk)
        offer.archived_at = now
        _transition(
            offer,
            actor,
            "offer.archived",
            Status.ARCHIVED,
            reason=_("Organisation archiviert: %(reason)s") % {"reason": reason.strip() or "–"},
        )
    _outbox(public, SearchOutbox.Op.DELETE)
    return organisation


# --- structures ---------------------------------------------------------------------------------


@dataclass
class StructureInput:
    kind: str
    name: str
    kreis: Kreis | None = None
    gemeinde: Gemeinde | None = None
    description: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    contact: Contact | None = None


def _apply_structure_input(structure: Structure, data: StructureInput) -> None:
    if not data.name.strip():
        raise ValidationError({"name": _("Bitte geben Sie eine Bezeichnung an.")})
    if data.kreis is None and data.gemeinde is None:
        raise ValidationError({"gemeinde": _("Eine Struktur gehört zu einem Kreis oder einer Gemeinde.")})
    for name in ("kind", "name", "description", "email", "phone", "website"):
        setattr(structure, name, getattr(data, name).strip())
    structure.gemeinde = data.gemeinde
    # A structure of a Gemeinde belongs to its Kreis as well; the Gemeinde decides the scope.
    structure.kreis = data.gemeinde.kreis if data.gemeinde is not None else data.kreis
    structure.contact = data.contact
    structure.full_clean()
    structure.save()


def _require_structure_scope(actor: User, structure: Structure) -> None:
    _require_actor(actor)
    if not actor.has_perm("registry.change_structure", structure):
        raise PermissionDenied(_("Strukturen pflegt die Kommune ihres Gebiets."))


@transaction.atomic
def structure_create(*, actor: User, data: StructureInput) -> Structure:
    """A Kommune enters a structure of its own area; it is public at once (the Kommune is its own verifier)."""
    _require(actor, "registry.add_structure")
    structure = Structure(status=Status.PUBLISHED)
    _apply_structure_input(structure, data)
    _require_structure_scope(actor, structure)
    audit_record(action="structure.created", actor=actor, obj=structure, to_state=structure.status)
    return structure


@transaction.atomic
def structure_update(*, actor: User, structure: Structure, data: StructureInput) -> Structure:
    _require(actor, "registry.change_structure", structure)
    _apply_structure_input(structure, data)
    _require_structure_scope(actor, structure)
    audit_record(action="structure.updated", actor=actor, obj=structure)
    return structure


@transaction.atomic
def structure_archive(*, actor: User, structure: Structure, reason: str = "") -> Structure:
    _require(actor, "registry.archive_structure", structure)
    if structure.status not in (Status.VERIFIED, Status.PUBLISHED):
        raise ValidationError(_("Diese Struktur kann nicht archiviert werden."))
    from_state = structure.status
    structure.status = Status.ARCHIVED
    structure.save()
    audit_record(
        action="structure.archived",
        actor=actor,
        obj=structure,
        from_state=from_state,
        to_state=Status.ARCHIVED,
        reason=reason.strip(),
    )
    return structure


# --- contact persons (GDPR) ---------------------------------------------------------------------


@dataclass
class ContactInput:
    name: str
    function: str = ""
    email: str = ""
    phone: str = ""
    consent_at: dt.date | None = None
    consent_public: bool = False


def _apply_contact_input(contact: Contact, data: ContactInput) -> None:
    if contact.erased_at:
        raise ValidationError(_("Diese Ansprechperson wurde gelöscht und kann nicht mehr geändert werden."))
    if not data.name.strip():
        raise ValidationError({"name": _("Bitte geben Sie einen Namen an.")})
    if data.consent_public and data.consent_at is None:
        raise ValidationError(
            {"consent_at": _("Ohne Datum der Einwilligung darf die Person nicht öffentlich angezeigt werden.")}
        )
    if data.consent_at and data.consent_at > timezone.localdate():
        raise ValidationError({"consent_at": _("Das Datum der Einwilligung liegt in der Zukunft.")})
    for name in ("name", "function", "email", "phone"):
        setattr(contact, name, getattr(data, name).strip())
    contact.consent_at = data.consent_at
    contact.consent_public = data.consent_public
    contact.full_clean()
    contact.save()


def _touch_offers_of(contact: Contact) -> None:
    _outbox(contact.offers.filter(status=Status.PUBLISHED).values_list("pk", flat=True), SearchOutbox.Op.UPSERT)


@transaction.atomic
def contact_create(
    *,
    actor: User,
    data: ContactInput,
    organisation: Organisation | None = None,
    structure: Structure | None = None,
) -> Contact:
    """A contact person of an organisation, or of a structure (then it becomes the structure's contact)."""
    if (organisation is None) == (structure is None):
        raise ValidationError(_("Eine Ansprechperson gehört zu genau einer Organisation oder Struktur."))
    if organisation is not None:
        _require(actor, "registry.keep_organisation", organisation)
    if structure is not None:
        _require(actor, "registry.change_structure", structure)
    contact = Contact(organisation=organisation)
    _apply_contact_input(contact, data)
    if structure is not None:
        structure.contact = contact
        structure.save(update_fields=["contact", "updated_at"])
    audit_record(
        action="contact.created",
        actor=actor,
        obj=contact,
        data={"consent_public": contact.consent_public, "structure": str(structure.pk) if structure else ""},
    )
    return contact


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, data: ContactInput) -> Contact:
    _require(actor, "registry.manage_contact", contact)
    was_public = contact.is_public
    _apply_contact_input(contact, data)
    audit_record(action="contact.updated", actor=actor, obj=contact, data={"consent_public": contact.consent_public})
    if was_public or contact.is_public:
        _touch_offers_of(contact)
    return contact


def contact_export(*, actor: User, contact: Contact) -> dict[str, Any]:
    """Everything the registry stores about a contact person (Art. 15 GDPR), JSON-serialisable.

    The person's own data, where it is used (organisation, offers, structures), and every recorded step about it
    (audit events and the history of the non-personal fields).
    """
    _require(actor, "registry.manage_contact", contact)
    from teilhabe.core.models import AuditEvent

    events = AuditEvent.objects.filter(object_type__model="contact", object_type__app_label="registry").filter(
        object_id=str(contact.pk)
    )
    return {
        "id": str(contact.pk),
        "name": contact.name,
        "function": contact.function,
        "email": contact.email,
        "phone": contact.phone,
        "consent_at": contact.consent_at.isoformat() if contact.consent_at else None,
        "consent_public": contact.consent_public,
        "shown_publicly": contact.is_public,
        "erased_at": contact.erased_at.isoformat() if contact.erased_at else None,
        "organisation": (
            {"id": str(contact.organisation.pk), "name": contact.organisation.name} if contact.organisation else None
        ),
        "offers": [{"id": str(o.pk), "title": o.title, "status": o.status} for o in contact.offers.order_by("title")],
        "structures": [{"id": str(s.pk), "name": s.name} for s in contact.structures.order_by("name")],
        "created_at": contact.created_at.isoformat(),
        "updated_at": contact.updated_at.isoformat(),
        "history": [
            {
                "at": h.history_date.isoformat(),
                "type": h.history_type,
                "consent_at": h.consent_at.isoformat() if h.consent_at else None,
                "consent_public": h.consent_public,
            }
            for h in contact.history.order_by("history_date")
        ],
        "events": [{"at": e.at.isoformat(), "action": e.action, "reason": e.reason} for e in events.order_by("at")],
    }


@transaction.atomic
def contact_erase(*, actor: User, contact: Contact, reason: str) -> Contact:
    """Erase a contact person on request (Art. 17 GDPR): personal data is overwritten, irreversibly.

    The history never held the personal fields and the audit log names the person only by id, so nothing
    else keeps a copy. The row stays (anonymised) so that offers and structures keep a consistent reference.
    """
    _require(actor, "registry.manage_contact", contact)
    if contact.erased_at:
        raise ValidationError(_("Diese Ansprechperson ist schon gelöscht."))
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte vermerken Sie den Anlass der Löschung.")})
    was_public = contact.is_public
    contact.name = ""
    contact.function = ""
    contact.email = ""
    contact.phone = ""
    contact.consent_at = None
    contact.consent_public = False
    contact.erased_at = timezone.now()
    contact.save()
    audit_record(action="contact.erased", actor=actor, obj=contact, reason=reason.strip())
    if was_public:
        _touch_offers_of(contact)
    return contact
