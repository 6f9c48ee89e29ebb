"""The embeds on a page of another origin, in Chromium: frames that take their content's height (on load, after a
filter change, when shown after display: none, at a phone's width), a plain frame that keeps its default height
without the host script, links that open in the top window, the three height messages, axe inside the frame."""
from __future__ import annotations

import functools
import html
import re
import threading
import time
from pathlib import Path

import pytest

from tests.browser.conftest import SiteHandler, SiteServer, axe_violations

EVENT = "events/2009-05-06-lavrov-seeks-normal-partnership/"
FILTER = "?actor=nato&tag=expulsions"


class Host:
    """Pages of another site, at http://localhost:<port>/ while the timeline is at http://127.0.0.1:<port>/."""

    def __init__(self, root: Path):
        self.root = root
        self.server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(root)))
        self.base = f"http://localhost:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, name: str, body: str) -> str:
        (self.root / name).write_text(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
            f"<title>An article</title><link rel='icon' href='data:,'></head><body><main><h1>An article</h1><p>Text.</p>"
            f"{body}<p>More text.</p></main></body></html>", encoding="utf-8")
        return self.base + name

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    found = Host(tmp_path_factory.mktemp("host"))
    yield found
    found.stop()


def offered_code(served, path: str) -> str:
    """The embed code a page of the site offers, as its textarea shows it without scripts."""
    page = (served.root / path / "index.html").read_text()
    return html.unescape(re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S).group(1))


def without_script(code: str) -> str:
    return re.sub(r"\s*<script[^>]*></script>", "", code)


@pytest.fixture
def tab(browser):
    """A page that fails the test on any error it or its frames report."""
    contexts, errors = [], []

    def open_tab(width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_tab
    for context in contexts:
        context.close()
    assert errors == []


def frame_of(page, index: int = 0):
    handle = page.locator("iframe").nth(index).element_handle()
    frame = handle.content_frame()
    frame.wait_for_load_state("load")
    return frame


def heights(page, index: int = 0) -> tuple[float, float]:
    """(the frame's height on the host page, the height of its content)."""
    outer = page.locator("iframe").nth(index).evaluate("frame => frame.getBoundingClientRect().height")
    inner = frame_of(page, index).evaluate("document.documentElement.getBoundingClientRect().height")
    return outer, inner


def fits(page, index: int = 0, timeout: float = 10) -> float:
    """Wait until the frame is as tall as its content, within 2 px; return that height."""
    deadline = time.monotonic() + timeout
    while True:
        outer, inner = heights(page, index)
        if inner > 0 and abs(outer - inner) <= 2:
            return outer
        assert time.monotonic() < deadline, (outer, inner)
        page.wait_for_timeout(50)


def test_an_event_card_and_a_filtered_timeline_size_themselves_on_a_page_of_another_origin(served, host, tab):
    page = tab()
    page.goto(served.url(FILTER))
    timeline_code = page.locator("#embed-code").input_value()   # the code for the view as filtered
    assert served.url("embed/?actor=nato&amp;tag=expulsions") in timeline_code
    address = host.page("both.html", offered_code(served, EVENT) + timeline_code)
    page.goto(address)
    card = fits(page, 0)
    assert 250 < card < 900
    tall = fits(page, 1)
    frame = frame_of(page, 1)
    assert frame.url == served.url("embed/" + FILTER)
    shown = frame.locator("li.event:not([hidden])").count()
    assert 0 < shown < frame.locator("li.event").count()   # the filters from its address are applied in the frame
    assert frame.locator(".embed-full").evaluate("link => link.href") == served.url(FILTER)
    # A filter changed inside the frame: the view, the link out and the height follow.
    # The panel stays closed for a link's filters, as on the timeline page: the results come first.
    assert not frame.locator(".filter-panel").evaluate("panel => panel.open")
    frame.locator(".filter-panel summary").click()
    frame.locator("input[name=tag][value=expulsions]").uncheck()
    assert frame.locator("li.event:not([hidden])").count() > shown
    assert frame.locator(".embed-full").evaluate("link => link.href") == served.url("?actor=nato")
    assert fits(page, 1) > tall + 20
    assert page.url == address   # the frame's address changed in place: Back still belongs to the article
    # The fallback link is hidden once each frame has said its height.
    assert page.locator("blockquote.timeline-embed:visible").count() == 0


def test_a_frame_shown_after_display_none_takes_its_height_then(served, host, tab):
    body = "<div id='box' style='display:none'>" + offered_code(served, "actors/nato/") + "</div>"
    page = tab()
    page.goto(host.page("hidden.html", body))   # hidden from the start, as in a closed tab of the article
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").evaluate("frame => frame.getBoundingClientRect().height") == 0
    page.evaluate("document.getElementById('box').style.display = 'block'")
    wide = fits(page)
    # Hidden again, the page narrowed meanwhile (a tab switched on a phone): shown, it fits the new width.
    page.evaluate("document.getElementById('box').style.display = 'none'")
    page.set_viewport_size({"width": 375, "height": 800})
    page.evaluate("document.getElementById('box').style.display = 'block'")
    narrow = fits(page)
    assert narrow > wide


@pytest.mark.parametrize("path", [EVENT, "", "tags/expulsions/"])
def test_on_a_375_px_wide_host_the_frame_fits_its_content(served, host, tab, path):
    page = tab(375)
    page.goto(host.page("phone.html", offered_code(served, path)))
    fits(page)
    frame = frame_of(page)
    assert frame.evaluate("document.documentElement.scrollWidth <= innerWidth")   # nothing wider than the phone


@pytest.mark.parametrize("path, height", [(EVENT, 420), ("", 640), ("actors/sergei-lavrov/", 640)])
def test_without_the_host_script_the_frame_keeps_its_default_height(served, host, tab, path, height):
    code = without_script(offered_code(served, path))
    assert "<script" not in code
    page = tab()
    page.goto(host.page("plain.html", code))
    frame = frame_of(page)
    frame.wait_for_function("document.readyState === 'complete'")
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").evaluate("frame => frame.getBoundingClientRect().height") == height
    assert frame.locator("main").is_visible()
    # Nothing hid the link either: without the script it stays for readers whose sites strip frames.
    assert page.locator("blockquote.timeline-embed").is_visible()


def test_a_deep_link_inside_the_frame_opens_in_the_top_window(served, host, tab):
    page = tab()
    page.goto(host.page("links.html", offered_code(served, "tags/expulsions/")))
    frame = frame_of(page)
    link = frame.locator("li.event a[href*='/events/']").first
    target = served.url(link.get_attribute("href"))
    link.click()
    page.wait_for_url(target)
    assert page.locator("h1").count() == 1 and page.url == target


def test_the_frame_speaks_pym_amp_and_wordpress_and_answers_a_host_that_asks(served, host, tab):
    code = without_script(offered_code(served, EVENT)).replace('.html" title=', '.html?childId=card#?secret=Ab12" title=', 1)
    listener = ("<script>window.heard = []; addEventListener('message', function (e) {"
                " heard.push({origin: e.origin, data: e.data}); });</script>")
    page = tab()
    page.goto(host.page("messages.html", listener + code))
    frame_of(page)
    page.wait_for_function("heard.length >= 3")
    heard = page.evaluate("heard")
    assert {message["origin"] for message in heard} == {served.url().rstrip("/")}
    pym = [m["data"] for m in heard if isinstance(m["data"], str)]
    height = int(pym[-1].rsplit("xPYMx", 1)[1])
    assert pym[-1] == f"pymxPYMxcardxPYMxheightxPYMx{height}"
    assert {"sentinel": "amp", "type": "embed-size", "height": height} in [m["data"] for m in heard]
    assert {"message": "height", "value": height, "secret": "Ab12"} in [m["data"] for m in heard]
    assert abs(height - heights(page)[1]) <= 2
    # WordPress says it is ready; pym.js sends the width: each time the frame answers.
    before = len(heard)
    page.evaluate("document.querySelector('iframe').contentWindow.postMessage({message: 'ready', secret: 'Ab12'}, '*')")
    page.wait_for_function(f"heard.length >= {before + 3}")
    page.evaluate("document.querySelector('iframe').contentWindow.postMessage('pymxPYMxcardxPYMxwidthxPYMx600', '*')")
    page.wait_for_function(f"heard.length >= {before + 6}")
    # WordPress sandboxes its frames; a link clicked inside is sent to it to follow.
    frame_of(page).locator("h1 a").click()
    page.wait_for_function("heard.some(function (m) { return m.data && m.data.message === 'link'; })")
    link = next(m["data"] for m in page.evaluate("heard") if isinstance(m["data"], dict) and m["data"].get("message") == "link")
    assert link == {"message": "link", "value": served.url(EVENT), "secret": "Ab12"}


def test_the_host_script_takes_a_height_only_from_the_frame_it_sizes_and_its_origin(served, host, tab):
    page = tab()
    page.goto(host.page("two.html", offered_code(served, EVENT) + without_script(offered_code(served, "actors/nato/"))))
    card, nato = fits(page, 0), fits(page, 1)
    assert abs(card - nato) > 50   # each frame took its own height, not the other's
    # The host page itself, then a page of the host's origin loaded into the card's frame, claim a height.
    page.evaluate("postMessage('pymxPYMxxPYMxheightxPYMx5000', '*')")
    (host.root / "forger.html").write_text("<!doctype html><title>x</title><script>parent.postMessage("
                                           "'pymxPYMxxPYMxheightxPYMx4000', '*')</script>")
    page.evaluate("addEventListener('message', function (e) { if (String(e.data).slice(-4) === '4000') window.forged = true; });"
                  f"frames[0].location.href = {host.base + 'forger.html'!r}")   # its src still names the timeline
    page.wait_for_function("window.forged")   # heard after the host script's own listener, which came first
    assert [page.locator("iframe").nth(n).evaluate("frame => frame.getBoundingClientRect().height") for n in (0, 1)] == \
        pytest.approx([card, nato], abs=2)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [EVENT, "", "actors/nato/", "ru/" + EVENT, "ru/"])
def test_axe_finds_no_violations_inside_the_frame(served, host, browser, path, scheme):
    context = browser.new_context(viewport={"width": 800, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(host.page("axe.html", offered_code(served, path)))
        frame = frame_of(page)
        frame.wait_for_function("document.readyState === 'complete'")
        assert axe_violations(frame) == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [FILTER, EVENT, "ru/tags/expulsions/"])
def test_the_open_embed_disclosure_keeps_its_page_free_of_axe_violations(served, browser, path, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served.url(path))
        page.locator(".embed-share summary").click()
        assert page.locator(".copy-code").is_visible() and page.locator("#embed-code").is_visible()
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_copy_button_copies_the_code_of_the_view_as_filtered_now(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.url().rstrip("/"))
        page = context.new_page()
        page.goto(served.url("?actor=russia"))
        page.locator(".embed-share summary").click()
        page.locator(".filter-panel summary").click()
        page.locator("input[name=actor][value=nato]").check()
        page.locator(".copy-code").click()
        page.wait_for_function("document.querySelector('.copy-code').textContent === 'Code copied'")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert served.url("embed/?actor=russia&amp;actor=nato") in copied and 'embed/host.js" async' in copied
        assert copied == page.locator("#embed-code").input_value()
    finally:
        context.close()


def test_filters_work_in_a_frame_sandboxed_as_wordpress_sandboxes_it(served, host, tab):
    code = without_script(offered_code(served, "")).replace("<iframe ", '<iframe sandbox="allow-scripts" ', 1)
    page = tab()
    page.goto(host.page("sandboxed.html", code))
    frame = frame_of(page)
    frame.locator(".filter-panel summary").click()
    everything = frame.locator("li.event:not([hidden])").count()
    frame.locator("input[name=tag][value=expulsions]").check()
    assert 0 < frame.locator("li.event:not([hidden])").count() < everything
