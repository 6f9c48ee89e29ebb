"""Cached, parallel and incremental builds give the same bytes as a plain full build."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from timeline import cache, pipeline, replan
from timeline.serve import SiteBuilder
from tests.conftest import event_text


def options(site, output: str = "site", **changes) -> pipeline.Options:
    settings = dict(content_dir=site.content, output_dir=site.root / output, config_path=site.root / "site.yaml",
                    search=False, parallel=False)
    return pipeline.Options(**{**settings, **changes})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def plain_build(site, output: str) -> dict[str, bytes]:
    """The reference: no cache, no pool, a fresh folder."""
    pipeline.build(options(site, output))
    return tree(site.root / output)


EDITS = [
    lambda site: site.event("2009-05-06-lavrov-news-conference", title="Retitled", actors="[Sergey Lavrov, russia]"),
    lambda site: site.event("2009-05-11-added", title="Added", date="2009-05-11", tags="[expulsions, new-topic]",
                            extra="related:\n  - event: 2008-08-19-nrc-suspended\n    relation: follows"),
    lambda site: (site.content / "events/2008-08-19-nrc-suspended.md").write_text(
        event_text(title="NRC meetings suspended", date="2008-08-19", extra="end_date: 2009-04-01")),
    lambda site: site.write("content/actors.yaml", (site.content / "actors.yaml").read_text().replace("The Atlantic alliance.", "The alliance.")),
    lambda site: (site.content / "events/2009-04-29-nato-withdraws-accreditation.md").unlink(),
    lambda site: site.write("site.yaml", "title: Renamed Timeline\nbase_url: https://example.org/\n"),
]


@pytest.fixture
def busy_site(site):
    for index in range(40):
        site.event(f"2011-{index % 12 + 1:02d}-01-filler-{index}", title=f"Filler {index}", date=f"2011-{index % 12 + 1:02d}-01",
                   actors="[nato]" if index % 2 else "[russia, nato]", tags="[diplomacy]")
    return site


def test_cached_build_after_each_edit_equals_a_plain_full_build(busy_site):
    site = busy_site
    cached = options(site, cache_dir=site.root / ".cache")
    first = pipeline.build(cached)
    assert first.written > 0 and (site.root / ".cache").is_dir()
    again = pipeline.build(cached)
    assert again.written == 0  # nothing changed: every file reused
    assert tree(site.output) == plain_build(site, "reference")
    for edit in EDITS:
        edit(site)
        result = pipeline.build(cached)
        assert 0 < result.written, edit
        assert tree(site.output) == plain_build(site, "reference")


def test_one_edited_event_rerenders_only_the_pages_that_show_it(busy_site):
    site = busy_site
    cached = options(site, cache_dir=site.root / ".cache")
    everything = pipeline.build(cached).written
    EDITS[0](site)
    written = pipeline.build(cached).written
    assert 0 < written < everything / 3


def test_hand_edited_output_file_is_rendered_again(site):
    cached = options(site, cache_dir=site.root / ".cache")
    pipeline.build(cached)
    page = site.output / "about/index.html"
    original = page.read_bytes()
    with open(page, "r+b") as handle:
        handle.write(b"X")
    pipeline.build(cached)
    assert page.read_bytes() == original


def inodes(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and mtime of the folder and everything in it: a swapped-in copy has new folders."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in [folder, *sorted(folder.rglob("*"))]}


def test_nothing_changed_leaves_the_output_as_it_is(site):
    cached = options(site, cache_dir=site.root / ".cache")
    pipeline.build(cached)
    before = inodes(site.output)
    result = pipeline.build(cached)
    assert result.written == 0 and result.pages > 3
    assert inodes(site.output) == before  # not one file or folder replaced, not even by a hard link
    assert not list(site.root.glob(".site.staging-*"))


@pytest.mark.parametrize("disturb", [
    lambda output: (output / "about/index.html").unlink(),
    lambda output: (output / "tags/diplomacy/index.html").write_bytes(b"hand-edited"),
    lambda output: (output / "about/index.html").rename(output / "about/moved.html"),
])
def test_a_disturbed_output_is_rebuilt_to_equal_a_plain_build(site, disturb):
    cached = options(site, cache_dir=site.root / ".cache")
    pipeline.build(cached)
    disturb(site.output)
    notes = pipeline.build(cached).problems
    # A file moved by hand counts as someone else's: kept and reported, like any foreign file.
    expected = plain_build(site, "reference")
    if (site.output / "about/moved.html").exists():
        expected["about/moved.html"] = expected["about/index.html"]
        assert any("about/moved.html" in problem.path for problem in notes)
    assert {k: v for k, v in tree(site.output).items() if k != ".timeline-site"} == {
        k: v for k, v in expected.items() if k != ".timeline-site"}


def test_switching_search_off_removes_the_bundle_even_when_pages_are_unchanged(site):
    pipeline.build(options(site, cache_dir=site.root / ".cache", search=True))
    assert (site.output / "pagefind/pagefind.js").is_file()
    pipeline.build(options(site, cache_dir=site.root / ".cache", search=False))
    assert not (site.output / "pagefind").exists()
    pipeline.build(options(site, cache_dir=site.root / ".cache", search=True))
    assert (site.output / "pagefind/pagefind.js").is_file()


def test_parallel_build_equals_serial_build(busy_site, monkeypatch):
    monkeypatch.setattr(cache, "PARALLEL_PARSE_AT", 1)
    monkeypatch.setattr(pipeline, "PARALLEL_RENDER_AT", 1)
    pipeline.build(options(busy_site, "parallel", parallel=True))
    assert tree(busy_site.root / "parallel") == plain_build(busy_site, "serial")


def test_parallel_build_reports_template_errors_like_a_serial_one(site, monkeypatch):
    from tests.conftest import REPO
    import shutil
    monkeypatch.setattr(pipeline, "PARALLEL_RENDER_AT", 1)
    shutil.copytree(REPO / "templates", site.root / "templates")
    event = site.root / "templates/event.html"
    event.write_text(event.read_text().replace("{{ event.title }}</h1>", "{{ event.no_such_field }}</h1>"))
    with pytest.raises(pipeline.BuildFailed) as failed:
        pipeline.build(options(site, parallel=True))
    assert len(failed.value.problems) == 1 and "no_such_field" in failed.value.problems[0].message


def test_server_generations_equal_a_fresh_full_build_after_each_edit(busy_site):
    site = busy_site
    builder = SiteBuilder(options(site, "unused"))
    assert builder.rebuild().generation is not None
    for edit in EDITS:
        edit(site)
        changed = frozenset(str(p) for p in site.root.rglob("*") if p.is_file())  # as the watcher would report
        outcome = builder.rebuild(changed)
        assert outcome.generation is not None, outcome.problems
        reference = plain_build(site, "reference")
        reference.pop(".timeline-site")
        assert outcome.generation.files == reference


def rewrite(site, relative: str, old: str, new: str) -> None:
    path = site.content / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


# Edits to an event's words only: the server updates its previous plan instead of planning again.
WORD_EDITS = [
    lambda site: rewrite(site, "events/2009-05-06-lavrov-news-conference.md", "Second paragraph.", "Second, *revised*."),
    lambda site: rewrite(site, "events/2009-04-29-nato-withdraws-accreditation.md", "tags: [expulsions]",
                         "tags: [expulsions]\nsummary: A summary written by hand."),
    lambda site: rewrite(site, "events/2008-08-19-nrc-suspended.md", "https://example.com/a", "https://example.com/b"),
    lambda site: (rewrite(site, "events/2011-03-01-filler-2.md", "First paragraph", "Opening paragraph"),
                  rewrite(site, "events/2011-04-01-filler-3.md", "First paragraph", "Opening paragraph")),
    lambda site: rewrite(site, "events/2009-05-06-lavrov-news-conference.md", "note: Added a second source.",
                         "note: Added a second source and a correction."),
]


def test_server_updates_its_plan_for_word_edits_and_still_equals_a_full_build(busy_site, monkeypatch):
    site = busy_site
    builder = SiteBuilder(options(site, "unused"))
    assert builder.rebuild().generation is not None
    full_plans = []
    real_full = replan.full
    monkeypatch.setattr(replan, "full", lambda *args: full_plans.append(1) or real_full(*args))
    for edit, words_only in [(e, True) for e in WORD_EDITS] + [(EDITS[0], False), (WORD_EDITS[0], True)]:
        edit(site)
        before = len(full_plans)
        outcome = builder.rebuild(frozenset(str(p) for p in site.content.rglob("*.md")))
        assert outcome.generation is not None, outcome.problems
        assert (len(full_plans) == before) == words_only
        reference = plain_build(site, "reference")
        reference.pop(".timeline-site")
        assert outcome.generation.files == reference


def test_server_sees_edits_even_when_the_watcher_names_no_file(busy_site):
    site = busy_site
    builder = SiteBuilder(options(site, "unused"))
    builder.rebuild()
    path = site.content / "events/2009-05-06-lavrov-news-conference.md"
    path.write_text(event_text(title="Seen by its size and time", actors="[Sergey Lavrov, russia]"))
    generation = builder.rebuild().generation
    assert b"Seen by its size and time" in generation.files["events/2009-05-06-lavrov-news-conference/index.html"]


def test_foreign_file_is_kept_through_several_builds(site):
    cached = options(site, cache_dir=site.root / ".cache")
    pipeline.build(cached)
    site.write("site/CNAME", "example.org")
    for _ in range(3):
        result = pipeline.build(cached)
        assert site.read("CNAME") == "example.org"
        assert [p.message for p in result.problems if "CNAME" in p.path] == ["was not made by the build; kept it"]
