"""Budgets for what readers download: our own JS and CSS, the timeline page, no other hosts."""
import re

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


def test_our_javascript_and_css_fit_their_budgets(shipped):
    scripts = sum(p.stat().st_size for p in (shipped / "static").glob("*.js"))
    styles = sum(p.stat().st_size for p in (shipped / "static").glob("*.css"))
    assert 0 < scripts <= JS_BUDGET, scripts
    assert 0 < styles <= CSS_BUDGET, styles


def test_timeline_page_fits_its_budget(shipped):
    assert (shipped / "index.html").stat().st_size < TIMELINE_BUDGET


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
