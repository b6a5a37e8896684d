from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teilhabe.core.models import AuditEvent, User
from teilhabe.core.system import system_actor
from teilhabe.geo.models import Gemeinde, Kreis
from teilhabe.registry import services
from teilhabe.registry.models import Contact, Offer, Organisation, SearchOutbox, Status, Structure
from tests.registry.factories import (
    ContactFactory,
    OrganisationFactory,
    StructureFactory,
    keeper_of,
    kommune_for,
    make_offer,
    member_of,
    offer_input,
)

pytestmark = pytest.mark.django_db


def test_create_geocodes_from_postcode_and_sets_scope() -> None:
    offer = make_offer()
    location = offer.locations.get()
    assert location.gemeinde_id == "05315000"
    assert location.geocoded
    assert 50.9 < location.lat < 51.0
    assert offer.ags == "05315000"
    assert offer.status == Status.DRAFT
    assert AuditEvent.objects.filter(action="offer.created", object_id=str(offer.pk)).exists()


def test_create_refuses_bad_input_and_changes_nothing() -> None:
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.offer_create(
            actor=keeper_of(organisation), organisation=organisation, data=offer_input(title=" ", topics=[])
        )
    with pytest.raises(ValidationError, match="nicht in NRW"):
        services.offer_create(
            actor=keeper_of(organisation),
            organisation=organisation,
            data=offer_input(locations=[services.LocationInput(postal_code="10115")]),
        )
    with pytest.raises(ValidationError, match="Unbekannte"):
        services.offer_create(
            actor=keeper_of(organisation), organisation=organisation, data=offer_input(topics=["gibt-es-nicht"])
        )
    assert Offer.objects.count() == 0


def test_offers_create_writes_all_entries_as_drafts_with_an_audit_event_each() -> None:
    organisation = OrganisationFactory()
    made = services.offers_create(
        actor=kommune_for("05315"),
        entries=[services.NewOffer(organisation, offer_input(title=f"Kurs {n}")) for n in range(3)],
    )
    assert sorted(offer.title for offer in Offer.objects.all()) == ["Kurs 0", "Kurs 1", "Kurs 2"]
    assert {offer.status for offer in made} == {Status.DRAFT}
    assert all(offer.locations.get().gemeinde_id == "05315000" for offer in made)
    assert AuditEvent.objects.filter(action="offer.created").count() == 3


def _after_the_chain_lock(queries: CaptureQueriesContext) -> list[str]:
    """The statements from the first read of the audit chain's head (its lock on PostgreSQL) to the end of the
    service's transaction (in a test: the release of its savepoint)."""
    sql = [q["sql"] for q in queries]
    first = next(i for i, q in enumerate(sql) if "pg_advisory_xact_lock" in q or '"core_auditevent"' in q)
    if sql[-1].startswith(("RELEASE SAVEPOINT", "COMMIT")):
        sql.pop()
    return sql[first:]


def test_offers_create_holds_the_audit_chain_only_for_its_audit_records() -> None:
    """The chain's head stays locked until the commit and every audited save waits for it: an import's batch takes
    it after writing its offers, not after the first one."""
    organisation = OrganisationFactory()
    with CaptureQueriesContext(connection) as queries:
        services.offers_create(
            actor=kommune_for("05315"),
            entries=[services.NewOffer(organisation, offer_input(title=f"Kurs {n}")) for n in range(3)],
        )
    locked = _after_the_chain_lock(queries)
    assert [q for q in locked if "core_auditevent" not in q and "pg_advisory_xact_lock" not in q] == []
    assert len([q for q in locked if q.startswith('INSERT INTO "core_auditevent"')]) == 3


def test_a_save_holds_the_audit_chain_only_for_its_audit_record() -> None:
    offer = make_offer(status=Status.PUBLISHED)
    with CaptureQueriesContext(connection) as queries:
        services.offer_update(actor=kommune_for("05315"), offer=offer, data=offer_input(title="Neuer Titel"))
    locked = _after_the_chain_lock(queries)
    assert [q for q in locked if "core_auditevent" not in q and "pg_advisory_xact_lock" not in q] == []
    assert SearchOutbox.objects.filter(offer_id=offer.pk).exists()  # written, before the lock


def _history_lists(entry: object) -> tuple[str, list[str], list[str], list[str]]:
    return (
        entry.history_type,  # type: ignore[attr-defined]
        sorted(row.topic.key for row in entry.topics.all()),  # type: ignore[attr-defined]
        sorted(row.targetgroup.key for row in entry.target_groups.all()),  # type: ignore[attr-defined]
        sorted(row.language.code for row in entry.languages.all()),  # type: ignore[attr-defined]
    )


def test_a_new_offer_has_one_history_entry_with_its_lists() -> None:
    """One entry per save, not one for the save and one more per list (django-simple-history's own way)."""
    offer = make_offer(topics=["sprache", "bildung"], languages=["de", "ar"])
    assert [_history_lists(h) for h in offer.history.all()] == [("+", ["bildung", "sprache"], ["frauen"], ["ar", "de"])]


def test_a_save_adds_one_history_entry_with_the_lists_it_ends_with() -> None:
    offer = make_offer()
    services.offer_update(
        actor=kommune_for("05315"),
        offer=offer,
        data=offer_input(topics=["beratung"], target_groups=[], languages=["tr"]),
    )
    entries = list(offer.history.order_by("history_date"))
    assert [_history_lists(h) for h in entries] == [
        ("+", ["sprache"], ["frauen"], ["ar", "de"]),
        ("~", ["beratung"], [], ["tr"]),
    ]
    assert sorted(t.key for t in Offer.objects.get(pk=offer.pk).topics.all()) == ["beratung"]


def test_a_save_that_keeps_the_lists_does_not_touch_them() -> None:
    from teilhabe.registry.selectors import offer_for

    kommune = kommune_for("05315")
    offer = offer_for(user=kommune, pk=make_offer().pk)
    with CaptureQueriesContext(connection) as queries:
        services.offer_update(actor=kommune, offer=offer, data=offer_input(title="Neuer Titel"))
    for table in ("registry_offer_topics", "registry_offer_target_groups", "registry_offer_languages"):
        # Only the history entry's copy reads the list: the lists loaded with the offer are compared in memory.
        assert len([q for q in queries if f'"{table}"' in q["sql"]]) == 1, table
    assert offer.history.count() == 2


def test_offers_create_writes_none_when_one_entry_is_bad_and_names_its_line() -> None:
    organisation = OrganisationFactory()
    entries = [
        services.NewOffer(organisation, offer_input(title="Gut"), line=2),
        services.NewOffer(organisation, offer_input(topics=["gibt-es-nicht"]), line=3),
    ]
    with pytest.raises(ValidationError, match="Zeile 3: Unbekannte"):
        services.offers_create(actor=kommune_for("05315"), entries=entries)
    assert Offer.objects.count() == 0
    assert not AuditEvent.objects.filter(action="offer.created").exists()


def test_offers_create_refuses_an_organisation_out_of_scope_and_writes_nothing(
    make_user: Callable[..., User],
) -> None:
    koeln = OrganisationFactory()
    elsewhere = OrganisationFactory(gemeinde_id="05111000")
    entries = [services.NewOffer(koeln, offer_input()), services.NewOffer(elsewhere, offer_input())]
    with pytest.raises(PermissionDenied):
        services.offers_create(actor=kommune_for("05315"), entries=entries)
    with pytest.raises(PermissionDenied):
        services.offers_create(actor=None, entries=entries[:1])  # type: ignore[arg-type]
    assert Offer.objects.count() == 0


def test_offers_create_checks_every_entry_before_it_writes() -> None:
    """The transaction (SQLite's one write lock) begins only after all lookups: a bad last entry costs no write."""
    organisation = OrganisationFactory()
    actor = kommune_for("05315")
    entries = [services.NewOffer(organisation, offer_input()) for _ in range(3)]
    entries.append(services.NewOffer(organisation, offer_input(locations=[services.LocationInput("10115")])))
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError):
        services.offers_create(actor=actor, entries=entries)
    assert not [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_organisation_member_proposes_kommune_verifies_and_publishes(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    member = member_of(make_user(), organisation)
    kommune = make_user("kommune", ags="05315")
    offer = services.offer_create(actor=member, organisation=organisation, data=offer_input())
    services.offer_submit(actor=member, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_publish(actor=member, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_verify(actor=member, offer=offer)
    services.offer_verify(actor=kommune, offer=offer, publish=True)
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED
    assert offer.verified_by == kommune
    actions = list(AuditEvent.objects.filter(object_id=str(offer.pk)).order_by("at").values_list("action", flat=True))
    assert actions == ["offer.created", "offer.submitted", "offer.verified", "offer.published"]
    assert SearchOutbox.objects.filter(offer_id=offer.pk).exists()


def test_kommune_cannot_verify_outside_its_scope(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="submitted")
    duesseldorf = make_user("kommune", ags="05111")
    with pytest.raises(PermissionDenied):
        services.offer_verify(actor=duesseldorf, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_return(actor=duesseldorf, offer=offer, reason="falsch")
    offer.refresh_from_db()
    assert offer.status == Status.SUBMITTED


def test_member_of_other_organisation_cannot_create_or_submit(make_user: Callable[..., User]) -> None:
    stranger = member_of(make_user(), OrganisationFactory())
    organisation = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.offer_create(actor=stranger, organisation=organisation, data=offer_input())
    offer = make_offer(organisation)
    with pytest.raises(PermissionDenied):
        services.offer_submit(actor=stranger, offer=offer)


def test_return_needs_a_reason(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="submitted")
    kommune = make_user("kommune", ags="05315")
    with pytest.raises(ValidationError):
        services.offer_return(actor=kommune, offer=offer, reason="  ")
    services.offer_return(actor=kommune, offer=offer, reason="Bitte Zeiten ergänzen")
    offer.refresh_from_db()
    assert (offer.status, offer.return_reason) == (Status.DRAFT, "Bitte Zeiten ergänzen")
    assert AuditEvent.objects.get(action="offer.returned").reason == "Bitte Zeiten ergänzen"


def test_cannot_publish_unverified_or_archive_a_draft() -> None:
    offer = make_offer(status="submitted")
    with pytest.raises((ValidationError, PermissionDenied)):
        services.offer_publish(actor=kommune_for(offer.ags), offer=offer)
    draft = make_offer()
    with pytest.raises((ValidationError, PermissionDenied)):
        services.offer_archive(actor=keeper_of(draft.organisation), offer=draft)


def test_archive_removes_from_public_and_notifies_index() -> None:
    offer = make_offer(status="published")
    SearchOutbox.objects.all().delete()
    services.offer_archive(actor=keeper_of(offer.organisation), offer=offer, reason="Kurs beendet")
    assert Offer.objects.get(pk=offer.pk).status == Status.ARCHIVED
    assert SearchOutbox.objects.filter(offer_id=offer.pk).count() == 1


def test_stale_marking() -> None:
    offer = make_offer(status="published")
    Offer.objects.filter(pk=offer.pk).update(verified_at=timezone.now() - dt.timedelta(days=400))
    fresh = make_offer(status="published")
    marked = services.offers_mark_stale(actor=system_actor())
    assert [o.pk for o in marked] == [offer.pk]
    assert Offer.objects.get(pk=fresh.pk).stale_since is None
    assert services.offers_mark_stale(actor=system_actor()) == []  # once only
    services.offer_verify(actor=kommune_for(offer.ags), offer=Offer.objects.get(pk=offer.pk))
    assert Offer.objects.get(pk=offer.pk).stale_since is None


def test_translations_and_hours_are_saved() -> None:
    offer = make_offer(
        translations={"ar": ("دورة لغة ألمانية", "تعلم الألمانية"), "en": ("German course", "")},
        opening_hours=[services.HoursInput(0, dt.time(9), dt.time(12))],
    )
    assert offer.title_in("ar") == "دورة لغة ألمانية"
    assert offer.title_in("tr") == offer.title
    assert str(offer.opening_hours.get()) == "Montag 09:00–12:00"
    with pytest.raises(ValidationError):
        make_offer(opening_hours=[services.HoursInput(0, dt.time(12), dt.time(9))])


def test_contact_export_and_erase(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    contact = Contact.objects.create(
        organisation=organisation,
        name="Ayşe Yılmaz",
        email="ayse@example.nrw",
        phone="0221 123456",
        consent_at=dt.date(2026, 1, 1),
        consent_public=True,
    )
    member = member_of(make_user(), organisation)
    data = services.contact_export(actor=member, contact=contact)
    assert data["name"] == "Ayşe Yılmaz" and data["email"] == "ayse@example.nrw"
    with pytest.raises(PermissionDenied):
        services.contact_export(actor=make_user("kommune", ags="05111"), contact=contact)
    with pytest.raises(ValidationError):
        services.contact_erase(actor=member, contact=contact, reason="")
    services.contact_erase(actor=member, contact=contact, reason="Antrag vom 1.2.")
    contact.refresh_from_db()
    assert contact.email == "" and contact.name != "Ayşe Yılmaz" and not contact.is_public
    assert not any("Ayşe" in str(h.__dict__) for h in contact.history.all())


def test_organisation_create_in_scope_only(make_user: Callable[..., User]) -> None:
    from teilhabe.geo.models import Gemeinde

    kommune = make_user("kommune", ags="05315")
    data = services.OrganisationInput(
        name="Neuer Verein",
        kind="verein",
        gemeinde=Gemeinde.objects.get(ags="05315000"),
        phone="0221 99887766",
        languages=["de", "tr"],
    )
    organisation = services.organisation_create(actor=kommune, data=data)
    assert list(organisation.languages.values_list("code", flat=True)) == ["de", "tr"]
    data.gemeinde = Gemeinde.objects.get(ags="05111000")
    data.name = "Verein in Düsseldorf"
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=kommune, data=data)
    data.phone = "kein telefon"
    data.gemeinde = Gemeinde.objects.get(ags="05315000")
    with pytest.raises(ValidationError):
        services.organisation_create(actor=kommune, data=data)


# --- the rules of the brief, once more through the services ------------------------------------------


def test_organisation_can_never_publish_even_a_verified_offer(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    member = member_of(make_user(), organisation)
    offer = make_offer(organisation, status="verified")
    with pytest.raises(PermissionDenied):
        services.offer_publish(actor=member, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_verify(actor=member, offer=offer)
    assert Offer.objects.get(pk=offer.pk).status == Status.VERIFIED


def test_verify_and_publish_as_two_steps(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    offer = make_offer(status="submitted")
    services.offer_verify(actor=kommune, offer=offer, publish=False)
    assert (offer.status, offer.verified_by) == (Status.VERIFIED, kommune)
    assert not SearchOutbox.objects.filter(offer_id=offer.pk).exists()  # nothing public yet
    services.offer_publish(actor=kommune, offer=offer)
    assert offer.status == Status.PUBLISHED and offer.published_at is not None
    assert list(SearchOutbox.objects.filter(offer_id=offer.pk).values_list("op", flat=True)) == ["upsert"]


def test_every_transition_is_audited_with_from_to_and_reason(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    offer = make_offer(status="submitted")
    services.offer_return(actor=kommune, offer=offer, reason="Zeiten fehlen")
    services.offer_submit(actor=keeper_of(offer.organisation), offer=offer)
    services.offer_verify(actor=kommune, offer=offer)
    services.offer_archive(actor=kommune, offer=offer, reason="Kurs beendet")
    steps = list(
        AuditEvent.objects.filter(object_id=str(offer.pk))
        .order_by("at")
        .values_list("action", "from_state", "to_state", "reason")
    )
    assert steps == [
        ("offer.created", "", "draft", ""),
        ("offer.submitted", "draft", "submitted", ""),
        ("offer.returned", "submitted", "draft", "Zeiten fehlen"),
        ("offer.submitted", "draft", "submitted", ""),
        ("offer.verified", "submitted", "verified", ""),
        ("offer.published", "verified", "published", ""),
        ("offer.archived", "published", "archived", "Kurs beendet"),
    ]


def test_kommune_creates_in_scope_directly(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    organisation = OrganisationFactory()
    offer = services.offer_create(actor=kommune, organisation=organisation, data=offer_input())
    services.offer_submit(actor=kommune, offer=offer)
    services.offer_verify(actor=kommune, offer=offer)
    assert offer.status == Status.PUBLISHED
    elsewhere = OrganisationFactory(gemeinde_id="05111000")
    with pytest.raises(PermissionDenied):
        services.offer_create(actor=kommune, organisation=elsewhere, data=offer_input())


def test_land_reads_but_never_writes(make_user: Callable[..., User]) -> None:
    land = make_user("land", ags="05")
    offer = make_offer(status="submitted")
    for step in (services.offer_verify, services.offer_submit, services.offer_publish):
        with pytest.raises(PermissionDenied):
            step(actor=land, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_update(actor=land, offer=offer, data=offer_input(title="Neu"))
    with pytest.raises(PermissionDenied):
        services.offer_create(actor=land, organisation=offer.organisation, data=offer_input())


def test_kommune_cannot_move_an_offer_out_of_its_scope(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    offer = make_offer(status="published")
    with pytest.raises(PermissionDenied):
        services.offer_update(
            actor=kommune,
            offer=offer,
            data=offer_input(locations=[services.LocationInput(postal_code="40213")]),
        )
    offer.refresh_from_db()
    assert offer.ags == "05315000"
    assert offer.locations.get().postal_code == "50667"


def test_edit_of_published_offer_goes_to_the_outbox_in_the_same_transaction(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    offer = make_offer(status="published")
    draft = make_offer()
    SearchOutbox.objects.all().delete()
    services.offer_update(actor=kommune, offer=offer, data=offer_input(title="Deutschkurs am Abend"))
    services.offer_update(actor=kommune, offer=draft, data=offer_input(title="Nur ein Entwurf"))
    assert list(SearchOutbox.objects.values_list("offer_id", "op")) == [(offer.pk, "upsert")]
    with pytest.raises(ValidationError):
        services.offer_update(actor=kommune, offer=offer, data=offer_input(title=""))
    assert SearchOutbox.objects.count() == 1  # the refused edit wrote nothing


def test_archive_writes_a_delete_to_the_outbox() -> None:
    offer = make_offer(status="published")
    services.offer_archive(actor=keeper_of(offer.organisation), offer=offer)
    assert SearchOutbox.objects.filter(offer_id=offer.pk).order_by("-id").first().op == "delete"


def test_location_coordinates_given_win_over_the_postcode() -> None:
    offer = make_offer(locations=[services.LocationInput(postal_code="50667", lat=50.95, lon=6.97)])
    location = offer.locations.get()
    assert (location.lat, location.lon, location.geocoded) == (50.95, 6.97, False)
    with pytest.raises(ValidationError, match="nicht in Nordrhein-Westfalen"):
        make_offer(locations=[services.LocationInput(postal_code="50667", lat=52.52, lon=13.40)])


def test_offer_without_place_takes_the_seat_of_its_organisation() -> None:
    offer = make_offer(OrganisationFactory(gemeinde_id="05158028"), locations=[])
    assert offer.ags == "05158028"


# --- organisation lifecycle ------------------------------------------------------------------


def _org_input(**overrides: object) -> services.OrganisationInput:
    values: dict[str, object] = {
        "name": "Türkisch-Deutscher Elternverein Köln e.V.",
        "kind": Organisation.Kind.MIGRANTENORGANISATION,
        "gemeinde": Gemeinde.objects.get(ags="05315000"),
        "phone": "0221 99887766",
        "languages": ["de", "tr"],
    }
    values.update(overrides)
    return services.OrganisationInput(**values)  # type: ignore[arg-type]


def test_organisation_lifecycle_draft_submit_return_verify(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    organisation = services.organisation_create(actor=kommune, data=_org_input(), publish=False)
    assert organisation.status == Status.DRAFT
    member = member_of(make_user(), organisation)
    services.organisation_update(
        actor=member, organisation=organisation, data=_org_input(description="Elternarbeit seit 1998")
    )
    services.organisation_submit(actor=member, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.organisation_verify(actor=member, organisation=organisation)
    with pytest.raises(ValidationError):
        services.organisation_return(actor=kommune, organisation=organisation, reason="")
    services.organisation_return(actor=kommune, organisation=organisation, reason="Bitte Website ergänzen")
    assert (organisation.status, organisation.return_reason) == (Status.DRAFT, "Bitte Website ergänzen")
    services.organisation_submit(actor=member, organisation=organisation)
    services.organisation_verify(actor=kommune, organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.status == Status.PUBLISHED
    assert organisation.verified_by == kommune and organisation.published_at is not None
    # Once published, the member no longer edits it; the Kommune keeps it.
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=member, organisation=organisation, data=_org_input(name="Anders"))
    actions = list(
        AuditEvent.objects.filter(object_id=str(organisation.pk)).order_by("at").values_list("action", flat=True)
    )
    assert actions == [
        "organisation.created",
        "organisation.updated",
        "organisation.submitted",
        "organisation.returned",
        "organisation.submitted",
        "organisation.verified",
        "organisation.published",
    ]


def test_offer_of_an_unpublished_organisation_cannot_go_public(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    organisation = services.organisation_create(actor=kommune, data=_org_input(), publish=False)
    offer = make_offer(organisation, status="submitted")
    with pytest.raises(ValidationError, match="Organisation ist noch nicht veröffentlicht"):
        services.offer_verify(actor=kommune, offer=offer)
    assert Offer.objects.get(pk=offer.pk).status == Status.SUBMITTED  # rolled back, verification included
    services.offer_verify(actor=kommune, offer=offer, publish=False)
    assert offer.status == Status.VERIFIED


def test_archiving_an_organisation_archives_its_offers(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    organisation = OrganisationFactory()
    public = make_offer(organisation, status="published")
    draft = make_offer(organisation)
    SearchOutbox.objects.all().delete()
    with pytest.raises(PermissionDenied):
        services.organisation_archive(actor=member_of(make_user(), organisation), organisation=organisation)
    services.organisation_archive(actor=kommune, organisation=organisation, reason="aufgelöst")
    assert set(Offer.objects.filter(organisation=organisation).values_list("status", flat=True)) == {"archived"}
    assert list(SearchOutbox.objects.values_list("offer_id", "op")) == [(public.pk, "delete")]
    assert AuditEvent.objects.filter(action="offer.archived", object_id=str(draft.pk)).exists()
    with pytest.raises((ValidationError, PermissionDenied)):
        services.offer_create(actor=keeper_of(organisation), organisation=organisation, data=offer_input())


def test_renaming_a_published_organisation_reindexes_its_published_offers(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    public = make_offer(organisation, status="published")
    make_offer(organisation)
    SearchOutbox.objects.all().delete()
    services.organisation_update(
        actor=make_user("kommune", ags="05315"), organisation=organisation, data=_org_input(name="Neuer Name e.V.")
    )
    assert list(SearchOutbox.objects.values_list("offer_id", flat=True)) == [public.pk]


def test_organisation_gemeinden_and_languages(make_user: Callable[..., User]) -> None:
    kommune = make_user("kommune", ags="05315")
    data = _org_input(gemeinden=list(Gemeinde.objects.filter(ags__in=["05315000", "05158028"])))
    organisation = services.organisation_create(actor=kommune, data=data)
    assert set(organisation.gemeinden.values_list("ags", flat=True)) == {"05315000", "05158028"}
    with pytest.raises(ValidationError, match="Unbekannte Sprachen"):
        services.organisation_update(actor=kommune, organisation=organisation, data=_org_input(languages=["xx"]))


def test_organisations_are_marked_stale_too() -> None:
    old = OrganisationFactory(verified_at=timezone.now() - dt.timedelta(days=400))
    OrganisationFactory(verified_at=timezone.now())
    assert services.organisations_mark_stale(actor=system_actor()) == [old]
    assert services.organisations_mark_stale(actor=system_actor()) == []
    services.organisation_verify(actor=kommune_for(old.ags), organisation=Organisation.objects.get(pk=old.pk))
    assert Organisation.objects.get(pk=old.pk).stale_since is None


# --- structures ------------------------------------------------------------------------------


def test_structure_created_and_changed_in_scope_only(make_user: Callable[..., User]) -> None:
    kreis = make_user("kommune", ags="05158")
    data = services.StructureInput(
        kind=Structure.Kind.NETZWERK,
        name="Runder Tisch gegen Rassismus Ratingen",
        gemeinde=Gemeinde.objects.get(ags="05158028"),
    )
    structure = services.structure_create(actor=kreis, data=data)
    assert (structure.status, structure.kreis_id, structure.ags) == (Status.PUBLISHED, "05158", "05158028")
    with pytest.raises(PermissionDenied):
        services.structure_create(actor=make_user("kommune", ags="05315"), data=data)
    with pytest.raises(PermissionDenied):
        services.structure_create(actor=make_user("land", ags="05"), data=data)
    data.name = "Runder Tisch Ratingen"
    services.structure_update(actor=kreis, structure=structure, data=data)
    data.gemeinde, data.kreis = None, Kreis.objects.get(key="05315")
    with pytest.raises(PermissionDenied):
        services.structure_update(actor=kreis, structure=structure, data=data)
    structure.refresh_from_db()
    assert structure.gemeinde_id == "05158028"
    services.structure_archive(actor=kreis, structure=structure, reason="aufgelöst")
    assert AuditEvent.objects.filter(action="structure.archived", reason="aufgelöst").exists()


def test_structure_needs_an_area(make_user: Callable[..., User]) -> None:
    with pytest.raises(ValidationError):
        services.structure_create(
            actor=kommune_for("05315"), data=services.StructureInput(kind="netzwerk", name="Netzwerk")
        )


# --- contact persons -------------------------------------------------------------------------


def test_contact_create_update_and_consent_rules(make_user: Callable[..., User]) -> None:
    organisation = OrganisationFactory()
    member = member_of(make_user(), organisation)
    data = services.ContactInput(name="Olena Kovalenko", function="Beraterin", consent_public=True)
    with pytest.raises(ValidationError, match="Ohne Datum der Einwilligung"):
        services.contact_create(actor=member, data=data, organisation=organisation)
    data.consent_at = dt.date(2026, 3, 1)
    contact = services.contact_create(actor=member, data=data, organisation=organisation)
    assert contact.is_public
    with pytest.raises(PermissionDenied):
        services.contact_create(
            actor=member_of(make_user(), OrganisationFactory()), data=data, organisation=organisation
        )
    with pytest.raises(ValidationError):
        services.contact_create(actor=kommune_for("05315"), data=data)  # belongs to nothing
    data.consent_public = False
    services.contact_update(actor=member, contact=contact, data=data)
    assert not Contact.objects.get(pk=contact.pk).is_public
    assert not AuditEvent.objects.filter(object_repr__contains="Kovalenko").exists()


def test_contact_of_a_structure(make_user: Callable[..., User]) -> None:
    structure = StructureFactory()
    kommune = make_user("kommune", ags="05315")
    contact = services.contact_create(actor=kommune, data=services.ContactInput(name="Frau Demir"), structure=structure)
    structure.refresh_from_db()
    assert structure.contact == contact and contact.organisation is None
    assert services.contact_export(actor=kommune, contact=contact)["structures"][0]["name"] == structure.name


def test_contact_export_is_complete_json(make_user: Callable[..., User]) -> None:
    import json

    contact = ContactFactory()
    offer = make_offer(contact.organisation, status="published")
    offer.contact = contact
    offer.save()
    kommune = make_user("kommune", ags="05315")
    services.contact_update(
        actor=kommune,
        contact=contact,
        data=services.ContactInput(name=contact.name, email="neu@example.nrw", consent_at=contact.consent_at),
    )
    data = json.loads(json.dumps(services.contact_export(actor=kommune, contact=contact)))
    assert data["name"] == "Ayşe Yılmaz" and data["email"] == "neu@example.nrw"
    assert data["function"] == "" and data["consent_at"] == "2026-01-15" and data["consent_public"] is False
    assert data["organisation"]["id"] == str(contact.organisation_id)
    assert data["offers"] == [{"id": str(offer.pk), "title": offer.title, "status": "published"}]
    assert [e["action"] for e in data["events"]] == ["contact.updated"]
    assert len(data["history"]) == 2
    with pytest.raises(PermissionDenied):
        services.contact_export(actor=make_user("land", ags="05"), contact=contact)


def test_contact_erase_is_irreversible_and_leaves_no_copy(make_user: Callable[..., User]) -> None:
    contact = ContactFactory()
    offer = make_offer(contact.organisation, status="published")
    offer.contact = contact
    offer.save()
    SearchOutbox.objects.all().delete()
    kommune = make_user("kommune", ags="05315")
    services.contact_erase(actor=kommune, contact=contact, reason="Antrag der Person vom 3. März")
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone, contact.function) == ("", "", "", "")
    assert not contact.is_public and contact.erased_at is not None
    assert list(SearchOutbox.objects.values_list("offer_id", flat=True)) == [offer.pk]
    event = AuditEvent.objects.get(action="contact.erased")
    assert event.reason == "Antrag der Person vom 3. März" and event.actor == kommune
    stored = [str(h.__dict__) for h in contact.history.all()] + [
        str(e.__dict__) for e in AuditEvent.objects.filter(object_id=str(contact.pk))
    ]
    assert not any("Ayşe" in text or "ayse.yilmaz" in text or "123456" in text for text in stored)
    with pytest.raises(ValidationError):
        services.contact_erase(actor=kommune, contact=contact, reason="noch einmal")
    with pytest.raises(ValidationError):
        services.contact_update(actor=kommune, contact=contact, data=services.ContactInput(name="Wieder da"))


def test_offer_contact_must_belong_to_its_organisation() -> None:
    organisation = OrganisationFactory()
    own = ContactFactory(organisation=organisation)
    offer = make_offer(organisation, contact=own)
    assert offer.contact == own
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Organisation"):
        make_offer(organisation, contact=ContactFactory())


def test_saving_an_offer_with_its_place_and_times_unchanged_keeps_their_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    from teilhabe.registry.models import Location, OpeningHours

    hours = [services.HoursInput(weekday=1, opens=dt.time(10), closes=dt.time(12))]
    place = services.LocationInput(postal_code="50667", street="Domplatz 1", city="Köln", name="Zentrum")
    offer = make_offer(status="published", locations=[place], opening_hours=hours)
    kommune = kommune_for(offer.ags)
    location_ids = set(Location.objects.filter(offer=offer).values_list("pk", flat=True))
    hours_ids = set(OpeningHours.objects.filter(offer=offer).values_list("pk", flat=True))
    location_history = Location.history.filter(offer_id=offer.pk).count()
    looked_up: list[str] = []
    real_locate = services.locate
    monkeypatch.setattr(services, "locate", lambda **kw: looked_up.append(kw["postal_code"]) or real_locate(**kw))

    same_place = services.LocationInput(postal_code="50667", street="Domplatz 1", city="Köln", name="Zentrum")
    services.offer_update(
        actor=kommune,
        offer=Offer.objects.get(pk=offer.pk),
        data=offer_input(title="Neuer Titel", locations=[same_place], opening_hours=hours),
    )
    assert Offer.objects.get(pk=offer.pk).title == "Neuer Titel"
    assert set(Location.objects.filter(offer=offer).values_list("pk", flat=True)) == location_ids
    assert set(OpeningHours.objects.filter(offer=offer).values_list("pk", flat=True)) == hours_ids
    assert Location.history.filter(offer_id=offer.pk).count() == location_history
    assert looked_up == []

    moved = services.LocationInput(postal_code="50676", street="Hauptstraße 1", name="Zentrum")
    later = [services.HoursInput(weekday=1, opens=dt.time(14), closes=dt.time(16))]
    services.offer_update(
        actor=kommune, offer=Offer.objects.get(pk=offer.pk), data=offer_input(locations=[moved], opening_hours=later)
    )
    changed = Offer.objects.get(pk=offer.pk)
    assert looked_up == ["50676"]
    assert [(loc.postal_code, loc.street, loc.city) for loc in changed.locations.all()] == [
        ("50676", "Hauptstraße 1", "Köln")
    ]
    assert not set(Location.objects.filter(offer=offer).values_list("pk", flat=True)) & location_ids
    assert [(h.opens, h.closes) for h in changed.opening_hours.all()] == [(dt.time(14), dt.time(16))]


def test_given_coordinates_count_as_a_change_of_a_place_from_the_postcode() -> None:
    from teilhabe.registry.models import Location

    place = services.LocationInput(postal_code="50667", street="Domplatz 1", city="Köln")
    offer = make_offer(status="published", locations=[place])
    given = services.LocationInput(postal_code="50667", street="Domplatz 1", city="Köln", lat=50.9413, lon=6.9583)
    services.offer_update(
        actor=kommune_for(offer.ags), offer=Offer.objects.get(pk=offer.pk), data=offer_input(locations=[given])
    )
    location = Location.objects.get(offer=offer)
    assert (location.lat, location.lon, location.geocoded) == (50.9413, 6.9583, False)


def test_times_that_end_before_they_begin_change_nothing() -> None:
    offer = make_offer(status="published", title="Vorher")
    wrong = [services.HoursInput(weekday=1, opens=dt.time(12), closes=dt.time(10))]
    with pytest.raises(ValidationError) as refused:
        services.offer_update(
            actor=kommune_for(offer.ags),
            offer=Offer.objects.get(pk=offer.pk),
            data=offer_input(title="Nachher", opening_hours=wrong),
        )
    assert "opening_hours" in refused.value.message_dict
    assert Offer.objects.get(pk=offer.pk).title == "Vorher"


def test_a_kommune_cannot_move_an_offer_out_of_its_area_and_nothing_is_written() -> None:
    from teilhabe.registry.models import Location

    offer = make_offer(status="published", title="In Köln")
    kommune = kommune_for(offer.ags)
    events, queued = AuditEvent.objects.count(), SearchOutbox.objects.count()
    frechen = services.LocationInput(postal_code="50226", street="Hauptstraße 1")
    with pytest.raises(PermissionDenied):
        services.offer_update(
            actor=kommune, offer=Offer.objects.get(pk=offer.pk), data=offer_input(title="Weg", locations=[frechen])
        )
    kept = Offer.objects.get(pk=offer.pk)
    assert (kept.title, kept.ags) == ("In Köln", offer.ags)
    assert list(Location.objects.filter(offer=offer).values_list("postal_code", flat=True)) == ["50667"]
    assert (AuditEvent.objects.count(), SearchOutbox.objects.count()) == (events, queued)
