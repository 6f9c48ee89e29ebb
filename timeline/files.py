"""Opening input files: regular files only, never more than a limit, never a wait.

Every file the tool reads goes through read_file: content, settings, templates,
static files, an article to import, the cache and the output folder's own
records. A FIFO, a device, a socket or a folder is refused before a byte is
read (it is opened without blocking and examined first), a file larger than
its limit is refused after reading one byte past the limit, and a path that
leads out of the folders it may come from, through a symbolic link, is refused
too. Refusals are FileRefused, with a message and a hint for the author.
"""
from __future__ import annotations

import os
import stat

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
    if inside and os.path.islink(path):
        real = os.path.realpath(path)
        if not any(_within(real, os.path.realpath(folder)) for folder in inside):
            raise FileRefused(f"is a symbolic link to {real}, outside the project",
                              "copy the file into the project instead of linking to it")
    # O_NONBLOCK: opening a FIFO would otherwise wait for a writer, for ever.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
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
