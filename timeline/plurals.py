"""Plural categories by language: CLDR's rules (unicode.org/cldr, "Language Plural Rules"), written as code.

A count's category (one, few, many, other) picks the form of a catalogue entry:
1 событие, 2 события, 5 событий, 21 событие. The rules read CLDR's operands of
the number as written: i, its integer digits, and v, how many digits follow the
decimal point, so 1 is "one" in English but 1.0 and 1.5 are "other".
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Callable

CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def operands(number: int | float | str | Decimal) -> tuple[int, int]:
    """CLDR's i and v of a number: its integer part and how many fraction digits it shows."""
    if isinstance(number, bool):
        raise TypeError("a count, not true/false")
    if isinstance(number, int):
        return abs(number), 0
    text = str(number).strip().lstrip("-+")
    try:
        Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{number!r} is not a number") from None
    whole, _, fraction = text.partition(".")
    if "e" in text.lower():  # 1e3 and the like: Decimal says what it is written as, in full
        whole, _, fraction = format(Decimal(text), "f").partition(".")
    return int(whole or 0), len(fraction)


def _english(i: int, v: int) -> str:
    # one: i = 1 and v = 0
    return "one" if i == 1 and v == 0 else "other"


def _russian(i: int, v: int) -> str:
    # one: v = 0 and i % 10 = 1 and i % 100 != 11
    # few: v = 0 and i % 10 = 2..4 and i % 100 != 12..14
    # many: v = 0 and (i % 10 = 0 or i % 10 = 5..9 or i % 100 = 11..14)
    # other: everything else (fractions)
    if v:
        return "other"
    last, last_two = i % 10, i % 100
    if last == 1 and last_two != 11:
        return "one"
    if 2 <= last <= 4 and not 12 <= last_two <= 14:
        return "few"
    return "many"


# A language's rule, and the categories its catalogue must give a form for. Add a language here
# (with CLDR's rule for it) before its catalogue can be used.
RULES: dict[str, tuple[Callable[[int, int], str], tuple[str, ...]]] = {
    "en": (_english, ("one", "other")),
    "ru": (_russian, ("one", "few", "many", "other")),
}


def primary(code: str) -> str:
    """The language a BCP 47 code names, without region or script: en-GB -> en."""
    return code.split("-", 1)[0].lower()


def has_rule(code: str) -> bool:
    return primary(code) in RULES


def categories(code: str) -> tuple[str, ...]:
    """The forms a plural entry needs in this language."""
    return RULES[primary(code)][1]


def category(code: str, number: int | float | str | Decimal) -> str:
    """The plural category of number in this language."""
    return RULES[primary(code)][0](*operands(number))
