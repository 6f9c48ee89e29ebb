"""Watch folders and files for saves, the ways editors make them, and report the paths that changed.

Folders are watched recursively; a single file is watched through its folder,
and only that file counts there. Saves in place, by temporary file and rename,
and vim's swap-and-backup dance all come out as the real file's path; swap,
backup and temporary files never do. Moves and deletions are changes too.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable

JUNK_SUFFIXES = (".swp", ".swx", ".swo", ".swpx", "~", ".tmp", ".bck", ".bak", ".part", ".crdownload")
WATCHED_KINDS = {"created", "modified", "moved", "deleted"}


def is_editor_junk(path: str) -> bool:
    """Swap, backup and temporary files editors write beside the real one."""
    name = os.path.basename(path)
    return (name.endswith(JUNK_SUFFIXES) or name.startswith((".#", ".")) or name == "4913"
            or (name.startswith("#") and name.endswith("#")))


class ChangeHandler:
    """Turn watchdog events into changed paths: watched inputs only, editor junk dropped, moves seen from both ends."""

    def __init__(self, folders: list[Path], files: list[Path], on_change: Callable[[str], None],
                 on_folder_back: Callable[[str], None] = lambda folder: None):
        self.folders = [str(folder.resolve()) for folder in folders]
        self.files = {str(path.resolve()) for path in files}
        self.on_change, self.on_folder_back = on_change, on_folder_back

    def dispatch(self, event) -> None:
        if event.event_type not in WATCHED_KINDS or (event.is_directory and event.event_type == "modified"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = os.fsdecode(raw) if raw else ""
            if path in self.folders and event.event_type in ("created", "moved") and os.path.isdir(path):
                self.on_folder_back(path)  # deleted and made again, or moved back: watch it anew
            if path and self.is_input(path):
                self.on_change(path)

    def is_input(self, path: str) -> bool:
        if is_editor_junk(path):
            return False
        return path in self.files or any(path == root or path.startswith(root + os.sep) for root in self.folders)


class Watcher:
    """A watchdog observer on the folders (recursively) and on the folders holding them and the files.

    Watching a folder's parent too means a folder that is deleted and made again (a `git checkout`,
    a script that regenerates content/) is noticed and watched anew, instead of going unwatched.
    """

    def __init__(self, folders: list[Path], files: list[Path], on_change: Callable[[str], None], poll: bool = False):
        if poll:
            from watchdog.observers.polling import PollingObserver as Observer
        else:
            from watchdog.observers import Observer
        self.observer = Observer(timeout=0.2) if poll else Observer()
        self.observer.daemon = True
        self.handler = ChangeHandler(folders, files, on_change, self._watch_folder)
        self.watches: dict[str, object] = {}
        self.lock = threading.Lock()
        for folder in self.handler.folders:
            if os.path.isdir(folder):
                self._watch_folder(folder)
        parents = {os.path.dirname(folder) for folder in self.handler.folders}
        parents |= {os.path.dirname(path) for path in self.handler.files}
        for parent in sorted(parents - set(self.handler.folders)):
            if os.path.isdir(parent):
                self.observer.schedule(self.handler, parent, recursive=False)

    def _watch_folder(self, folder: str) -> None:
        with self.lock:
            old = self.watches.pop(folder, None)
            if old is not None:
                try:
                    self.observer.unschedule(old)
                except (KeyError, ValueError):  # its watch already ended with the folder
                    pass
            self.watches[folder] = self.observer.schedule(self.handler, folder, recursive=True)

    def start(self) -> "Watcher":
        self.observer.start()
        return self

    def stop(self) -> None:
        self.observer.stop()

    def join(self, timeout: float | None = None) -> None:
        self.observer.join(timeout)


def start_watching(folders: list[Path], files: list[Path], on_change: Callable[[str], None], poll: bool = False) -> Watcher:
    """Start watching (daemon threads); call stop() and join() on the result to end it."""
    return Watcher(folders, files, on_change, poll).start()
