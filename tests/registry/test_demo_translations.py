"""The demo's hand-written translations: a realistic share of the offers that claim a language, in all five."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from teilhabe.registry import demo_translations, generator
from teilhabe.registry.demo import seed_translations
from teilhabe.registry.models import Offer, OfferTranslation, Status

pytestmark = pytest.mark.django_db


def test_every_pattern_is_translated_into_every_language() -> None:
    patterns = {title for title, _description, _topics, _groups in generator.OFFER_PATTERNS}
    assert set(demo_translations.OFFERS) == patterns
    for texts in demo_translations.OFFERS.values():
        assert set(texts) == set(demo_translations.LANGUAGES)
        for title, description in texts.values():
            assert title and description and title not in description[:0]
    assert set(demo_translations.SUFFIXES) == set(generator.SUFFIXES)
    # Real words in the right script (no German left in the Arabic, Ukrainian and Russian texts).
    assert all("\u0600" <= c <= "\u06ff" for c in demo_translations.OFFERS["Sprachcafé"]["ar"][0] if c.isalpha())
    assert all("\u0400" <= c <= "\u04ff" for c in demo_translations.OFFERS["Elterncafé"]["uk"][0] if c.isalpha())


def test_seed_gives_a_share_of_the_offers_current_translations(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"
    generator.generate(offers=400, seed=7, organisations=40)
    made = seed_translations()
    assert made > 0
    counts = Counter(OfferTranslation.objects.values_list("language", flat=True))
    assert set(counts) == set(demo_translations.LANGUAGES)
    for code in demo_translations.LANGUAGES:
        claiming = Offer.objects.filter(status=Status.PUBLISHED, languages__code=code).count()
        assert 0.25 * claiming <= counts[code] <= 0.7 * claiming, code
    translation = OfferTranslation.objects.select_related("offer").filter(language="uk").first()
    assert translation is not None
    assert dict(translation.offer.translation_states())["uk"] == "current"
    assert translation.title.endswith(" — " + translation.offer.title.rsplit(" in ", 1)[1])
    # Only offers that claim the language, and a second run adds nothing.
    assert not OfferTranslation.objects.exclude(offer__languages__code=models_language()).exists()
    assert seed_translations() == 0


def models_language() -> Any:
    from django.db.models import F

    return F("language")
