"""Where a build's files go: the output folder (through a staging folder), memory, or nowhere.

A destination is opened for a plan and yields a sink that takes every file of
it: reuse(path, key) places the previous build's bytes when the file's input key
is unchanged and says whether it did; write(path, data, key) places new bytes.
The build command writes to StagedOutput, the preview server to InMemory, and
`check` to Nowhere; the pipeline is the same for all three.
"""
from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol

from . import permalinks, search, urls
from .cache import SALT, make_cache_dir, replace_file
from .errors import Problem, display_path
from .files import FileRefused, read_file
from .output import Guarded, Stage, marker_value, present_files, staged_output


INDEX_LIMIT = 1_000_000_000


class Sink(Protocol):
    def reuse(self, path: str, key: str | None) -> bool: ...

    def write(self, path: str, data: bytes, key: str | None) -> None: ...


class Nowhere:
    """Render everything, keep nothing: `check` proves every page renders without writing one."""

    @contextmanager
    def open(self, checked, plan) -> Iterator[Sink]:
        yield self

    def reuse(self, path: str, key: str | None) -> bool:
        return False

    def write(self, path: str, data: bytes, key: str | None) -> None:
        pass


@dataclass(frozen=True)
class SiteFiles:
    """A whole build in memory: every file's bytes and input key, by path."""

    files: dict[str, bytes]
    keys: dict[str, str]


class InMemory:
    """Collect a build's files in memory, keeping the previous bytes of files whose inputs are unchanged."""

    def __init__(self, previous: SiteFiles | None = None):
        self.previous = previous
        self.files: dict[str, bytes] = {}
        self.result: SiteFiles | None = None

    @contextmanager
    def open(self, checked, plan) -> Iterator[Sink]:
        yield self
        self.result = SiteFiles(self.files, {path: key for path, key in plan.keys.items() if key is not None})

    def reuse(self, path: str, key: str | None) -> bool:
        if self.previous is None or key is None or self.previous.keys.get(path) != key:
            return False
        data = self.previous.files.get(path)
        if data is None:
            return False
        self.files[path] = data
        return True

    def write(self, path: str, data: bytes, key: str | None) -> None:
        if path in self.files:
            raise ValueError(f"{path} would be written twice")
        self.files[path] = data


class StagedOutput:
    """The output folder, replaced whole by a staging folder: unchanged files are hard-linked from the
    previous output, the search index is made in the staging folder, and nothing is written at all
    when the output already holds exactly this plan's files."""

    def __init__(self, output: Path, guarded: Guarded, cache_dir: Path | None, with_search: bool):
        self.output, self.guarded, self.cache_dir, self.with_search = output, guarded, cache_dir, with_search
        self.notes: list[Problem] = []   # warnings for the author: foreign files kept, cache not saved

    @contextmanager
    def open(self, checked, plan) -> Iterator[Sink | None]:
        index: OutputIndex | None = None
        record = {permalinks.MARKER_KEY: permalinks.encode(checked.published)}

        def is_current(made: set[str]) -> bool:
            nonlocal index
            # Read under the output's lock, so a build running in between cannot pair this build's
            # page keys with another build's files.
            index = OutputIndex.for_output(self.cache_dir, self.output)
            return (self._holds_exactly(plan, made, index)
                    and marker_value(self.output, permalinks.MARKER_KEY) == record[permalinks.MARKER_KEY])

        with staged_output(self.output, self.guarded, self.notes, is_current, record) as stage:
            if stage is None:
                yield None
                return
            index = index or OutputIndex.for_output(self.cache_dir, self.output)
            site_index = (search.SiteIndex(stage, search.index_language(checked.config), self.output)
                          if self.with_search else None)
            sink = StageSink(stage, index, self.output, site_index)
            try:
                yield sink
                if site_index is not None:
                    site_index.finish()
            finally:
                if site_index is not None:
                    site_index.close()  # a failed build leaves no Pagefind behind
            # Signatures taken in the staging folder hold after the swap: a rename keeps inode, size and mtime.
            keys = {path: key for path, key in plan.keys.items() if key is not None}
            save_warning(lambda: index.save(stage.root, keys, sink.marked), self.cache_dir, self.notes)

    def _holds_exactly(self, plan, made: set[str], index: "OutputIndex") -> bool:
        """True when the output holds exactly the files this plan makes, each made from the same inputs
        and untouched since: then there is nothing to write, and no staging folder to fill.

        The search bundle is not keyed; it is current when the pages are, as Pagefind would be handed
        the same pages and its previous bundle would be reused file for file.
        """
        if index.file is None or None in plan.keys.values():
            return False
        bundle = {path for path in made if path.startswith(urls.SEARCH_BUNDLE)}
        if bool(bundle) != self.with_search or made != set(plan.keys) | bundle:
            return False
        if any(index.reusable(self.output, path, key) is None for path, key in plan.keys.items()):
            return False
        return present_files(self.output) == made


class StageSink:
    """Write into the staging folder; hard-link files whose inputs are unchanged from the previous output.
    Each page that search indexes is told to site_index as it is placed, and remembered in `marked`."""

    def __init__(self, stage: Stage, index: "OutputIndex", output: Path, site_index: search.SiteIndex | None = None):
        self.stage, self.index, self.output, self.site_index = stage, index, output, site_index
        self.marked: set[str] = set()

    def reuse(self, path: str, key: str | None) -> bool:
        previous = self.index.reusable(self.output, path, key)
        if previous is None or not self.stage.link(previous, path):
            return False
        if path.endswith(".html"):  # unchanged, so marked for search exactly when it was last time
            self._placed(path, key, path in self.index.marked)
        return True

    def write(self, path: str, data: bytes, key: str | None) -> None:
        self.stage.write(path, data)
        if path.endswith(".html"):
            self._placed(path, key, search.is_searchable(path, data), data)

    def _placed(self, path: str, key: str | None, marked: bool, data: bytes | None = None) -> None:
        if marked:
            self.marked.add(path)
        if self.site_index is not None:
            self.site_index.placed(path, key, marked, data)


def save_warning(save, cache_dir: Path | None, notes: list[Problem]) -> None:
    """Save something into the cache; failing only costs the next build time, so it is a warning."""
    try:
        save()
    except OSError as error:
        notes.append(Problem(display_path(cache_dir or ".cache"), None,
                             f"the cache was not saved ({error.strerror or error})",
                             "the next build renders everything; delete the path if it is not a folder", warning=True))


@dataclass
class OutputIndex:
    """What the last build wrote where: path -> (input key, file signature), kept in .cache/.

    A file is reused only when its key is unchanged and the file on disk still
    has the size, modification time and inode the build left it with, so a
    hand-edited output file is rendered again rather than kept.
    """

    file: Path | None
    entries: dict[str, tuple[str, tuple]] = field(default_factory=dict)
    marked: set[str] = field(default_factory=set)   # the pages search indexes (search.is_searchable)

    @classmethod
    def for_output(cls, cache_dir: Path | None, output: Path) -> "OutputIndex":
        if cache_dir is None:
            return cls(None)
        name = hashlib.sha256(os.path.realpath(output).encode()).hexdigest()[:16]
        index = cls(cache_dir / f"output-{name}.json")
        try:
            stored = json.loads(read_file(index.file, INDEX_LIMIT))
            if stored.get("salt") == SALT:
                entries = {path: (key, tuple(sig)) for path, (key, sig) in stored["files"].items()}
                index.marked = {path for path in stored["marked"] if path in entries}
                index.entries = entries
        except (OSError, FileRefused, ValueError, KeyError, TypeError, AttributeError):
            pass
        return index

    def reusable(self, output: Path, path: str, key: str | None) -> Path | None:
        """The previous output file for path if it was made from the same inputs and is untouched."""
        if key is None or self.file is None:
            return None
        entry = self.entries.get(path)
        if entry is None or entry[0] != key:
            return None
        previous = os.path.join(output, path)
        if output_signature(previous) != entry[1]:
            return None
        return Path(previous)

    def save(self, root: Path, keys: dict[str, str], marked: set[str] = frozenset()) -> None:
        """Record the keys and the signatures of the files as they now lie under root (the swapped-in output),
        and which of them search indexes."""
        if self.file is None:
            return
        files = {}
        for path, key in keys.items():
            signature = output_signature(os.path.join(root, path))
            if signature is not None:
                files[path] = (key, signature)
        make_cache_dir(self.file.parent)
        record = {"salt": SALT, "files": files, "marked": sorted(marked & files.keys())}
        replace_file(self.file, json.dumps(record, separators=(",", ":")).encode())


def output_signature(path: Path | str) -> tuple | None:
    """What changes when an output file is edited or replaced; not ctime, which a hard link changes."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)
