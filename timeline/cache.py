"""What the loader remembers between builds: parsed files by content key, on disk and in memory,
the last stat of each file and the last listing of the content folder; and the code salts that
every cached result is keyed with.

A parsed file depends only on its bytes, its shown path and the code that parses
it, so its key is a hash of exactly those (plus the versions of the libraries
that render Markdown and read YAML). A stale entry can never be used: a changed
byte, path, library or line of the parser gives a new key. The disk copy lives
in .cache/ beside site.yaml, is written only after a good build, and is safe to
delete at any time. The stat memo lets a long-lived server skip reading files
whose size, times and inode are unchanged; paths it is told changed are always
read again. loader.py does the reading and parsing; this module only remembers.
"""
from __future__ import annotations

import ast
import hashlib
import hmac
import logging
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .errors import Problem, display_path
from .files import FileRefused, read_file
from .listing import Listing, updated

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = ("Markdown", "nh3", "PyYAML", "Jinja2", "MarkupSafe")
CACHE_LIMIT = 4_000_000_000  # our own file, but read like any other: a FIFO put in its place must not hang a build


def code_salt(modules: list[Path]) -> str:
    """Hash the given source files, the libraries' versions and Python's: what a parse or render depends on."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?\n".encode())
    for path in sorted(modules):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def package_imports(module: str) -> list[Path]:
    """module.py of this package and every module of the package it imports, directly or not."""
    found: dict[str, Path] = {}
    pending = [module]
    while pending:
        name = pending.pop()
        path = PACKAGE_DIR / f"{name}.py"
        if name in found or not path.is_file():
            continue
        found[name] = path
        for node in ast.walk(ast.parse(path.read_text())):
            # "from .dates import X" names dates; "from . import schema, yamlread as yr" names each module
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                pending += [node.module] if node.module else [alias.name for alias in node.names]
    return list(found.values())


SALT = code_salt(sorted(PACKAGE_DIR.glob("*.py")))       # page keys: any of the package's code may change a page
PARSE_SALT = code_salt(set(package_imports("content")) | set(package_imports("translations")))       # parsed files: only the parser's code matters


def parse_key(kind: str, shown_path: str, data: bytes) -> str:
    """The content key of a file: what its parse depends on, and nothing else."""
    return hashlib.sha256(f"{PARSE_SALT}\0{kind}\0{shown_path}\0".encode() + data).hexdigest()


@dataclass
class Parsed:
    """One content file's result: its model (or None) and its problems."""

    key: str
    model: object
    problems: list[Problem]


@dataclass
class FileCache:
    """Parsed files by key (from disk and from this process), stat signatures and the last listing.

    Owned by whoever runs builds: a build command makes one per run, the preview server one for
    its life, a test one per build it wants independent.
    """

    cache_dir: Path | None = None
    entries: dict[str, Parsed] = field(default_factory=dict)                 # key -> result
    by_stat: dict[str, tuple[tuple, Parsed]] = field(default_factory=dict)   # shown path -> (signature, result)
    used: dict[str, Parsed] = field(default_factory=dict)                    # what the last load used, by key
    listing: Listing | None = None
    registries: tuple[tuple, object] | None = None   # (actors.yaml and tags.yaml bytes, what they parsed to)
    records: tuple[tuple, object] | None = None      # (sources.yaml's bytes, what they parsed to)
    parsed_count: int = 0                             # files the last load had to parse (not found by key)
    _shown: dict[str, str] = field(default_factory=dict)
    _absolute: dict[str, str] = field(default_factory=dict)
    _loaded_from_disk: bool = False
    _loading: bool = False   # a load has started and not finished
    _disk_keys: frozenset[str] = frozenset()
    _key: bytes | None = None

    @property
    def cache_file(self) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"content-{PARSE_SALT[:16]}.pickle"

    def shown(self, path: str) -> str:
        """The path as problems name it (relative to the working folder), worked out once."""
        shown = self._shown.get(path)
        if shown is None:
            shown = self._shown[path] = display_path(path)
        return shown

    def absolute(self, path: str) -> str:
        absolute = self._absolute.get(path)
        if absolute is None:
            absolute = self._absolute[path] = os.path.abspath(path)
        return absolute

    def start_load(self) -> None:
        """Begin a load: read the disk copy the first time, and forget what the last load used. After a
        load that never finished (a parser's crash), the watcher's names are not trusted: the files it
        named then were never taken in, so the folder is walked and every file looked at again."""
        self.used = {}
        if self._loading:
            self.listing = None
        self._loading = True
        if self._loaded_from_disk or self.cache_file is None:
            return
        self._loaded_from_disk = True
        try:
            stored = pickle.loads(_verified(read_file(self.cache_file, CACHE_LIMIT), self._signing_key()))
            if isinstance(stored, dict):
                self.entries.update(stored)
                self._disk_keys = frozenset(stored)
        except FileNotFoundError:
            pass
        except Exception as error:  # a damaged, foreign or forged cache is only a slower build
            log.warning("ignoring unreadable cache %s: %s", self.cache_file, error)

    def _signing_key(self) -> bytes:
        if self._key is None:
            self._key = signing_key()
        return self._key

    def remembered(self, shown: str, signature: tuple | None = None) -> Parsed | None:
        """The last result for this path: unconditionally without a signature, else only if it is the same."""
        entry = self.by_stat.get(shown)
        if entry is None or (signature is not None and entry[0] != signature):
            return None
        return entry[1]

    def remember(self, shown: str, signature: tuple | None, result: Parsed) -> None:
        if signature:
            self.by_stat[shown] = (signature, result)

    def use(self, result: Parsed) -> None:
        """Record a result as part of this load: kept in memory and written to disk by save()."""
        if result.key:
            self.used[result.key] = result

    def finish_load(self) -> None:
        """Keep only what this load used: a long preview session's edits must not pile up in memory."""
        self.entries = dict(self.used)
        self._loading = False

    def forget_all_but(self, shown_paths: set[str]) -> None:
        """Drop the stat memo of files that are gone."""
        for gone in set(self.by_stat) - shown_paths:
            del self.by_stat[gone]

    def listing_from_names(self, content_dir: Path, changed: set[str]) -> Listing | None:
        """The last listing updated with the paths the watcher named (listing.py), remembered; None when
        only a walk can tell. With one, the other files need not be stat'ed again either."""
        listing = updated(self.listing, content_dir, changed)
        if listing is not None:
            self.listing = listing
        return listing

    def forget_listing(self) -> None:
        """Drop the last listing: the content folder is gone, and one made again must be walked afresh."""
        self.listing = None

    def remember_listing(self, content_dir: Path, events: list[str], pages: list[str],
                         problems: list[Problem]) -> Listing:
        self.listing = Listing(os.path.abspath(content_dir), events, pages, problems,
                               frozenset(self.absolute(p) for p in [*events, *pages]))
        return self.listing

    def save(self) -> None:
        """Write the entries the last load used (stale ones are dropped), atomically."""
        if self.cache_file is None or self._disk_keys == self.used.keys():
            return
        try:
            key = self._signing_key()
        except (OSError, RuntimeError, FileRefused, CacheRefused) as error:  # no home, or a read-only one
            log.warning("not saving the cache %s: no signing key (%s)", self.cache_file, error)
            return
        make_cache_dir(self.cache_dir)
        for stale in self.cache_dir.glob("content-*.pickle"):
            if stale != self.cache_file:
                stale.unlink(missing_ok=True)
        payload = pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL)
        replace_file(self.cache_file, SIGNED + hmac.new(key, payload, hashlib.sha256).digest() + payload)
        self._disk_keys = frozenset(self.used)


SIGNED = b"timeline-cache-1\n"


class CacheRefused(Exception):
    """A cache file this machine's user did not write, or that was changed since."""


def signing_key() -> bytes:
    """This user's key for signing cache files, made on first use, kept outside every project.

    A cache file is a pickle: loading one that someone else made (committed to a repository, say)
    would run their code. So each file is signed with a key that never leaves this user's home, and
    a file whose signature does not match is not loaded at all. Without a usable key the disk cache
    is simply not read (CacheRefused).
    """
    home = os.environ.get("XDG_CACHE_HOME", "")
    # A relative XDG_CACHE_HOME is to be ignored (the XDG rules): it could put the key in a project.
    folder = (Path(home) if os.path.isabs(home) else Path.home() / ".cache") / "timeline"
    path = folder / "cache-key"
    try:
        key = read_file(path, 64)
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = _new_key(path)
    if len(key) != KEY_SIZE:
        raise CacheRefused(f"{path} is not a key of {KEY_SIZE} bytes; delete it and a new one is made")
    return key


KEY_SIZE = 32


def _new_key(path: Path) -> bytes:
    """Make the key file whole or not at all: written under another name, then linked into place
    (a link never replaces a file), so no build ever finds it empty or half written."""
    key = os.urandom(KEY_SIZE)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache-key.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(key)
        os.link(temporary, path)
    except FileExistsError:  # another build made it meanwhile
        return read_file(path, 64)
    finally:
        os.unlink(temporary)
    return key


def _verified(data: bytes, key: bytes) -> bytes:
    """The payload of a signed cache file, or CacheRefused."""
    if not data.startswith(SIGNED) or len(data) < len(SIGNED) + 32:
        raise CacheRefused("not a signed cache file")
    signature, payload = data[len(SIGNED):len(SIGNED) + 32], data[len(SIGNED) + 32:]
    if not hmac.compare_digest(signature, hmac.new(key, payload, hashlib.sha256).digest()):
        raise CacheRefused("its signature does not match this user's key")
    return payload


def make_cache_dir(folder: Path) -> None:
    """Create the cache folder with a .gitignore of its own, so it is never committed wherever it is."""
    folder.mkdir(parents=True, exist_ok=True)
    try:  # a new file only: whatever has that name already (a link to somewhere, say) is left alone
        descriptor = os.open(folder / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w") as out:
        out.write("# Made by build.py; safe to delete.\n*\n")


def replace_file(path: Path, data: bytes) -> None:
    """Put data at path in one step, through a new temporary file: never writing through a link or
    into a file someone else holds open, and never leaving half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def file_signature(path: str) -> tuple | None:
    """What changes when a file is saved, however the editor saves it."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
