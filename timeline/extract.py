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
from .datelines import Dateline, find_full_date, parse_dateline

log = logging.getLogger(__name__)

# A sentence ends the line: . ! ? … possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*$")
# Wire services credit their staff in a last line: "Reporting by ...; Editing by ...".
_CREDITS = re.compile(r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\b", re.I)
_BYLINE = re.compile(r"^(?:by|от|автор:?)\s+\S", re.I)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MIN_PROSE_WORDS = 4


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
