"""The parse cache: keyed by bytes, path and code; stale or damaged entries never change the output."""
from __future__ import annotations

import pickle

from timeline import cache, pipeline
from timeline.content import content_files, load_content
from tests.test_incremental import options, plain_build, tree


def test_cached_tree_equals_the_uncached_one(site):
    loader = cache.Loader(site.root / ".cache")
    assert loader.load(site.content) == load_content(site.content)
    loader.save()
    again = cache.Loader(site.root / ".cache")
    assert again.load(site.content) == load_content(site.content)
    assert again.parsed_count == 0  # everything came from the cache


def test_changed_bytes_are_parsed_again(site):
    loader = cache.Loader(site.root / ".cache")
    loader.load(site.content)
    loader.save()
    site.event("2009-05-06-lavrov-news-conference", title="Changed title", actors="[russia]")
    fresh = cache.Loader(site.root / ".cache")
    tree_ = fresh.load(site.content)
    assert fresh.parsed_count == 1
    assert "Changed title" in [e.title for e in tree_.events]


def test_damaged_or_foreign_cache_is_ignored(site):
    pipeline.build(options(site, cache_dir=site.root / ".cache"))
    for stored in (site.root / ".cache").glob("content-*.pickle"):
        stored.write_bytes(b"not a pickle")
    for stored in (site.root / ".cache").glob("output-*.json"):
        stored.write_text("{")
    pipeline.build(options(site, cache_dir=site.root / ".cache"))
    assert tree(site.output) == plain_build(site, "reference")


def test_a_poisoned_entry_under_another_key_is_never_used(site):
    loader = cache.Loader(site.root / ".cache")
    loader.load(site.content)
    loader.save()
    stored_file = next((site.root / ".cache").glob("content-*.pickle"))
    stored = pickle.loads(stored_file.read_bytes())
    for entry in stored.values():
        if entry.model is not None and hasattr(entry.model, "title"):
            object.__setattr__(entry.model, "title", "POISON")
    stored_file.write_bytes(pickle.dumps(stored))
    site.event("2009-05-06-lavrov-news-conference", title="Real title", actors="[russia]")
    titles = [e.title for e in cache.Loader(site.root / ".cache").load(site.content).events]
    assert "Real title" in titles  # the edited file has a new key; only untouched files match old entries


def test_listing_skips_private_names_and_keeps_a_stable_order(site):
    site.write("content/events/_private.md", "x")
    site.write("content/.hidden/x.md", "x")
    site.write("content/_drafts/y.md", "x")
    site.write("content/events/2010/deep/z.md", "x")
    site.write("content/pages/deep/not-a-page.md", "x")
    events, pages = content_files(site.content)
    relative = [str(p.relative_to(site.content)) for p in events]
    assert relative == ["events/2008-08-19-nrc-suspended.md", "events/2009-04-29-nato-withdraws-accreditation.md",
                        "events/2009-05-06-lavrov-news-conference.md", "events/2010/deep/z.md", "pages/deep/not-a-page.md"]
    assert [p.name for p in pages] == ["about.md"]


def test_no_cache_flag_writes_no_cache_folder(site):
    assert site.run("build", "--no-cache", "--no-search").code == 0
    assert not (site.root / ".cache").exists()
    assert site.run("build", "--no-search").code == 0
    assert (site.root / ".cache").is_dir()


def test_parse_key_covers_every_module_the_parser_runs():
    names = {path.name for path in cache.package_imports("content")}
    assert {"content.py", "yamlread.py", "schema.py", "markup.py", "dates.py", "errors.py"} <= names
    assert "serve.py" not in names and "pages.py" not in names
    assert {"pages.py", "render.py", "model.py", "chart.py"} <= {p.name for p in cache.package_imports("pipeline")}


def test_a_loader_told_which_files_changed_sees_edits_additions_deletions_and_registries(site):
    loader = cache.Loader(None)
    loader.load(site.content)
    lavrov = site.content / "events/2009-05-06-lavrov-news-conference.md"
    site.event("2009-05-06-lavrov-news-conference", title="Retold", actors="[russia]")
    edited = loader.load(site.content, frozenset([str(lavrov)]))
    assert loader.parsed_count == 1 and "Retold" in [e.title for e in edited.events]
    assert edited == load_content(site.content)
    added = site.event("2009-06-01-added", title="Added", date="2009-06-01")
    assert "Added" in [e.title for e in loader.load(site.content, frozenset([str(added)])).events]
    added.unlink()
    assert "Added" not in [e.title for e in loader.load(site.content, frozenset([str(added)])).events]
    actors = site.content / "actors.yaml"
    actors.write_text(actors.read_text().replace("The Atlantic alliance.", "The alliance."))
    after = loader.load(site.content, frozenset([str(actors)]))
    assert after == load_content(site.content) and after.actors["nato"].description == "The alliance."
