"""The live-reload server with a stand-in rebuild: it serves what rebuild returns and nothing of a timeline."""
from __future__ import annotations

import io
import json
import re
import threading
import urllib.error
import urllib.request

import pytest

from timeline.livereload import Built, BuildLoop, LiveReloadServer, ServerState


class FakeSite:
    """A rebuild callable that returns a tiny site and records what it was told changed."""

    def __init__(self):
        self.calls: list[frozenset[str]] = []
        self.title = "First"
        self.fail = False
        self.during = None   # called inside the next rebuild, as an editor saving again would

    def rebuild(self, changed: frozenset[str]) -> Built:
        self.calls.append(changed)
        if self.during is not None:
            during, self.during = self.during, None
            during()
        if self.fail:
            return Built(None, errors=("page.md:3: broken",), messages=("page.md:3: broken",))
        return Built({"index.html": f"<html><body><h1>{self.title}</h1></body></html>".encode(),
                      "data.json": b'{"a": 1}', "404.html": b"<html><body>gone</body></html>"},
                     summary="3 files")


def run_loop(state: ServerState, site: FakeSite, out: io.StringIO) -> BuildLoop:
    loop = BuildLoop(state, site.rebuild, out)
    loop.publish(loop.build(frozenset()), 0, frozenset(), 0.0)
    loop.start()
    return loop


def stop(state: ServerState, loop: BuildLoop) -> None:
    with state.condition:
        state.stopping = True
        state.condition.notify_all()
    loop.join(timeout=10)
    assert not loop.is_alive()


def wait_done(state: ServerState, wanted: int) -> None:
    with state.condition:
        assert state.condition.wait_for(lambda: state.done >= state.wanted == wanted, timeout=20)


def test_a_change_during_a_rebuild_discards_it_and_one_later_rebuild_shows_both():
    state, site, out = ServerState(), FakeSite(), io.StringIO()
    loop = run_loop(state, site, out)
    try:
        def second_save():
            site.title = "Second"
            state.note_change("/project/content/b.md")
        site.title = "Between"
        site.during = second_save
        state.note_change("/project/content/a.md")
        wait_done(state, 2)
    finally:
        stop(state, loop)
    lines = out.getvalue().splitlines()
    assert len(site.calls) == 3 and len(lines) == 2, lines  # the start, the thrown-away one, the published one
    assert lines[1].startswith("Rebuilt #2 (") and "a.md" in lines[1] and "b.md" in lines[1]
    assert site.calls[2] == frozenset({"/project/content/a.md", "/project/content/b.md"})  # both read again
    assert b"Second" in state.current.files["index.html"] and state.current.number == 2


def test_a_failed_rebuild_keeps_the_last_good_build_and_shows_its_errors():
    state, site, out = ServerState(), FakeSite(), io.StringIO()
    loop = run_loop(state, site, out)
    try:
        site.fail = True
        state.note_change("/project/page.md")
        wait_done(state, 1)
        assert state.status() == {"build": 1, "errors": ["page.md:3: broken"]}
        assert b"First" in state.current.files["index.html"]
        site.fail, site.title = False, "Fixed"
        state.note_change("/project/page.md")
        wait_done(state, 2)
        assert state.status() == {"build": 2, "errors": []}
    finally:
        stop(state, loop)
    assert re.search(r"^Rebuild failed \(\S*page\.md\): 1 error; still serving the last good build$", out.getvalue(), re.M)


def test_a_bug_in_rebuild_is_an_error_on_the_page_not_a_dead_server():
    state, site, out = ServerState(), FakeSite(), io.StringIO()
    loop = run_loop(state, site, out)
    try:
        site.during = lambda: 1 / 0
        state.note_change("/project/page.md")
        wait_done(state, 1)
        assert state.status()["errors"] == ["build: internal error: ZeroDivisionError: division by zero"]
        site.title = "Alive"
        state.note_change("/project/page.md")
        wait_done(state, 2)
        assert b"Alive" in state.current.files["index.html"]
    finally:
        stop(state, loop)


def test_files_added_to_a_build_are_served_only_while_it_is_current():
    state, site, out = ServerState(), FakeSite(), io.StringIO()
    loop = run_loop(state, site, out)
    try:
        assert state.add_files(1, {"search/index.js": b"x"})
        assert "search/index.js" in state.current.files
        state.note_change("/project/page.md")
        wait_done(state, 1)
        assert not state.add_files(1, {"late.js": b"y"}) and "late.js" not in state.current.files
    finally:
        stop(state, loop)


@pytest.fixture
def server(tmp_path):
    site = FakeSite()
    server = LiveReloadServer("127.0.0.1", 0, "/sub/")
    server.start(site.rebuild, [tmp_path], [], out=io.StringIO())
    yield server, site, tmp_path
    server.stop()


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_it_serves_the_rebuilds_files_injecting_the_reload_script_into_html_only(server):
    live, site, _ = server
    assert live.url.endswith("/sub/")
    status, headers, body = get(live.url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.count(b"/__serve/events") == 1 and body.index(b"/__serve/events") < body.rindex(b"</body>")
    status, headers, body = get(live.url + "data.json")
    assert body == b'{"a": 1}' and headers["Content-Type"].startswith("application/json")
    status, _, body = get(live.url + "missing/")
    assert status == 404 and b"gone" in body
    assert get(live.url.replace("/sub/", "/") + "data.json")[2] == b'{"a": 1}'  # also at the root


def test_a_watched_save_rebuilds_and_tells_open_pages(server):
    live, site, folder = server
    events = urllib.request.urlopen(live.url.replace("/sub/", "/") + "__serve/events", timeout=10)
    assert json.loads(events.readline()[6:]) == {"build": 1, "errors": []}
    site.title = "Saved"
    (folder / "page.md").write_text("new words")
    while True:
        line = events.readline()
        if line.startswith(b"data: "):
            assert json.loads(line[6:]) == {"build": 2, "errors": []}
            break
    events.close()
    assert b"Saved" in get(live.url)[2]
    assert any(str(folder / "page.md") in changed for changed in site.calls)


def test_a_request_during_a_rebuild_waits_for_it():
    state, site, out = ServerState(), FakeSite(), io.StringIO()
    release = threading.Event()
    loop = run_loop(state, site, out)
    try:
        site.title = "After"
        site.during = lambda: release.wait(10)
        state.note_change("/project/page.md")
        seen = []
        reader = threading.Thread(target=lambda: seen.append(state.settled()))
        reader.start()
        reader.join(0.3)
        assert reader.is_alive()  # still waiting for the rebuild under way
        release.set()
        reader.join(10)
        assert b"After" in seen[0].files["index.html"]
    finally:
        release.set()
        stop(state, loop)
