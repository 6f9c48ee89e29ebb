"""The preview server in Chromium: a saved edit shows by itself, a broken file shows the overlay, a fix clears it,
a page refused a reload stream gets one later."""
from __future__ import annotations

import io
import threading

from playwright import sync_api as playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS as ARGS
from tests.conftest import event_text
from tests.serving import ServerProcess, open_stream

PAGE = "events/2009-05-06-lavrov-news-conference/"
SOURCE = "content/events/2009-05-06-lavrov-news-conference.md"


def lavrov(title: str, date: str = "2009-05-06") -> str:
    return event_text(title=title, date=date, actors="[Sergey Lavrov, russia]")


def in_own_thread(function) -> None:
    """Run function in a thread of its own: Playwright's sync API refuses a thread whose asyncio loop is
    already running, as it is when the browser tests' session-wide Playwright has started first."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            function()
        except BaseException as error:  # handed back to the test's thread below
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the browser test hung"
    if failure:
        raise failure[0]


def test_live_reload_and_error_overlay_in_chromium(site):
    server = ServerProcess(site.root, "--no-search")
    try:
        in_own_thread(lambda: check_in_chromium(server, site))
    finally:
        server.stop()


def check_in_chromium(server: ServerProcess, site) -> None:
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(server.url + PAGE)
        heading = page.locator("h1")
        playwright.expect(heading).to_have_text("Lavrov news conference")
        page.wait_for_selector("html[data-serve-connected]", state="attached", timeout=5000)

        (site.root / SOURCE).write_text(lavrov("Lavrov changes his mind"))
        playwright.expect(heading).to_have_text("Lavrov changes his mind", timeout=2000)

        (site.root / SOURCE).write_text(lavrov("Broken", date="2009-13-45"))
        overlay = page.locator("#timeline-serve-overlay")
        playwright.expect(overlay).to_be_visible(timeout=3000)
        playwright.expect(overlay).to_contain_text("2009-05-06-lavrov-news-conference.md:3: date")
        page.reload()  # the overlay stays across refreshes until a good build
        playwright.expect(overlay).to_be_visible(timeout=3000)

        (site.root / SOURCE).write_text(lavrov("Fixed again"))
        playwright.expect(heading).to_have_text("Fixed again", timeout=3000)
        playwright.expect(overlay).to_have_count(0)
        browser.close()


def test_a_page_refused_a_reload_stream_asks_again_and_gets_one(monkeypatch):
    from timeline import httpserve
    from timeline.livereload import Built, LiveReloadServer

    monkeypatch.setattr(httpserve, "STREAM_RETRY_SECONDS", 1)
    server = LiveReloadServer("127.0.0.1", 0)
    server.start(lambda changed: Built({"index.html": b"<html><body><h1>Page</h1></body></html>"}, "1 file"), [], [],
                 out=io.StringIO())
    streams = [open_stream(server.http.server_address) for _ in range(httpserve.MAX_EVENT_STREAMS)]
    try:
        in_own_thread(lambda: check_refused_then_connected(server.url, streams))
    finally:
        for connection, _ in streams:
            connection.close()
        server.stop()


def check_refused_then_connected(url: str, streams: list) -> None:
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        with page.expect_response(lambda response: "/__serve/events" in response.url) as refused:
            page.goto(url)
        assert refused.value.status == 503
        streams.pop()[0].close()  # another page closes, making room
        page.wait_for_selector("html[data-serve-connected]", state="attached", timeout=10000)
        browser.close()
