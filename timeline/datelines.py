"""Datelines and written dates in news text: 'MOSCOW, May 6 (RIA Novosti) - ', '6 мая 2009 года'. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import PartialDate, parse_date

_EN_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
             r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_RU_MONTH = (r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
             r"|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь)")
_MONTH_PREFIXES = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                   "oct": 10, "nov": 11, "dec": 12, "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5,
                   "июн": 6, "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12}
_PLACE = r"[^\W\d_][^\W\d_.'’-]*(?:[ .'’-]{1,2}[^\W\d_]+){0,3}"
_DASH = r"[-‐‑–—]+"
# "MOSCOW, May 6 (RIA Novosti) - ", "BRUSSELS (Reuters) - ", "KYIV, Ukraine, March 3, 2014 (AP) — "
_EN_DATELINE = re.compile(
    rf"(?P<place>{_PLACE}(?:,\s*(?!{_EN_MONTH}\s)[A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?)?)"
    rf"(?:,\s*(?P<month>{_EN_MONTH})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?)?"
    rf"\s*(?:\((?P<agency>[^()]{{2,40}})\))?\s*{_DASH}\s+")
# "МОСКВА, 6 мая — РИА Новости. ", "МОСКВА, 6 мая. /ТАСС/. "
_RU_DATELINE = re.compile(
    rf"(?P<place>[А-ЯЁ][А-ЯЁ -]*[А-ЯЁ]),\s*(?P<day>\d{{1,2}})\s+(?P<month>{_RU_MONTH})(?:\s+(?P<year>\d{{4}})(?:\s*г\.)?)?"
    rf"(?:\s*{_DASH}\s*(?P<agency>[^./\n]{{2,40}}?)\.|\.?\s*/(?P<slashed>[^/\n]{{2,40}})/\.?|\s*{_DASH})\s+")
_FULL_DATES = (
    (re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")),
    (re.compile(rf"\b(?P<month>{_EN_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b")),
    (re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_EN_MONTH}),?\s+(?P<year>\d{{4}})\b")),
    (re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_RU_MONTH})\s+(?P<year>\d{{4}})\b")),
    (re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b")),
)


@dataclass(frozen=True)
class Dateline:
    """The place, date and agency a wire story opens with."""

    text: str
    place: str
    month: int | None
    day: int | None
    year: int | None
    agency: str | None

    def described(self) -> str:
        return self.text.strip().rstrip("-–—. ").strip()


def month_number(word: str) -> int | None:
    word = word.strip(".").casefold()
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    return _MONTH_PREFIXES.get(word[:3])


def checked_date(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    """A real calendar date or None (no 30 February)."""
    if year is None:
        return None
    try:
        text = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")
        return parse_date(text)
    except ValueError:
        return None


def find_full_date(text: str) -> PartialDate | None:
    """The first day-month-year date written in the text, in any common form."""
    found = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            date = checked_date(int(match["year"]), month_number(match["month"]), int(match["day"]))
            if date is not None:
                found.append((match.start(), date))
    return min(found)[1] if found else None


def parse_dateline(paragraph: str) -> Dateline | None:
    """Read a dateline such as 'MOSCOW, May 6 (RIA Novosti) - ' at the start of a paragraph."""
    match = _RU_DATELINE.match(paragraph) or _EN_DATELINE.match(paragraph)
    if match is None:
        return None
    groups = match.groupdict()
    agency = groups.get("agency") or groups.get("slashed")
    # A place in capitals, or a date, tells a dateline from a sentence with a bracket and a dash in it.
    if not (groups["month"] or agency) or not (groups["month"] or groups["place"].isupper()):
        return None
    month = month_number(groups["month"]) if groups["month"] else None
    return Dateline(match.group(0), groups["place"].strip(), month, int(groups["day"]) if groups["day"] else None,
                    int(groups["year"]) if groups["year"] else None, agency.strip() if agency else None)
