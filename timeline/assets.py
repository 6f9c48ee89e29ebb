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
from .files import FileRefused, read_file
from .pages import DataFile

FINGERPRINTED = (".css", ".js")
STATIC_LIMIT = 100_000_000  # images and fonts, but not a disk image left there by mistake
INLINABLE = (".css", ".js")


@dataclass(frozen=True)
class Assets:
    names: dict[str, str] = field(default_factory=dict)         # file under static/ -> its published path
    files: list[DataFile] = field(default_factory=list)         # what is published, in name order
    inlinable: dict[str, bytes] = field(default_factory=dict)   # CSS and JS by name, for inline_asset()


def read_assets(static_dir: Path) -> Assets:
    """Every regular file under static_dir but hidden ones and symbolic links, named for publishing."""
    assets = Assets()
    if not static_dir.is_dir():
        return assets
    for path in sorted(static_dir.rglob("*")):
        if not path.is_file() or path.is_symlink() or any(p.startswith(".") for p in path.relative_to(static_dir).parts):
            continue
        relative = path.relative_to(static_dir).as_posix()
        try:
            data = read_file(path, STATIC_LIMIT, inside=(static_dir,))
        except (OSError, FileRefused):  # replaced by something else since it was listed: leave it out
            continue
        published = relative
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            published = f"{relative[:-len(path.suffix)]}.{digest}{path.suffix}"
        assets.names[relative] = urls.static(published)
        assets.files.append(DataFile(urls.static(published), data))
        if path.suffix in INLINABLE:
            assets.inlinable[relative] = data
    return assets
