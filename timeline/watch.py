"""Watch folders and files for saves, the ways editors make them, and report the paths that changed.

Folders are watched recursively; a single file is watched through its folder,
and only that file counts there. Saves in place, by temporary file and rename,
and vim's swap-and-backup dance all come out as the real file's path; swap,
backup and temporary files never do. Moves and deletions are changes too.
"""
from __future__ import annotations

import os
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

    def __init__(self, folders: list[Path], files: list[Path], on_change: Callable[[str], None]):
        self.folders = [str(folder.resolve()) for folder in folders]
        self.files = {str(path.resolve()) for path in files}
        self.on_change = on_change

    def dispatch(self, event) -> None:
        if event.event_type not in WATCHED_KINDS or (event.is_directory and event.event_type == "modified"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = os.fsdecode(raw) if raw else ""
            if path and self.is_input(path):
                self.on_change(path)

    def is_input(self, path: str) -> bool:
        if is_editor_junk(path):
            return False
        return path in self.files or any(path == root or path.startswith(root + os.sep) for root in self.folders)


def start_watching(folders: list[Path], files: list[Path], on_change: Callable[[str], None], poll: bool = False):
    """Start a watchdog observer (a daemon thread); call its stop() and join() to end it."""
    if poll:
        from watchdog.observers.polling import PollingObserver as Observer
    else:
        from watchdog.observers import Observer
    observer = Observer(timeout=0.2) if poll else Observer()
    handler = ChangeHandler(folders, files, on_change)
    folders = [folder for folder in folders if folder.is_dir()]
    for folder in folders:
        observer.schedule(handler, str(folder.resolve()), recursive=True)
    for parent in sorted({path.resolve().parent for path in files} - {folder.resolve() for folder in folders}):
        if parent.is_dir():
            observer.schedule(handler, str(parent), recursive=False)
    observer.daemon = True
    observer.start()
    return observer
