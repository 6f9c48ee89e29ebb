"""Nothing lost: refused output folders, untouched site/ on failure, staging cleaned up."""
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO


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
    for name in ("base.html", "_macros.html", "index.html", "year.html", "actors.html", "actor.html", "tags.html",
                 "tag.html", "page.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt"):
        site.write(f"templates/{name}", (REPO / "templates" / name).read_text())
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


def test_killed_build_leaves_site_and_next_build_cleans_up(site):
    for index in range(400):
        site.event(f"2010-01-01-bulk-{index:03d}", title=f"Bulk {index}", date="2010-01-01", body="Text. " * 300)
    assert site.run("build").code == 0
    before = site.snapshot()
    process = subprocess.Popen([sys.executable, str(REPO / "build.py")], cwd=site.root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not list(site.root.glob(".site.staging-*/events")) and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert list(site.root.glob(".site.staging-*")), "the build was not caught mid-way"
    assert site.snapshot() == before
    assert site.run("build").code == 0
    assert not list(site.root.glob(".site.staging-*"))
    assert site.snapshot() == before


def test_a_second_build_at_once_is_refused(site):
    import fcntl
    site.output.mkdir()
    with open(site.root / ".site.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = site.run("build")
    assert result.code == 1 and "another build is writing site" in result.err
