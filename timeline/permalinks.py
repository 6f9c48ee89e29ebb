"""The URLs a build publishes, and the ones it would drop that the last build published.

The output's marker (output.py) keeps, beside its list of files, the URLs the
build published: every published event's and plain page's URL and each of
their aliases, with the content file it came from and its title. The next
build (and `check`, which reads the same marker) compares: a URL the last
build published that this one would not is a warning naming the file that
most likely owned it, with the alias that would keep it working; `--strict`
makes it an error, so nothing is written.

Drafts are never counted as published, also in a `--drafts` build: a URL that
exists only because of --drafts was never public. The pages made from the
content (year, actor and topic lists, their numbered pages), feeds, data and
assets are not tracked: they come and go with the content (an asset's name is
its hash), and an alias cannot stand in for them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import urls
from .aliases import AliasRefused, alias_url
from .errors import Problem, display_path

MARKER_KEY = "published"


@dataclass(frozen=True)
class Published:
    """Whose a published URL was: the content file (relative to the content folder), the kind of
    page it made, whether the URL was one of its aliases, and its title then."""

    file: str
    kind: str       # "event" or "page"
    alias: bool
    title: str


class _Relative:
    """Content files' paths relative to the content folder, so a record holds whatever folder a build ran in.
    Shown paths are mostly already normal and under the folder: those are cut, not resolved (a preview
    rebuild does this for every file)."""

    def __init__(self, content_dir: Path):
        self.base = os.path.abspath(content_dir)
        self.prefix = self.base.rstrip(os.sep) + os.sep
        self.cwd = os.getcwd() + os.sep

    def __call__(self, path: str) -> str:
        full = path if path.startswith(os.sep) else self.cwd + path
        if full.startswith(self.prefix) and "/." not in full and "//" not in full:
            return full[len(self.prefix):]
        return Path(os.path.relpath(os.path.abspath(path), self.base)).as_posix()


def _items(tree_or_timeline) -> list[tuple[Any, str]]:
    return [(event, "event") for event in tree_or_timeline.events] + [(page, "page") for page in tree_or_timeline.pages]


def _url_of(kind: str):
    return urls.event if kind == "event" else urls.page


def published_urls(timeline, content_dir: Path) -> dict[str, Published]:
    """The URLs this build publishes for readers to link: published events and pages, and their aliases."""
    record: dict[str, Published] = {}
    relative = _Relative(content_dir)
    for item, kind in _items(timeline):
        if item.draft:
            continue
        file = relative(item.path)
        record[_url_of(kind)(item.slug)] = Published(file, kind, False, item.title)
        for alias in item.aliases:
            record[alias] = Published(file, kind, True, item.title)
    return record


def encode(record: dict[str, Published]) -> dict[str, list]:
    """The record as the marker holds it (JSON)."""
    return {url: [entry.file, entry.kind, entry.alias, entry.title] for url, entry in sorted(record.items())}


def decode(stored: object) -> dict[str, Published] | None:
    """The record a marker holds; None when it holds none. The marker is a file anyone can edit, and its
    entries end up in messages: one that is not plain printable text of the expected shape is left out."""
    if not isinstance(stored, dict):
        return None
    record = {}
    for url, entry in stored.items():
        if (isinstance(entry, list) and len(entry) == 4 and entry[1] in ("event", "page") and isinstance(entry[2], bool)
                and all(isinstance(text, str) and text.isprintable() for text in (url, entry[0], entry[3]))):
            record[url] = Published(entry[0], entry[1], entry[2], entry[3])
    return record


def dropped_urls(previous: dict[str, Published] | None, current: dict[str, Published], tree,
                 content_dir: Path) -> list[Problem]:
    """A warning for each URL the last build published that this one would not, at the file that most
    likely owned it: the same file, else a new file with the same title, else the file that is gone.

    Files that failed to parse are not in the tree; their URLs are not reported as dropped, as fixing
    the file brings them back.
    """
    if not previous:
        return []
    gone = sorted(set(previous) - set(current))
    if not gone:
        return []
    relative = _Relative(content_dir)
    broken = {relative(problem.path) for problem in tree.problems if not problem.warning}
    by_file = {relative(item.path): (item, kind) for item, kind in _items(tree)}
    known_files = {entry.file for entry in previous.values()}
    new_by_title: dict[tuple[str, str], list] = {}
    for file, (item, kind) in by_file.items():
        if file not in known_files and not item.draft:
            new_by_title.setdefault((kind, item.title.casefold()), []).append(item)
    problems = []
    for url in gone:
        was = previous[url]
        if was.file in broken:
            continue
        shown = f"/{url}"
        now = by_file.get(was.file)
        if now is not None and now[1] == was.kind:
            problems.append(_same_file(now[0], was, url, shown))
            continue
        heirs = new_by_title.get((was.kind, was.title.casefold()), [])
        old_file = display_path(content_dir / was.file)
        if len(heirs) == 1:
            heir = heirs[0]
            problems.append(Problem(heir.path, heir.lines.get("title") if was.kind == "event" else None,
                                    f"renamed from {old_file}? {shown}, which the last build published for the "
                                    f"{was.kind} there (same title), would now be a broken link",
                                    _add_alias(url, was.kind) + " to keep its links working", warning=True))
        else:
            problems.append(Problem(old_file, None, f"deleted or renamed: {shown}, which the last build published "
                                    f"for this {was.kind}, would now be a broken link",
                                    _add_alias(url, was.kind) + f" to the {was.kind} that replaces it, or build once "
                                    "without --strict to accept the broken link", warning=True))
    return problems


def _same_file(item, was: Published, url: str, shown: str) -> Problem:
    """The file that published the URL is still there: it became a draft, lost the alias, or changed slug."""
    lines = getattr(item, "lines", {})
    if item.draft:
        return Problem(item.path, lines.get("draft"), f"{shown}, which the last build published, would now be a "
                       f"broken link: this {was.kind} is a draft", "remove draft: true, or build once without --strict "
                       "to accept the broken link", warning=True)
    if was.alias:
        return Problem(item.path, lines.get("aliases"), f"{shown}, an alias the last build published, is no longer "
                       "in aliases: and would now be a broken link", f"keep {_alias_text(url, was.kind)} in aliases:",
                       warning=True)
    return Problem(item.path, lines.get("slug"), f"this {was.kind} moves from {shown}, published by the last build, "
                   f"to /{_url_of(was.kind)(item.slug)}, which leaves a broken link at the old URL",
                   _add_alias(url, was.kind) + " to keep its links working", warning=True)


def _alias_text(url: str, kind: str) -> str:
    """How an alias for url is written on an event or page: its old slug where that names it, else its path."""
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    try:
        if alias_url(slug, _url_of(kind)) == url:
            return slug
    except AliasRefused:
        pass
    return f"/{url}"


def _add_alias(url: str, kind: str) -> str:
    return f"add aliases: [{_alias_text(url, kind)}]"
