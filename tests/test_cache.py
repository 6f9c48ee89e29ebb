"""The parse cache: keyed by bytes, path and code; stale or damaged entries never change the output."""
from __future__ import annotations

import os
import pickle

from timeline import cache, pipeline
from timeline.cache import FileCache
from timeline.loader import load_content
from tests.test_pipeline import options, plain_build, tree


def stored_entries(path) -> dict:
    return pickle.loads(cache._verified(path.read_bytes(), cache.signing_key()))


def signed(payload: bytes) -> bytes:
    import hashlib
    import hmac
    return cache.SIGNED + hmac.new(cache.signing_key(), payload, hashlib.sha256).digest() + payload


class Runs:
    """Unpickling this runs code: what a cache file committed by someone else could do."""

    def __init__(self, mark):
        self.mark = mark

    def __reduce__(self):
        return (open, (str(self.mark), "w"))


def test_a_cache_file_this_user_did_not_write_is_never_loaded(site, tmp_path):
    assert site.run("build", "--no-search").code == 0
    stored_file = next((site.root / ".cache").glob("content-*.pickle"))
    mark = tmp_path / "code-ran"
    for forged in (pickle.dumps({"x": Runs(mark)}), cache.SIGNED + b"0" * 32 + pickle.dumps({"x": Runs(mark)})):
        stored_file.write_bytes(forged)
        site.event("2009-05-07-new", title="A new event", date="2009-05-07")
        result = site.run("build", "--no-search")
        assert result.code == 0 and not mark.exists(), result.err
        assert (site.output / "events/2009-05-07-new/index.html").is_file()


def test_cached_tree_equals_the_uncached_one(site):
    files = FileCache(site.root / ".cache")
    assert load_content(site.content, files) == load_content(site.content)
    files.save()
    again = FileCache(site.root / ".cache")
    assert load_content(site.content, again) == load_content(site.content)
    assert again.parsed_count == 0  # everything came from the disk cache


def test_warnings_and_the_parts_of_broken_files_come_back_from_the_cache(site):
    site.event("2009-05-07-map", title="Map", body="Text.\n\n![The map](map.png)\n")
    site.event("2009-05-08-broken", title="Broken", date="2009-13-01", actors="[natto]")
    files = FileCache(site.root / ".cache")
    first = load_content(site.content, files)
    files.save()
    again = FileCache(site.root / ".cache")
    second = load_content(site.content, again)
    assert again.parsed_count == 0  # from the disk cache
    assert second.problems == first.problems and second.partial == first.partial
    assert any(p.warning and "<img" in p.message for p in second.problems)
    assert [partial.actors[0].value for partial in second.partial] == ["natto"]
    memory = load_content(site.content, again)  # and from memory, as the preview server loads
    assert memory.problems == first.problems and memory.partial == first.partial


def test_changed_bytes_are_parsed_again(site):
    files = FileCache(site.root / ".cache")
    load_content(site.content, files)
    files.save()
    site.event("2009-05-06-lavrov-news-conference", title="Changed title", actors="[russia]")
    fresh = FileCache(site.root / ".cache")
    loaded = load_content(site.content, fresh)
    assert fresh.parsed_count == 1
    assert "Changed title" in [e.title for e in loaded.events]


def test_damaged_or_foreign_cache_is_ignored(site):
    pipeline.build(options(site, cache_dir=site.root / ".cache"))
    for stored in (site.root / ".cache").glob("content-*.pickle"):
        stored.write_bytes(b"not a pickle")
    for stored in (site.root / ".cache").glob("output-*.json"):
        stored.write_text("{")
    pipeline.build(options(site, cache_dir=site.root / ".cache"))
    assert tree(site.output) == plain_build(site, "reference")


def test_a_poisoned_entry_under_another_key_is_never_used(site):
    files = FileCache(site.root / ".cache")
    load_content(site.content, files)
    files.save()
    stored_file = next((site.root / ".cache").glob("content-*.pickle"))
    stored = stored_entries(stored_file)
    for entry in stored.values():
        if entry.model is not None and hasattr(entry.model, "title"):
            object.__setattr__(entry.model, "title", "POISON")
    stored_file.write_bytes(signed(pickle.dumps(stored)))  # even signed with this user's own key
    site.event("2009-05-06-lavrov-news-conference", title="Real title", actors="[russia]")
    titles = [e.title for e in load_content(site.content, FileCache(site.root / ".cache")).events]
    assert "Real title" in titles  # the edited file has a new key; only untouched files match old entries


def test_saving_keeps_only_what_the_last_load_used(site):
    files = FileCache(site.root / ".cache")
    load_content(site.content, files)
    files.save()
    (site.content / "events/2008-08-19-nrc-suspended.md").unlink()
    load_content(site.content, files)
    files.save()
    stored = stored_entries(next((site.root / ".cache").glob("content-*.pickle")))
    assert sorted(entry.model.slug for entry in stored.values() if hasattr(entry.model, "date")) == [
        "2009-04-29-nato-withdraws-accreditation", "2009-05-06-lavrov-news-conference"]


def test_no_cache_flag_writes_no_cache_folder(site):
    assert site.run("build", "--no-cache", "--no-search").code == 0
    assert not (site.root / ".cache").exists()
    assert site.run("build", "--no-search").code == 0
    assert (site.root / ".cache").is_dir()
    assert (site.root / ".cache/.gitignore").read_text().endswith("*\n")  # never committed, wherever it is


def test_parse_key_covers_every_module_the_parser_runs():
    names = {path.name for path in cache.package_imports("content")}
    assert {"content.py", "yamlread.py", "schema.py", "markup.py", "dates.py", "errors.py", "dropped.py", "scaffold.py",
            "links.py", "yamlerrors.py", "registries.py"} <= names
    assert "serve.py" not in names and "pages.py" not in names
    assert {"pages.py", "render.py", "model.py", "chart.py", "plan.py"} <= {p.name for p in cache.package_imports("pipeline")}


def test_parse_key_changes_with_kind_path_and_bytes():
    base = cache.parse_key("event", "content/events/a.md", b"---\n")
    assert len({base, cache.parse_key("page", "content/events/a.md", b"---\n"),
                cache.parse_key("event", "content/events/b.md", b"---\n"),
                cache.parse_key("event", "content/events/a.md", b"---\n\n")}) == 4
    assert cache.parse_key("event", "content/events/a.md", b"---\n") == base


def test_a_load_keeps_in_memory_only_what_it_used(site):
    files = FileCache()
    first = load_content(site.content, files)
    assert set(files.entries) == set(first.file_keys.values())
    site.event("2009-05-06-lavrov-news-conference", title="Edited once", actors="[russia]")
    load_content(site.content, files)
    site.event("2009-05-06-lavrov-news-conference", title="Edited twice", actors="[russia]")
    last = load_content(site.content, files)
    # Each edit replaces its file's entry, found again by its key next time; none pile up.
    assert set(files.entries) == set(last.file_keys.values()) and len(files.entries) == len(first.file_keys)


def test_the_signing_key_is_made_once_private_and_never_where_a_relative_setting_points(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "project-cache")  # relative: to be ignored, by the XDG rules
    monkeypatch.chdir(tmp_path)
    first = cache.signing_key()
    key_file = tmp_path / "home/.cache/timeline/cache-key"
    assert key_file.read_bytes() == first and len(first) == 32
    assert (key_file.stat().st_mode & 0o777) == 0o600
    assert cache.signing_key() == first
    assert not (tmp_path / "project-cache").exists()
    assert [p.name for p in key_file.parent.iterdir()] == ["cache-key"]  # no temporary file left


def test_a_key_another_build_made_first_is_the_one_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    real_link = os.link

    def made_meanwhile(source, target):  # another build links its key in just before this one
        (tmp_path / "timeline/cache-key").write_bytes(b"k" * 32)
        real_link(source, target)
    monkeypatch.setattr(cache.os, "link", made_meanwhile)
    assert cache.signing_key() == b"k" * 32
    assert [p.name for p in (tmp_path / "timeline").iterdir()] == ["cache-key"]
