"""Opening input files (regular files only, never more than a limit, never a wait) and walking folders.

Every file the tool reads goes through read_file: content, settings, templates,
static files, an article to import, the cache and the output folder's own
records. A FIFO, a device, a socket or a folder is refused before a byte is
read (it is opened without blocking and examined first), a file larger than
its limit is refused after reading one byte past the limit, and a path that
leads out of the folders it may come from, through a symbolic link, is refused
too. Refusals are FileRefused, with a message and a hint for the author.

walk_tree, make_folders and remove_tree handle folders at any depth without
recursion, and never through a linked folder.
"""
from __future__ import annotations

import errno
import os
import stat
from typing import Iterator

MB = 1_000_000
KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
         (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


class FileRefused(Exception):
    """A file that is not read, and why (line: where in the file the reason lies, if anywhere)."""

    def __init__(self, message: str, hint: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


def read_file(path: str | os.PathLike, limit: int, inside: tuple[str | os.PathLike, ...] = ()) -> bytes:
    """The bytes of a regular file of at most limit bytes.

    inside: folders the file must really lie in once symbolic links are followed (none: anywhere).
    Only the file itself is looked at for a link: the folders on its way are the caller's (the content
    walk never enters a linked folder), and resolving every path cost a large site a tenth of a second.
    Raises FileRefused, or OSError when the file cannot be opened or read at all.
    """
    # O_NONBLOCK: opening a FIFO would otherwise wait for a writer, for ever.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    target = path
    if inside:
        if os.path.islink(path):
            real = os.path.realpath(path)
            if not any(_within(real, os.path.realpath(folder)) for folder in inside):
                raise FileRefused(f"is a symbolic link to {real}, outside the project",
                                  "copy the file into the project instead of linking to it")
            target = real
        flags |= getattr(os, "O_NOFOLLOW", 0)  # a link put in its place after that look is not followed
    try:
        descriptor = os.open(target, flags)
    except OSError as error:
        raise _refusal(target, error) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in KINDS if test(info.st_mode)), "not a regular file")
            raise FileRefused(f"is {kind}, not a file", "only regular files are read; remove it or rename it")
        if info.st_size > limit:
            raise too_large(info.st_size, limit)
        os.set_blocking(descriptor, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(descriptor)
    if size > limit:  # it grew while it was read, or it does not know its size
        raise too_large(size, limit)
    return b"".join(chunks)


def _refusal(path: str | os.PathLike, error: OSError) -> OSError | FileRefused:
    """Why a file could not be opened, in the author's terms where the kind of file explains it."""
    if error.errno == errno.ELOOP:
        return FileRefused("became a symbolic link while it was being read", "build again")
    if error.errno == errno.ENXIO:  # a socket cannot be opened at all; say what it is
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return error
        kind = next((name for test, name in KINDS if test(mode)), "not a regular file")
        return FileRefused(f"is {kind}, not a file", "only regular files are read; remove it or rename it")
    return error


def walk_tree(root: str | os.PathLike, unreadable: list[str] | None = None,
              skip_hidden: bool = False) -> Iterator[tuple[str, os.DirEntry]]:
    """(relative path, entry) for everything under root but real folders, which it enters: a folder's
    own entries first, then its subfolders', each in name order.

    A symbolic link is yielded, never entered, so the walk stays inside root. The walk keeps its own
    stack: a tree thousands of folders deep would exhaust Python's (os.walk and Path.rglob recurse).
    A folder that cannot be listed is skipped, and its relative path added to unreadable if given.
    skip_hidden: names starting with "." are neither yielded nor entered (a static/.git of any size).
    """
    pending: list[tuple[str, str]] = [(os.fspath(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except (FileNotFoundError, NotADirectoryError):
            continue  # removed since it was listed
        except OSError:
            if unreadable is not None:
                unreadable.append(prefix.rstrip("/") or ".")
            continue
        subfolders = []
        for entry in entries:
            if skip_hidden and entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                subfolders.append((entry.path, prefix + entry.name + "/"))
            else:
                yield prefix + entry.name, entry
        pending.extend(reversed(subfolders))


def make_folders(path: str | os.PathLike) -> None:
    """os.makedirs(path, exist_ok=True) without recursion, for folders thousands deep."""
    missing = []
    folder = os.fspath(path)
    while folder and not os.path.isdir(folder):
        missing.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder)
        except FileExistsError:
            if not os.path.isdir(folder):
                raise


def remove_tree(root: str | os.PathLike) -> None:
    """shutil.rmtree(root, ignore_errors=True) without recursion: links are removed, never followed.

    It works from open folders, one at a time, not from paths, so a tree deeper than the longest path
    the system takes is removed too. Climbing back up, each parent is checked to be the folder it came
    down from: a folder moved meanwhile (by anyone who may write in the tree) cannot lead it outside.
    What cannot be removed is left, for whoever removes it next.
    """
    try:
        folder = os.open(root, _FOLDER | _NO_LINK)
    except OSError:
        return
    try:
        _remove_below(folder)
    finally:
        os.close(folder)
    try:
        os.rmdir(root)
    except OSError:
        pass


def _remove_below(top: int) -> None:
    """Empty an open folder, deepest first; stop quietly where the tree changes under it."""
    folder, pending = top, _empty_of_files(top)  # pending: names of its subfolders not yet removed
    # for each folder entered: its name, its parent's identity and its parent's pending names
    above: list[tuple[str, tuple[int, int], list[str]]] = []
    try:
        while True:
            if pending:
                name = pending.pop()
                try:
                    inner = os.open(name, _FOLDER | _NO_LINK, dir_fd=folder)
                except OSError:
                    continue
                parent = os.fstat(folder)
                above.append((name, (parent.st_dev, parent.st_ino), pending))
                if folder != top:
                    os.close(folder)
                folder, pending = inner, _empty_of_files(inner)
                continue
            if not above:
                return
            name, identity, pending = above.pop()
            try:
                parent = os.open("..", _FOLDER, dir_fd=folder)
            except OSError:
                return
            if folder != top:
                os.close(folder)
            folder = parent
            info = os.fstat(folder)
            if (info.st_dev, info.st_ino) != identity:
                return  # moved: ".." is some other folder now
            try:
                os.rmdir(name, dir_fd=folder)
            except OSError:
                pass
    finally:
        if folder != top:
            os.close(folder)


_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NO_LINK = getattr(os, "O_NOFOLLOW", 0)


def _empty_of_files(folder: int) -> list[str]:
    """Remove everything in an open folder but its subfolders (links included); their names."""
    subfolders = []
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return subfolders
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.name)
            else:
                os.unlink(entry.name, dir_fd=folder)
        except OSError:
            pass
    return subfolders


def read_stream(stream, limit: int) -> bytes:
    """At most limit bytes of an open stream (standard input); FileRefused when there are more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(len(data), limit)
    return data


def too_large(size: int, limit: int) -> FileRefused:
    shown = f"{size // MB} MB" if size // MB > limit // MB else f"more than {_size(limit)}"
    return FileRefused(f"file is {shown}; the limit is {_size(limit)}", "split it or shorten it", line=1)


def is_regular_file(path: str | os.PathLike) -> bool:
    """A regular file, not through a symbolic link: what may be copied out of someone's folder."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _size(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit} bytes"
