"""aliases: old URLs of events and pages become redirect pages, listed nowhere; a bad or taken alias is a located error."""
from __future__ import annotations

import gzip
import json
import re

import pytest

from tests.conftest import event_text
from tests.serving import ServerProcess
from timeline.aliases import alias_url
from timeline.content import parse_event, parse_page
from timeline.output import MARKER
from timeline import urls

RENAMED = "content/events/2009-05-07-expulsions-answered.md"


def renamed_event(aliases: str) -> str:
    return event_text(title="Expulsions answered", date="2009-05-07", extra=f"aliases: {aliases}")


def redirect_target(html: str) -> tuple[str, str, str]:
    """The canonical link, the refresh target and the plain link of a redirect page."""
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html).group(1)
    link = re.search(r'<a href="([^"]+)">', html).group(1)
    return canonical, refresh, link


def test_each_alias_is_a_redirect_page_under_the_base_path_and_listed_nowhere(site):
    site.write(RENAMED, renamed_event("[2009-05-07-old-name, /2009/05/old.html, /old/story/index.html]"))
    site.write("content/pages/about.md", "---\ntitle: About\naliases: [about-us]\n---\nWhat this is.\n")
    result = site.run("build", "--base-url", "https://example.org/timeline/", "--no-search")
    assert result.code == 0, result.err
    new = "/timeline/events/2009-05-07-expulsions-answered/"
    for path in ("events/2009-05-07-old-name/index.html", "2009/05/old.html", "old/story/index.html"):
        html = site.read(path)
        assert redirect_target(html) == ("https://example.org" + new, new, new), path
        assert '<meta name="robots" content="noindex">' in html and ">Expulsions answered</a>" in html
        assert "data-pagefind-body" not in html and 'data-pagefind-ignore="all"' in html
    assert redirect_target(site.read("about-us/index.html"))[1] == "/timeline/about/"
    # Nothing lists an old URL: not the sitemap, the feeds, the data, the lists or any other page.
    old = ("2009-05-07-old-name", "2009/05/old.html", "old/story", "about-us")
    redirects = {"events/2009-05-07-old-name/index.html", "2009/05/old.html", "old/story/index.html", "about-us/index.html"}
    for path, data in site.snapshot().items():
        # The marker is the build's own record of the files it made, for the next build, not a page.
        if path not in redirects and path != MARKER:
            assert not any(name.encode() in data for name in old), path


def test_search_never_indexes_a_redirect_page(site):
    """Pagefind indexes only pages marked data-pagefind-body; with no event published it indexes every
    page, and the redirect's data-pagefind-ignore="all" still keeps it out."""
    site.write(RENAMED, renamed_event("[/old/]"))
    site.write("content/pages/about.md", "---\ntitle: About\naliases: [about-us]\n---\nWhat this is.\n")
    assert site.run("build").code == 0
    assert indexed(site) == {f"/{urls.event(p.stem)}" for p in (site.content / "events").glob("*.md")}
    for path in (site.content / "events").glob("*.md"):
        path.write_text(path.read_text().replace("title:", "draft: true\ntitle:", 1))
    assert site.run("build").code == 0
    pages = indexed(site)
    assert "/about/" in pages and not {"/old/", "/about-us/"} & pages


def indexed(site) -> set[str]:
    found = set()
    for fragment in (site.output / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        found.add(json.loads(data[data.index(b"{"):])["url"])
    return found


def test_the_preview_serves_redirects_under_the_base_path(site):
    site.write(RENAMED, renamed_event("[2009-05-07-old-name, /2009/05/old.html]"))
    server = ServerProcess(site.root, "--no-search", "--base-url", "https://example.org/timeline/")
    try:
        for path in ("events/2009-05-07-old-name/", "2009/05/old.html"):
            status, _, body = server.get(path)
            assert status == 200, path
            canonical, refresh, _ = redirect_target(body.decode())
            assert refresh == "/timeline/events/2009-05-07-expulsions-answered/"
            assert canonical == server.url + "events/2009-05-07-expulsions-answered/"
    finally:
        server.stop()


NOT_ALIASES = {
    "words": ("Old Name", 'aliases: "Old Name" is neither a slug nor a path'),
    "full address": ("https://old.example.org/x/", 'aliases: "https://old.example.org/x/" is a full address; '
                     "an alias is a path on this site"),
    "scheme-relative": ("//old.example.org/x/", 'aliases: "//old.example.org/x/" is a full address'),
    "javascript": ("javascript:alert(1)", 'aliases: "javascript:alert(1)" is a full address'),
    "traversal": ("/a/../../etc/", 'aliases: "/a/../../etc/" has a ".." part'),
    "dot": ("/a/./b/", 'aliases: "/a/./b/" has a "." part'),
    "empty part": ("/a//b/", 'aliases: "/a//b/" has an empty part (//)'),
    "backslash": ("/a\\\\b/", 'aliases: "/a\\b/" has the character "\\"'),
    "percent": ("/a%2e%2e/", 'aliases: "/a%2e%2e/" has the character "%"'),
    "space": ("/a b/", 'aliases: "/a b/" has the character U+0020'),
    "query": ("/a?b=1", 'aliases: "/a?b=1" has the character "?"'),
    "not ascii": ("/хроника/", 'aliases: "/хроника/" has the character "х"'),
    "hidden": ("/.git/", 'aliases: "/.git/" has the hidden name ".git"'),
    "home": ("/", 'aliases: "/" is the home page'),
    "home file": ("/index.html", 'aliases: "/index.html" is the home page'),
    "reserved family": ("/actors/nato-old/", 'aliases: "/actors/nato-old/" is under /actors/, which the site\'s own pages use'),
    "reserved file": ("/feed.xml", 'aliases: "/feed.xml" is the site\'s own /feed.xml'),
    "reserved, other case": ("/Static/x.html", 'aliases: "/Static/x.html" is under /Static/, which the site\'s own pages use'),
    "search bundle": ("/pagefind/", 'aliases: "/pagefind/" is the site\'s own /pagefind'),
    "embeds": ("/embed/events/x.html", 'aliases: "/embed/events/x.html" is under /embed/, which the site\'s own pages use'),
    "open data": ("/data/", 'aliases: "/data/" is the site\'s own /data'),
    "oembed answer": ("/oembed.json", 'aliases: "/oembed.json" is the site\'s own /oembed.json'),
    "events folder": ("/events/", 'aliases: "/events/" is in events/ but is not an event\'s URL'),
    "deep in events": ("/events/a/b/", 'aliases: "/events/a/b/" is in events/ but is not an event\'s URL'),
    "too long": ("/" + "a" * 200, 'aliases: "/' + "a" * 200 + '" is longer than 200 characters'),
}


@pytest.mark.parametrize("name", list(NOT_ALIASES))
def test_an_alias_that_is_no_path_on_the_site_is_a_located_error(name):
    value, message = NOT_ALIASES[name]
    text = event_text(extra=f'draft: true\naliases:\n  - ok-slug\n  - "{value}"')
    event, problems = parse_event(text, "content/events/x.md")
    assert event is None and [(p.line, p.message[:len(message)]) for p in problems] == [(13, message)]


def test_a_full_address_gets_its_path_as_the_hint():
    event, problems = parse_event(event_text(extra="aliases: [https://old.example.org/2009/x.html]"), "x.md")
    assert problems[0].hint == "write the path alone: /2009/x.html"


def test_a_pages_old_slug_is_checked_as_the_path_it_names():
    page, problems = parse_page("---\ntitle: T\naliases: [old-about, tags]\n---\n", "content/pages/t.md")
    assert [(p.line, p.message) for p in problems] == [(3, 'aliases: "tags" is the site\'s own /tags')]
    page, problems = parse_page("---\ntitle: T\naliases: [old-about, /events/old-about]\n---\n", "content/pages/t.md")
    assert problems == [] and page.aliases == ("old-about/", "events/old-about/") and page.alias_lines == (3, 3)


@pytest.mark.parametrize("text, url", [
    ("2009-05-06-old", "events/2009-05-06-old/"), ("/events/2009-05-06-old", "events/2009-05-06-old/"),
    ("events/x/", "events/x/"), ("/old", "old/"), ("/Old_Story/v1.2/", "Old_Story/v1.2/"),
    ("/2009/05/old.html", "2009/05/old.html"), ("/old/index.html", "old/"), ("/about-us/", "about-us/"),
])
def test_an_alias_names_a_folder_in_the_sites_url_style_or_an_html_file(text, url):
    assert alias_url(text, urls.event) == url


TAKEN = [
    # (file, text, where the error is, message)
    ("content/events/2009-05-07-a.md", "aliases: [2009-04-29-nato-withdraws-accreditation]",
     "content/events/2009-05-07-a.md:10", "aliases: /events/2009-04-29-nato-withdraws-accreditation/ is the URL of the "
     "event content/events/2009-04-29-nato-withdraws-accreditation.md"),
    ("content/events/2009-05-07-a.md", "aliases: [/About/]", "content/events/2009-05-07-a.md:10",
     "aliases: /About/ is the URL of the page content/pages/about.md"),
    ("content/events/2009-05-07-a.md", "aliases: [2009-05-07-a]", "content/events/2009-05-07-a.md:10",
     "aliases: /events/2009-05-07-a/ is this event's own URL"),
    ("content/events/2009-05-07-a.md", "aliases: [/old/, /old/index.html]", "content/events/2009-05-07-a.md:10",
     "aliases: /old/ is also an alias in this file (line 10)"),
    ("content/events/2009-05-07-a.md", "aliases: [/2009/old.html, /2009/old.html/more/]",
     "content/events/2009-05-07-a.md:10", "aliases: /2009/old.html/more/ needs a folder named /2009/old.html, "
     "where this file publishes a file"),
    ("content/events/2009-05-07-a.md", "aliases: [/about/index.html/x/]", "content/events/2009-05-07-a.md:10",
     "aliases: /about/index.html/x/ needs a folder named /about/index.html, where content/pages/about.md publishes a file"),
    ("content/pages/contact.md", "aliases: [/events/2009-05-08-draft/]", "content/pages/contact.md:3",
     "aliases: /events/2009-05-08-draft/ is the URL of the event content/events/2009-05-08-draft.md"),
]


@pytest.mark.parametrize("case", range(len(TAKEN)), ids=[case[3][:60] for case in TAKEN])
def test_an_alias_taken_by_another_page_or_alias_is_a_located_error(site, case):
    path, aliases, where, message = TAKEN[case]
    site.write("content/events/2009-05-08-draft.md", event_text(title="A draft", extra="draft: true"))
    if path.startswith("content/events/"):
        site.write(path, event_text(title="A", extra=aliases))
    else:
        site.write(path, f"---\ntitle: Contact\n{aliases}\n---\nWrite to us.\n")
    result = site.run("check")
    assert result.code == 1
    assert f"{where}: {message}" in result.err, result.err


def test_two_files_claiming_one_old_url_are_both_named(site):
    site.write("content/events/2009-05-07-a.md", event_text(title="A", extra="aliases: [/old/]"))
    site.write("content/events/2009-05-08-b.md", event_text(title="B", extra="aliases: [/old]"))
    result = site.run("check")
    assert result.code == 1
    assert ("content/events/2009-05-08-b.md:10: aliases: /old/ is also an alias in content/events/2009-05-07-a.md "
            "(line 10) (an old URL can lead to one page only)") in result.err
