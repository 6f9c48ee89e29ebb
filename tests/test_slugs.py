"""Slugs from titles: Cyrillic by ICAO 9303 (Ukrainian and Belarusian by their own tables), accents dropped."""
from __future__ import annotations

import pytest

from timeline.slugs import ICAO_CYRILLIC, title_slug, transliterate


def test_every_russian_letter_has_its_icao_spelling():
    russian = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    assert set(russian) <= set(ICAO_CYRILLIC)
    assert transliterate(russian) == "abvgdeezhziiklmnoprstufkhtschshshchieyeiuia"


@pytest.mark.parametrize("title, slug", [
    ("Встреча Лавров–Керри", "vstrecha-lavrov-kerri"),
    ("Лавров: Россия и НАТО", "lavrov-rossiia-i-nato"),
    ("ХАБАРОВСК, Цхинвали и Щёкино", "khabarovsk-tskhinvali-i-shchekino"),
    ("Подъём в Ярославле", "podieem-v-iaroslavle"),
    # Ukrainian: Г is H, И is Y (the 2010 national table); the letters only it has say it is Ukrainian.
    ("Зеленський у Києві", "zelenskyi-u-kyievi"),
    ("Генштаб України", "henshtab-ukrainy"),
    # Belarusian: Ў, and І beside Ы with no И.
    ("Лукашэнка ў Гродне", "lukashenka-u-hrodne"),
    ("Мінск і Гомель: вынікі", "minsk-i-homel-vyniki"),
    ("Brüssel: Straße, Łódź, Ærø, São Tomé", "brussel-strasse-lodz-aero-sao-tome"),
    ("NATO–Russia Council (NRC) meets", "nato-russia-council-nrc-meets"),
    ("北约 🙂", ""),
])
def test_titles_become_readable_slugs(title, slug):
    assert title_slug(title) == slug


def test_a_long_slug_is_cut_between_words():
    assert title_slug("alpha beta gamma", limit=10) == "alpha-beta"
    assert title_slug("alpha beta gamma", limit=11) == "alpha-beta"
    assert title_slug("alphabetagamma", limit=5) == "alpha"
