"""Nothing lost: refused output folders, untouched site/ on failure, staging cleaned up."""
import os
import signal
import subprocess

import pytest

from tests.conftest import REPO, build_stopping_at_write


def test_failed_build_leaves_previous_site_byte_for_byte(site):
    assert site.run("build").code == 0
    before = site.snapshot()
    site.event("2009-05-07-bad", title="Bad", date="2009-02-30")
    result = site.run("build")
    assert result.code == 1
    assert result.err.strip().endswith("1 error in 1 file; site/ was not changed")
    assert site.snapshot() == before
    assert [p.name for p in site.root.iterdir() if ".site.staging" in p.name] == []


def test_template_error_midway_leaves_site_untouched(site):
    assert site.run("build").code == 0
    before = site.snapshot()
    site.write("templates/event.html", (REPO / "templates/event.html").read_text().replace("{{ event.title }}</h1>", "{{ event.no_such_field }}</h1>"))
    for template in (REPO / "templates").iterdir():
        if template.name != "event.html":
            site.write(f"templates/{template.name}", template.read_text())
    result = site.run("build")
    assert result.code == 1
    assert "templates/event.html:" in result.err and "no_such_field" in result.err
    assert result.err.count("no_such_field") == 1  # one report per template line, not one per page
    assert site.snapshot() == before


@pytest.mark.parametrize("target", ["/", "HOME", ".", "content", "content/events", "..", "templates"])
def test_dangerous_output_folders_are_refused(site, target, monkeypatch):
    (site.root / "templates").mkdir(exist_ok=True)
    (site.root / "templates" / "keep.html").write_text("mine")
    if target == "HOME":
        target = str(site.root / "home")
        monkeypatch.setenv("HOME", target)
        os.makedirs(target)
    before = sorted(str(p) for p in site.root.rglob("*"))
    result = site.run("build", "--output", target)
    assert result.code == 1
    assert "nothing was written" in result.err
    assert sorted(str(p) for p in site.root.rglob("*")) == before


def test_symlink_to_content_is_refused(site):
    os.symlink(site.content, site.root / "link")
    result = site.run("build", "--output", "link")
    assert result.code == 1 and "symbolic link" in result.err


def test_non_empty_folder_not_made_by_the_tool_is_refused(site):
    site.write("site/precious.txt", "mine")
    result = site.run("build")
    assert result.code == 1
    assert "is not empty and was not made by this tool" in result.err
    assert site.read("precious.txt") == "mine"


def test_renamed_event_removes_its_old_page_and_foreign_files_are_kept_and_reported(site):
    assert site.run("build").code == 0
    old = site.content / "events/2008-08-19-nrc-suspended.md"
    old.rename(site.content / "events/2008-08-19-nrc-meetings-suspended.md")
    site.write("site/CNAME", "example.org")
    result = site.run("build")
    assert result.code == 0
    assert not (site.output / "events/2008-08-19-nrc-suspended").exists()
    assert (site.output / "events/2008-08-19-nrc-meetings-suspended/index.html").is_file()
    assert site.read("CNAME") == "example.org"
    assert "site/CNAME: warning: was not made by the build; kept it" in result.err


@pytest.mark.parametrize("kill_at", [1, 25])
def test_killed_build_leaves_site_and_next_build_cleans_up(site, kill_at):
    for index in range(30):
        site.event(f"2010-01-01-bulk-{index:03d}", title=f"Bulk {index}", date="2010-01-01")
    assert site.run("build").code == 0
    before = site.snapshot()
    site.event("2010-02-01-new", title="New", date="2010-02-01")  # so the killed build has something to change
    # Killed outright (SIGKILL: no cleanup of its own runs) at its kill_at-th write.
    process = subprocess.run(build_stopping_at_write(kill_at, "os.kill(os.getpid(), signal.SIGKILL)", "--no-cache"),
                             cwd=site.root, capture_output=True)
    assert process.returncode == -signal.SIGKILL
    leftovers = list(site.root.glob(".site.staging-*"))
    assert len(leftovers) == 1 and len(list(leftovers[0].rglob("*.html"))) == kill_at - 1
    assert site.snapshot() == before
    assert site.run("build").code == 0
    assert not list(site.root.glob(".site.staging-*"))
    assert (site.output / "events/2010-02-01-new/index.html").is_file()


def test_a_second_build_at_once_is_refused(site):
    import fcntl
    site.output.mkdir()
    with open(site.root / ".site.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = site.run("build")
    assert result.code == 1 and "another build is writing site" in result.err


def test_a_foreign_file_the_build_would_now_replace_stops_the_build(site):
    assert site.run("build", "--no-search").code == 0
    site.write("site/press/index.html", "HAND-MADE PRESS KIT")
    assert site.run("build", "--no-search").code == 0  # kept, with a warning
    site.write("content/pages/press.md", "---\ntitle: Press\n---\nPress page.\n")
    result = site.run("build", "--no-search")
    assert result.code == 1
    assert "site/press/index.html: was not made by the build, which now writes press/index.html itself" in result.err
    assert site.read("press/index.html") == "HAND-MADE PRESS KIT"


def test_a_foreign_file_in_the_search_bundle_is_kept_across_builds(site):
    assert site.run("build").code == 0
    site.write("site/pagefind/notes.txt", "MINE")
    assert site.run("build").code == 0
    assert site.run("build").code == 0  # pages unchanged: the bundle is reused
    site.event("2009-05-07-new", title="A new event")
    result = site.run("build")
    assert result.code == 0 and "site/pagefind/notes.txt: warning: was not made by the build; kept it" in result.err
    assert site.read("pagefind/notes.txt") == "MINE"


def test_a_page_named_search_is_refused_with_its_file(site):
    site.write("content/pages/search.md", "---\ntitle: Search help\n---\nHow to search.\n")
    for command in ("check", "build"):
        result = site.run(command)
        assert result.code == 1 and "content/pages/search.md:1: page slug \"search\" is reserved" in result.err
        assert "Traceback" not in result.err


def test_a_cache_that_cannot_be_saved_is_a_warning_not_a_failed_build(site):
    site.write(".cache", "not a folder")
    result = site.run("build", "--no-search")
    assert result.code == 0, result.err
    assert "the cache was not saved" in result.err
    assert (site.output / "index.html").is_file()
