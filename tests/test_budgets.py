"""Budgets for what readers download: our own JS and CSS, the timeline page, no other hosts."""
import re
from pathlib import Path

import html5lib
import pytest

from tests.conftest import REPO

JS_BUDGET, CSS_BUDGET, TIMELINE_BUDGET = 12 * 1024, 15 * 1024, 150 * 1024


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    from tests.conftest import run_cli
    output = tmp_path_factory.mktemp("budget") / "site"
    result = run_cli(["build", "--content", str(REPO / "content"), "--config", str(REPO / "site.yaml"),
                      "--output", str(output), "--no-search", "-q"], cwd=REPO)
    assert result.code == 0, result.err
    return output


# Script types a browser runs; JSON blocks (the interface words, JSON-LD) are data, not code.
RUNNABLE = {None, "", "text/javascript", "module"}


def own_script_bytes(page: Path, root: Path) -> int:
    """The bytes of our own JavaScript that a page runs: its inline scripts and the static scripts it
    loads. Pagefind's code is not ours and is fetched only when the reader searches (README)."""
    document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    total = 0
    for script in document.iter("script"):
        if script.get("type") not in RUNNABLE:
            continue
        source = script.get("src")
        if source is None:
            total += len((script.text or "").encode("utf-8"))
        elif "/static/" in source:
            total += (root / "static" / source.rsplit("/static/", 1)[1]).stat().st_size
    return total


def test_our_javascript_on_every_page_fits_its_budget(shipped):
    # The budget is what one page makes a reader download and run, counted over every page of the
    # site: a script only one kind of page loads is not paid for by the others.
    weights = {str(page.relative_to(shipped)): own_script_bytes(page, shipped) for page in shipped.rglob("*.html")}
    heaviest = max(weights, key=weights.get)
    assert 0 < weights[heaviest] <= JS_BUDGET, (heaviest, weights[heaviest])
    assert weights["index.html"] > 0 and weights["search/index.html"] > 0


def test_our_css_fits_its_budget(shipped):
    styles = sum(p.stat().st_size for p in (shipped / "static").glob("*.css"))
    assert 0 < styles <= CSS_BUDGET, styles


def test_timeline_page_fits_its_budget_in_every_language_and_order(shipped):
    pages = [shipped / prefix / order / "index.html" for prefix in ("", "ru") for order in ("", "newest")]
    sizes = {str(page.relative_to(shipped)): page.stat().st_size for page in pages}
    assert all(size < TIMELINE_BUDGET for size in sizes.values()), sizes


def test_pages_load_nothing_from_other_hosts(shipped):
    for page in shipped.rglob("*.html"):
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            loads = element.get("src") or (element.get("href") if element.tag == "link" and element.get("rel") != "canonical"
                                                    and not element.get("hreflang") else None)
            if loads:
                assert not re.match(r"(https?:)?//", loads), (str(page), loads)
