"""Golden pages: what readers see of the fixture site, byte for byte.

After an intended change to templates or rendering, regenerate with
UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py and review the diff.
"""
import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PAGES = ["index.html", "events/2009-05-06-lavrov-news-conference/index.html", "actors/russia/index.html",
         "years/2008/index.html", "feed.xml"]


def masked(text: str) -> str:
    # A script's hash and the inline stylesheet and script change with every edit to them; the pages around them
    # should not. test_site checks the stylesheet itself.
    text = re.sub(r"<style>.*?</style>", "<style>STYLESHEET</style>", text, count=1, flags=re.S)
    text = re.sub(r"<script>.*?</script>", "<script>SCRIPT</script>", text, flags=re.S)
    return re.sub(r"\.[0-9a-f]{10}\.(css|js)", r".HASH.\1", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture site, built once for every page compared."""
    from tests.conftest import make_site
    site = make_site(tmp_path_factory.mktemp("golden"))
    assert site.run("build", "--base-url", "https://example.org/timeline/").code == 0
    return site


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(built, page):
    actual = masked(built.read(page))
    golden = GOLDEN / page.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual)
    assert actual == golden.read_text()


# The same site published in English and Russian: pages in both languages, the fallback, the sitemap.
BILINGUAL_PAGES = ["events/2009-05-06-lavrov-news-conference/index.html", "ru/index.html",
                   "ru/events/2009-05-06-lavrov-news-conference/index.html",
                   "ru/events/2009-04-29-nato-withdraws-accreditation/index.html", "ru/actors/russia/index.html",
                   "ru/about/index.html", "ru/feed.xml", "sitemap.xml"]


@pytest.fixture(scope="module")
def built_bilingual(tmp_path_factory):
    from tests.conftest import make_bilingual_site
    site = make_bilingual_site(tmp_path_factory.mktemp("golden-bilingual"))
    assert site.run("build", "--no-search", "--base-url", "https://example.org/timeline/").code == 0
    return site


@pytest.mark.parametrize("page", BILINGUAL_PAGES)
def test_bilingual_page_matches_golden(built_bilingual, page):
    actual = masked(built_bilingual.read(page))
    golden = GOLDEN / "bilingual" / page.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual)
    assert actual == golden.read_text()
