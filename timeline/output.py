"""The only stage that writes: a staging folder beside the output, swapped in when complete.

A failed or interrupted build leaves the previous output exactly as it was. The
output folder is refused when it is, holds, or lies inside something the author
owns, or when it is a non-empty folder this tool did not make (a marker file
records ownership and the list of files the last build wrote).
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import BuildFailed, Problem, display_path

MARKER = ".timeline-site"
FINGERPRINTED = (".css", ".js")


class OutputRefused(Exception):
    """The output folder is not one this tool may replace."""


class Stage:
    """A staging folder that pages are written into, once each."""

    def __init__(self, root: Path):
        self.root = root
        self.written: set[str] = set()

    def write(self, relative: str, data: bytes) -> None:
        target = self._target(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:  # "x": never write over a file twice
            handle.write(data)

    def copy(self, source: Path, relative: str) -> None:
        target = self._target(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target, follow_symlinks=False)

    def _target(self, relative: str) -> Path:
        parts = Path(relative).parts
        if not parts or Path(relative).is_absolute() or any(p in ("..", ".", "") for p in parts):
            raise ValueError(f"unsafe output path {relative!r}")
        if relative in self.written:
            raise ValueError(f"{relative} would be written twice")
        self.written.add(relative)
        return self.root.joinpath(*parts)


@dataclass(frozen=True)
class Guarded:
    """Folders the output must never replace: roots may hold the output, author folders may not."""

    roots: tuple[Path, ...]          # "/", the home folder, the project root
    author_dirs: tuple[Path, ...]    # content/, templates/, static/, the config's folder contents


def check_output(output: Path, guarded: Guarded) -> None:
    """Refuse an output folder that would put the author's files at risk."""
    if output.is_symlink():
        raise OutputRefused(f"{display_path(output)} is a symbolic link; give the real folder")
    real = Path(os.path.realpath(output))
    for folder in (*guarded.roots, *guarded.author_dirs):
        folder_real = Path(os.path.realpath(folder))
        if folder_real.is_relative_to(real):
            raise OutputRefused(f"{display_path(output)} is or holds {display_path(folder)}; "
                                "choose a folder of its own, such as site/")
    for folder in guarded.author_dirs:
        if real.is_relative_to(Path(os.path.realpath(folder))):
            raise OutputRefused(f"{display_path(output)} lies inside {display_path(folder)}; choose a folder outside it")
    if output.exists():
        if not output.is_dir():
            raise OutputRefused(f"{display_path(output)} exists and is not a folder")
        if any(output.iterdir()) and not (output / MARKER).is_file():
            raise OutputRefused(f"{display_path(output)} is not empty and was not made by this tool; "
                                "remove it yourself or choose another folder")


def _siblings(output: Path, kind: str) -> list[Path]:
    return sorted(output.parent.glob(f".{output.name}.{kind}-*"))


def _recover(output: Path) -> None:
    """Clean up after a build that was killed: restore a swapped-out site, drop staging folders."""
    if not output.exists():
        old = [p for p in _siblings(output, "old") if (p / MARKER).is_file()]
        if old:
            os.rename(old[-1], output)
    for leftover in _siblings(output, "staging") + _siblings(output, "old"):
        if (leftover / MARKER).is_file() and not leftover.is_symlink():
            shutil.rmtree(leftover)


@contextmanager
def _lock(output: Path) -> Iterator[None]:
    lock_path = output.parent / f".{output.name}.lock"
    with open(lock_path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputRefused(f"another build is writing {display_path(output)}; wait for it to finish") from None
            raise
        yield


@contextmanager
def staged_output(output: Path, guarded: Guarded, notes: list[Problem]) -> Iterator[Stage]:
    """Yield a Stage; on success swap it in for the output, on any failure remove it."""
    check_output(output, guarded)
    output.parent.mkdir(parents=True, exist_ok=True)
    with _lock(output):
        _recover(output)
        check_output(output, guarded)
        staging = output.parent / f".{output.name}.staging-{os.getpid()}"
        staging.mkdir()
        (staging / MARKER).write_text(json.dumps({"made_by": "timeline", "files": []}))
        try:
            stage = Stage(staging)
            yield stage
            _carry_foreign_files(output, stage, notes)
            files = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file() and p.name != MARKER)
            (staging / MARKER).write_text(json.dumps({"made_by": "timeline", "files": files}, indent=0) + "\n")
            _swap(staging, output)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _carry_foreign_files(output: Path, stage: Stage, notes: list[Problem]) -> None:
    """Keep files someone else put in the output, and say so, rather than delete them."""
    marker = output / MARKER
    if not marker.is_file():
        return
    try:
        made = set(json.loads(marker.read_text()).get("files", []))
    except (ValueError, AttributeError):
        made = set()
    for path in sorted(output.rglob("*")):
        relative = str(path.relative_to(output))
        if path.is_dir() and not path.is_symlink() or path.name == MARKER or relative in made:
            continue
        if relative in stage.written or (stage.root / relative).exists():
            continue
        notes.append(Problem(display_path(path), None, "was not made by the build; kept it",
                             "put files to publish in static/, or delete it", warning=True))
        target = stage.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            os.symlink(os.readlink(path), target)
        else:
            shutil.copy2(path, target)


def _swap(staging: Path, output: Path) -> None:
    if output.exists():
        old = output.parent / f".{output.name}.old-{os.getpid()}"
        os.rename(output, old)
        os.rename(staging, output)
        shutil.rmtree(old)
    else:
        os.rename(staging, output)


def fingerprint_assets(static_dir: Path) -> tuple[dict[str, str], list[tuple[Path, str]]]:
    """Map each static file to its published name; CSS and JS get a content hash in theirs."""
    names: dict[str, str] = {}
    copies: list[tuple[Path, str]] = []
    if not static_dir.is_dir():
        return names, copies
    for path in sorted(static_dir.rglob("*")):
        if not path.is_file() or path.is_symlink() or any(p.startswith(".") for p in path.relative_to(static_dir).parts):
            continue
        relative = path.relative_to(static_dir).as_posix()
        published = relative
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            published = f"{relative[:-len(path.suffix)]}.{digest}{path.suffix}"
        names[relative] = f"static/{published}"
        copies.append((path, f"static/{published}"))
    return names, copies


def raise_if_errors(problems: list[Problem], strict: bool) -> None:
    if any(not p.warning or strict for p in problems):
        raise BuildFailed(problems)
