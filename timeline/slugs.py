"""Slugs made from titles: letters of any script the table knows spelt in Latin, so a URL stays readable.

`new` and `import` name a draft's file (and so its URL) with title_slug. Russian
follows ICAO Doc 9303 (the table machine-readable passports use: Ж ZH, Х KH,
Ц TS, Щ SHCH, Ю IU, Я IA, Ь left out). A title with letters only Ukrainian or
Belarusian has (і ї є ґ ў) is read as that language, whose own romanizations
spell Г as H and Ukrainian И as Y. Latin letters with accents lose them
(é -> e) through Unicode decomposition; the few that do not decompose (ß, æ, ø,
ł, ...) have a spelling below. Anything else (Chinese, Arabic, emoji) is dropped.
"""
from __future__ import annotations

import re
import unicodedata

# ICAO Doc 9303, Part 3: Cyrillic to Latin. Small letters; capitals are folded first.
ICAO_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "",
    "э": "e", "ю": "iu", "я": "ia",
    # The same table's letters of other Cyrillic alphabets.
    "ґ": "g", "є": "ie", "і": "i", "ї": "i", "ў": "u", "ѓ": "g", "ѕ": "dz", "ј": "j", "љ": "lj", "њ": "nj",
    "ќ": "k", "џ": "dz", "ђ": "d", "ћ": "c",
}
# Where Ukrainian's and Belarusian's national tables (2010 and 2007) differ from ICAO's for Russian.
UKRAINIAN = {**ICAO_CYRILLIC, "г": "h", "и": "y"}
BELARUSIAN = {**ICAO_CYRILLIC, "г": "h"}
UKRAINIAN_ONLY = frozenset("їєґ")
BELARUSIAN_ONLY = frozenset("ў")
SHARED_UKRAINIAN_BELARUSIAN = frozenset("і")  # with no Russian и or щ in sight, not Russian
# Latin letters Unicode does not decompose into a base letter and an accent.
LATIN_LETTERS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "ħ": "h",
                 "ŧ": "t", "ŋ": "ng", "ĸ": "q", "ſ": "s"}


def _table(folded: str) -> dict[str, str]:
    """The romanization for a title's Cyrillic: Ukrainian or Belarusian when only they have its letters."""
    letters = set(folded)
    if letters & UKRAINIAN_ONLY:
        return UKRAINIAN
    if letters & BELARUSIAN_ONLY:
        return BELARUSIAN
    if letters & SHARED_UKRAINIAN_BELARUSIAN:
        return BELARUSIAN if "и" not in letters and "ы" in letters else UKRAINIAN
    return ICAO_CYRILLIC


def transliterate(text: str) -> str:
    """text in small Latin letters where a spelling is known; other characters as they were."""
    folded = text.lower()
    table = {**_table(folded), **LATIN_LETTERS}
    return "".join(table.get(ch, ch) for ch in folded)


def title_slug(title: str, limit: int = 60) -> str:
    """The words of title as a slug of at most limit characters, cut between words; "" if nothing is left."""
    spaced = "".join(ch if ch.isalnum() else " " for ch in transliterate(title))  # dashes separate words
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = "-".join(words)
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1]
    return cut[:cut.rindex("-")] if "-" in cut else slug[:limit]
