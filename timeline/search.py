"""The search step: Pagefind indexes the pages worth searching, handed over from memory, into <site>/pagefind/.

Pagefind indexes only the pages marked data-pagefind-body once any page is
(here: the event pages), and every page when none is. So it is given exactly
the pages that carry the mark, each as the build writes it, while the rest of
the site is still being rendered (searchservice.py), instead of reading the
whole written site back from disk afterwards. What it makes is the same as
running it over the folder: the same pages, by the same paths and bytes.

Pagefind writes some index files in a different order on each run (upstream
issue 638), so when the pages to index are the very ones the previous bundle
was made from, that bundle is kept instead: the same input then gives the same
bytes, and no index is made at all.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from . import urls
from .errors import BuildFailed, Problem
from .files import FileRefused, read_file
from .output import Stage, is_plain_relative, made_files, regular_file_inside
from .searchservice import NO_SEARCH_HINT, PagefindService, pagefind_version

BUNDLE = urls.SEARCH_BUNDLE.rstrip("/")  # the folder the index is written to
INPUT_DIGEST = ".input-digest"
BODY_MARK = b"data-pagefind-body"
PAGE_LIMIT = 256_000_000


def index_language(config) -> str | None:
    """The one language Pagefind is told all pages are in; None on a site of several, whose pages each
    say theirs in <html lang>: Pagefind then makes one index per language, each with its own stemming."""
    return None if config.multilingual else config.language


def is_searchable(path: str, data: bytes) -> bool:
    """A page Pagefind indexes when any page is marked (this one may only mention the mark in its text: a
    page without a real mark is one Pagefind leaves out itself, so giving it one too many changes nothing)."""
    return path.endswith(".html") and not path.startswith(urls.SEARCH_BUNDLE) and BODY_MARK in data


def input_digest(language: str | None, pages: dict[str, str]) -> str:
    """What an index is made from: each page given to Pagefind (path and what it is made from), the
    language, and Pagefind's version."""
    digest = hashlib.sha256(f"{language}\0{pagefind_version()}\0".encode())
    for path in sorted(pages):
        digest.update(f"{path}\0{pages[path]}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def page_identity(key: str | None, data: bytes) -> str:
    """What a page is made from: its input key, or its bytes when it has none."""
    return key if key is not None else "bytes:" + hashlib.sha256(data).hexdigest()


class SiteIndex:
    """The search index of one build, made in its staging folder while the build writes its pages.

    The build tells it of every HTML page it places: written (its bytes in hand) or unchanged from the
    previous output (whether it carried the mark then is known). Marked pages written are given to
    Pagefind at once, so it works while the rest is rendered; finish() gives it the unchanged ones
    (read back from the staging folder), or keeps the previous bundle when it was made from the same
    pages, and writes the index.
    """

    def __init__(self, stage: Stage, language: str | None, previous_output: Path | None,
                 service=PagefindService):
        self.stage, self.root = stage, stage.root
        self.language, self.previous_output = language, previous_output
        self.make_service = service
        self.service = None
        self.pages: dict[str, str] = {}          # marked pages -> what each is made from
        self.unmarked: dict[str, str] = {}       # the other HTML pages, in case no page is marked
        self.handed: set[str] = set()            # pages Pagefind has already been given

    def placed(self, path: str, key: str | None, marked: bool, data: bytes | None = None) -> None:
        """An HTML page is in the staging folder: written now (data), or unchanged from the previous output."""
        (self.pages if marked else self.unmarked)[path] = page_identity(key, data) if data is not None else key
        if marked and data is not None:
            self._hand(path, data)

    def finish(self) -> None:
        """Write the index into the staging folder, or the previous one when it was made from these pages."""
        pages = self.pages or self.unmarked   # no page marked: Pagefind indexes every page
        digest = input_digest(self.language, pages)
        try:
            if self._keep_previous(digest):
                return
            for path in sorted(set(pages) - self.handed):
                self._hand(path, read_file(self.root / path, PAGE_LIMIT))
            if self.service is None:  # a site without pages: an empty index, which the search page loads
                self.service = self.make_service(self.language)
            files = self.service.files()
        finally:
            self.close()
        refused = sorted(name for name in files if not is_plain_relative(name) or name == INPUT_DIGEST)
        if refused:
            raise BuildFailed([Problem("search", None, f"Pagefind named a file {refused[0]!r}, not a plain path "
                                       "inside its folder", NO_SEARCH_HINT)])
        for relative, data in sorted(files.items()):
            self.stage.write(f"{BUNDLE}/{relative}", data)
        self.stage.write(f"{BUNDLE}/{INPUT_DIGEST}", digest.encode("ascii"))

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None

    def _hand(self, path: str, data: bytes) -> None:
        if self.service is None:
            self.service = self.make_service(self.language)
        self.service.add_page(path, data)
        self.handed.add(path)

    def _keep_previous(self, digest: str) -> bool:
        """Copy the previous output's bundle when it was made from these very pages; say whether it was."""
        previous = self.previous_output
        made = made_files(previous) if previous is not None else None
        bundle = sorted(name for name in made if name.startswith(urls.SEARCH_BUNDLE)) if made else []
        sources = [regular_file_inside(previous, name) for name in bundle]
        if not bundle or not all(sources) or _recorded_digest(previous / BUNDLE) != digest:
            return False
        # Only the files the last build made, and only real files inside it: nothing is copied through a link.
        for relative, source in zip(bundle, sources):
            target = self.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target, follow_symlinks=False)
        return True


def _recorded_digest(bundle: Path) -> str | None:
    """What the bundle in the last output was made from, as it recorded it."""
    try:
        return read_file(bundle / INPUT_DIGEST, 1000).decode("ascii", "replace")
    except (OSError, FileRefused):
        return None
