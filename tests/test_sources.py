"""`build.py sources` end to end: the real CLI against local servers and a fake Wayback Machine."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, make_site, shipped_event_count
from tests.fakeweb import FakeWayback, FakeWeb, article, page, redirect
from timeline.linkrecords import parse_records
from timeline.translations import translation_name  # the originals, not their translations (issue 16)

FAST = ("--delay", "0.01", "--timeout", "1", "--retries", "1")
WORDS = " ".join(f"word{n}" for n in range(200))


def event(title: str, date: str, sources: list[str]) -> str:
    items = "".join(f"  - title: Source {n}\n    publisher: Agency\n    url: {url}\n    date: {date}\n"
                    for n, url in enumerate(sources))
    return f"---\ntitle: {title}\ndate: {date}\nactors: [nato]\nsources:\n{items}---\nBody.\n"


@pytest.fixture
def web():
    server = FakeWeb()
    server.routes.update({
        "/ok": page(article(WORDS)), "/old": redirect(301, "/new"), "/new": page(article(WORDS + " new")),
        "/down": page("oops", 503), "/drifting": page(article(WORDS)),
    })
    yield server
    server.close()


def offline_site(root):
    """The fixture site without its events, which cite example.com: a test never leaves this machine."""
    site = make_site(root)
    for path in (site.content / "events").glob("*.md"):
        path.unlink()
    return site


@pytest.fixture
def project(tmp_path, web):
    site = offline_site(tmp_path)
    site.write("content/events/2010-01-01-first.md", event("First", "2010-01-01", [
        web.url("/ok"), web.url("/missing"), web.url("/old")]))
    # .example is reserved (RFC 2606): never delegated, so its names do not exist, yet a source may cite one
    site.write("content/events/2010-02-01-second.md", event("Second", "2010-02-01", [
        web.url("/down"), "http://no-such-host.example/story", web.url("/drifting")]))
    return site


def records(site) -> dict:
    found, problems = parse_records((site.content / "sources.yaml").read_text(), "sources.yaml")
    assert problems == []
    return found


def test_a_run_reports_each_kind_with_file_and_line_and_records_them(project, web):
    result = project.run("sources", *FAST, *web.connect_args)
    assert result.code == 0, result.err
    first, second = "content/events/2010-01-01-first.md", "content/events/2010-02-01-second.md"
    lines = result.out.splitlines()
    assert f"{first}:10: dead: {web.url('/missing')} (HTTP 404)" in lines
    assert f"{first}:14: moved: {web.url('/old')} (now {web.url('/new')}; cite that instead)" in lines
    assert f"{second}:6: unreachable: {web.url('/down')} (HTTP 503, 2 tries)" in lines
    assert f"{second}:10: dead: http://no-such-host.example/story (the host name does not exist)" in lines
    assert not any(web.url("/ok") in line or web.url("/drifting") in line for line in lines[:-1])
    assert lines[-1] == ("Checked 6 addresses: 2 ok, 2 dead, 1 moved, 0 drifted, 1 unreachable. "
                         "Records: content/sources.yaml")
    assert web.hits["/down"] == 2  # tried again before judged
    kept = records(project)
    assert list(kept) == sorted(kept) and len(kept) == 6
    assert kept[web.url("/missing")].status == "dead" and kept[web.url("/missing")].code == 404
    assert kept[web.url("/old")].final_url == web.url("/new") and kept[web.url("/ok")].fingerprint
    # every build reads them, offline: the dead ones are warned about and marked
    checked = project.run("check")
    assert f"{first}:10: warning: sources[1]: {web.url('/missing')} was dead when checked on" in checked.err


def test_text_that_changes_between_runs_is_reported_drifted(project, web):
    assert project.run("sources", *FAST, *web.connect_args).code == 0
    web.routes["/drifting"] = page(article(" ".join(f"other{n}" for n in range(200))))
    result = project.run("sources", *FAST, *web.connect_args, "--event", "2010-02-01-second")
    assert f"content/events/2010-02-01-second.md:14: drifted: {web.url('/drifting')} (the text changed" in result.out
    assert records(project)[web.url("/drifting")].status == "drifted"


def test_older_than_and_event_choose_what_is_checked_again(project, web):
    assert project.run("sources", *FAST, *web.connect_args).code == 0
    before = sum(web.hits.values())
    again = project.run("sources", *FAST, *web.connect_args, "--older-than", "30d")
    assert sum(web.hits.values()) == before and "Checking 0 of 6 addresses" in again.err
    project.run("sources", *FAST, *web.connect_args, "--event", "2010-01-01-first")
    assert web.hits["/ok"] == 2 and web.hits["/down"] == 2  # the second event's were left alone
    wrong = project.run("sources", "--event", "2010-01-01-frist")
    assert wrong.code == 2 and 'no event with slug "2010-01-01-frist" (did you mean 2010-01-01-first?)' in wrong.err


def test_the_deadline_and_ctrl_c_keep_what_was_checked(tmp_path):
    web = FakeWeb(latency=0.3)
    try:
        site = offline_site(tmp_path)
        site.write("content/events/2010-01-01-many.md", event("Many", "2010-01-01", [web.url(f"/p{n}") for n in range(60)]))
        started = time.monotonic()
        result = site.run("sources", *web.connect_args, "--delay", "0", "--per-host", "2", "--deadline", "1.5")
        assert time.monotonic() - started < 8
        assert "not checked (deadline passed)" in result.out and 3 <= len(records(site)) < 60
        site.write("content/sources.yaml", "")
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "sources", *web.connect_args, "--delay", "0"], cwd=site.root,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        asked = sum(web.hits.values())
        while sum(web.hits.values()) < asked + 10:
            time.sleep(0.05)
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
        assert process.returncode == 130, err
        assert "not checked (interrupted)" in out and 3 <= len(records(site)) < 60
    finally:
        web.close()


def test_a_broken_records_file_is_never_written_over(project):
    project.write("content/sources.yaml", "<<<<<<< HEAD\n")
    result = project.run("sources", *FAST)
    assert result.code == 1 and "content/sources.yaml cannot be read, so it is not written over" in result.err
    assert (project.content / "sources.yaml").read_text() == "<<<<<<< HEAD\n"


@pytest.fixture
def archive(monkeypatch):
    fake = FakeWayback()
    monkeypatch.setenv("TIMELINE_WAYBACK_URL", fake.url(""))
    monkeypatch.setenv("TIMELINE_WAYBACK_ACCESS_KEY", "key")
    monkeypatch.setenv("TIMELINE_WAYBACK_SECRET_KEY", "secret")
    yield fake
    fake.close()


def test_archive_finds_or_requests_copies_writes_them_and_a_second_run_does_nothing(project, web, archive):
    archive.captures[web.url("/ok")] = "20100101120000"
    path = project.content / "events/2010-01-01-first.md"
    before = path.read_text()
    result = project.run("sources", *FAST, *web.connect_args, *archive.connect_args, "--archive")
    assert result.code == 0, result.err
    after = path.read_text()
    assert f"    archive_url: {archive.url('/web')}/20100101120000/{web.url('/ok')}\n    archive_date: 2010-01-01\n" in after
    assert f"    archive_url: {archive.url('')}/web/20260501102233/{web.url('/old')}\n    archive_date: 2026-05-01\n" in after
    assert [line for line in after.splitlines() if line not in before.splitlines()] == [
        line for line in after.splitlines() if line.startswith(("    archive_url: ", "    archive_date: "))]
    assert f"content/events/2010-01-01-first.md:10: not archived: {web.url('/missing')} (the page is dead" in result.out
    assert web.url("/missing") not in archive.saved and "http://no-such-host.example/story" not in archive.saved
    assert archive.auth and set(archive.auth) == {"LOW key:secret"}
    assert project.run("check").code == 0
    saved, files = list(archive.saved), {p: p.read_bytes() for p in project.content.rglob("*.md")}
    again = project.run("sources", *FAST, *web.connect_args, *archive.connect_args, "--archive", "--event", "2010-01-01-first")
    assert archive.saved == saved and {p: p.read_bytes() for p in project.content.rglob("*.md")} == files
    assert "Archived 0 addresses" in again.out


def test_dry_run_prints_the_edit_and_writes_nothing(project, web, archive):
    archive.captures[web.url("/ok")] = "20100101120000"
    files = {p: p.read_bytes() for p in project.content.rglob("*") if p.is_file()}
    result = project.run("sources", *FAST, *web.connect_args, *archive.connect_args, "--archive", "--dry-run", "--event", "2010-01-01-first")
    assert result.code == 0, result.err
    assert f"+    archive_url: {archive.url('/web')}/20100101120000/{web.url('/ok')}\n+    archive_date: 2010-01-01\n" in result.out
    assert {p: p.read_bytes() for p in project.content.rglob("*") if p.is_file()} == files
    assert "(dry run: content/sources.yaml not written)" in result.err


def test_twenty_shipped_events_archived_through_the_cli_show_only_added_lines(tmp_path, archive):
    """The round trip on real files: records fresh enough that nothing is fetched, copies from the fake
    archive, and then git diff and check --strict."""
    import shutil
    from datetime import datetime, timezone
    from timeline.content import parse_event
    from timeline.linkrecords import LinkRecord, checked_stamp, records_text
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "site.yaml", project / "site.yaml")
    files = sorted(path for path in (project / "content/events").rglob("*.md") if not translation_name(path.name))[3::7][:20]
    events = [parse_event(path.read_text(), str(path))[0] for path in files]
    urls = {source.url for event in events for source in event.sources}
    now = checked_stamp(datetime.now(timezone.utc))
    (project / "content/sources.yaml").write_text(records_text({url: LinkRecord("ok", now, 200) for url in urls}))
    archive.captures.update({url: "20200101000000" for url in urls})
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "shipped"], check=True)
    selection = [argument for event in events for argument in ("--event", event.slug)]
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "sources", "--archive", "--older-than", "30d",
                             "--delay", "0", *archive.connect_args, *selection], cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"Checking 0 of {len(urls)} addresses" in result.stderr and archive.saved == []
    diff = subprocess.run([*git, "diff", "--unified=0", "--no-color"], capture_output=True, text=True, check=True).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    sources = sum(len(event.sources) for event in events)
    assert len(changed) == 2 * sources and len({line for line in diff.splitlines() if line.startswith("+++ ")}) == 20
    copies = f"+    archive_url: {archive.url('/web/20200101000000/')}"  # a host check --strict takes as public
    assert [line for line in changed if not line.startswith((copies, "+    archive_date: 2020-01-01"))] == []
    check = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--strict"], cwd=project,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0 and check.stdout.startswith(f"Checked {shipped_event_count()} events: no problems"), check.stderr


def test_whatever_a_server_sends_the_records_file_stays_readable(tmp_path):
    """A Location with spaces and control characters, an error message with a newline: every build reads
    the records file, so a record must never make it unreadable."""
    from datetime import datetime, timezone
    from timeline.checkqueue import Checked
    from timeline.linkcheck import Fetched, Verdict
    from timeline.linkrecords import records_text
    from timeline.sources import new_record
    odd = Fetched("https://example.org/a", 200, "https://example.org/a b\x01\x7f\n?x=\u2028", ((302, "x"),), b"",
                  "text/html")
    record = new_record(Checked(odd.url, odd, Verdict("ok", "\x00\n"), 1), None, datetime.now(timezone.utc))
    assert record.final_url == "https://example.org/a b\x7f ?x=" and record.note is None
    text = records_text({odd.url: record})
    assert parse_records(text, "sources.yaml") == ({odd.url: record}, [])
