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
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from .dates import PartialDate, parse_date
from .datelines import Dateline, find_full_date, parse_dateline
from .decoding import page_language, page_text, xml_safe_text

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
    # Counted in C over a table filled as characters are met: an article of a hundred thousand lines
    # asks this of every line, and looking up each letter's Unicode name made it the slowest step.
    counts = Counter(map(_SCRIPTS.__getitem__, text))
    counts.pop(None, None)
    return max(counts, key=counts.get) if counts else None


class _ScriptTable(dict):
    """Character -> 'latin', 'cyrillic', 'other', or None for what is not a letter."""

    def __missing__(self, character: str) -> str | None:
        script = None
        if character.isalpha():
            name = unicodedata.name(character, "")
            script = "latin" if name.startswith("LATIN") else "cyrillic" if name.startswith("CYRILLIC") else "other"
        self[character] = script
        return script


_SCRIPTS = _ScriptTable()


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
    positions = [index for index, _ in kept]
    # A section heading breaks a run; what follows is still the article if it is prose again.
    for run in runs[main + 1:]:
        gap = _between(kept, positions, body[-1][0], run[0][0])
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
    positions = [index for index, _ in kept]
    for run in runs:
        gap = _between(kept, positions, joined[-1][-1][0], run[0][0]) if joined else []
        if joined and len(gap) == 1 and not is_headline_like(gap[0]):
            joined[-1].extend(run)
        else:
            joined.append(list(run))
    return joined


def _between(kept: list[tuple[int, str]], positions: list[int], after: int, before: int) -> list[str]:
    """The kept lines strictly between two line numbers, found by bisection (kept is in line order)."""
    return [line for _, line in kept[bisect_right(positions, after):bisect_left(positions, before)]]


def comparable(paragraph: str) -> str:
    dateline = parse_dateline(paragraph)
    if dateline:
        paragraph = paragraph[len(dateline.text):]
    return " ".join(word.casefold() for word in words(paragraph))


SHINGLE = 5          # words in a piece by which paragraphs find their possible repeats
MOST_CANDIDATES = 20  # repeats are looked for among the paragraphs sharing most pieces with each one
COMMON_PIECE = 50     # a run of words found in more paragraphs than this is boilerplate, not a sign of a copy


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Drop a paragraph that another one repeats (a standfirst repeating the lead, a pull quote).

    Of identical copies the last with a dateline stays, else the last; a near copy (over 90% alike)
    goes the same way; a paragraph whose words all stand, in order, inside another one goes. Only
    paragraphs that share runs of words are compared, so a long article costs about its length,
    not its length squared.
    """
    keys = [comparable(p) for p in paragraphs]
    tokens = [key.split() for key in keys]
    padded = [f" {key} " for key in keys]  # a part inside a whole, on word boundaries, by a substring search
    datelined = [parse_dateline(p) is not None for p in paragraphs]
    dropped: set[int] = set()
    copies: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key:
            copies.setdefault(key, []).append(position)
    for group in copies.values():
        keeper = [i for i in group if datelined[i]][-1:] or group[-1:]
        dropped.update(i for i in group if i != keeper[0])
    pieces = _PieceIndex(tokens)
    for i, key in enumerate(keys):
        if not key or i in dropped:
            continue
        mine = pieces.count(i)
        for j, shared in pieces.candidates(i):
            if j in dropped:
                continue
            other = keys[j]
            # A near copy shares most of its runs of words; only then is it worth comparing letter by letter.
            alike = len(key) > 40 and 2 * shared >= min(mine, pieces.count(j)) and 0.9 * len(other) < len(key) < len(other) / 0.9
            same = alike and difflib.SequenceMatcher(None, key, other).ratio() > 0.9
            # Only a paragraph whose every run of words the other holds can stand inside it.
            inside = shared == mine and len(key) < len(other) and padded[i] in padded[j]
            if (same and (datelined[j] or (not datelined[i] and j > i))) or inside:
                dropped.add(i)
                break
    return [p for i, p in enumerate(paragraphs) if i not in dropped]


class _PieceIndex:
    """Which paragraphs hold which runs of words, built per run length as needed."""

    def __init__(self, tokens: list[list[str]]):
        self.tokens = tokens
        self.by_size: dict[int, dict[tuple[str, ...], list[int]]] = {}
        self.counts: dict[int, int] = {}  # a paragraph is counted for each one it might repeat: once will do

    def candidates(self, i: int) -> list[tuple[int, int]]:
        """Other paragraphs sharing runs of words with paragraph i, with how many, most first (a few)."""
        size = min(SHINGLE, len(self.tokens[i]))
        index = self._index(size)
        counts: dict[int, int] = {}
        for piece in set(_runs(self.tokens[i], size)):
            for j in index.get(piece, ()):
                if j != i:
                    counts[j] = counts.get(j, 0) + 1
        return [(j, counts[j]) for j in sorted(sorted(counts), key=lambda j: -counts[j])[:MOST_CANDIDATES]]

    def count(self, i: int) -> int:
        """How many different indexed runs of words paragraph i has (at least 1)."""
        if i not in self.counts:
            size = min(SHINGLE, len(self.tokens[i]))
            index = self._index(size)
            self.counts[i] = sum(piece in index for piece in set(_runs(self.tokens[i], size))) or 1
        return self.counts[i]

    def _index(self, size: int) -> dict[tuple[str, ...], list[int]]:
        index = self.by_size.get(size)
        if index is None:
            index = {}
            for position, words_ in enumerate(self.tokens):
                for piece in set(_runs(words_, size)):
                    index.setdefault(piece, []).append(position)
            # Pieces shared by many paragraphs would make each question cost the whole article.
            index = self.by_size[size] = {piece: held for piece, held in index.items() if len(held) <= COMMON_PIECE}
        return index


def _runs(words_: list[str], size: int):
    return (tuple(words_[start:start + size]) for start in range(len(words_) - size + 1))


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

    # Decoded before it is cleaned: in UTF-16 and UTF-32 a NUL byte is part of a letter, not a character to drop.
    text = xml_safe_text(page_text(data))
    # Dates only from the page's metadata and URL (not guessed from the text), as far back as the timeline goes.
    document = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=False,
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
                   site or (dateline.agency if dateline else None), document.url or url, page_language(text))


def strip_site_name(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline'."""
    if site:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(separator + site):
                return title[:-len(separator + site)].strip()
    return title
