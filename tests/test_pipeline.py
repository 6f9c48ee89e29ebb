"""The one pipeline: cached, parallel, incremental and in-memory builds give the bytes of a plain full build."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from timeline import loader, pipeline, workers
from timeline.memo import Memo
from timeline.serve import PreviewSite
from timeline.sinks import InMemory
from tests.conftest import event_text


def options(site, output: str = "site", **changes) -> pipeline.Options:
    settings = dict(content_dir=site.content, output_dir=site.root / output, config_path=site.root / "site.yaml",
                    search=False, parallel=False)
    return pipeline.Options(**{**settings, **changes})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def plain_build(site, output: str) -> dict[str, bytes]:
    """The reference: no cache, no pool, a fresh folder, a memo of its own."""
    pipeline.build(options(site, output), Memo())
    return tree(site.root / output)


def served(site) -> dict[str, bytes]:
    """What the preview server would serve now: the reference without the output folder's marker."""
    reference = plain_build(site, "reference")
    reference.pop(".timeline-site")
    return reference


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
    monkeypatch.setattr(loader, "PARALLEL_PARSE_AT", 1)
    monkeypatch.setattr(pipeline, "PARALLEL_RENDER_AT", 1)
    pipeline.build(options(busy_site, "parallel", parallel=True))
    assert tree(busy_site.root / "parallel") == plain_build(busy_site, "serial")


def test_a_parallel_check_leaves_no_pool_running_into_the_exit(site, monkeypatch):
    # `check` renders every page to find template errors and stops reading the results when the pages
    # run out; a pool left running then raced Python's exit and, now and then, printed an
    # "Exception ignored ... Bad file descriptor" traceback under a check that had passed.
    monkeypatch.setattr(pipeline, "PARALLEL_RENDER_AT", 1)
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    pipeline.check_site(options(site, parallel=True))
    assert not [thread for thread in threading.enumerate() if type(thread).__name__ == "_ExecutorManagerThread"]


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


def test_preview_builds_equal_a_fresh_full_build_after_each_edit(busy_site):
    site = busy_site
    preview = PreviewSite(options(site, "unused"))
    assert preview.rebuild().files is not None
    for edit in EDITS:
        before = {str(p) for p in site.root.rglob("*") if p.is_file()}
        edit(site)
        # As the watcher would report: every file saved, made or deleted.
        changed = frozenset(before | {str(p) for p in site.root.rglob("*") if p.is_file()})
        built = preview.rebuild(changed)
        assert built.files is not None, built.errors
        assert built.files == served(site)


def test_preview_sees_edits_even_when_the_watcher_names_no_file(busy_site):
    site = busy_site
    preview = PreviewSite(options(site, "unused"))
    preview.rebuild()
    path = site.content / "events/2009-05-06-lavrov-news-conference.md"
    path.write_text(event_text(title="Seen by its size and time", actors="[Sergey Lavrov, russia]"))
    built = preview.rebuild()
    assert b"Seen by its size and time" in built.files["events/2009-05-06-lavrov-news-conference/index.html"]


def test_build_check_and_preview_run_one_pipeline(site, monkeypatch):
    runs = []
    real_run = pipeline.run
    monkeypatch.setattr(pipeline, "run", lambda *args, **kwargs: runs.append(type(args[2]))
                        or real_run(*args, **kwargs))
    import timeline.serve
    from timeline.sinks import InMemory, Nowhere, StagedOutput
    monkeypatch.setattr(timeline.serve, "run", pipeline.run)
    pipeline.build(options(site))
    pipeline.check_site(options(site))
    PreviewSite(options(site, "unused")).rebuild()
    assert runs[:2] == [StagedOutput, Nowhere] and len(runs) == 3
    assert issubclass(runs[2], InMemory)  # memory that refuses pages once the server stops


def test_two_builds_with_their_own_memos_do_not_share_state(busy_site):
    site = busy_site
    first = Memo()
    pipeline.run(options(site), first, InMemory())
    EDITS[0](site)
    second_destination = InMemory()
    pipeline.run(options(site), Memo(), second_destination)
    assert first.last_plan is not None and first.last_plan.timeline.by_slug["2009-05-06-lavrov-news-conference"].title \
        == "Lavrov news conference"  # the first memo still holds only what it saw
    assert {path: data for path, data in second_destination.result.files.items()} == served(site)


def test_static_files_are_files_of_the_plan_with_keys_from_their_bytes(site):
    memo = Memo()
    pipeline.run(options(site), memo, InMemory())
    planned = memo.last_plan
    static = {path: key for path, key in planned.keys.items() if path.startswith("static/")}
    assert static and all(key.startswith("bytes:") for key in static.values())
    assert {data_file.path for data_file in planned.data_files} >= set(static) | {"timeline.json"}


def test_foreign_file_is_kept_through_several_builds(site):
    cached = options(site, cache_dir=site.root / ".cache")
    pipeline.build(cached)
    site.write("site/CNAME", "example.org")
    for _ in range(3):
        result = pipeline.build(cached)
        assert site.read("CNAME") == "example.org"
        assert [p.message for p in result.problems if "CNAME" in p.path] == ["was not made by the build; kept it"]
