"""Read the content folder with a content-addressed cache of parsed files, in parallel when it pays.

A parsed file depends only on its bytes, its shown path and the code that parses
it, so the cache key is a hash of exactly those (plus the versions of the
libraries that render Markdown and read YAML). A stale entry can never be used:
a changed byte, path, library or line of this package gives a new key. The
cache lives in .cache/ beside site.yaml, is written only after a good build,
and is safe to delete at any time.
"""
from __future__ import annotations

import ast
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jinja2

from . import content
from .content import ContentTree, content_file_names, decode, parse_event, parse_page
from .errors import Problem, display_path
from .fragments import FragmentCache
from .workers import map_parallel

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = ("Markdown", "nh3", "PyYAML", "Jinja2", "MarkupSafe")
PARALLEL_PARSE_AT = 300  # fewer files than this parse faster in one process than a pool starts


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
PARSE_SALT = code_salt(package_imports("content"))       # parsed files: only the parser's code matters

# (kind, shown path) -> parse function; kind is part of the key as the same bytes parse differently.
PARSERS = {"event": parse_event, "page": parse_page}


@dataclass
class Parsed:
    """One content file's result: its model (or None) and its problems."""

    key: str
    model: object
    problems: list[Problem]


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, keyed by Jinja by name and source checksum, so a changed template recompiles."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja drops it when the source's checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class Loader:
    """Loads content trees; remembers parsed files in memory and, given a folder, on disk.

    The in-memory memo is keyed by (path, size, mtime, inode) so a long-lived
    server need not even read unchanged files; paths it is told changed are
    always read again.
    """

    cache_dir: Path | None = None
    parallel: bool = True
    entries: dict[str, Parsed] = field(default_factory=dict)     # key -> result, from disk or this run
    by_stat: dict[str, tuple[tuple, Parsed]] = field(default_factory=dict)  # path -> (stat, result)
    used: dict[str, Parsed] = field(default_factory=dict)        # keys used by the last load
    keys_by_path: dict[str, str] = field(default_factory=dict)   # shown path -> key, for the last load
    parsed_count: int = 0                                         # files parsed (not from cache) by the last load
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    fragments: FragmentCache = field(default_factory=FragmentCache)  # a server's rebuilds share rendered items
    _shown_paths: dict[str, str] = field(default_factory=dict)
    _absolute_paths: dict[str, str] = field(default_factory=dict)
    # (content folder, (event files, page files), their absolute paths) from the last walk
    _listing: tuple[str, tuple[list[str], list[str]], set[str]] | None = None
    _last_registries: tuple[tuple, "content.Registries"] | None = None
    _loaded_from_disk: bool = False
    _disk_keys: frozenset[str] = frozenset()

    # ---- the disk cache ----------------------------------------------------

    @property
    def cache_file(self) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"content-{PARSE_SALT[:16]}.pickle"

    def _load_disk(self) -> None:
        if self._loaded_from_disk or self.cache_file is None:
            return
        self._loaded_from_disk = True
        try:
            with open(self.cache_file, "rb") as handle:
                stored = pickle.load(handle)
            if isinstance(stored, dict):
                self.entries.update(stored)
                self._disk_keys = frozenset(stored)
        except FileNotFoundError:
            pass
        except Exception as error:  # a damaged cache is only a slower build
            log.warning("ignoring unreadable cache %s: %s", self.cache_file, error)

    def save(self) -> None:
        """Write the entries the last load used (stale ones are dropped), atomically."""
        if self.cache_file is None or self._disk_keys == self.used.keys():
            return
        make_cache_dir(self.cache_dir)
        for stale in self.cache_dir.glob("content-*.pickle"):
            if stale != self.cache_file:
                stale.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.cache_dir, prefix=".content-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(self.used, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.cache_file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._disk_keys = frozenset(self.used)

    # ---- loading -------------------------------------------------------------

    def load(self, content_dir: Path, changed: frozenset[str] = frozenset()) -> ContentTree:
        """content.load_content, with files parsed through the cache (and in parallel when many are new)."""
        self._load_disk()
        self.used, self.keys_by_path, self.parsed_count = {}, {}, 0
        changed_paths = {os.path.abspath(p) for p in changed}
        named = self._names_suffice(content_dir, changed_paths)
        return content.load_content(content_dir, parse_files=lambda jobs: [
            (result.model, result.problems) for result in self._parse_all(jobs, changed_paths, named)],
            list_files=lambda folder: self._listing[1] if named else self._list(folder),
            read_registries=self._registries)

    def _registries(self, content_dir: Path) -> content.Registries:
        """content.load_registries, parsed again only when actors.yaml or tags.yaml changed."""
        key = (os.path.abspath(content_dir), _bytes_or_none(content_dir / "actors.yaml"),
               _bytes_or_none(content_dir / "tags.yaml"))
        if self._last_registries is None or self._last_registries[0] != key:
            self._last_registries = (key, content.load_registries(content_dir))
        return self._last_registries[1]

    def _list(self, content_dir: Path) -> tuple[list[str], list[str]]:
        listing = content_file_names(content_dir)
        self._listing = (os.path.abspath(content_dir), listing, {self._absolute(p) for p in [*listing[0], *listing[1]]})
        return listing

    def _names_suffice(self, content_dir: Path, changed: set[str]) -> bool:
        """True when the watcher's names say all: every changed path under the content folder is a file
        the last listing had and still a file, so the folder need not be walked nor the other files
        stat'ed again. A new, deleted or moved file, a folder, or no names at all: walk and stat."""
        if not changed or self._listing is None or self._listing[0] != os.path.abspath(content_dir):
            return False
        inside = self._listing[0] + os.sep
        return all(path in self._listing[2] and os.path.isfile(path)
                   for path in changed if path.startswith(inside))

    def _absolute(self, path: str) -> str:
        absolute = self._absolute_paths.get(path)
        if absolute is None:
            absolute = self._absolute_paths[path] = os.path.abspath(path)
        return absolute

    def _shown(self, path: str) -> str:
        shown = self._shown_paths.get(path)
        if shown is None:
            shown = self._shown_paths[path] = display_path(path)
        return shown

    def _parse_all(self, jobs: list[tuple[str, str]], changed: set[str], named: bool = False) -> list[Parsed]:
        results: list[Parsed | None] = [None] * len(jobs)
        misses: list[tuple[int, str, str, str]] = []  # (index, kind, shown path, text)
        for index, (kind, path) in enumerate(jobs):
            shown = self._shown(path)
            if named and self._absolute(path) not in changed:
                remembered = self.by_stat.get(shown)
                if remembered is not None:
                    results[index] = remembered[1]
                    continue
            signature = _stat(path)
            remembered = self.by_stat.get(shown)
            if (remembered and signature and remembered[0] == signature
                    and (not changed or self._absolute(path) not in changed)):
                results[index] = remembered[1]
                continue
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError as error:
                results[index] = Parsed("", None, [Problem(shown, None, f"cannot read: {error.strerror}")])
                continue
            key = hashlib.sha256(f"{PARSE_SALT}\0{kind}\0{shown}\0".encode() + data).hexdigest()
            cached = self.entries.get(key)
            if cached is not None:
                results[index] = cached
            else:
                text, problems = decode(data, shown)
                if text is None:
                    results[index] = Parsed(key, None, problems)
                else:
                    misses.append((index, kind, shown, text))
                    results[index] = Parsed(key, None, [])  # filled in below
            if signature:
                self.by_stat[shown] = (signature, results[index])
        if misses:
            parse_jobs = [(kind, shown, text) for _, kind, shown, text in misses]
            parsed = map_parallel(_parse_one, parse_jobs, enabled=self.parallel and len(misses) >= PARALLEL_PARSE_AT)
            for (index, _, shown, _), (model, problems) in zip(misses, parsed):
                results[index].model, results[index].problems = model, problems
            self.parsed_count = len(misses)
        for result in results:
            if result.key:
                self.entries[result.key] = result
                self.used[result.key] = result
                if result.model is not None:
                    self.keys_by_path[result.model.path] = result.key
        if not named:  # with the watcher's names the listing is the last one: nothing is gone
            known = {self._shown(path) for _, path in jobs}
            for gone in set(self.by_stat) - known:
                del self.by_stat[gone]
        return results


def _bytes_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def make_cache_dir(folder: Path) -> None:
    """Create the cache folder with a .gitignore of its own, so it is never committed wherever it is."""
    folder.mkdir(parents=True, exist_ok=True)
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("# Made by build.py; safe to delete.\n*\n")


def _parse_one(job: tuple[str, str, str]) -> tuple[object, list[Problem]]:
    kind, shown, text = job
    return PARSERS[kind](text, shown)


def _stat(path: str) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
