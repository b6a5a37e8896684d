"""Offer translations: the state of each (missing, current, outdated), entered in the form, shown to organisation
and Kommune; the public pages in the reader's language with German marked as German."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from teilhabe.core.models import User
from teilhabe.registry import services
from teilhabe.registry.models import Offer, OfferTranslation
from teilhabe.registry.search import rebuild_search_index
from tests.conftest import login
from tests.registry.factories import keeper_of, kommune_for, make_offer, offer_input

pytestmark = pytest.mark.django_db

UK = services.TranslationInput(
    title="Консультація з питань міграції",
    description="Допомагаємо з перебуванням, роботою та житлом.",
    schedule_note="Без попереднього запису",
    place_note="Вхід з двору, 2 поверх",
    accessibility="Є ліфт",
)


@pytest.fixture(autouse=True)
def _index(settings: Any, tmp_path: Path) -> None:
    settings.TEILHABE_SEARCH_DIR = tmp_path / "search"


def states(offer: Offer) -> dict[str, str]:
    return dict(Offer.objects.get(pk=offer.pk).translation_states())


def test_states_missing_current_outdated_and_confirmed() -> None:
    offer = make_offer(status="published", translations={"uk": UK})
    assert states(offer) == {"en": "missing", "tr": "missing", "ar": "missing", "uk": "current", "ru": "missing"}
    kommune = kommune_for(offer.ags)
    # The German text changes, the translation is sent unchanged: it is now outdated.
    services.offer_update(
        actor=kommune, offer=offer, data=offer_input(description="Neue Zeiten ab März.", translations={"uk": UK})
    )
    assert states(offer)["uk"] == "outdated"
    # A change of a field that is not translated (the e-mail address) leaves it as it is.
    services.offer_update(
        actor=kommune,
        offer=offer,
        data=offer_input(description="Neue Zeiten ab März.", email="info@example.org", translations={"uk": UK}),
    )
    assert states(offer)["uk"] == "outdated"
    # Confirmed as still right: current again, text kept.
    confirmed = services.TranslationInput(**{**UK.__dict__, "confirm_current": True})
    services.offer_update(
        actor=kommune, offer=offer, data=offer_input(description="Neue Zeiten ab März.", translations={"uk": confirmed})
    )
    assert states(offer)["uk"] == "current"
    translation = OfferTranslation.objects.get(offer=offer, language="uk")
    assert (translation.place_note, translation.accessibility) == ("Вхід з двору, 2 поверх", "Є ліфт")


def test_a_translation_without_title_is_removed_and_an_unknown_language_refused() -> None:
    offer = make_offer(translations={"uk": UK, "tr": ("Danışmanlık", "")})
    keeper = keeper_of(offer.organisation)
    services.offer_update(actor=keeper, offer=offer, data=offer_input(translations={"uk": UK, "tr": ("", "x")}))
    assert set(OfferTranslation.objects.filter(offer=offer).values_list("language", flat=True)) == {"uk"}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.offer_update(actor=keeper, offer=offer, data=offer_input(translations={"xx": ("Titel", "")}))
    assert set(OfferTranslation.objects.filter(offer=offer).values_list("language", flat=True)) == {"uk"}


def test_form_shows_the_states_and_saves_every_field(make_user: Callable[..., User]) -> None:
    offer = make_offer(status="published", translations={"uk": UK})
    services.offer_update(
        actor=kommune_for(offer.ags), offer=offer, data=offer_input(title="Geänderter Titel", translations={"uk": UK})
    )
    kommune = login(Client(), make_user("kommune", ags="05315"))
    page = kommune.get(f"/register/angebote/{offer.pk}/bearbeiten/").content.decode()
    assert 'id="translation-uk" open' in page and "veraltet" in page
    assert 'name="accessibility_tr"' in page and 'name="confirm_ar"' in page
    detail = kommune.get(f"/register/angebote/{offer.pk}/").content.decode()
    assert 'id="translation-state-uk"' in detail and "veraltet" in detail
    data = {
        "title": "Geänderter Titel",
        "description": offer.description,
        "topics": ["sprache"],
        "postal_code": "50667",
        "title_uk": UK.title,
        "description_uk": UK.description,
        "schedule_note_uk": "Щосереди",
        "title_tr": "Göç danışmanlığı",
        "accessibility_tr": "Asansör var",
    }
    assert kommune.post(f"/register/angebote/{offer.pk}/bearbeiten/", data).status_code == 302
    assert states(offer)["uk"] == "current"  # the Ukrainian text changed: made from the current German
    assert states(offer)["tr"] == "current"
    assert OfferTranslation.objects.get(offer=offer, language="tr").accessibility == "Asansör var"
    # Another Kommune sees nothing of it.
    other = login(Client(), make_user("kommune", ags="05111"))
    assert other.get(f"/register/angebote/{offer.pk}/bearbeiten/").status_code in (403, 404)


def test_public_page_in_the_readers_language_and_german_marked(client: Client) -> None:
    offer = make_offer(
        status="published",
        title="Migrationsberatung",
        accessibility="Rampe am Eingang",
        translations={"uk": services.TranslationInput(title=UK.title, description=UK.description)},
    )
    client.cookies["django_language"] = "uk"
    page = client.get(f"/angebote/{offer.pk}/").content.decode()
    assert f'<h1 class="kern-heading-large" lang="uk" dir="auto">{UK.title}</h1>' in page
    assert 'lang="de" dir="auto">Rampe am Eingang' in page  # not translated: marked German
    assert f'<bdi lang="de">{offer.organisation.name}</bdi>' in page
    client.cookies["django_language"] = "ar"
    page = client.get(f"/angebote/{offer.pk}/").content.decode()
    assert '<h1 class="kern-heading-large" lang="de" dir="auto">Migrationsberatung</h1>' in page
    rebuild_search_index()
    finder = client.get("/angebote/", {"q": "Migrationsberatung"}).content.decode()
    assert 'lang="de" dir="auto">Migrationsberatung</a>' in finder
    client.cookies["django_language"] = "uk"
    finder = client.get("/angebote/", {"q": "консультація"}).content.decode()
    assert f'lang="uk" dir="auto">{UK.title}</a>' in finder


def test_offer_pdf_isolates_german_names(client: Client) -> None:
    offer = make_offer(status="published", title="Beratung", translations={"ar": ("استشارة", "نساعدكم")})
    client.cookies["django_language"] = "ar"
    response = client.get(f"/angebote/{offer.pk}/angebot.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The HTML the PDF is made from: Arabic title, German names embedded left to right (WeasyPrint does not
    # isolate <bdi> by itself, so the PDF gives the direction explicitly).
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ar"):
        html = render_to_string(
            "public/pdf/offer.html",
            {
                "offer": offer,
                "texts": (texts := offer.text_in("ar")),
                "title": texts["title"],
                "description": texts["description"],
                "locations": list(offer.locations.all()),
                "language": "ar",
                "rtl": True,
            },
        )
    assert '<h1 lang="ar" dir="auto">استشارة</h1>' in html
    assert f'<bdi lang="de" dir="ltr">{offer.organisation.name}</bdi>' in html
    assert '<bdi lang="de" dir="ltr">' in html.split("Domplatz")[0][-200:]
