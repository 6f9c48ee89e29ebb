"""Every page family's URL comes from urls.py, and the slugs a plain page may not take come from them too."""
from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from timeline import urls
from timeline.content import ContentTree, Page
from timeline.model import build_timeline


def test_each_family_has_one_spelling():
    assert urls.event("2009-05-06-x") == "events/2009-05-06-x/"
    assert urls.year(1999) == "years/1999/"
    assert urls.actor("nato") == "actors/nato/" and urls.tag("expulsions") == "tags/expulsions/"
    assert urls.page("about") == "about/"
    assert [urls.numbered("tags/x/", n) for n in (1, 2, 3)] == ["tags/x/", "tags/x/page/2/", "tags/x/page/3/"]
    assert urls.feed() == "feed.xml" and urls.feed(urls.actor("nato")) == "actors/nato/feed.xml"
    assert urls.static("style.0123456789.css") == "static/style.0123456789.css"
    assert urls.year_anchor(2008) == "#year-2008" and urls.on_timeline("x") == "#event-x"
    assert urls.on_timeline("2009-05-06-x") == "#2009-05-06-x"  # dated slugs keep the anchors they always had
    assert urls.SEARCH_SCRIPT == "pagefind/pagefind.js"
    assert urls.embed(urls.HOME) == "embed/" and urls.embed(urls.event("x")) == "embed/events/x.html"
    assert urls.embed(urls.actor("nato")) == "embed/actors/nato.html" and urls.EMBED_HOST_SCRIPT == "embed/host.js"
    assert urls.oembed(urls.HOME) == "oembed.json" and urls.oembed(urls.tag("x")) == "tags/x/oembed.json"
    assert urls.calendar(urls.actor("nato")) == "data/actors/nato.ics" and urls.calendar(urls.tag("x")) == "data/tags/x.ics"
    assert (urls.EVENTS_CSV, urls.EVENTS_ICS, urls.DATA_SCHEMA) == ("data/events.csv", "data/events.ics", "data/timeline.schema.json")
    assert urls.event_sources("x") == "events/x/#sources-heading"


def test_each_language_has_its_embeds_and_data_but_one_host_script_and_schema():
    assert urls.in_language("ru", "en", urls.embed(urls.event("x"))) == "ru/embed/events/x.html"
    assert urls.in_language("ru", "en", urls.EVENTS_CSV) == "ru/data/events.csv"
    assert urls.in_language("ru", "en", urls.EMBED_HOST_SCRIPT) == urls.EMBED_HOST_SCRIPT
    assert urls.in_language("ru", "en", urls.DATA_SCHEMA) == urls.DATA_SCHEMA


@pytest.mark.parametrize("url", ["", "events/x/", "about/", "feed.xml", "404.html", "tags/x/page/2/"])
def test_a_url_and_its_file_map_both_ways(url):
    path = urls.file_path(url)
    assert urls.url_of(path) == url
    assert path.endswith("index.html") == (url == "" or url.endswith("/"))


def test_reserved_slugs_are_the_first_segment_of_every_family():
    for url in (urls.event("x"), urls.year(1), urls.actor("x"), urls.tag("x"), urls.static("x"), urls.SEARCH,
                urls.SEARCH_BUNDLE, urls.numbered(urls.HOME, 2), urls.embed(urls.event("x")), urls.EVENTS_CSV,
                urls.oembed(urls.HOME)):
        assert url.split("/")[0] in urls.RESERVED_PAGE_SLUGS


@pytest.mark.parametrize("slug", sorted(s for s in urls.RESERVED_PAGE_SLUGS if re.fullmatch(r"[a-z0-9-]+", s)))
def test_a_page_with_a_reserved_slug_is_refused(slug):
    tree = ContentTree([], [Page(slug, "T", "", "<p>x</p>", False, f"content/pages/{slug}.md")], {}, {}, [])
    problems = build_timeline(tree)[1]
    assert [p.message for p in problems] == [f'page slug "{slug}" is reserved for the site\'s own pages']


def test_templates_build_no_url_from_strings():
    # Every link goes through url()/abs_url() given a paths.* value; nothing is glued with ~ or written out.
    for template in sorted((REPO / "templates").iterdir()):
        text = template.read_text()
        for call in re.finditer(r"\b(?:abs_)?url\(([^()]*(?:\([^()]*\)[^()]*)*)\)", text):
            argument = call.group(1)
            assert "~" not in argument and "'" not in argument and '"' not in argument, (template.name, call.group(0))
        assert not re.search(r"""(?:href|src|action)="(?:/|#[a-z-]+\{\{)""", text), template.name


def test_the_not_found_page_reserves_its_name_too():
    # A page at /404/ beside the host's /404.html would be taken for the error page.
    assert "404" in urls.RESERVED_PAGE_SLUGS
