"""The content folder's files: the last listing updated from the watcher's names is the listing a walk makes."""
from __future__ import annotations

import os
import random
import shutil

import pytest

from timeline.cache import FileCache
from timeline.listing import list_content, updated
from timeline.loader import load_content

# What an author or a tool does to content/: each returns the paths a watcher would name.
NAMES = ["2009-01-01-a", "2009-01-01-b", "2010-02-03-c", "zz", "a", "_private", ".hidden", "ü-umlaut"]
FOLDERS = ["events", "events/2009", "events/2010", "events/2010/deep", "pages", "pages/deep", "events/_skipped",
           "events/.dot"]


def save(root, rng) -> list[str]:
    path = root / rng.choice(FOLDERS) / f"{rng.choice(NAMES)}{rng.choice(['.md', '.md', '.txt', '.ru.md'])}"
    made = [] if path.parent.is_dir() else [str(path.parent)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    return made + [str(path)]


def delete(root, rng) -> list[str]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    if not files:
        return []
    path = rng.choice(files)
    path.unlink()
    return [str(path)]


def remove_folder(root, rng) -> list[str]:
    folders = sorted(p for p in root.rglob("*") if p.is_dir())
    if not folders:
        return []
    folder = rng.choice(folders)
    shutil.rmtree(folder)
    return [str(folder)]


def resave(root, rng) -> list[str]:
    files = sorted(p for p in root.rglob("*.md") if p.is_file())
    return [str(rng.choice(files))] if files else []


@pytest.mark.parametrize("seed", range(12))
def test_a_listing_updated_from_names_is_the_walk_of_the_folder(tmp_path, seed):
    rng = random.Random(seed)
    root = tmp_path / "content"
    (root / "events").mkdir(parents=True)
    listing = FileCache().remember_listing(root, *list_content(root))
    kept = 0
    for _ in range(60):
        changed = rng.choice([save, save, save, delete, delete, resave, remove_folder])(root, rng)
        after = updated(listing, root, {os.path.abspath(path) for path in changed})
        walked = FileCache().remember_listing(root, *list_content(root))
        if after is None:  # only a walk can tell (a folder made or removed): fine, and it walks
            listing = walked
            continue
        kept += 1
        assert (after.events, after.pages, after.absolute) == (walked.events, walked.pages, walked.absolute)
        listing = after
    assert kept > 15   # many changes were taken from the names, not walked


def test_the_content_folder_itself_or_a_folder_holding_it_is_walked(site):
    listing = FileCache().remember_listing(site.content, *list_content(site.content))
    assert updated(listing, site.content, {str(site.content.resolve())}) is None
    assert updated(listing, site.content, {str(site.root.resolve())}) is None
    beside = site.write("site.yaml", "title: T\n")
    assert updated(listing, site.content, {str(beside.resolve())}) is listing


def test_a_load_told_of_a_new_and_a_deleted_file_reads_only_the_new_one(site):
    files = FileCache()
    load_content(site.content, files)
    added = site.event("2009-06-01-added", title="Added", date="2009-06-01")
    gone = site.content / "events/2008-08-19-nrc-suspended.md"
    gone.unlink()
    tree = load_content(site.content, files, frozenset([str(added), str(gone)]))
    assert files.parsed_count == 1
    assert tree == load_content(site.content)
