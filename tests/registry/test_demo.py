from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from teilhabe.core.models import User
from teilhabe.core.scope import scope_of
from teilhabe.geo.models import Kreis
from teilhabe.registry import demo, generator, selectors
from teilhabe.registry.models import Location, Offer, Organisation, Status, Structure, validate_phone

pytestmark = pytest.mark.django_db


def test_demo_registry(settings: Any, tmp_path: Path, monkeypatch: Any) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    monkeypatch.setattr("teilhabe.registry.demo.DEMO_OFFERS", 300)
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Offer.objects.filter(status=Status.PUBLISHED).count() > 250
    assert Structure.objects.filter(kind=Structure.Kind.KOMMUNALES_INTEGRATIONSZENTRUM).count() == 53
    member = User.objects.get(email="organisation@demo.teilhabe.nrw")
    assert scope_of(member).has_role("organisation")
    waiting = Offer.objects.get(status=Status.SUBMITTED, organisation__name__contains="Frauenverein")
    kommune = User.objects.get(email="kommune@demo.teilhabe.nrw")
    assert kommune.has_perm("registry.verify_offer", waiting)
    before = Offer.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Offer.objects.count() == before
    assert "Suchindex" in out.getvalue()


def _snapshot() -> list[tuple[str, str, str, str]]:
    return list(Offer.objects.order_by("pk").values_list("pk", "title", "organisation__name", "ags"))


def _wipe() -> None:
    Offer.objects.all().delete()
    Organisation.objects.all().delete()


def test_generator_is_deterministic_and_covers_every_kreis() -> None:
    counts = generator.generate(offers=300, seed=7, organisations=60)
    assert counts == {"organisations": 60, "offers": 300}
    first = _snapshot()
    kreise = {ags[:5] for ags in Organisation.objects.values_list("gemeinde_id", flat=True)}
    assert kreise == set(Kreis.objects.values_list("key", flat=True))
    assert len(kreise) == 53
    names = list(Organisation.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert "Caritasverband für die Stadt Düsseldorf e.V." in names
    for phone in Organisation.objects.values_list("phone", flat=True)[:20]:
        validate_phone(phone)  # generated entries stay editable through the validated forms
    assert Offer.objects.filter(status=Status.PUBLISHED).count() > 250
    assert Location.objects.count() == 300 and not Location.objects.filter(lat__isnull=True).exists()
    _wipe()
    generator.generate(offers=300, seed=7, organisations=60)
    assert _snapshot() == first
    _wipe()
    generator.generate(offers=300, seed=8, organisations=60)
    assert _snapshot() != first


def test_generate_registry_command() -> None:
    out = StringIO()
    call_command("generate_registry", "--offers", "120", "--seed", "3", stdout=out)
    assert "120 Angebote" in out.getvalue()
    assert Offer.objects.count() == 120


def test_demo_seed_directly(settings: Any, tmp_path: Path, monkeypatch: Any, make_user: Any) -> None:
    """demo.seed as core's seed_demo calls it: deterministic, idempotent, the Köln proposal waiting."""
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    monkeypatch.setattr("teilhabe.registry.demo.DEMO_OFFERS", 200)
    member, kommune = make_user(), make_user("kommune", ags="05315")
    demo.seed(stdout=StringIO(), users={"organisation": member, "kommune": kommune})
    waiting = Offer.objects.get(status=Status.SUBMITTED, organisation__name=demo.DEMO_ORGANISATION)
    assert scope_of(member).object_ids("organisation", Organisation) == [waiting.organisation_id]
    assert kommune.has_perm("registry.verify_offer", waiting)
    assert waiting in selectors.verification_queue(user=kommune)
    assert not member.has_perm("registry.publish_offer", waiting)
    counts = (Offer.objects.count(), Organisation.objects.count(), Structure.objects.count())
    demo.seed(stdout=StringIO(), users={"organisation": member, "kommune": kommune})
    assert (Offer.objects.count(), Organisation.objects.count(), Structure.objects.count()) == counts
    assert member.memberships.count() == 1
