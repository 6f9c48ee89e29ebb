"""The shipped site in its two languages, in Chromium: the switch, and search in Russian."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.browser.test_reader import expected_slugs, shown

EVENT = "events/2009-05-06-lavrov-seeks-normal-partnership/"


def wait_for_filters(page) -> None:
    page.wait_for_function("document.getElementById('filter-status').textContent.trim().length > 0")


def test_the_switch_lands_on_the_same_event(page, served):
    page.goto(served.url(f"ru/{EVENT}"))
    assert page.locator("html").get_attribute("lang") == "ru"
    russian_title = page.locator("h1").inner_text()
    page.click(".language-switch a[hreflang=en]")
    page.wait_for_url(served.url(EVENT))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() != russian_title
    page.click(".language-switch a[hreflang=ru]")
    page.wait_for_url(served.url(f"ru/{EVENT}"))
    assert page.locator("h1").inner_text() == russian_title


def test_the_switch_keeps_the_filters(page, served):
    query = "?actor=nato&tag=expulsions&from=2008&to=2010"
    page.goto(served.url(query))
    wait_for_filters(page)
    english = shown(page)
    assert english == expected_slugs(served.timeline, ["nato"], ["expulsions"], 2008, 2010) and english
    page.click(".filter-panel summary")  # closed on a shared link, so that its results come first
    page.uncheck("input[name=tag][value=expulsions]")   # the view as the reader changed it, not as it was loaded
    page.wait_for_function("!location.search.includes('expulsions')")
    wider = shown(page)
    page.click(".language-switch a[hreflang=ru]")
    page.wait_for_url(re.compile(r"/ru/\?"))
    assert urlsplit(page.url).path == "/ru/" and urlsplit(page.url).query == "actor=nato&from=2008&to=2010"
    wait_for_filters(page)
    assert shown(page) == wider
    assert page.is_checked("input[name=actor][value=nato]") and not page.is_checked("input[name=tag][value=expulsions]")


def test_without_scripts_the_switch_links_the_same_page(browser, served):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url("ru/?actor=nato"))
        assert page.locator(".language-switch a[hreflang=en]").get_attribute("href") == urlsplit(served.url()).path
        page.goto(served.url(f"ru/{EVENT}"))
        page.click(".language-switch a[hreflang=en]")
        page.wait_for_url(served.url(EVENT))
    finally:
        context.close()


def russian_pages_with_word(served, pattern: str) -> set[str]:
    """The Russian event pages whose indexed text has the word (as a whole word, that exact form)."""
    found = set()
    for path in (served.root / "ru" / "events").glob("*/index.html"):
        html = path.read_text(encoding="utf-8")
        body = re.search(r"<article.*?</article>", html, re.S).group()
        body = re.sub(r'<section class="(sources|related)".*?</section>|<nav class="nearby".*?</nav>', "", body, flags=re.S)
        if re.search(pattern, re.sub(r"<[^>]+>", " ", body)):
            found.add(f"/ru/events/{path.parent.name}/")
    return found


def search(page, served, query: str) -> set[str]:
    page.goto(served.url("ru/search/"))
    page.fill("#search-query", query)
    page.wait_for_selector(".search-result")
    page.wait_for_function("document.getElementById('search-status').textContent.trim().length > 0")
    return {urlsplit(href).path for href in page.eval_on_selector_all(".search-result a", "els => els.map(e => e.href)")}


def test_search_in_russian_finds_inflected_forms(page, served):
    genitive = russian_pages_with_word(served, r"\bЛаврова\b")
    assert genitive and search(page, served, "Лавров") >= genitive
    # Stemming, not the prefix match of the last word: "высылку" finds pages that have only other forms.
    other_forms = russian_pages_with_word(served, r"\bвысылк[а-я]*") - russian_pages_with_word(served, r"\bвысылку")
    assert other_forms
    found = search(page, served, "высылку")
    assert other_forms <= found, other_forms - found
    assert all(path.startswith("/ru/") for path in found)   # the Russian index, for the Russian search page
