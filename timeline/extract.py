"""A saved news article -> its headline, dates, publisher and cleaned paragraphs.

HTML goes through trafilatura, which finds the article and reads the page's
metadata (title, publication date, site name). Text copied from a browser is
cleaned by general rules rather than a list of one site's words: the article
is the longest run of prose lines (lines that end like a sentence); short
lines without sentence punctuation, lines in another script, wire credits and
paragraphs repeated elsewhere in the story are site furniture or duplicates.
Both paths then share the dateline and duplicate rules.
"""
from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from dataclasses import dataclass

from .dates import PartialDate, parse_date

log = logging.getLogger(__name__)

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
# A sentence ends the line: . ! ? … possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*$")
# Wire services credit their staff in a last line: "Reporting by ...; Editing by ...".
_CREDITS = re.compile(r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\b", re.I)
_BYLINE = re.compile(r"^(?:by|от|автор:?)\s+\S", re.I)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MIN_PROSE_WORDS = 4


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


@dataclass(frozen=True)
class Article:
    """What could be read from a saved article; every field may be missing."""

    title: str | None
    paragraphs: tuple[str, ...]
    dateline: Dateline | None = None
    published: PartialDate | None = None
    published_from: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


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


# ---- lines and scripts -----------------------------------------------------------

def normalize_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u200b", "")
    return " ".join(line.split())


def script_of(text: str) -> str | None:
    """The script most letters of the text are written in: 'latin', 'cyrillic', 'other' or None."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = "latin" if name.startswith("LATIN") else "cyrillic" if name.startswith("CYRILLIC") else "other"
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.get) if counts else None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_prose(line: str) -> bool:
    """A line that reads as a sentence: several words, ending with sentence punctuation."""
    return len(words(line)) >= MIN_PROSE_WORDS and bool(_SENTENCE_END.search(line)) and not _CREDITS.match(line)


def is_headline_like(line: str) -> bool:
    """A line that could be a headline: a few words, capitalized, no full stop at the end."""
    count = len(words(line))
    first = next((ch for ch in line if ch.isalnum()), "")
    return (3 <= count <= 30 and not line.endswith((".", ",", ":", ";")) and (first.isupper() or first.isdigit())
            and not _BYLINE.match(line) and not _CREDITS.match(line))


def content_words(text: str) -> set[str]:
    return {word.casefold() for word in words(text) if len(word) > 3}


# ---- cleaning --------------------------------------------------------------------

def clean_lines(lines: list[str], title: str | None = None) -> tuple[str | None, list[str], Dateline | None, list[str]]:
    """Split pasted lines into the headline, the article's paragraphs, its dateline and the lines before it."""
    lines = [normalize_line(line) for line in lines]
    prose_text = " ".join(line for line in lines if is_prose(line))
    main_script = script_of(prose_text) or script_of(" ".join(lines))
    kept = [(index, line) for index, line in enumerate(lines)
            if line and script_of(line) in (main_script, None) and line != title]
    runs = join_runs(prose_runs(kept), kept)
    if not runs:
        return title, [], None, [line for _, line in kept]
    datelined = next((i for i, run in enumerate(runs) for _, line in run if parse_dateline(line)), None)
    main = datelined if datelined is not None else max(range(len(runs)), key=lambda i: sum(len(words(l)) for _, l in runs[i]))
    body = list(runs[main])
    # A section heading breaks a run; what follows is still the article if it is prose again.
    for run in runs[main + 1:]:
        gap = [line for index, line in kept if body[-1][0] < index < run[0][0]]
        if len(gap) > 1 or len(run) < 2:
            break
        body += run
    header = [line for index, line in kept if index < body[0][0]]
    paragraphs = [line for _, line in body]
    dateline = next((d for d in map(parse_dateline, paragraphs) if d), None)
    paragraphs = drop_repeats(paragraphs)
    if title is None:
        title = pick_headline(header, paragraphs)
    return title, paragraphs, dateline, header


def prose_runs(kept: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Group prose lines that follow each other with nothing but blank lines between."""
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for index, line in kept:
        if is_prose(line):
            current.append((index, line))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def join_runs(runs: list[list[tuple[int, str]]], kept: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Join runs split by one short line that could not be a heading ('Advertisement', 'Share this')."""
    joined: list[list[tuple[int, str]]] = []
    for run in runs:
        gap = [line for index, line in kept if joined and joined[-1][-1][0] < index < run[0][0]]
        if joined and len(gap) == 1 and not is_headline_like(gap[0]):
            joined[-1] = joined[-1] + run
        else:
            joined.append(run)
    return joined


def comparable(paragraph: str) -> str:
    dateline = parse_dateline(paragraph)
    if dateline:
        paragraph = paragraph[len(dateline.text):]
    return " ".join(word.casefold() for word in words(paragraph))


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Drop a paragraph that another one repeats (a standfirst repeating the lead, a pull quote)."""
    keys = [comparable(p) for p in paragraphs]
    dropped: set[int] = set()
    for i, key in enumerate(keys):
        for j, other in enumerate(keys):
            if i == j or j in dropped or not key:
                continue
            same = key == other or (len(key) > 40 and difflib.SequenceMatcher(None, key, other).ratio() > 0.9)
            # Of two copies keep the one with the dateline, else the later one; of a part and a whole keep the whole.
            if (same and (parse_dateline(paragraphs[j]) or (not parse_dateline(paragraphs[i]) and j > i))) \
                    or (key != other and key in other):
                dropped.add(i)
                break
    return [p for i, p in enumerate(paragraphs) if i not in dropped]


def pick_headline(header: list[str], paragraphs: list[str]) -> str | None:
    """The header line that shares most words with the lead, else the last headline-like one."""
    candidates = [line for line in header if is_headline_like(line) and not find_full_date(line)]
    if not candidates:
        return None
    lead = content_words(" ".join(paragraphs[:2]))
    scored = [(len(content_words(line) & lead), position) for position, line in enumerate(candidates)]
    return candidates[max(scored)[1]]


# ---- quoted speech ----------------------------------------------------------------

SPEECH_VERBS = ("said", "says", "told", "added", "asked", "stressed", "noted", "warned", "declared",
                "insisted", "wrote", "stated", "replied", "explained", "argued")
RU_SPEECH_VERBS = ("сказал", "заявил", "отметил", "подчеркнул", "добавил", "сообщил", "пояснил", "напомнил")
_QUOTE = re.compile(r'"([^"\n]+)"|“([^”\n]+)”|«((?:[^«»\n]|«[^«»\n]*»)+)»|„([^“”\n]+)[“”]')
# '"...," Lavrov said', '"...," said Lavrov', '«...», — сказал Лавров', 'Lavrov said: "..."'
_AFTER_EN = re.compile(rf"^[\s,]*(?:(?:{'|'.join(SPEECH_VERBS)})\s+(?P<after_verb>[^,.;:\"“”]{{2,80}})"
                       rf"|(?P<before_verb>[^,.;:\"“”]{{2,80}}?)\s+(?:{'|'.join(SPEECH_VERBS)})\b)")
_AFTER_RU = re.compile(rf"^[\s,]*[-–—]\s*(?:{'|'.join(RU_SPEECH_VERBS)})[аи]?\s+(?P<after_verb>[^,.;:«»]{{2,80}})")
_BEFORE = re.compile(rf"(?P<who>[^.!?,;\"“”«»]{{2,120}}?)\s+(?:(?:{'|'.join(SPEECH_VERBS + RU_SPEECH_VERBS)})[аи]?"
                     rf"(?:\s+\w+)?\s*[:,]?|\w+\s*:)\s*$")
MIN_QUOTE_WORDS = 4  # shorter ones are mostly scare quotes


@dataclass(frozen=True)
class QuotedSpeech:
    """A direct quotation and the words the text uses for its speaker, if any."""

    text: str
    who: str | None
    paragraph: int
    start: int


def quoted_speech(paragraphs: list[str]) -> list[QuotedSpeech]:
    """Find direct quotations of a few words or more and the attribution next to each."""
    found = []
    for number, paragraph in enumerate(paragraphs):
        for match in _QUOTE.finditer(paragraph):
            quoted = next(group for group in match.groups() if group is not None).strip().rstrip(",;:")
            if len(words(quoted)) < MIN_QUOTE_WORDS:
                continue
            after = paragraph[match.end():]
            attribution = _AFTER_RU.match(after) or _AFTER_EN.match(after)
            if attribution:
                who = attribution.group("after_verb") or attribution.group("before_verb")
            else:
                before = _BEFORE.search(paragraph[:match.start()])
                who = before.group("who") if before else None
            found.append(QuotedSpeech(quoted, who.strip() if who else None, number, match.start()))
    return found


# ---- the two kinds of input ------------------------------------------------------

def extract_text(text: str) -> Article:
    """Read an article copied from a browser as plain text."""
    title, paragraphs, dateline, header = clean_lines(text.splitlines())
    published, source = None, None
    header_date = next((d for d in map(find_full_date, header) if d), None)
    if header_date:
        published, source = header_date, "a date above the article"
    return Article(title, tuple(paragraphs), dateline, published, source,
                   dateline.agency if dateline else None)


def extract_html(data: bytes, url: str | None = None) -> Article:
    """Read a saved web page: trafilatura finds the article text and the page's metadata."""
    import trafilatura  # imported here: only the import command needs it, and it is slow to load

    # Dates only from the page's metadata and URL (not guessed from the text), as far back as the timeline goes.
    document = trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True, "min_date": "1900-01-01"})
    if document is None:
        return Article(None, ())
    site = (document.sitename or "").strip() or None
    title = strip_site_name((document.title or "").strip(), site) or None
    _, paragraphs, dateline, _ = clean_lines((document.text or "").splitlines(), title)
    published = None
    if document.date:
        try:
            published = parse_date(document.date)
        except ValueError:
            log.debug("unreadable date %r from the page's metadata", document.date)
    return Article(title, tuple(paragraphs), dateline, published, "the page's metadata" if published else None,
                   site or (dateline.agency if dateline else None), document.url or url, page_language(data))


def strip_site_name(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline'."""
    if site:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(separator + site):
                return title[:-len(separator + site)].strip()
    return title


_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)


def page_language(data: bytes) -> str | None:
    match = _LANG.search(data[:5000])
    return match.group(1).decode("ascii").lower() if match else None


def looks_like_html(data: bytes) -> bool:
    start = data[:1000].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in data[:5000].lower()
