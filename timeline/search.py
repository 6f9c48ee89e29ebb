"""The search step: Pagefind indexes the built event pages into <site>/pagefind/."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import urls
from .errors import BuildFailed, Problem
from .files import FileRefused, read_file, walk_tree
from .output import made_files, regular_file_inside

BUNDLE = urls.SEARCH_BUNDLE.rstrip("/")  # the folder name Pagefind is given
INPUT_DIGEST = ".input-digest"
TIMEOUT_SECONDS = 600


def pagefind_command() -> list[str] | None:
    """The Pagefind binary bundled by the PyPI package (pagefind[bin]), or one on PATH."""
    try:
        import pagefind_bin  # noqa: F401  (present when pagefind[bin] is installed)
        return [sys.executable, "-m", "pagefind"]
    except ImportError:
        found = shutil.which("pagefind")
        return [found] if found else None


def index_language(config) -> str | None:
    """The one language Pagefind is told all pages are in; None on a site of several, whose pages each
    say theirs in <html lang>: Pagefind then makes one index per language, each with its own stemming."""
    return None if config.multilingual else config.language


def input_digest(site_root: Path, language: str | None) -> str:
    """What the index is made from: every HTML page's path and bytes, the language, Pagefind's version."""
    digest = hashlib.sha256(f"{language}\0{_pagefind_version()}\0".encode())
    for relative, entry in walk_tree(site_root):
        if relative.endswith(".html") and relative.split("/")[0] != BUNDLE and entry.is_file(follow_symlinks=False):
            digest.update(os.fsencode(relative) + b"\0")
            digest.update(hashlib.sha256(Path(entry.path).read_bytes()).digest())
    return digest.hexdigest()


def _recorded_digest(bundle: Path | None) -> str | None:
    """What the bundle in the last output was made from, as it recorded it."""
    if bundle is None:
        return None
    try:
        return read_file(bundle / INPUT_DIGEST, 1000).decode("ascii", "replace")
    except (OSError, FileRefused):
        return None


def _pagefind_version() -> str:
    try:
        from importlib.metadata import version
        return version("pagefind_bin")
    except Exception:
        return "unknown"


def run_command(arguments: list[str]) -> subprocess.CompletedProcess:
    """Run a command to its end, its output captured; TimeoutExpired past TIMEOUT_SECONDS."""
    return subprocess.run(arguments, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)


def index_site(site_root: Path, language: str | None, previous_site: Path | None = None, run=run_command) -> None:
    """Index the pages marked data-pagefind-body into site_root/pagefind/.

    Pagefind writes some index files in a different order on each run (upstream
    issue 638), so when the pages are byte-identical to the previous build its
    bundle is reused: the same input then gives the same bytes, and faster.
    run runs Pagefind (run_command's contract); the preview hands in one it can stop.
    """
    digest = input_digest(site_root, language)
    old_bundle = previous_site / BUNDLE if previous_site else None
    made = made_files(previous_site) if previous_site else None
    bundle = sorted(name for name in made if name.startswith(urls.SEARCH_BUNDLE)) if made else []
    sources = [regular_file_inside(previous_site, name) for name in bundle]
    if bundle and all(sources) and _recorded_digest(old_bundle) == digest:
        # Only the files the last build made, and only real files inside it: nothing is copied through a link.
        for relative, source in zip(bundle, sources):
            target = site_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target, follow_symlinks=False)
        return
    command = pagefind_command()
    if command is None:
        raise BuildFailed([Problem("search", None, "Pagefind is not installed",
                                   "pip install -r requirements.txt, or build with --no-search")])
    forced = ["--force-language", language.split("-")[0]] if language else []
    try:
        completed = run([*command, "--site", str(site_root), "--output-subdir", BUNDLE, *forced, "--silent"])
    except subprocess.TimeoutExpired:
        raise BuildFailed([Problem("search", None, f"Pagefind did not finish in {TIMEOUT_SECONDS} s",
                                   "build with --no-search to skip the search index")]) from None
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise BuildFailed([Problem("search", None, "Pagefind failed: " + (detail[-1] if detail else f"exit {completed.returncode}"),
                                   "build with --no-search to skip the search index")])
    (site_root / BUNDLE / INPUT_DIGEST).write_text(digest)
