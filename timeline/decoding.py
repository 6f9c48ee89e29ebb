"""A saved article's bytes -> its text, whatever way it was saved. Pure.

A byte order mark is read before anything else (UTF-16 as Notepad saves it is
half NUL bytes); characters XML cannot hold, raw or written as references,
become spaces rather than cost the article; and whether the bytes are a web
page is told from their first characters in any of those encodings.
"""
from __future__ import annotations

import codecs
import re

from .schema import FORBIDDEN_CHARACTERS

_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def xml_safe_text(text: str) -> str:
    """Text with the characters XML cannot hold (C0 controls, U+FFFE, U+FFFF, surrogates), written raw
    or as numeric references, turned into spaces: one stray &#12; must not cost the whole article."""
    def replace(match: re.Match) -> str:
        hexadecimal, decimal = match.groups()
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        legal = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
        return match.group(0) if legal else " "
    return FORBIDDEN_CHARACTERS.sub(" ", _CHARACTER_REFERENCE.sub(replace, text))


# UTF-32 LE's mark begins with UTF-16 LE's, so it is looked for first.
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
                     (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_marked(data: bytes) -> str | None:
    """The text of bytes that start with a byte order mark (UTF-8, UTF-16, UTF-32), without the mark; else None.

    Notepad and some browsers save UTF-16 with a mark: half its bytes are NUL, so the mark must be read
    before any byte is cleaned. A cut-off last character becomes U+FFFD rather than cost the article.
    """
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data[len(mark):].decode(encoding, errors="replace")
    return None


def page_text(data: bytes) -> str:
    """A saved page's bytes -> its text: by its byte order mark, else as trafilatura would guess (UTF-8 first)."""
    from trafilatura.utils import decode_file  # imported here, as in extract_html: it is slow to load

    marked = decode_marked(data)
    return marked if marked is not None else decode_file(data)


_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)


def page_language(text: str) -> str | None:
    match = _LANG.search(text[:5000])
    return match.group(1).lower() if match else None


def looks_like_html(data: bytes) -> bool:
    marked = decode_marked(data[:20_000])  # 5,000 characters even in UTF-32
    # Without a mark, markup is ASCII in any encoding a saved page may use; Latin-1 maps each byte to one character.
    head = (marked if marked is not None else data[:5000].decode("latin-1"))[:5000].lower()
    return head[:1000].lstrip().startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head
