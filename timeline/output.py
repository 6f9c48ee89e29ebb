"""The only stage that writes: a staging folder beside the output, swapped in when complete.

A failed or interrupted build leaves the previous output exactly as it was. The
output folder is refused when it is, holds, or lies inside something the author
owns, or when it is a non-empty folder this tool did not make (a marker file
records ownership and the list of files the last build wrote).
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .errors import BuildFailed, Problem, display_path
from .files import FileRefused, is_regular_file, make_folders, read_file, remove_tree, walk_tree

MARKER = ".timeline-site"
MARKER_LIMIT = 256_000_000


class OutputRefused(Exception):
    """The output folder is not one this tool may replace."""


class Stage:
    """A staging folder that pages are written into, once each."""

    def __init__(self, root: Path):
        self.root = root
        self.written: set[str] = set()
        self._folders: set[str] = set()

    def write(self, relative: str, data: bytes) -> None:
        target = self._target(relative)
        with open(target, "xb") as handle:  # "x": never write over a file twice
            handle.write(data)

    def link(self, source: Path, relative: str) -> bool:
        """Place an unchanged file from the previous output by hard link (a copy where links fail)."""
        target = self._target(relative)
        try:
            os.link(source, target, follow_symlinks=False)
        except FileNotFoundError:
            self.written.discard(relative)
            return False
        except OSError:  # a file system without hard links
            shutil.copyfile(source, target, follow_symlinks=False)
        return True

    def _target(self, relative: str) -> str:
        """The file's place in the staging folder, its folder made; refuse unsafe paths and second writes."""
        parts = relative.split("/")
        if relative.startswith("/") or any(p in ("..", ".", "") for p in parts):
            raise ValueError(f"unsafe output path {relative!r}")
        if relative in self.written:
            raise ValueError(f"{relative} would be written twice")
        self.written.add(relative)
        target = os.path.join(self.root, relative)
        folder = os.path.dirname(target)
        if folder not in self._folders:  # plain strings and one makedirs per folder: this runs per page
            make_folders(folder)
            self._folders.add(folder)
        return target


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
    roles = [_guarded_name(folder) for folder in guarded.roots] + \
        [f"the {role} folder ({folder_label(folder)})" for role, folder in zip(("content", "templates", "static"), guarded.author_dirs)]
    for folder, role in zip((*guarded.roots, *guarded.author_dirs), roles):
        folder_real = Path(os.path.realpath(folder))
        if folder_real.is_relative_to(real):
            relation = "is" if folder_real == real else "holds"
            raise OutputRefused(f"{folder_label(output)} {relation} {role}; choose a folder of its own, such as site/")
    for folder in guarded.author_dirs:
        if real.is_relative_to(Path(os.path.realpath(folder))):
            raise OutputRefused(f"{folder_label(output)} lies inside {folder_label(folder)}; choose a folder outside it")
    if output.exists():
        if not output.is_dir():
            raise OutputRefused(f"{display_path(output)} exists and is not a folder")
        if any(output.iterdir()) and not (output / MARKER).is_file():
            raise OutputRefused(f"{display_path(output)} is not empty and was not made by this tool; "
                                "remove it yourself or choose another folder")


def folder_label(path: Path) -> str:
    """A folder as the author would write it: 'site/', '/', '/tmp/x/'."""
    shown = display_path(path)
    return shown if shown.endswith("/") else shown + "/"


def _guarded_name(folder: Path) -> str:
    real = os.path.realpath(folder)
    if real == "/":
        return "the root of the file system"
    if real == os.path.realpath(Path.home()):
        return "your home folder"
    if real == os.path.realpath(Path.cwd()):
        return "the folder you are working in"
    return folder_label(folder)


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
            _discard(leftover)


def _discard(old_site: Path) -> None:
    """Remove a swapped-out site. It kept the output folder's mode, which may be read-only: its owner
    may still make it writable, and nothing in it could be removed until then."""
    try:
        info = os.lstat(old_site)
        if stat.S_ISDIR(info.st_mode):  # never a link's target
            os.chmod(old_site, stat.S_IMODE(info.st_mode) | stat.S_IRWXU)
    except OSError:
        pass
    remove_tree(old_site)


@contextmanager
def _lock(output: Path) -> Iterator[None]:
    lock_path = output.parent / f".{output.name}.lock"
    # Not through a link (it could make the build create or lock a file anywhere), and not waiting on
    # a FIFO someone left in its place: only a plain file is locked.
    flags = os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(lock_path, flags, 0o644)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENXIO):
            raise OutputRefused(f"{display_path(lock_path)} is not a plain file; delete it and build again") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OutputRefused(f"{display_path(lock_path)} is not a plain file; delete it and build again")
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputRefused(f"another build is writing {display_path(output)}; wait for it to finish") from None
            raise
        yield
    finally:
        os.close(descriptor)


@contextmanager
def staged_output(output: Path, guarded: Guarded, notes: list[Problem],
                  is_current: Callable[[set[str]], bool] | None = None,
                  record: dict[str, object] | None = None) -> Iterator[Stage | None]:
    """Yield a Stage; on success swap it in for the output, on any failure remove it.

    Yield None instead, and touch nothing, when is_current(files the last build made) says the
    output already holds exactly what this build would write; it is asked under the lock.
    record holds what the marker keeps for the next build besides the files (read by marker_value).
    """
    check_output(output, guarded)
    output.parent.mkdir(parents=True, exist_ok=True)
    with _lock(output):
        _recover(output)
        check_output(output, guarded)
        made = made_files(output)
        if made is not None and is_current is not None and is_current(made):
            yield None
            return
        staging = output.parent / f".{output.name}.staging-{os.getpid()}"
        try:
            staging.mkdir()
            if output.is_dir():
                _take_owner(output, staging)
            (staging / MARKER).write_text(json.dumps({"made_by": "timeline", "files": []}))
            stage = Stage(staging)
            yield stage
            carried = _carry_foreign_files(output, made or set(), stage, notes)
            files = sorted(relative for relative, entry in walk_tree(staging)
                           if entry.is_file() and entry.name != MARKER and relative not in carried)
            marker = {"made_by": "timeline", "files": files, **(record or {})}
            (staging / MARKER).write_text(json.dumps(marker, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
            if output.is_dir():
                _take_mode(output, staging)  # last: a read-only output folder made read-only staging unwritable
            _swap(staging, output)
        except BaseException:
            remove_tree(staging)
            raise


def made_files(output: Path) -> set[str] | None:
    """The files the last build wrote, from its marker; None when there is no readable marker.

    The marker is a file anyone can edit, so its entries are only ever compared with paths found in
    the folder; before one is used to reach a file, regular_file_inside checks it.
    """
    marker = _read_marker(output)
    files = marker.get("files", []) if marker is not None else None
    return {name for name in files if isinstance(name, str)} if isinstance(files, list) else None


def marker_value(output: Path, key: str) -> object:
    """What the last build's marker holds under key; None when there is no readable marker or no such key."""
    marker = _read_marker(output)
    return marker.get(key) if marker is not None else None


def _read_marker(output: Path) -> dict | None:
    try:
        marker = json.loads(read_file(output / MARKER, MARKER_LIMIT))
    except (OSError, FileRefused, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def is_plain_relative(name: object) -> bool:
    """A path relative to the output, with no way out of it: "a/b.html", not "../x", "/x" or "a//b"."""
    return (isinstance(name, str) and not name.startswith("/") and "\\" not in name and "\0" not in name
            and all(part not in ("", ".", "..") for part in name.split("/")))


def regular_file_inside(root: Path, relative: str) -> Path | None:
    """root/relative if it is a regular file reached without passing through a symbolic link."""
    path = root / relative
    if not is_plain_relative(relative) or os.path.realpath(path) != os.path.join(os.path.realpath(root), relative):
        return None
    return path if is_regular_file(path) else None


def present_files(output: Path) -> set[str]:
    """Every file (and symbolic link) under the output but its marker, as relative paths."""
    return {relative for relative, entry in _output_entries(output) if entry.name != MARKER}


def _foreign_files(output: Path, made: set[str]) -> list[Path]:
    """Files in the output that the last build did not make (symbolic links included)."""
    return [output / relative for relative, entry in sorted(_output_entries(output), key=lambda pair: Path(pair[0]))
            if entry.name != MARKER and relative not in made]


def _output_entries(output: Path) -> list[tuple[str, os.DirEntry]]:
    """Everything under the output; a folder that cannot be read stops the build, as files someone put
    there would otherwise be replaced unseen."""
    unreadable: list[str] = []
    entries = list(walk_tree(output, unreadable))
    if unreadable:
        raise BuildFailed([Problem(folder_label(output / folder), None, "cannot be read, so files in it could be lost",
                                   "make it readable or move it out of the output folder") for folder in unreadable])
    return entries


def _carry_foreign_files(output: Path, made: set[str], stage: Stage, notes: list[Problem]) -> set[str]:
    """Keep files someone else put in the output, and say so, rather than delete them; return their paths.

    They are left out of the new marker, so they stay someone else's and are carried again next time.
    """
    carried: set[str] = set()
    if not (output / MARKER).is_file():
        return carried
    for path in _foreign_files(output, made):
        relative = str(path.relative_to(output))
        if relative in stage.written or (stage.root / relative).exists():
            # The build now makes this path: replacing the file would lose someone's work.
            raise BuildFailed([Problem(display_path(path), None,
                                       f"was not made by the build, which now writes {relative} itself",
                                       "move the file out of the output folder, then build again")])
        if regular_file_inside(output, relative) is None:
            # A link could publish a file from anywhere, and a FIFO would hang the copy: neither is carried.
            notes.append(Problem(display_path(path), None, "was not made by the build and is not a plain file "
                                 "(a link, a FIFO or a device); it is not carried into the new site",
                                 "put files to publish in static/", warning=True))
            continue
        notes.append(Problem(display_path(path), None, "was not made by the build; kept it",
                             "put files to publish in static/, or delete it", warning=True))
        target = stage.root / relative
        make_folders(target.parent)
        shutil.copy2(path, target, follow_symlinks=False)
        carried.add(relative)
    return carried


def _swap(staging: Path, output: Path) -> None:
    """Put the staging folder in the output's place, in one step where the system can.

    On Linux, renameat2(RENAME_EXCHANGE) swaps the two folders atomically: a reader (a web
    server, a sync job) finds the old site or the new one at the output's path, never nothing.
    Elsewhere, or on a file system that cannot, two renames leave the path empty for an instant.
    Either way the old tree is removed only once the new one is in place.
    """
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        _discard(staging)  # it now holds the old site; _recover removes what is left
        return
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    os.rename(output, old)
    os.rename(staging, output)
    _discard(old)  # what cannot be removed now, the next build's _recover removes


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    # Whatever stopped it (no support here, this file system, a permission), the two plain renames
    # that follow either work or raise the error that explains it.
    return False


def _take_owner(source: Path, target: Path) -> None:
    """Give target the owner, group and setgid bit of source, so files made inside inherit the group
    its owner set; target stays writable, for the build to fill."""
    info = os.stat(source)
    try:
        os.chown(target, info.st_uid, info.st_gid)
    except PermissionError:  # only root may give a folder away; a user keeps their own folders' owner
        pass
    os.chmod(target, stat.S_IMODE(os.stat(target).st_mode) | (info.st_mode & stat.S_ISGID) | stat.S_IRWXU)


def _take_mode(source: Path, target: Path) -> None:
    """Give target the folder mode of source (setgid and sticky bits included), once it is filled."""
    os.chmod(target, stat.S_IMODE(os.stat(source).st_mode))
