"""A web page's main text, and a fingerprint of it that changes a little with small edits. Pure.

Sources drift: a page is rewritten, or its address comes to hold another story.
`build.py sources` keeps a 64-bit SimHash of each page's main text and compares
it with the last one: equal texts give equal fingerprints, a corrected typo or a
changed "most read" box moves a few bits, and another text moves about half of
them. The text is what is left of the page without scripts, styles, navigation,
headers, footers, forms and asides, taken from <article> or <main> when the page
has one; that is stable between visits where the whole page (ads, dates, counters)
is not.
"""
from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

BITS = 64
DRIFT_BITS = 12          # more differing bits than this: the text changed a lot (two words in 400 move up to 9, another text 22 or more)
MIN_WORDS = 20           # fewer words than this give no fingerprint worth comparing
MAX_WORDS = 20_000       # a page's first words say enough; the hashing is linear in them

_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
                      "iframe", "select", "button"})
_MAIN = frozenset({"article", "main"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_WORD = re.compile(r"\w+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode_page(data: bytes, content_type: str = "") -> str:
    """A page's bytes as text: by the Content-Type's charset, else a <meta> charset, else UTF-8 (never failing)."""
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]+)", content_type, re.I) or _CHARSET.search(data[:4096])
    encoding = match.group(1).decode("ascii") if match and isinstance(match.group(1), bytes) else (
        match.group(1) if match else "utf-8")
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


class _TextParser(HTMLParser):
    """Collects text outside skipped elements, and separately inside <article>/<main>. Linear in the page,
    whatever its tags (unclosed, misnested): HTMLParser never backtracks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []   # open skipped elements
        self.main_depth = 0
        self.all_text: list[str] = []
        self.main_text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _VOID:
            return
        if tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag in _MAIN and not self.skipping:
            self.main_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag in _SKIPPED:
            if tag in self.skipping:  # closes it and anything left open inside it
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag):]
        elif tag in _MAIN and self.main_depth and not self.skipping:
            self.main_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.all_text.append(data)
        if self.main_depth:
            self.main_text.append(data)


def main_text(page: str) -> str:
    """The readable text of an HTML page (or the text of a plain one), whitespace folded."""
    if "<" not in page:
        return " ".join(page.split())
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    chosen = parser.main_text if "".join(parser.main_text).strip() else parser.all_text
    return " ".join(" ".join(chosen).split())


def fingerprint(text: str) -> str | None:
    """The 64-bit SimHash of text's three-word runs, as 16 hex digits; None for too little text."""
    words = [match.group().casefold() for _, match in zip(range(MAX_WORDS), _WORD.finditer(text))]
    if len(words) < MIN_WORDS:
        return None
    weights = [0] * BITS
    for start in range(len(words) - 2):
        digest = int.from_bytes(hashlib.blake2b(" ".join(words[start:start + 3]).encode(), digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += 1 if digest >> bit & 1 else -1
    value = sum(1 << bit for bit in range(BITS) if weights[bit] > 0)
    return f"{value:016x}"


def distance(first: str, second: str) -> int:
    """How many of the 64 bits two fingerprints differ in."""
    return bin(int(first, 16) ^ int(second, 16)).count("1")


def drifted(before: str | None, after: str | None) -> int | None:
    """The distance when it says the text changed a lot, else None (also when either is unknown)."""
    if before is None or after is None:
        return None
    bits = distance(before, after)
    return bits if bits > DRIFT_BITS else None
