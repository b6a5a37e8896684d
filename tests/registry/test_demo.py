from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from teilhabe.core.models import User
from teilhabe.core.scope import scope_of
from teilhabe.registry.models import Offer, Status, Structure

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
