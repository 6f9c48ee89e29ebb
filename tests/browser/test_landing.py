"""The reader's second pass, in Chromium on a phone (375 x 812) and a laptop (1280 x 900), light and dark:
a shared link lands on its results, the order switch, search facets, and the actor lanes."""
from __future__ import annotations

import contextlib
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.browser.test_reader import expected_slugs, shown, wait_for_filters

SCREENS = [pytest.param(375, 812, id="phone"), pytest.param(1280, 900, id="laptop")]
SCHEMES = ["light", "dark"]
SHIFTS = """() => new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value; })
        .observe({type: 'layout-shift', buffered: true});
    setTimeout(() => done(total), 300);
})"""


@contextlib.contextmanager
def screen(browser, width, height, scheme, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def inside_first_screen(page, selector: str) -> bool:
    return page.eval_on_selector(selector, """el => { const box = el.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight; }""")


def query(page) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(page.url).query)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width, height", SCREENS)
def test_a_shared_filtered_link_shows_its_count_and_first_result_on_the_first_screen(browser, served, artifacts,
                                                                                        width, height, scheme):
    want = expected_slugs(served.timeline, ["russia"], ["expulsions"])
    with screen(browser, width, height, scheme) as page:
        page.goto(served.url("?actor=russia&tag=expulsions"))
        wait_for_filters(page)
        assert shown(page) == want
        assert page.locator("#filter-status").inner_text().startswith(f"Showing {len(want)} of ")
        assert inside_first_screen(page, "#filter-status")
        assert inside_first_screen(page, f"[id='{want[0]}']")
        assert page.evaluate(SHIFTS) == 0
        # What is new, the chart and the years are still there, after the results.
        assert page.evaluate("""() => document.getElementById('timeline').compareDocumentPosition(
            document.getElementById('glance')) === Node.DOCUMENT_POSITION_FOLLOWING""")
        assert page.locator("#glance .latest li").count() == 5 and page.locator("#glance .year-nav a").count() > 10
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"shared-link-{width}-{scheme}.png"))


def test_an_unfiltered_timeline_opens_with_the_latest_events(browser, served):
    latest = [event["slug"] for event in served.timeline["events"][::-1][:5]]
    with screen(browser, 375, 812, "light") as page:
        page.goto(served.url())
        links = page.eval_on_selector_all(".latest li a", "els => els.map(a => a.pathname)")
        assert links == [f"/events/{slug}/" for slug in latest]
        assert inside_first_screen(page, ".latest h2")
        assert page.locator(".latest a[href$='feed.xml']").count() == 1


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width, height", SCREENS)
def test_the_order_switch_reorders_and_survives_reload_and_back(browser, served, artifacts, width, height, scheme):
    everything = [event["slug"] for event in served.timeline["events"]]
    nato = expected_slugs(served.timeline, ["nato"])
    with screen(browser, width, height, scheme) as page:
        page.goto(served.url("?actor=nato"))
        wait_for_filters(page)
        assert shown(page) == nato
        page.click("#order a[data-order=newest]")
        page.wait_for_function("location.search.includes('order=newest')")
        assert query(page) == [("actor", "nato"), ("order", "newest")] and shown(page) == nato[::-1]
        assert page.get_attribute("#order a[data-order=newest]", "aria-current") == "page"
        page.screenshot(path=str(artifacts / f"newest-first-{width}-{scheme}.png"))
        page.reload()
        wait_for_filters(page)
        assert shown(page) == nato[::-1]
        page.go_back()
        page.wait_for_function("!location.search.includes('order')")
        assert shown(page) == nato
        page.go_forward()
        page.wait_for_function("location.search.includes('order=newest')")
        assert shown(page) == nato[::-1]
        page.click(".filter-clear")  # clearing the filters keeps the order
        page.wait_for_function("location.search === '?order=newest'")
        assert shown(page) == everything[::-1]


def test_without_scripts_the_order_switch_is_a_link_to_the_page_in_the_other_order(browser, served):
    everything = [event["slug"] for event in served.timeline["events"]]
    with screen(browser, 375, 812, "light", java_script_enabled=False) as page:
        page.goto(served.url())
        page.click("#order a[data-order=newest]")
        page.wait_for_url(served.url("newest/"))
        assert page.eval_on_selector_all("#timeline li.event", "els => els.map(e => e.id)") == everything[::-1]
        page.click("#order a[data-order=oldest]")
        page.wait_for_url(served.url())
        assert page.eval_on_selector_all("#timeline li.event", "els => els.map(e => e.id)") == everything


def search_expected(timeline: dict, actors=(), tags=(), years=()) -> list[str]:
    """What the facets promise: every chosen actor and topic, and the chosen year (the event's first)."""
    return [event["slug"] for event in timeline["events"]
            if all(a in event["actors"] for a in actors) and all(t in event["tags"] for t in tags)
            and all(int(event["date"][:4]) == int(y) for y in years)]


def found(page) -> list[str]:
    return page.eval_on_selector_all(".search-result h2 a", "els => els.map(a => a.pathname.split('/')[2])")


def wait_for_results(page, number: int) -> None:
    page.wait_for_function(f"""document.getElementById('search-status').textContent.startsWith('{number} event')""")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width, height", SCREENS)
def test_facets_narrow_the_results_and_survive_reload(browser, served, artifacts, width, height, scheme):
    data = served.timeline
    russia = search_expected(data, ["russia"])
    busiest = Counter(event["date"][:4] for event in data["events"] if event["slug"] in russia).most_common(1)[0][0]
    both = search_expected(data, ["russia"], years=[busiest])
    with screen(browser, width, height, scheme) as page:
        page.goto(served.url("search/"))
        # By keyboard: the panel's summary, then the first actor (the busiest), then a year.
        page.focus("#facets summary")
        page.keyboard.press("Enter")
        page.focus("#facets input[name=actor][value=russia]")
        page.keyboard.press("Space")
        wait_for_results(page, len(russia))
        assert query(page) == [("actor", "russia")]
        # Facets alone list the newest first; at most 30 are shown.
        assert found(page) == russia[::-1][:30]
        label = page.locator(f"#facets label:has(input[name=year][value='{busiest}'])")
        assert label.inner_text().strip().endswith(f"({len(both)})")
        page.focus(f"#facets input[name=year][value='{busiest}']")
        page.keyboard.press("Space")
        wait_for_results(page, len(both))
        assert found(page) == both[::-1][:30]
        assert page.get_attribute("#search-status", "aria-live") == "polite"
        assert page.locator("#search-status").inner_text().endswith(f"Filters: Russia, {busiest}.")
        page.screenshot(path=str(artifacts / f"search-facets-{width}-{scheme}.png"))
        page.reload()
        wait_for_results(page, len(both))
        assert found(page) == both[::-1][:30]
        assert page.is_checked("#facets input[name=actor][value=russia]") and page.is_checked(f"#facets input[name=year][value='{busiest}']")
        # One press clears them all, without opening the panel.
        page.click("#search-chosen button[data-key='']")
        page.wait_for_function("location.search === ''")
        assert found(page) == [] and not page.is_checked("#facets input[name=actor][value=russia]")


def test_a_search_with_no_result_names_the_facet_to_remove(browser, served):
    data = served.timeline
    first_year = min(int(event["date"][:4]) for event in data["events"])
    # Lavrov in the first year: nothing; without the year, the events that mention him.
    with screen(browser, 1280, 900, "light") as page:
        page.goto(served.url(f"search/?q=Lavrov&year={first_year}"))
        page.wait_for_function("document.getElementById('search-status').textContent.startsWith('No events found')")
        link = page.locator("#search-status a")
        assert link.count() == 1 and link.inner_text() == str(first_year)
        link.click()
        page.wait_for_function("document.querySelectorAll('.search-result').length > 0")
        assert query(page) == [("q", "Lavrov")]
        # Results show the date, the title and the passage with the words found.
        first = page.locator(".search-result").first
        assert first.locator("time[datetime]").count() == 1 and first.locator("h2 a").count() == 1
        assert "lavrov" in first.locator(".summary mark").first.inner_text().lower()


SVG_LANES = """() => Object.fromEntries([...document.querySelectorAll('svg.lanes g.lane')].map(g =>
    [g.dataset.actor, [...g.querySelectorAll('path > title')].map(t => t.textContent)]))"""
TABLE_LANES = """lanes => Object.fromEntries(lanes.map(actor => [actor, [...document.querySelectorAll('#lanes-table tbody tr')]
    .filter(row => !row.hidden && row.dataset.actors.split(' ').includes(actor)).map(row => row.querySelector('a').textContent)]))"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width, height", SCREENS)
def test_the_lanes_view_lists_the_same_events_as_its_table(browser, served, artifacts, width, height, scheme):
    data = served.timeline
    titles = {event["slug"]: event["title"] for event in data["events"]}
    busiest = [actor for actor, _ in Counter(a for e in data["events"] for a in e["actors"]).most_common(6)]
    with screen(browser, width, height, scheme) as page:
        page.goto(served.url("lanes/"))
        lanes = page.evaluate(SVG_LANES)
        assert sorted(lanes) == sorted(busiest)
        assert lanes == page.evaluate(TABLE_LANES, list(lanes))
        for actor, drawn in lanes.items():
            assert drawn == [titles[slug] for slug in search_expected(data, [actor])]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"lanes-{width}-{scheme}.png"), full_page=width > 400)

        # From the timeline with a filter: the chosen actors' lanes, each with its events of the chosen topic.
        page.goto(served.url("?actor=sergei-lavrov&actor=jens-stoltenberg&tag=diplomacy"))
        wait_for_filters(page)
        page.click("#lanes-link")
        page.wait_for_url("**/lanes/?actor=sergei-lavrov&actor=jens-stoltenberg&tag=diplomacy")
        lanes = page.evaluate(SVG_LANES)
        assert list(lanes) == ["sergei-lavrov", "jens-stoltenberg"]
        assert lanes == page.evaluate(TABLE_LANES, list(lanes))
        for actor, drawn in lanes.items():
            assert drawn == [titles[slug] for slug in search_expected(data, [actor], ["diplomacy"])] and drawn
        shown_rows = page.locator("#lanes-table tbody tr:not([hidden])").count()
        assert page.locator("#lanes-status").inner_text().startswith(f"{shown_rows} events in the lanes of Sergei Lavrov, Jens Stoltenberg")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"lanes-filtered-{width}-{scheme}.png"))
        page.click("#per-year")  # back to the overview, the filter kept
        page.wait_for_url("**/?actor=sergei-lavrov&actor=jens-stoltenberg&tag=diplomacy")
