"""The preview server end to end: a real server in a subprocess, real files saved the ways editors save them."""
from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, event_text
from tests.serving import ServerProcess, served_after_edits_equals_a_fresh_build

LAVROV = "content/events/2009-05-06-lavrov-news-conference.md"


@pytest.fixture
def server(site, tmp_path_factory):
    tmpdir = tmp_path_factory.mktemp("servetmp")
    process = ServerProcess(site.root, "--no-search", tmpdir=tmpdir)
    process.tmpdir = tmpdir
    yield process
    process.stop()


def lavrov(title: str) -> str:
    return event_text(title=title, actors="[Sergey Lavrov, russia]")


def save_in_place(path: Path, text: str) -> None:
    with open(path, "r+", encoding="utf-8") as handle:
        handle.truncate(0)
        handle.write(text)


def save_by_rename(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp-1234")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def save_like_vim(path: Path, text: str) -> None:
    """vim with backupcopy=no: probe with 4913, move the original to a ~ backup, write anew, drop the backup."""
    probe = path.with_name("4913")
    probe.write_text("")
    probe.unlink()
    swap = path.with_name(f".{path.name}.swp")
    swap.write_bytes(b"b0VIM 9.0")
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_text(text, encoding="utf-8")
    backup.unlink()
    swap.unlink()


def delete_and_recreate(path: Path, text: str) -> None:
    path.unlink()
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("save", [save_in_place, save_by_rename, save_like_vim, delete_and_recreate])
def test_each_save_style_gives_one_rebuild_and_the_new_content(site, server, save):
    assert len(server.rebuilds) == 1  # the first build
    save(site.root / LAVROV, lavrov("Lavrov speaks again"))
    rebuilds = server.wait_rebuilds(2)
    assert rebuilds[1].startswith("Rebuilt #2 (content/events/2009-05-06-lavrov-news-conference.md)"), rebuilds
    status, _, body = server.get("events/2009-05-06-lavrov-news-conference/")
    assert status == 200 and b"<h1>Lavrov speaks again</h1>" in body
    assert server.no_more_rebuilds(2)


def test_editor_junk_never_triggers_a_rebuild(site, server):
    folder = site.content / "events"
    for name in (".2009-05-06-lavrov-news-conference.md.swp", "2009-05-06-lavrov-news-conference.md~", "4913",
                 ".#2009-05-06-lavrov-news-conference.md", "notes.tmp", "draft.bck", "#autosave#"):
        (folder / name).write_text("junk")
    # A real change after the junk: if any junk counted, it would show as its own rebuild or in this one's line.
    site.event("2009-06-01-sentinel", title="Sentinel event", date="2009-06-01")
    rebuilds = server.wait_rebuilds(2)
    assert rebuilds[1].startswith("Rebuilt #2 (content/events/2009-06-01-sentinel.md)"), rebuilds
    assert server.no_more_rebuilds(2)


def test_a_burst_of_changes_is_one_rebuild(site, server):
    for index in range(60):
        site.event(f"2010-01-{index % 28 + 1:02d}-burst-{index}", title=f"Burst {index}", date="2010-01-01")
    rebuilds = server.wait_rebuilds(2)
    assert "and 57 more" in rebuilds[1], rebuilds
    assert server.no_more_rebuilds(2)
    assert b"Burst 59" in server.get("years/2010/")[2]


def test_broken_file_shows_the_errors_and_keeps_the_last_good_build_until_fixed(site, server):
    good = server.get("events/2009-05-06-lavrov-news-conference/")[2]
    (site.root / LAVROV).write_text(lavrov("Broken").replace("date: 2009-05-06", "date: 2009-02-30"))
    server.wait_rebuilds(2)
    assert server.rebuilds[1].startswith("Rebuild failed")
    server.wait_for(lambda lines: any("2009-05-06-lavrov-news-conference.md:3: date" in l for l in lines),
                    stream="errors")  # the terminal shows the same errors
    status = server.status()
    assert status["build"] == 1
    assert len(status["errors"]) == 1 and re.match(r"content/events/2009-05-06-lavrov-news-conference\.md:3: date: ",
                                                   status["errors"][0])
    assert server.get("events/2009-05-06-lavrov-news-conference/")[2] == good  # stays on the last good build
    (site.root / LAVROV).write_text(lavrov("Fixed title"))
    server.wait_rebuilds(3)
    assert server.status() == {"build": 2, "errors": []}
    assert b"<h1>Fixed title</h1>" in server.get("events/2009-05-06-lavrov-news-conference/")[2]


def test_served_tree_after_edits_equals_a_fresh_full_build(site, server, tmp_path):
    edits = [
        lambda: (site.root / LAVROV).write_text(lavrov("Edited once")),
        lambda: site.event("2009-05-10-new-one", title="A new one", date="2009-05-10", tags="[expulsions]"),
        lambda: (site.content / "events/2008-08-19-nrc-suspended.md").rename(site.content / "events/2008-08-19-nrc-renamed.md"),
        lambda: (site.content / "events/2009-05-10-new-one.md").unlink(),
        lambda: site.write("content/tags.yaml", (site.content / "tags.yaml").read_text().replace("Diplomats sent home.", "Sent home.")),
        lambda: site.write("content/pages/about.md", "---\ntitle: About us\n---\nChanged.\n"),
    ]
    files = served_after_edits_equals_a_fresh_build(site, server, edits, tmp_path / "fresh")
    assert len(files) >= 25
    for gone in ("events/2008-08-19-nrc-suspended/", "events/2009-05-10-new-one/"):
        assert server.get(gone)[0] == 404


def test_reload_script_only_in_html_responses_never_on_disk(site, tmp_path_factory):
    tmpdir = tmp_path_factory.mktemp("servetmp")
    server = ServerProcess(site.root, tmpdir=tmpdir)  # with search: Pagefind is handed the pages from memory
    try:
        status, headers, body = server.get("")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert body.count(b"/__serve/events") == 1
        assert body.index(b"/__serve/events") < body.rindex(b"</body>")
        for path, kind in (("feed.xml", "application/xml"), ("timeline.json", "application/json"),
                           ("robots.txt", "text/plain")):
            status, headers, body = server.get(path)
            assert status == 200 and headers["Content-Type"].startswith(kind) and b"__serve" not in body, path
        lavrov = server.get("events/2009-05-06-lavrov-news-conference/")[2]
        script = re.search(rb'src="/(static/share\.[0-9a-f]{10}\.js)"', lavrov).group(1).decode()
        assert server.get(script)[1]["Content-Type"].startswith("text/javascript")
        deadline = time.monotonic() + 30
        while server.get("pagefind/pagefind.js")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.1)  # polling the server for the search bundle, which comes after the pages
        assert not [p for p in tmpdir.rglob("*") if p.is_file()]   # no page written anywhere
        assert not (site.root / "site").exists()  # never builds into site/
    finally:
        server.stop()


def test_missing_paths_get_the_sites_404_page_and_head_works(site, server):
    status, headers, body = server.get("no/such/page/")
    assert status == 404 and b"<html" in body.lower()
    status, headers, body = server.get("", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    status, headers, _ = server.get("about", method="HEAD")
    assert status == 200  # urllib follows the redirect to /about/


TRAVERSALS = [b"/../canary.txt", b"/../../canary.txt", b"/%2e%2e/canary.txt", b"/%2E%2E/%2E%2E/canary.txt",
              b"/..%2fcanary.txt", b"/%2e%2e%2fcanary.txt", b"/..%2F..%2Fcanary.txt", b"/%252e%252e/canary.txt",
              b"/%252e%252e%252fcanary.txt", b"/..\\canary.txt", b"/%5c..%5ccanary.txt", b"/..%5c..%5ccanary.txt",
              b"/static/../../canary.txt", b"/static/%2e%2e/%2e%2e/canary.txt", b"/./../canary.txt",
              b"/%00/../canary.txt", b"/canary.txt%00.html", b"/..%00/canary.txt", b"/static/leak.txt",
              b"/static/leakdir/canary.txt", b"//canary.txt", b"//evil.example/canary.txt", b"///canary.txt",
              b"/%2f%2fevil.example/", b"/\\\\evil.example/", b"/..;/canary.txt", b"/%c0%ae%c0%ae/canary.txt",
              b"/.%2e/canary.txt", b"http://x/../canary.txt"]


def test_traversal_corpus_never_leaks_a_file_from_outside(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    secret = "CANARY-7f3a9c"
    (outside / "canary.txt").write_text(secret)
    (site.root / "canary.txt").write_text(secret)  # beside site.yaml: the project folder, not the site
    shutil.copytree(REPO / "static", site.root / "static")  # a project-local copy of the theme's files
    os.symlink(outside / "canary.txt", site.root / "static" / "leak.txt")
    os.symlink(outside, site.root / "static" / "leakdir")
    server = ServerProcess(site.root, "--no-search")
    try:
        absolute = str(outside / "canary.txt").encode()
        for target in TRAVERSALS + [absolute, b"/.." + absolute, b"/%2e%2e" + absolute]:
            response = server.raw(target)
            head, _, body = response.partition(b"\r\n\r\n")
            assert secret.encode() not in response, target
            status = int(head.split(b" ")[1])
            assert status in (301, 400, 404), (target, head)
            location = re.search(rb"\r\nLocation: (\S+)", head)
            assert location is None or not location.group(1).startswith(b"//"), (target, head)
    finally:
        server.stop()


def test_many_concurrent_readers(site, server):
    from concurrent.futures import ThreadPoolExecutor
    paths = ["", "feed.xml", "actors/", "events/2009-05-06-lavrov-news-conference/", "timeline.json"] * 8
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(server.get, paths))
    assert all(status == 200 for status, _, _ in results)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_kill_stops_cleanly_and_leaves_no_temp_folder(site, tmp_path_factory, stop_signal):
    tmpdir = tmp_path_factory.mktemp("servetmp")
    server = ServerProcess(site.root, "--no-search", tmpdir=tmpdir)
    assert list(tmpdir.iterdir())  # builds into its own temporary folder
    assert server.get("")[0] == 200
    assert server.stop(stop_signal) == 0
    assert "Traceback" not in "\n".join(server.errors)
    assert list(tmpdir.iterdir()) == []


def children(pid: int) -> dict[int, str]:
    """The processes whose parent is pid, with their command lines (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            if entry.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):  # gone meanwhile
            continue
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def answered_within(connection, seconds: float) -> bool:
    """Whether a response starts within seconds; if so, it is read whole, so the connection can be used again."""
    connection.settimeout(seconds)
    try:
        received = connection.recv(65536)
    except TimeoutError:
        return False
    connection.settimeout(10)
    while b"\r\n\r\n" not in received:
        received += connection.recv(65536)
    head, body = received.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"\r\nContent-Length: (\d+)", head).group(1))
    while len(body) < length:
        body += connection.recv(65536)
    return True


def wait_until(predicate, what: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while not (found := predicate()):
        assert time.monotonic() < deadline, f"{what} never happened"
        time.sleep(0.02)
    return found


@pytest.mark.parametrize("busy", ["rebuilding", "indexing"])
def test_ctrl_c_stops_at_once_with_pages_listening_and_a_rebuild_or_pagefind_under_way(site, tmp_path_factory, busy):
    """Ctrl-C once took 1.7 to 3 s: the server waited for a poll, for the rebuild under way, for Pagefind."""
    import socket
    from tests.serving import open_stream
    for number in range(800):  # enough pages that Pagefind takes most of a second
        year = 1995 + number % 30
        site.event(f"{year}-03-01-filler-{number}", title=f"Filler event {number}", date=f"{year}-03-01",
                   body="Words of the body. " * 40)
    shutil.copytree(REPO / "templates", site.root / "templates")
    tmpdir = tmp_path_factory.mktemp("servetmp")
    server = ServerProcess(site.root, *(["--no-search"] if busy == "rebuilding" else []), tmpdir=tmpdir)
    try:
        address = server.url.split("//")[1].split("/")[0].rsplit(":", 1)
        address = (address[0], int(address[1]))
        stream, received = open_stream(address)  # an open page listening for reloads
        assert b"data: " in received
        keep_alive = socket.create_connection(address, timeout=10)
        request = b"GET /years/2000/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        keep_alive.sendall(request)
        assert answered_within(keep_alive, 10)
        indexers = {}
        if busy == "indexing":  # Pagefind indexes the first build once its pages are mirrored
            indexers = wait_until(lambda: {pid: line for pid, line in children(server.process.pid).items()
                                           if "pagefind" in line}, "Pagefind indexing")
        else:
            # A slow template: every event page now takes milliseconds, the rebuild seconds.
            template = site.root / "templates" / "event.html"
            template.write_text(template.read_text().replace("{% block main %}",
                                                             "{% block main %}{% for i in range(100000) %}{% endfor %}"))
            # A request waits for a rebuild under way: one left unanswered shows that the rebuild has begun.
            def rebuild_under_way() -> bool:
                keep_alive.sendall(request)
                return not answered_within(keep_alive, 0.1)  # answered: the watcher has not seen the save yet
            wait_until(rebuild_under_way, "the rebuild", seconds=10)
            assert len(server.rebuilds) == 1  # under way, not done
        started = time.monotonic()
        server.process.send_signal(signal.SIGINT)
        code = server.process.wait(timeout=20)
        seconds = time.monotonic() - started
        print(f"{busy}: stopped in {seconds:.3f} s")
        server.wait_for(lambda lines: "Stopping" in lines)
        assert code == 0
        assert seconds < 1.0, seconds
        assert server.errors == []  # no traceback, no error line
        assert server.lines[-1] == "Stopping" and len(server.rebuilds) == 1  # a rebuild under way is dropped, unsaid
        if busy == "indexing":
            assert not any(alive(pid) for pid in indexers)  # Pagefind is stopped with it, not left running
        assert list(tmpdir.iterdir()) == []
        stream.close()
        keep_alive.close()
    finally:
        server.stop()


def test_binding_elsewhere_warns(site):
    server = ServerProcess(site.root, "--no-search", "--host", "0.0.0.0")
    try:
        assert any("for previewing only" in line for line in server.errors)
    finally:
        server.stop()


def test_polling_watcher_sees_a_save_too(site):
    server = ServerProcess(site.root, "--no-search", "--poll")
    try:
        save_by_rename(site.root / LAVROV, lavrov("Seen by polling"))
        rebuilds = server.wait_rebuilds(2)
        assert rebuilds[1].startswith("Rebuilt #2 (content/events/2009-05-06-lavrov-news-conference.md"), rebuilds
        assert b"<h1>Seen by polling</h1>" in server.get("events/2009-05-06-lavrov-news-conference/")[2]
        assert server.no_more_rebuilds(2, settle=1.0)
    finally:
        server.stop()


def test_site_is_also_served_under_the_base_url_path(site):
    server = ServerProcess(site.root, "--no-search", "--base-url", "https://example.org/timeline/")
    try:
        assert server.url.endswith("/timeline/")
        status, _, body = server.get("events/2009-05-06-lavrov-news-conference/")
        assert status == 200 and b'href="/timeline/actors/russia/"' in body
        root = server.url.removesuffix("timeline/")
        import urllib.request
        with urllib.request.urlopen(root + "events/2009-05-06-lavrov-news-conference/", timeout=10) as response:
            assert response.status == 200
    finally:
        server.stop()


def test_a_base_url_with_an_encoded_path_is_served_and_redirected_under_it(site):
    server = ServerProcess(site.root, "--no-search", "--base-url", "https://example.org/Zeit%20line/")
    try:
        assert server.url.endswith("/Zeit%20line/")
        status, _, body = server.get("events/2009-05-06-lavrov-news-conference/")
        assert status == 200 and b'href="/Zeit%20line/actors/russia/"' in body
        response = server.raw(b"/Zeit%20line/events/2009-05-06-lavrov-news-conference")
        assert response.startswith(b"HTTP/1.1 301")
        assert b"\r\nLocation: /Zeit%20line/events/2009-05-06-lavrov-news-conference/\r\n" in response
    finally:
        server.stop()


def indexing_server(site):
    """A preview's build loop and search indexer without HTTP: (state, indexer, loop, when each Pagefind started)."""
    import io
    import time as clock

    from timeline import pipeline, serve
    from timeline.livereload import BuildLoop, ServerState
    options = pipeline.Options(content_dir=site.content, config_path=site.root / "site.yaml", config_explicit=True,
                               output_dir=site.root / "unused", cache_dir=None)
    state, preview = ServerState(), serve.PreviewSite(options)
    runs: list[float] = []

    def counted(*args, **kwargs):
        runs.append(clock.monotonic())
        return serve.PagefindService(*args, **kwargs)
    indexer = serve.SearchIndexer(preview, state, service=counted)
    return state, indexer, BuildLoop(state, preview.rebuild, io.StringIO(), on_publish=indexer.publish), runs


def wait_for_indexer(indexer) -> None:
    deadline = time.monotonic() + 60
    while indexer.thread is not None:
        assert time.monotonic() < deadline, "the search indexer did not finish"
        time.sleep(0.02)


def test_search_keeps_working_between_a_rebuild_and_its_new_index(site, monkeypatch):
    monkeypatch.chdir(site.root)
    state, indexer, loop, runs = indexing_server(site)

    def indexed() -> int:
        wait_for_indexer(indexer)
        return sum(name.startswith("pagefind/") for name in state.current.files)

    loop.publish(loop.build(frozenset()), 0, frozenset(), 0.0)
    first = indexed()
    assert first > 0
    page = site.content / "pages" / "about.md"
    page.write_text(page.read_text() + "\nMore.\n")
    loop.publish(loop.build(frozenset({str(page.resolve())})), 1, frozenset(), 0.0)
    assert sum(name.startswith("pagefind/") for name in state.current.files) == first  # the last index, at once
    assert indexed() > 0
    assert len(runs) == 1   # the about page is not searched: its edit left every marked page as it was
    event = site.event("2009-05-06-lavrov-news-conference", title="Lavrov news conference",
                       actors="[Sergey Lavrov, russia]", body="The platypus question was raised.")
    loop.publish(loop.build(frozenset({str(event.resolve())})), 2, frozenset(), 0.0)
    indexed()
    assert len(runs) == 2
    fragments = [gzip.decompress(data) for name, data in state.current.files.items() if name.startswith("pagefind/fragment/")]
    assert any(b"platypus question" in data for data in fragments)


def test_search_waits_for_a_pause_and_indexes_a_run_of_saves_once(site, monkeypatch):
    """Indexing every build of a run of saves would compete with the rebuilds for nothing: the index
    starts once the author has paused, and it is the newest build's."""
    from timeline import serve

    monkeypatch.chdir(site.root)
    state, indexer, loop, runs = indexing_server(site)
    loop.publish(loop.build(frozenset()), 0, frozenset(), 0.0)
    wait_for_indexer(indexer)  # the first build is indexed at once
    runs.clear()
    event = site.content / "events/2009-05-06-lavrov-news-conference.md"
    saved = []
    for number in range(4):  # a save every 0.3 s: never a second's pause
        site.event("2009-05-06-lavrov-news-conference", title="Lavrov news conference",
                   actors="[Sergey Lavrov, russia]", body=f"Draft number {number} of the platypus text.")
        state.note_change(str(event.resolve()))
        saved.append(time.monotonic())
        loop.publish(loop.build(frozenset({str(event.resolve())})), state.wanted, frozenset(), 0.0)
        time.sleep(0.3)
    wait_for_indexer(indexer)
    assert len(runs) == 1 and runs[0] >= saved[-1] + serve.INDEX_CALM_SECONDS
    fragments = [gzip.decompress(data) for name, data in state.current.files.items() if name.startswith("pagefind/fragment/")]
    assert any(b"Draft number 3 of the platypus" in data for data in fragments)


def test_only_the_first_try_may_fork_even_when_it_fails(site, monkeypatch):
    from timeline import pipeline, serve
    seen = []
    real_run = serve.run
    monkeypatch.setattr(serve, "run", lambda options, *args: seen.append(options.parallel) or real_run(options, *args))
    monkeypatch.chdir(site.root)
    preview = serve.PreviewSite(pipeline.Options(content_dir=site.content, config_path=site.root / "site.yaml",
                                                 output_dir=site.root / "unused", search=False))
    (site.root / LAVROV).write_text(lavrov("Broken").replace("date: 2009-05-06", "date: 2009-02-30"))
    assert preview.rebuild().files is None
    (site.root / LAVROV).write_text(lavrov("Fixed"))
    assert preview.rebuild().files is not None
    assert seen == [True, False]  # the server's threads run from the first try on: no fork after it


def test_a_cache_that_cannot_be_saved_is_a_warning_and_the_site_is_served(site, tmp_path_factory):
    site.write(".cache", "not a folder")
    server = ServerProcess(site.root, "--no-search", tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        assert server.rebuilds[0].startswith("Rebuilt #1 (start)")
        assert server.get("")[0] == 200
        assert any("the cache was not saved" in line for line in server.errors)
        assert "Traceback" not in "\n".join(server.errors)
    finally:
        server.stop()


DRAFT_BADGE = b'<span class="badge draft">DRAFT</span>'


def listed(page: bytes) -> dict[str, bytes]:
    """The events a page lists, by slug: each item's HTML."""
    return {slug.decode(): item for item, slug in re.findall(rb'(<li class="event[^"]*" id="([^"]+)".*?</li>)', page, re.S)}


def test_a_new_draft_is_previewed_at_once_marked_draft_on_its_page_in_its_title_and_in_every_list(site, server):
    assert "drafts shown, marked DRAFT" in server.lines[1]
    created = site.run("new", "Canada summons Russia's ambassador", "--date", "2009-05-07", "--actors", "nato,russia",
                       "--tags", "diplomacy")
    assert created.code == 0, created.err
    slug = "2009-05-07-canada-summons-russia-s-ambassador"
    assert f"Preview: http://127.0.0.1:8000/events/{slug}/ " in created.err  # on the default port
    rebuilds = server.wait_rebuilds(2)
    rendered = re.match(rf"Rebuilt #2 \(.*content/events/2009/{slug}\.md\): (\d+) files rendered", rebuilds[1])
    assert rendered and int(rendered.group(1)) > 0, rebuilds  # not "0 files rendered"
    status, _, page = server.get(f"events/{slug}/")
    assert status == 200
    assert b"<title>DRAFT: Canada summons Russia&#39;s ambassador \xc2\xb7 Test Timeline</title>" in page
    assert b'<p class="draft-notice"><strong>DRAFT</strong>: this event is not published.' in page
    for listing in ("", "years/2009/", "actors/nato/", "actors/russia/", "tags/diplomacy/"):
        items = listed(server.get(listing)[2])
        assert slug in items, listing
        assert {other for other, item in items.items() if DRAFT_BADGE in item} == {slug}, listing
    # Published, it loses its marks.
    site.write(f"content/events/2009/{slug}.md", event_text(title="Canada summons the ambassador", date="2009-05-07"))
    server.wait_rebuilds(3)
    status, _, page = server.get(f"events/{slug}/")
    assert status == 200 and b"<title>Canada summons the ambassador \xc2\xb7 Test Timeline</title>" in page
    assert b'<p class="draft-notice">' not in page and DRAFT_BADGE not in page
    assert DRAFT_BADGE not in listed(server.get("")[2])[slug]


def test_no_drafts_previews_the_public_site(site, tmp_path_factory):
    site.event("2009-05-07-quiet-draft", title="Quiet draft", date="2009-05-07", extra="draft: true")
    server = ServerProcess(site.root, "--no-search", "--no-drafts", tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        assert "drafts left out" in server.lines[1]
        assert server.get("events/2009-05-07-quiet-draft/")[0] == 404
        assert b"Quiet draft" not in server.get("")[2] and b"Quiet draft" not in server.get("years/2009/")[2]
        site.event("2009-05-08-another-draft", title="Another draft", date="2009-05-08", extra="draft: true")
        server.wait_rebuilds(2)
        assert server.get("events/2009-05-08-another-draft/")[0] == 404
        assert b"Another draft" not in server.get("")[2]
    finally:
        server.stop()


def test_drafts_is_accepted_by_serve_and_is_the_default(site):
    server = ServerProcess(site.root, "--no-search", "--drafts")
    try:
        assert "drafts shown, marked DRAFT" in server.lines[1]
    finally:
        server.stop()
    assert site.run("serve", "--drafts", "--no-drafts").code == 2


def test_with_strict_content_the_sanitizer_drops_shows_in_the_page(site, tmp_path_factory):
    server = ServerProcess(site.root, "--no-search", "--strict", tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        body = "First paragraph.\n\n![The map](map.png)\n"
        (site.root / LAVROV).write_text(event_text(title="With a map", actors="[Sergey Lavrov, russia]", body=body))
        server.wait_rebuilds(2)
        errors = server.status()["errors"]
        assert errors == [f'{LAVROV}:13: <img alt="The map" src="map.png"> is left out of the page '
                          "(a text may hold formatting, links, lists, tables, quotes and footnotes; remove it)"]
    finally:
        server.stop()
