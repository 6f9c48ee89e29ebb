"""Reading the content folder: what is listed, what is read again, and that a cache never changes the result."""
from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import event_text
from timeline.cache import FileCache
from timeline.loader import list_content, load_content, load_registries


def test_listing_skips_private_names_and_keeps_a_stable_order(site):
    site.write("content/events/_private.md", "x")
    site.write("content/.hidden/x.md", "x")
    site.write("content/_drafts/y.md", "x")
    site.write("content/events/2010/deep/z.md", "x")
    site.write("content/pages/deep/not-a-page.md", "x")
    events, pages, problems = list_content(site.content)
    relative = [os.path.relpath(p, site.content) for p in events]
    assert relative == ["events/2008-08-19-nrc-suspended.md", "events/2009-04-29-nato-withdraws-accreditation.md",
                        "events/2009-05-06-lavrov-news-conference.md", "events/2010/deep/z.md"]
    assert [os.path.relpath(p, site.content) for p in pages] == ["pages/about.md", "pages/deep/not-a-page.md"]
    assert problems == []


def test_a_loader_told_which_files_changed_sees_edits_additions_deletions_and_registries(site):
    files = FileCache()
    load_content(site.content, files)
    lavrov = site.content / "events/2009-05-06-lavrov-news-conference.md"
    site.event("2009-05-06-lavrov-news-conference", title="Retold", actors="[russia]")
    edited = load_content(site.content, files, frozenset([str(lavrov)]))
    assert files.parsed_count == 1 and "Retold" in [e.title for e in edited.events]
    assert edited == load_content(site.content)
    added = site.event("2009-06-01-added", title="Added", date="2009-06-01")
    assert "Added" in [e.title for e in load_content(site.content, files, frozenset([str(added)])).events]
    added.unlink()
    assert "Added" not in [e.title for e in load_content(site.content, files, frozenset([str(added)])).events]
    actors = site.content / "actors.yaml"
    actors.write_text(actors.read_text().replace("The Atlantic alliance.", "The alliance."))
    after = load_content(site.content, files, frozenset([str(actors)]))
    assert after == load_content(site.content) and after.actors["nato"].description == "The alliance."


def replace_folder(folder, fill) -> None:
    """Replace folder whole, as git checkout or an editor that saves a folder does: a copy, filled, renamed over."""
    copy = folder.with_name(folder.name + ".new")
    shutil.copytree(folder, copy)
    fill(copy)
    shutil.rmtree(folder)
    os.rename(copy, folder)


def add_event(folder, slug: str = "2009-06-01-unnamed") -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.md").write_text(event_text(title="Unnamed", date="2009-06-01"))


def file_becomes_folder(path) -> None:
    path.unlink()
    add_event(path)


FOLDER_CHANGES = {  # the path the watcher names -> what happened there, bringing a file it does not name
    "content": lambda path: replace_folder(path, lambda copy: add_event(copy / "events")),
    "content/events": lambda path: replace_folder(path, add_event),
    "content/events/2012": add_event,
    "content/events/2009-04-29-nato-withdraws-accreditation.md": file_becomes_folder,
    ".": lambda path: add_event(path / "content/events"),  # the folder holding the content folder
}


@pytest.mark.parametrize("named", FOLDER_CHANGES)
def test_a_changed_folder_is_walked_so_files_the_watcher_did_not_name_are_seen(site, named):
    files = FileCache()
    load_content(site.content, files)
    FOLDER_CHANGES[named](site.root / named)
    lavrov = site.content / "events/2009-05-06-lavrov-news-conference.md"
    changed = frozenset([str(site.root / named), str(lavrov)])  # a known file too: alone, it would allow the fast path
    assert "Unnamed" in [e.title for e in load_content(site.content, files, changed).events]


def test_a_content_folder_deleted_and_made_again_is_listed_afresh(site, tmp_path_factory):
    files = FileCache()
    load_content(site.content, files)
    saved = tmp_path_factory.mktemp("saved") / "content"
    shutil.copytree(site.content, saved)
    shutil.rmtree(site.content)
    assert [p.message for p in load_content(site.content, files).problems] == ["content folder not found"]
    add_event(saved / "events")
    shutil.copytree(saved, site.content)
    lavrov = site.content / "events/2009-05-06-lavrov-news-conference.md"  # the one name the watcher gave
    assert "Unnamed" in [e.title for e in load_content(site.content, files, frozenset([str(lavrov)])).events]


def test_a_content_folder_reached_through_a_link_sees_edits_the_watcher_names_with_the_link_resolved(site, tmp_path):
    linked = tmp_path / "linked"
    linked.symlink_to(site.root)
    content = linked / "content"
    files = FileCache()
    load_content(content, files)
    listing = files.listing
    lavrov = site.event("2009-05-06-lavrov-news-conference", title="Edited", actors="[russia]")
    changed = frozenset([str(lavrov.resolve())])  # as watch.py names it
    assert "Edited" in [e.title for e in load_content(content, files, changed).events]
    assert files.listing is listing and files.parsed_count == 1  # still the fast path: no walk


def test_without_names_an_edit_is_found_by_its_signature(site):
    files = FileCache()
    load_content(site.content, files)
    site.event("2009-05-06-lavrov-news-conference", title="Seen by size and time", actors="[russia]")
    assert "Seen by size and time" in [e.title for e in load_content(site.content, files).events]
    assert files.parsed_count == 1


def test_unchanged_files_are_the_very_same_objects_on_the_next_load(site):
    files = FileCache()
    first = load_content(site.content, files)
    second = load_content(site.content, files)
    assert all(a is b for a, b in zip(first.events, second.events))  # later memos know them by identity
    assert files.parsed_count == 0


def test_each_event_carries_the_content_key_of_its_file(site):
    loaded = load_content(site.content)
    assert set(loaded.file_keys) == {event.path for event in loaded.events} | {page.path for page in loaded.pages}
    before = dict(loaded.file_keys)
    site.event("2009-05-06-lavrov-news-conference", title="Other words", actors="[russia]")
    after = load_content(site.content).file_keys
    changed = {path for path in before if before[path] != after[path]}
    assert [os.path.basename(path) for path in changed] == ["2009-05-06-lavrov-news-conference.md"]


def test_problems_of_every_file_are_collected_in_one_load(site):
    site.write("content/events/a.md", "no front matter\n")
    site.write("content/events/b.md", b"---\ntitle: \xff\n---\n")
    site.write("content/actors.yaml", "nato: [not, a, mapping]\n")
    messages = sorted(p.message for p in load_content(site.content).problems)
    assert "no front matter" in messages and any("not UTF-8" in m for m in messages)
    assert any(m.startswith("nato: expected name, kind") for m in messages)


def test_missing_content_folder_and_missing_actors_are_located(tmp_path):
    assert [p.message for p in load_content(tmp_path / "nowhere").problems] == ["content folder not found"]
    (tmp_path / "content").mkdir()
    assert [p.message for p in load_registries(tmp_path / "content").problems] == ["actors.yaml not found"]


def test_a_parser_that_fails_leaves_nothing_remembered(site, monkeypatch):
    from timeline import loader
    files = FileCache()
    load_content(site.content, files)
    lavrov = site.content / "events/2009-05-06-lavrov-news-conference.md"
    site.event("2009-05-06-lavrov-news-conference", title="After the crash", actors="[russia]")
    real = loader.PARSERS["event"]
    monkeypatch.setitem(loader.PARSERS, "event", lambda text, path: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        load_content(site.content, files, frozenset([str(lavrov)]))
    monkeypatch.setitem(loader.PARSERS, "event", real)
    titles = [e.title for e in load_content(site.content, files, frozenset([str(site.content / "events/x.md")])).events]
    assert "After the crash" in titles  # read and parsed again, not a half-made entry from before
