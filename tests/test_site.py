"""The built site as a reader and a feed reader see it."""
import gzip
import json
import re
import shutil
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import html5lib
import pytest

from tests.conftest import REPO, run_cli


def built(site, *args):
    result = site.run("build", *args)
    assert result.code == 0, result.err
    return result


def test_build_reports_counts_in_one_line(site):
    result = built(site)
    assert re.fullmatch(r"Built 3 events, \d+ pages in \d+\.\d\d s -> site/\n", result.out)


def test_timeline_page_groups_years_with_dates_at_their_precision(site):
    site.event("1996-ifor", title="Troops join IFOR", date="1996", extra="approximate: true")
    built(site)
    page = site.read("index.html")
    years = re.findall(r'<h2 class="year-heading" id="year-(\d+)">', page)
    assert years == ["1996", "2008", "2009"]
    assert '<abbr title="circa">c.</abbr> <time datetime="1996">1996</time>' in page
    assert '<time datetime="2008-08-19">19 August 2008</time> – <time datetime="2009-03-05">5 March 2009</time>' in page
    assert 'class="event milestone" id="2009-05-06-lavrov-news-conference"' in page
    assert 'class="event span" id="2008-08-19-nrc-suspended"' in page
    listed = page[page.index('id="timeline"'):]
    assert listed.index("NRC meetings suspended") < listed.index("NATO withdraws accreditation") < listed.index("Lavrov news conference")


def test_event_page_shows_everything_about_the_event(site):
    built(site)
    page = site.read("events/2009-05-06-lavrov-news-conference/index.html")
    assert "<h1>Lavrov news conference</h1>" in page
    assert '<a class="chip actor" href="/actors/sergei-lavrov/" data-pagefind-filter="actor:sergei-lavrov">Sergei Lavrov</a>' in page
    assert '<a class="chip tag" href="/tags/diplomacy/" data-pagefind-filter="tag:diplomacy">Diplomacy</a>' in page
    assert '<cite><a href="https://example.com/a" rel="noopener">A source</a></cite>. Reuters.' in page
    assert 'Updated <time datetime="2024-03-07">7 March 2024</time>:</p><p>Added a second source.</p>' in page
    assert '<span class="relation">Response to</span> <a href="/events/2009-04-29-nato-withdraws-accreditation/">' in page
    assert 'rel="prev">NATO withdraws accreditation</a>' in page
    other = site.read("events/2009-04-29-nato-withdraws-accreditation/index.html")
    assert '<span class="relation">Prompted</span> <a href="/events/2009-05-06-lavrov-news-conference/">' in other


def test_actor_tag_year_and_plain_pages_exist(site):
    built(site)
    assert "Sergei Lavrov" in site.read("actors/index.html")
    assert "Lavrov news conference" in site.read("actors/sergei-lavrov/index.html")
    assert "NATO withdraws accreditation" in site.read("tags/expulsions/index.html")
    assert "Lavrov news conference" in site.read("years/2009/index.html")
    assert "What this is." in site.read("about/index.html")
    assert '<a href="/about/">About</a>' in site.read("index.html")
    for name in ("404.html", "robots.txt", "sitemap.xml", "feed.xml", "timeline.json"):
        assert (site.output / name).is_file()


def test_the_header_menu_lists_pages_by_slug_up_to_its_limit_and_not_those_kept_out(site):
    from timeline.schema import MENU_PAGES
    for number in range(MENU_PAGES + 3):
        site.write(f"content/pages/p{number:02d}.md", f"---\ntitle: Page {number}\n---\nText.\n")
    site.write("content/pages/about.md", "---\ntitle: About\nmenu: false\n---\nWhat this is.\n")
    built(site)
    header = site.read("index.html").split("</header>")[0]
    listed = re.findall(r'<a href="/(p\d\d|about)/"', header)
    assert listed == [f"p{number:02d}" for number in range(MENU_PAGES)]
    assert "What this is." in site.read("about/index.html")  # kept out of the menu, not out of the site
    assert "/about/" in site.read("sitemap.xml")


DRAFT_WORDS = ("Quokka", "quokka", "wombat", "Platypus", "roadmap", "secret-talks", "2031")


def add_drafts(site) -> list:
    """A draft event (a milestone, with a topic only it has), a draft in a year only drafts have, and a
    draft page in the menu; return their files."""
    return [
        site.event("2009-05-07-quokka-summit", title="Quokka summit", date="2009-05-07", tags="[diplomacy, secret-talks]",
                   extra="draft: true\nmilestone: true", body="A wombat was present."),
        site.event("2031-03-01-quokka-again", title="Quokka summit again", date="2031-03-01", extra="draft: true"),
        site.write("content/pages/roadmap.md", "---\ntitle: Platypus roadmap\ndraft: true\n---\nThe wombat plan.\n")]


def readable(path) -> str:
    """A built file as text; Pagefind's files are gzipped."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def test_a_default_build_holds_no_trace_of_a_draft(site, tmp_path):
    drafts = add_drafts(site)
    result = built(site)  # with the search index
    assert result.out.startswith("Built 3 events (2 drafts left out),")
    for path in site.output.rglob("*"):
        if path.is_file():
            text = readable(path)
            assert not [word for word in DRAFT_WORDS if word in text], path
    # Byte for byte the site the project makes without the drafts: no page, list, count, feed entry,
    # sitemap line, chart bar or menu item of theirs.
    built(site, "--no-search", "--output", str(tmp_path / "with-drafts"))
    public = tmp_path / "public"
    shutil.copytree(site.root, public, ignore=shutil.ignore_patterns("site", ".cache"))
    for path in drafts:
        (public / path.relative_to(site.root)).unlink()
    result = run_cli(["build", "--no-search", "--no-cache", "--output", str(tmp_path / "without")], cwd=public)
    assert result.code == 0, result.err
    assert snapshot(tmp_path / "with-drafts") == snapshot(tmp_path / "without")


def snapshot(folder) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def list_items(page: str) -> dict[str, str]:
    """The events a page lists, by slug: each item's HTML."""
    return {slug: item for item, slug in re.findall(r'(<li class="event[^"]*" id="([^"]+)".*?</li>)', page, re.S)}


def test_a_drafts_build_marks_each_draft_on_its_page_in_its_title_and_in_every_list(site):
    add_drafts(site)
    built(site, "--drafts")
    page = site.read("events/2009-05-07-quokka-summit/index.html")
    assert "<title>DRAFT: Quokka summit · Test Timeline</title>" in page
    assert '<p class="draft-notice"><strong>DRAFT</strong>: this event is not published.' in page
    assert '<meta name="robots" content="noindex">' in page
    badge = '<span class="badge draft">DRAFT</span>'
    drafts = {"2009-05-07-quokka-summit", "2031-03-01-quokka-again"}
    for listing in ("index.html", "years/2009/index.html", "years/2031/index.html", "actors/nato/index.html",
                    "actors/russia/index.html", "tags/diplomacy/index.html", "tags/secret-talks/index.html"):
        items = list_items(site.read(listing))
        assert drafts & set(items), listing
        assert {slug for slug, item in items.items() if badge in item} == drafts & set(items), listing
    # Beside it on the timeline, in the strip of an event that is published:
    lavrov = site.read("events/2009-05-06-lavrov-news-conference/index.html")
    assert f'rel="next">Quokka summit</a> {badge}' in lavrov
    assert "<title>Lavrov news conference · Test Timeline</title>" in lavrov and "<p class=\"draft-notice\"" not in lavrov
    roadmap = site.read("roadmap/index.html")
    assert "<title>DRAFT: Platypus roadmap · Test Timeline</title>" in roadmap
    assert '<p class="draft-notice"><strong>DRAFT</strong>: this page is not published.' in roadmap
    assert f'<a href="/roadmap/">Platypus roadmap {badge}</a>' in site.read("index.html")  # in every page's menu
    assert '<a href="/about/">About</a>' in site.read("index.html")
    assert "<title>DRAFT: Quokka summit</title>" in site.read("feed.xml")
    fragments = [readable(path) for path in (site.output / "pagefind" / "fragment").iterdir()]
    assert any('"title":"DRAFT: Quokka summit"' in text for text in fragments)  # search results say so too
    assert any('"title":"Lavrov news conference"' in text for text in fragments)
    for path in ("events/2009-05-07-quokka-summit/index.html", "roadmap/index.html", "index.html"):
        html5lib.HTMLParser(strict=True).parse(site.read(path))  # raises on any parse error


def test_timeline_splits_into_year_pages_past_the_limit(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\ntimeline_split_at: 2\n")
    built(site)
    page = site.read("index.html")
    assert 'id="2008-08-19-nrc-suspended"' not in page  # not a milestone, so listed only on its year page
    assert '<a href="/years/2008/">2008 <span class="count">(1)</span></a>' in page
    assert "Lavrov news conference" in page  # milestones stay on the front page


def test_split_front_page_stays_bounded_however_many_milestones(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\ntimeline_split_at: 2\nevents_per_page: 3\n")
    for index in range(8):
        site.event(f"2010-01-0{index + 1}-milestone", title=f"Milestone {index}", date=f"2010-01-0{index + 1}", extra="milestone: true")
    built(site)
    page = site.read("index.html")
    assert page.count('class="event milestone"') == 3
    assert "The latest 3 of 9 milestones; the others are on their year pages." in page
    milestones = page[page.index('id="milestones-heading"'):]
    assert "Milestone 7" in milestones and "Milestone 4" not in milestones


def internal_targets(site, base_path="/"):
    """Yield (page, target) for every internal link and asset of every HTML page."""
    for page in sorted(site.output.rglob("*.html")):
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        page_url = base_path + str(page.relative_to(site.output)).removesuffix("index.html")
        for element in document.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute) if isinstance(element.tag, str) else None
                if value is None or urlsplit(value).scheme in ("http", "https", "mailto", "data"):
                    continue
                yield page, urljoin(page_url, value)


@pytest.mark.parametrize("base_url, base_path", [(None, "/"), ("https://example.org/timeline/", "/timeline/")])
def test_every_internal_link_and_asset_resolves(site, base_url, base_path):
    built(site, *(["--base-url", base_url] if base_url else []))
    checked = 0
    for page, target in internal_targets(site, base_path):
        path = unquote(urlsplit(target).path)
        assert path.startswith(base_path), (page, target)
        local = site.output / path[len(base_path):]
        assert (local / "index.html").is_file() if path.endswith("/") else local.is_file(), (str(page), target)
        fragment = urlsplit(target).fragment
        if fragment:
            html = ((local / "index.html") if path.endswith("/") else local).read_text()
            assert f'id="{fragment}"' in html, (str(page), target)
        checked += 1
    assert checked > 100


def test_feeds_parse_and_use_absolute_links(site):
    built(site, "--base-url", "https://example.org/timeline")
    for feed_path in ["feed.xml", "actors/russia/feed.xml", "tags/diplomacy/feed.xml"]:
        feed = feedparser.parse((site.output / feed_path).read_bytes())
        assert not feed.bozo, (feed_path, feed.bozo_exception)
        assert feed.entries
        for entry in feed.entries:
            assert entry.link.startswith("https://example.org/timeline/events/")
    feed = feedparser.parse((site.output / "feed.xml").read_bytes())
    assert [e.title for e in feed.entries][0] == "Lavrov news conference"
    assert feed.feed.updated == "2024-03-07T00:00:00Z"


def test_sitemap_and_robots_point_at_the_base_url(site):
    built(site, "--base-url", "https://example.org/timeline/")
    sitemap = site.read("sitemap.xml")
    assert "<loc>https://example.org/timeline/events/2009-05-06-lavrov-news-conference/</loc>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: https://example.org/timeline/sitemap.xml" in site.read("robots.txt")


def test_timeline_json_holds_the_data(site):
    built(site)
    data = json.loads(site.read("timeline.json"))
    by_slug = {e["slug"]: e for e in data["events"]}
    lavrov = by_slug["2009-05-06-lavrov-news-conference"]
    assert lavrov["url"] == "https://example.org/events/2009-05-06-lavrov-news-conference/"
    assert (lavrov["date"], lavrov["precision"], lavrov["end_date"]) == ("2009-05-06", "day", None)
    assert lavrov["actors"] == ["sergei-lavrov", "russia"]
    assert lavrov["related"] == [{"event": "2009-04-29-nato-withdraws-accreditation", "relation": "response-to"}]
    assert lavrov["sources"] == [{"title": "A source", "publisher": "Reuters", "url": "https://example.com/a"}]
    assert by_slug["2008-08-19-nrc-suspended"]["end_date"] == "2009-03-05"


def test_scripts_are_fingerprinted_and_the_stylesheet_and_filters_travel_inline(site):
    built(site)
    scripts = [p.name for p in (site.output / "static").glob("share.*.js")]
    assert len(scripts) == 1 and re.fullmatch(r"share\.[0-9a-f]{10}\.js", scripts[0])
    assert f'src="/static/{scripts[0]}"' in site.read("events/2009-05-06-lavrov-news-conference/index.html")
    filters = next((site.output / "static").glob("filters.*.js")).read_text()
    assert f"<script>{filters}</script>" in site.read("index.html")
    css = [p for p in (site.output / "static").glob("style.*.css")]
    assert len(css) == 1 and re.fullmatch(r"style\.[0-9a-f]{10}\.css", css[0].name)  # still published for themes that link it
    stylesheet = css[0].read_text()
    for page in ("index.html", "404.html", "events/2009-05-06-lavrov-news-conference/index.html"):
        html = site.read(page)
        assert f"<style>{stylesheet}</style>" in html and 'rel="stylesheet"' not in html, page


def test_inline_stylesheet_and_script_cannot_close_their_elements(site):
    shutil.copytree(REPO / "static", site.root / "static")
    with open(site.root / "static" / "style.css", "a", encoding="utf-8") as css:
        css.write('/* </style><script>alert(1)</script> */ .x::after { content: "</STYLE>"; }\n')
    with open(site.root / "static" / "filters.js", "a", encoding="utf-8") as js:
        js.write('var tail = "</SCRIPT><script>alert(2)</script>", note = "<!-- <script>";\n')
    built(site)
    document = html5lib.parse(site.read("index.html"), namespaceHTMLElements=False)
    assert not any("alert(1)" in (script.text or "") for script in document.iter("script"))
    styles = [s.text for s in document.iter("style")]
    assert len(styles) == 1 and styles[0].rstrip().endswith('content: "<\\/STYLE>"; }')
    inline = [s.text for s in document.find("body").iter("script") if not s.get("src") and s.get("id") != "words"]
    assert len(inline) == 4 and inline[0] == (REPO / "static" / "words.js").read_text()
    assert inline[1] == (REPO / "static" / "share.js").read_text() and inline[2] == (REPO / "static" / "facets.js").read_text()
    assert inline[3].rstrip().endswith('var tail = "<\\/SCRIPT><script>alert(2)<\\/script>", note = "<\\!-- <script>";')


def test_two_builds_are_byte_identical(site, tmp_path):
    built(site)
    first = site.snapshot()
    built(site)
    assert site.snapshot() == first


def test_hostile_content_is_inert_and_template_syntax_literal(site):
    site.event("2009-05-09-hostile", title="'</script><script>alert(1)</script> {{ 7*7 }}'",
               extra="summary: '<img src=x onerror=alert(1)> \u202etxt.exe'",
               body="<script>alert(2)</script> [x](javascript:alert(3)) {{ 7*7 }} {% if true %}")
    built(site)
    page = site.read("events/2009-05-09-hostile/index.html")
    document = html5lib.parse(page, namespaceHTMLElements=False)
    scripts = list(document.iter("script"))
    data = [s for s in scripts if s.get("type") == "application/ld+json"]
    words = [s for s in scripts if s.get("type") == "application/json" and s.get("id") == "words"]
    ours = [s for s in scripts if re.fullmatch(r"/static/\w+\.[0-9a-f]{10}\.js", s.get("src", "")) and not (s.text or "").strip()]
    assert len(data) == 1 and len(words) == 1 and len(ours) == len(scripts) - 2
    assert json.loads(words[0].text) == {"js.share.link_copied": "Link copied", "js.share.link_failed": "Copy failed: use the Permalink",
                                         "js.share.code_copied": "Code copied",
                                         "js.share.code_failed": "Copy failed: select the code and copy it"}
    assert json.loads(data[0].text)["name"] == "</script><script>alert(1)</script> {{ 7*7 }}"
    assert "".join(next(document.iter("h1")).itertext()) == "</script><script>alert(1)</script> {{ 7*7 }}"
    assert "{{ 7*7 }}" in "".join(document.find(".//div[@class='body']").itertext())
    assert not [e for e in document.iter() if isinstance(e.tag, str) and any(a.startswith("on") for a in e.attrib)]
