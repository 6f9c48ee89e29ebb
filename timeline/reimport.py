"""Importing an article again: the record each imported draft carries, and the earlier drafts of the same article.

An imported draft's curator comment starts with a line such as

    Import record: article 1a2b3c4d5e6f7a8b, url 9c8d7e6f5a4b3c2d, draft 0f1e2d3c4b5a6978

The article and url fingerprints say which article the draft was made from (the same text, or the
same address: either makes it the same article); the draft fingerprint is of the file as it was
written, with that value left out, so a file that still matches it has not been edited since. A
second import (with --year, say, which moves the draft out of _incomplete/) may then remove an
earlier draft that nobody touched, and only points at one that somebody did.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .content import decode
from .loader import read_bytes

UNSIGNED = "draft unsigned"
RECORD = re.compile(r"^Import record: article (?P<article>[0-9a-f]{16}), url (?P<url>[0-9a-f]{16}|none), "
                    r"(?P<draft>draft (?:[0-9a-f]{16}|unsigned))$", re.MULTILINE)


@dataclass(frozen=True)
class Record:
    article: str
    url: str | None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def record_line(article_text: str, url: str | None) -> str:
    """The record for a draft of this article, its draft fingerprint still to be filled in by sign()."""
    article = digest(" ".join(article_text.split()))  # the same words however the page wrapped them
    return f"Import record: article {article}, url {digest(url) if url else 'none'}, {UNSIGNED}"


def sign(text: str) -> str:
    """Fill in the draft fingerprint: the digest of the whole file as it is with the value left out."""
    found = RECORD.search(text)
    if found is None or found["draft"] != UNSIGNED:
        raise ValueError("the draft has no unsigned import record")
    return text[:found.start("draft")] + f"draft {digest(text)}" + text[found.end("draft"):]


def read_record(text: str) -> tuple[Record | None, bool]:
    """The record a draft's text holds (the first one: the curator's notes come before the article) and
    whether the file is exactly as it was imported."""
    found = RECORD.search(text)
    if found is None:
        return None, False
    unsigned = text[:found.start("draft")] + UNSIGNED + text[found.end("draft"):]
    url = None if found["url"] == "none" else found["url"]
    return Record(found["article"], url), found["draft"] == f"draft {digest(unsigned)}"


def same_article(one: Record, other: Record) -> bool:
    return one.article == other.article or (one.url is not None and one.url == other.url)


def earlier_drafts(content_dir: Path, new_path: Path, title_part: str, record: Record,
                   skipped: str) -> tuple[list[Path], list[Path]]:
    """Other drafts of the same article under events/: those still as imported, and those edited since.

    Read are every file in the skipped folder (where incomplete imports wait) and, elsewhere, the files
    whose names end in the same title, as every import of that headline names them.
    """
    unedited: list[Path] = []
    edited: list[Path] = []
    events = content_dir / "events"
    for folder, subfolders, names in os.walk(events):  # links to folders are not followed
        subfolders.sort()
        waiting = Path(folder).name == skipped
        for name in sorted(names):
            path = Path(folder) / name
            if not name.endswith(".md") or path == new_path or not (waiting or name.endswith("-" + title_part)):
                continue
            data, _ = read_bytes(path, inside=(content_dir,))
            text = decode(data, str(path))[0] if data is not None else None
            found, untouched = read_record(text) if text is not None else (None, False)
            if found is not None and same_article(found, record):
                # A link is never removed: what it points at was not written by the import.
                (unedited if untouched and not path.is_symlink() else edited).append(path)
    return unedited, edited
