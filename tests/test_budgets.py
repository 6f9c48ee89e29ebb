"""Budgets for what readers download: our own JS and CSS, the timeline page, the embeds, no other hosts."""
import re
import shutil
from urllib.parse import urlsplit

import html5lib
import pytest

from tests.conftest import REPO, event_text, run_cli

JS_BUDGET, CSS_BUDGET, TIMELINE_BUDGET = 12 * 1024, 15 * 1024, 150 * 1024
EVENT_EMBED_BUDGET, EMBED_JS_BUDGET, HOST_JS_BUDGET = 20 * 1024, 3 * 1024, 2 * 1024
BASE_URL = "https://timeline.example.org/"   # the shipped site.yaml's
FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}   # a browser loads these


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    output = tmp_path_factory.mktemp("budget") / "site"
    result = run_cli(["build", "--content", str(REPO / "content"), "--config", str(REPO / "site.yaml"),
                      "--output", str(output), "--no-search", "-q"], cwd=REPO)
    assert result.code == 0, result.err
    return output


def elements(page):
    document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    return [element for element in document.iter() if isinstance(element.tag, str)]


def own_javascript(page, site) -> int:
    """The bytes of our scripts one page makes a reader download: inline ones and those it links (Pagefind's,
    fetched only when the reader searches, are not ours and not counted)."""
    total = 0
    for script in (e for e in elements(page) if e.tag == "script" and e.get("type") not in ("application/json", "application/ld+json")):
        source = script.get("src")
        if source is None:
            total += len((script.text or "").encode("utf-8"))
        else:
            total += (site / urlsplit(source).path.lstrip("/")).stat().st_size
    return total


def linked(page, site) -> int:
    """The bytes of the stylesheets and scripts a page links (from this site)."""
    addresses = [e.get("src") or e.get("href") for e in elements(page)
                 if (e.tag == "script" and e.get("src")) or (e.tag == "link" and e.get("rel") == "stylesheet")]
    return sum((site / urlsplit(address).path.lstrip("/")).stat().st_size for address in addresses)


def test_our_javascript_on_any_page_and_our_css_fit_their_budgets(shipped):
    # What one page loads is what a reader downloads: every page's own scripts together, not every file
    # in static/ (the embeds' scripts run in other sites' pages, and have budgets of their own below).
    heaviest = max((own_javascript(page, shipped), str(page.relative_to(shipped))) for page in shipped.rglob("*.html"))
    assert 0 < heaviest[0] <= JS_BUDGET, heaviest
    assert own_javascript(shipped / "index.html", shipped) > 7000   # the filters, counted where they are inline
    assert own_javascript(shipped / "search" / "index.html", shipped) > 0
    styles = sum(p.stat().st_size for p in (shipped / "static").glob("*.css"))
    assert 0 < styles <= CSS_BUDGET, styles


def test_timeline_page_fits_its_budget_in_every_language_and_order(shipped):
    pages = [shipped / prefix / order / "index.html" for prefix in ("", "ru") for order in ("", "newest")]
    sizes = {str(page.relative_to(shipped)): page.stat().st_size for page in pages}
    assert all(size < TIMELINE_BUDGET for size in sizes.values()), sizes


def test_embeds_fit_their_budgets(shipped):
    cards = sorted(shipped.glob("**/embed/events/*.html"))
    assert len(cards) == 2 * len(list((shipped / "events").iterdir()))   # every event, in both languages
    # A card with what it links (the stylesheet, its script): what a reader downloads for it.
    heaviest = max((card.stat().st_size + linked(card, shipped), str(card)) for card in cards)
    assert heaviest[0] < EVENT_EMBED_BUDGET, heaviest
    for timeline in (shipped / "embed/index.html", shipped / "ru/embed/index.html"):
        assert timeline.stat().st_size < TIMELINE_BUDGET
    for language in ("", "ru/"):   # every list embed within the timeline page's budget too
        lists = list(shipped.glob(f"{language}embed/actors/*.html")) + list(shipped.glob(f"{language}embed/tags/*.html"))
        assert lists and max(page.stat().st_size for page in lists) < TIMELINE_BUDGET
    embed_script = next((shipped / "static").glob("embed.*.js")).stat().st_size
    assert embed_script <= EMBED_JS_BUDGET, embed_script
    assert (shipped / "embed/host.js").stat().st_size <= HOST_JS_BUDGET


def test_pages_load_nothing_from_other_hosts(shipped):
    for page in shipped.rglob("*.html"):
        for element in elements(page):
            rel = set((element.get("rel") or "").split())
            if element.tag == "link" and not rel & FETCHED_LINKS:
                # Not loaded by the browser (canonical, alternate languages, feeds, oEmbed): it may name
                # this site's own address in full, never another host.
                address = element.get("href") or ""
                assert address.startswith(BASE_URL) or not re.match(r"(https?:)?//", address), (str(page), address)
                continue
            loads = element.get("src") or (element.get("href") if element.tag == "link" else None)
            if loads:
                assert not re.match(r"(https?:)?//", loads), (str(page), loads)


def test_the_timeline_page_keeps_its_budget_as_the_shipped_timeline_grows(tmp_path):
    # Padded to just under timeline_split_at with events titled like ours, untranslated (the heaviest kind of
    # item on a Russian page): listing them all would be far over 150 KB, so the page is split by its weight.
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    shipped = len(list(content.rglob("events/**/*.md"))) - len(list(content.rglob("events/**/*.*.md")))
    for number in range(199 - shipped):
        title = f"NATO and Russia trade statements over a reported incident near the border, case {number}"
        (content / "events" / f"2019-03-{number % 28 + 1:02d}-padding-{number}.md").write_text(
            event_text(title=title, date=f"2019-03-{number % 28 + 1:02d}"), encoding="utf-8")
    output = tmp_path / "site"
    result = run_cli(["build", "--content", str(content), "--config", str(REPO / "site.yaml"), "--output", str(output),
                      "--no-search", "-q"], cwd=tmp_path)
    assert result.code == 0, result.err
    pages = [output / prefix / page for prefix in ("", "ru") for page in ("index.html", "newest/index.html", "embed/index.html")]
    sizes = {str(page.relative_to(output)): page.stat().st_size for page in pages}
    assert all(size < TIMELINE_BUDGET for size in sizes.values()), sizes
    assert b'id="milestones-heading"' in (output / "ru/index.html").read_bytes()   # split, though under 200 events
