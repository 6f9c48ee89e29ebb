"""The shipped timeline in Chromium, used the way a reader uses it."""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import html5lib
import pytest

VISIBLE_EVENTS = "els => els.map(e => e.id)"


def expected_slugs(timeline: dict, actors=(), tags=(), first=None, last=None) -> list[str]:
    """What the filters promise: every chosen actor, every chosen topic, a period overlapping the years."""
    years = [int(e["date"][:4]) for e in timeline["events"]]
    first, last = first or min(years), last or max(years)
    chosen = []
    for event in timeline["events"]:
        start = int(event["date"][:4])
        end = 9999 if event["end_date"] == "ongoing" else int((event["end_date"] or event["date"])[:4])
        if start <= last and end >= first and all(a in event["actors"] for a in actors) \
                and all(t in event["tags"] for t in tags):
            chosen.append(event["slug"])
    return chosen


def shown(page) -> list[str]:
    return page.eval_on_selector_all("#timeline li.event:not([hidden])", VISIBLE_EVENTS)


def wait_for_filters(page) -> None:
    page.wait_for_function("document.getElementById('filter-status').textContent.startsWith('Showing')")


def test_filters_narrow_to_what_timeline_json_says_and_live_in_the_url(page, served):
    data = served.timeline
    page.goto(served.url("?actor=nato&actor=russia&tag=expulsions&from=2008&to=2010"))
    wait_for_filters(page)
    want = expected_slugs(data, ["nato", "russia"], ["expulsions"], 2008, 2010)
    assert want and shown(page) == want
    assert page.is_checked("input[name=actor][value=nato]") and page.is_checked("input[name=tag][value=expulsions]")
    assert page.locator("#filter-status").inner_text().startswith(f"Showing {len(want)} of {len(data['events'])} events")

    # The panel stays closed on a shared link, so its results come first; the reader opens it to change them.
    assert not page.evaluate("document.querySelector('.filter-panel').open")
    page.click(".filter-panel summary")
    page.uncheck("input[name=actor][value=russia]")
    assert urlsplit(page.url).query == "actor=nato&tag=expulsions&from=2008&to=2010"
    wider = expected_slugs(data, ["nato"], ["expulsions"], 2008, 2010)
    assert shown(page) == wider

    page.reload()
    wait_for_filters(page)
    assert shown(page) == wider and not page.is_checked("input[name=actor][value=russia]")

    page.go_back()
    page.wait_for_function("location.search.includes('russia')")
    assert shown(page) == want and page.is_checked("input[name=actor][value=russia]")

    page.click(".filter-clear")  # beside the count, the panel closed again since the reload
    page.wait_for_function("location.search === ''")
    assert shown(page) == [e["slug"] for e in data["events"]]


def test_each_busy_actor_and_topic_filters_exactly(page, served):
    data = served.timeline
    actors = [a for a, _ in Counter(a for e in data["events"] for a in e["actors"]).most_common(6)]
    tags = [t for t, _ in Counter(t for e in data["events"] for t in e["tags"]).most_common(6)]
    for query, kwargs in [(f"?actor={a}", {"actors": [a]}) for a in actors] + \
                         [(f"?tag={t}", {"tags": [t]}) for t in tags] + [("?from=2014&to=2014", {"first": 2014, "last": 2014})]:
        page.goto(served.url(query))
        wait_for_filters(page)
        assert shown(page) == expected_slugs(data, **kwargs), query


def distinctive_word(served) -> tuple[str, str]:
    """A word that appears in the body of exactly one event page, and that page's title."""
    found: dict[str, set[str]] = {}
    titles = {}
    for event in served.timeline["events"]:
        document = html5lib.parse((served.root / "events" / event["slug"] / "index.html").read_bytes(),
                                  namespaceHTMLElements=False)
        body = "".join(document.find(".//div[@class='body']").itertext())
        titles[event["slug"]] = event["title"]
        for word in set(re.findall(r"\b[A-Z][a-z]{6,}\b", body)):
            found.setdefault(word.lower(), set()).add(event["slug"])
    word, slugs = max(((w, s) for w, s in found.items() if len(s) == 1), key=lambda pair: (len(pair[0]), pair[0]))
    return word, titles[next(iter(slugs))]


def test_search_finds_an_event_by_a_word_of_its_body(page, served):
    word, title = distinctive_word(served)
    page.goto(served.url("search/"))
    page.fill("#search-query", word)
    page.wait_for_selector(".search-result")
    assert title in page.locator("#search-results").inner_text()
    assert page.locator(".search-result time[datetime]").count() == page.locator(".search-result").count()
    assert "search/?q=" + word in page.url
    page.reload()
    page.wait_for_selector(".search-result")
    assert title in page.locator("#search-results").inner_text()


def test_search_code_loads_only_when_the_reader_starts_searching(page, served):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served.url("search/"))
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pagefind/" in url]
    page.focus("#search-query")
    page.wait_for_function("performance.getEntriesByType('resource').some(r => r.name.includes('/pagefind/'))")


def focusable_controls(page) -> int:
    return page.evaluate("""() => {
        const all = [...document.querySelectorAll('a[href], button, input, select, summary, textarea')]
            .filter(el => el.tabIndex >= 0 && !el.disabled && el.offsetParent !== null)
            // What a closed disclosure holds (the embed code) is reached by opening it, as its summary is.
            .filter(el => !el.closest('details:not([open])') || el.tagName === 'SUMMARY');
        all.forEach((el, i) => el.setAttribute('data-kbd', i));
        return all.length;
    }""")


def test_keyboard_alone_reaches_every_control_and_filters(page, served):
    page.goto(served.url())
    wait_for_filters(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(150):  # open the filter panel as a keyboard user would (past a link per year)
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('.filter-panel').open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "actor"
    page.keyboard.press("Space")
    page.wait_for_function("location.search.startsWith('?actor=')")
    assert "Showing" in page.locator("#filter-status").inner_text()
    page.click("button[type=reset]")
    page.wait_for_function("location.search === ''")  # the reset applied: the clear button beside the count is gone

    total = focusable_controls(page)
    page.evaluate("document.activeElement.blur()")
    reached = set()
    for _ in range(total + 20):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.getAttribute('data-kbd')"))
    missing = {str(i) for i in range(total)} - reached
    assert not missing, f"{len(missing)} of {total} controls never received focus"
    outline = page.evaluate("""() => { const a = document.querySelector('.event-title a'); a.focus();
        return getComputedStyle(a).outlineStyle; }""")
    assert outline != "none"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_for_a_person_to_look_at(browser, served, artifacts, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        for name, path in [("timeline", ""), ("event", "events/2009-05-06-lavrov-seeks-normal-partnership/"),
                           ("filtered", "?actor=nato&tag=expulsions")]:
            page.goto(served.url(path))
            page.wait_for_load_state("networkidle")
            target = artifacts / f"{name}-{width}-{scheme}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(17, 20, 24)" if scheme == "dark" else "rgb(255, 255, 255)")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    finally:
        context.close()


def test_no_request_leaves_the_site(page, served):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ["", "?actor=nato", "events/2009-05-06-lavrov-seeks-normal-partnership/", "actors/russia/", "search/?q=Lavrov"]:
        page.goto(served.url(path))
        page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(served.base) for url in requested), \
        [url for url in requested if not url.startswith(served.base)]


@pytest.mark.parametrize("path", ["", "?actor=nato&tag=expulsions", "events/2009-05-06-lavrov-seeks-normal-partnership/", "search/?q=Lavrov",
                                  "?order=newest", "newest/?actor=russia", "lanes/", "lanes/?actor=sergei-lavrov&tag=diplomacy",
                                  "search/?actor=russia&year=2009"])
def test_nothing_shifts_while_the_page_loads(browser, served, path):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(served.url(path))
        page.wait_for_load_state("networkidle")
        shift = page.evaluate("""() => new Promise(done => {
            let total = 0;
            new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value; })
                .observe({type: 'layout-shift', buffered: true});
            setTimeout(() => done(total), 300);
        })""")
        assert shift == 0, shift
    finally:
        context.close()


def test_copy_link_copies_the_permalink(browser, served):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        url = served.url("events/2009-05-06-lavrov-seeks-normal-partnership/")
        page.goto(url)
        page.click("button.copy-link")
        page.wait_for_function("document.querySelector('button.copy-link').textContent === 'Link copied'")
        assert page.evaluate("navigator.clipboard.readText()") == url
    finally:
        context.close()


def test_chart_links_lead_to_their_year(page, served):
    page.goto(served.url())
    link = page.locator("svg.overview a[href='#year-2009']")
    assert link.count() == 1
    link.dispatch_event("click")
    page.wait_for_function("location.hash === '#year-2009'")
    assert page.locator("#year-2009").is_visible()


def test_missing_page_gets_the_sites_404(page, served):
    response = page.goto(served.url("events/no-such-event/"))
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("style").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"


def test_print_shows_what_the_reader_sees_without_controls(page, served):
    page.goto(served.url("?actor=nato&tag=expulsions"))
    wait_for_filters(page)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.site-header nav', '.filters', '.chart', '.site-search', '.year-nav']
        .map(selector => getComputedStyle(document.querySelector(selector)).display)""")
    assert hidden == ["none"] * 5
    printed = page.evaluate("[...document.querySelectorAll('li.event')].filter(e => getComputedStyle(e).display !== 'none').map(e => e.id)")
    assert printed == expected_slugs(served.timeline, ["nato"], ["expulsions"])
