"""The content folder's files: walked, or the last walk updated from the files the watcher names.

Walking 5,000 files and looking at each costs the preview tens of milliseconds on every save. When
the watcher names every path that changed, the last listing is updated instead: a file saved is
still there, a new .md file is put where a walk would have put it, a deleted one is taken out. A
folder made, replaced or deleted, the content folder itself or one holding it, a name that is not
UTF-8 or a link on the way is never trusted: those are walked (editors that save by replacing a
folder, a git checkout, a folder deleted and made again bring files the watcher does not name one by one).
"""
from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import Problem, display_path


@dataclass(frozen=True)
class Listing:
    """The content folder's files as last walked."""

    folder: str                 # absolute
    events: list[str]
    pages: list[str]
    problems: list[Problem]     # what could not be listed (reported again on every load)
    absolute: frozenset[str]    # every listed file's absolute path


def list_content(content_dir: Path) -> tuple[list[str], list[str], list[Problem]]:
    """Event files, page files (anything under pages/) and what could not be listed, as strings.

    Names starting with _ or . are skipped, and so are folders that are symbolic links. The walk
    keeps its own stack, so no depth of folders can exhaust Python's. os.scandir: fast on big trees.
    """
    top = str(content_dir)  # as os.walk(Path) and Path / name spell it
    pages_dir = os.path.join(top, "pages")
    events: list[str] = []
    pages: list[str] = []
    problems: list[Problem] = []
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            problems.append(Problem(display_path(folder), None, f"cannot read this folder: {error.strerror}",
                                    "shorten its path or fix its permissions"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith(("_", ".")):
                continue
            if not _utf8(entry.name):
                problems.append(Problem(display_path(folder), None,
                                        f"the name {entry.name.encode('utf-8', 'surrogateescape')!r} is not UTF-8",
                                        "rename it in UTF-8; it is left out until then"))
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    subfolders.append(entry.path)
            elif entry.name.endswith(".md"):
                in_pages = entry.path.startswith(pages_dir + os.sep)
                (pages if in_pages else events).append(entry.path)
        pending.extend(reversed(subfolders))  # depth first, in name order, as a recursive walk would go
    return events, pages, problems


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by Python as lone surrogates
        return False
    return True


def walk_order(relative: str) -> tuple:
    """Where list_content puts a file, by its path in the content folder: in each folder, its files by
    name, then its folders by name, depth first."""
    parts = relative.split(os.sep)
    return tuple((1, part) for part in parts[:-1]) + ((0, parts[-1]),)


def updated(listing: Listing | None, content_dir: Path, changed: set[str]) -> Listing | None:
    """The listing after the changes the watcher named (absolute paths, spelt as the listing spells its
    files); None when only a walk can tell."""
    if not changed or listing is None or listing.folder != os.path.abspath(content_dir):
        return None
    added: list[str] = []
    removed: set[str] = set()
    inside = listing.folder + os.sep
    for path in changed:
        if not path.startswith(inside):
            if os.path.commonpath([path, listing.folder]) == path:  # the content folder, or one holding it
                return None
            continue  # beside it: actors.yaml's folder, say
        if path in listing.absolute:
            if os.path.isfile(path):
                continue  # saved
            if os.path.lexists(path):
                return None  # a folder or something else in its place
            removed.add(path)
        elif os.path.lexists(path):
            relative = path[len(inside):]
            if os.path.isdir(path) or not _utf8(relative) or os.path.realpath(os.path.dirname(path)) != \
                    os.path.join(os.path.realpath(listing.folder), os.path.dirname(relative)).rstrip(os.sep):
                return None
            if path.endswith(".md") and not any(part.startswith(("_", ".")) for part in relative.split(os.sep)):
                added.append(relative)
        elif any(listed.startswith(path + os.sep) for listed in listing.absolute):
            return None  # a folder of listed files, gone
    if not added and not removed:
        return listing
    top = str(content_dir)
    events, pages = list(listing.events), list(listing.pages)
    if removed:
        gone = {os.path.join(top, path[len(inside):]) for path in removed}
        events = [name for name in events if name not in gone]
        pages = [name for name in pages if name not in gone]
    for relative in added:
        names = pages if relative.startswith("pages" + os.sep) else events
        order = walk_order(relative)
        names.insert(bisect.bisect(names, order, key=lambda name: walk_order(os.path.relpath(name, top))),
                     os.path.join(top, relative))
    absolute = (listing.absolute - removed) | {inside + relative for relative in added}
    return replace(listing, events=events, pages=pages, absolute=frozenset(absolute))
