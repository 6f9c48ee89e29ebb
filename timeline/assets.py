"""The static folder -> the files published under static/, with a content hash in CSS and JS names.

Hosts may cache a hashed name for ever, so each file is read once: the bytes
published are the bytes hashed, and a save in between can never put new content
under an old name.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .errors import Problem, display_path
from .files import FileRefused, read_file, walk_tree
from .pages import DataFile

FINGERPRINTED = (".css", ".js")
STATIC_LIMIT = 100_000_000  # images and fonts, but not a disk image left there by mistake
INLINABLE = (".css", ".js")


@dataclass(frozen=True)
class Assets:
    names: dict[str, str] = field(default_factory=dict)         # file under static/ -> its published path
    files: list[DataFile] = field(default_factory=list)         # what is published, in name order
    inlinable: dict[str, bytes] = field(default_factory=dict)   # CSS and JS by name, for inline_asset()
    problems: list[Problem] = field(default_factory=list)       # what was left out, and why (warnings)


def read_assets(static_dir: Path) -> Assets:
    """Every regular file under static_dir but hidden ones, named for publishing; what is left out
    (a link, a FIFO, a name that is not UTF-8, a folder that cannot be read) is said, not skipped quietly."""
    assets = Assets()
    if not static_dir.is_dir():
        return assets
    unreadable: list[str] = []
    for relative, entry in walk_tree(static_dir, unreadable, skip_hidden=True):
        path = static_dir / relative
        try:
            relative.encode("utf-8")
        except UnicodeEncodeError:  # no URL can name it, so no page could link to it
            assets.problems.append(_left_out(path, "has a name that is not UTF-8", "rename it"))
            continue
        if entry.is_symlink():  # a link could publish a file from anywhere
            assets.problems.append(_left_out(path, "is a symbolic link", "copy the file instead of linking it"))
            continue
        try:
            data = read_file(path, STATIC_LIMIT, inside=(static_dir,))
        except FileRefused as refused:
            assets.problems.append(_left_out(path, refused.message, refused.hint))
            continue
        except FileNotFoundError:  # removed since the walk listed it (an editor's temporary file)
            continue
        except OSError as error:
            assets.problems.append(_left_out(path, f"cannot be read ({error.strerror})", None))
            continue
        suffix = Path(relative).suffix
        published = relative
        if suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            published = f"{relative[:-len(suffix)]}.{digest}{suffix}"
        assets.names[relative] = urls.static(published)
        assets.files.append(DataFile(urls.static(published), data))
        if suffix in INLINABLE:
            assets.inlinable[relative] = data
    for folder in unreadable:
        assets.problems.append(_left_out(static_dir / folder, "is a folder that cannot be read", "check its permissions"))
    return assets


def _left_out(path: Path, why: str, hint: str | None) -> Problem:
    return Problem(display_path(path), None, f"{why}; it is not published", hint, warning=True)
