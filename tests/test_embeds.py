"""The embeds in the built site: a page per view and language, noindex and listed nowhere, every link leading
out of the frame; the oEmbed answers and their discovery links; the Embed code the pages offer."""
from __future__ import annotations

import html
import json
from urllib.parse import urlsplit

import html5lib

from tests.conftest import REPO

BASE = "https://example.org/timeline/"


def built(site, *args):
    result = site.run("build", "--base-url", BASE, *args)
    assert result.code == 0, result.err
    return site


def document(site, path):
    return html5lib.parse(site.read(path), namespaceHTMLElements=False)


def local(site, address: str):
    """The file in the built site an absolute address of it names."""
    assert address.startswith(BASE), address
    path = urlsplit(address).path[len(urlsplit(BASE).path):]
    return site.output / (path + "index.html" if path == "" or path.endswith("/") else path)


def embed_pages(site):
    return sorted(p for p in site.output.rglob("*.html") if "embed" in p.relative_to(site.output).parts)


def test_every_view_has_an_embed_in_every_language(bilingual_site):
    site = built(bilingual_site, "--no-search")
    timeline = json.loads(site.read("timeline.json"))["events"]
    for prefix in ("", "ru/"):
        assert (site.output / f"{prefix}embed/index.html").is_file()
        for event in timeline:
            assert (site.output / f"{prefix}embed/events/{event['slug']}.html").is_file()
        for actor in ("nato", "russia", "sergei-lavrov"):
            assert (site.output / f"{prefix}embed/actors/{actor}.html").is_file()
        for tag in ("diplomacy", "expulsions"):
            assert (site.output / f"{prefix}embed/tags/{tag}.html").is_file()
    card = document(site, "ru/embed/events/2009-05-06-lavrov-news-conference.html")
    assert card.get("lang") == "ru"
    text = " ".join("".join(card.find(".//main").itertext()).split())
    assert text == ("6 мая 2009 г. Ключевое событие Пресс-конференция Лаврова Министр иностранных дел России "
                    "Сергей Лавров выступает перед журналистами. Сергей Лавров Russia 1 источник")
    assert "".join(card.find(".//footer").itertext()).strip() == "Открыть всю хронику"


def test_embeds_are_noindex_listed_nowhere_and_lead_out_of_the_frame(site):
    built(site, "--no-search")
    pages = embed_pages(site)
    assert len(pages) == 1 + 3 + 3 + 2   # the timeline, three events, three actors, two topics
    for page in pages:
        tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        head = tree.find(".//head")
        assert head.find("./meta[@name='robots']").get("content") == "noindex", page
        assert head.find("./base").attrib == {"target": "_top"}, page
        assert tree.find(".//body").get("data-pagefind-ignore") == "all"
        assert not [a for a in tree.iter("a") if a.get("target")]   # the <base> sends every link to the top window
        assert tree.find(".//a[@class='embed-full']") is not None
    assert "embed" not in site.read("sitemap.xml") and "embed" not in site.read("feed.xml")
    assert "embed" not in site.read("timeline.json")
    # No page for readers links into /embed/: its address is only in the code to paste.
    for page in sorted(site.output.rglob("*.html")):
        if page not in pages:
            assert not [a.get("href") for a in document(site, str(page.relative_to(site.output))).iter("a")
                        if "/embed/" in (a.get("href") or "")], page


def test_search_never_indexes_an_embed(site):
    built(site)
    entry = json.loads((site.output / "pagefind/pagefind-entry.json").read_text())
    assert [language["page_count"] for language in entry["languages"].values()] == [3]   # the three event pages


def test_each_embeddable_page_has_an_oembed_answer_its_page_points_to(bilingual_site):
    site = built(bilingual_site, "--no-search")
    pages = {"index.html": "Test Timeline", "events/2009-04-29-nato-withdraws-accreditation/index.html": "NATO withdraws accreditation",
             "actors/nato/index.html": "NATO", "tags/expulsions/index.html": "Expulsions",
             "ru/index.html": "Test Timeline", "ru/events/2009-05-06-lavrov-news-conference/index.html": "Пресс-конференция Лаврова",
             "ru/actors/nato/index.html": "НАТО"}
    for path, title in pages.items():
        [link] = [l for l in document(site, path).iter("link") if l.get("type") == "application/json+oembed"]
        assert link.get("rel") == "alternate" and link.get("title") == title
        answer = json.loads(local(site, link.get("href")).read_text())
        assert answer["version"] == "1.0" and answer["type"] == "rich" and answer["title"] == title
        assert isinstance(answer["width"], int) and isinstance(answer["height"], int) and answer["height"] > 200
        assert answer["provider_name"] == "Test Timeline"
        assert answer["provider_url"] == BASE + ("ru/" if path.startswith("ru/") else "")
        code = html5lib.parse(answer["html"], namespaceHTMLElements=False)
        [frame] = code.iter("iframe")
        assert frame.get("title").startswith(title) and frame.get("height") == str(answer["height"])
        assert local(site, frame.get("src")).is_file() and "/embed/" in frame.get("src")
        [quote] = code.iter("blockquote")   # what stays where a site strips frames: the link to the page
        assert BASE + path.removesuffix("index.html") == quote.find(".//a").get("href")
        assert not list(code.iter("script"))
    # A page of a long list links the answer of its first page.
    assert "actors/nato/oembed.json" in site.read("actors/nato/index.html")


def test_the_embed_code_offered_is_the_views_own(site):
    built(site, "--no-search")
    for path, embed, height in (("events/2009-05-06-lavrov-news-conference/index.html", "embed/events/2009-05-06-lavrov-news-conference.html", "420"),
                                ("index.html", "embed/", "640"), ("tags/diplomacy/index.html", "embed/tags/diplomacy.html", "640")):
        tree = document(site, path)
        details = tree.find(".//details[@class='embed-share']")
        assert details.get("data-pagefind-ignore") == "all"
        code = html5lib.parse(details.find(".//textarea").text, namespaceHTMLElements=False)
        [frame], [script] = list(code.iter("iframe")), list(code.iter("script"))
        assert (frame.get("src"), frame.get("height")) == (BASE + embed, height)
        assert script.get("src") == BASE + "embed/host.js" and (site.output / "embed/host.js").is_file()
        assert f"{height} pixels high" in "".join(details.itertext())


def test_long_lists_embed_their_latest_events_and_a_split_timeline_its_milestones(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\ntimeline_split_at: 2\n")
    built(site, "--no-search")
    russia = site.read("embed/actors/russia.html")
    assert "The latest 2 of 3 events; every one is on the site." in russia
    assert "NRC meetings suspended" not in russia and "Lavrov news conference" in russia
    timeline = site.read("embed/index.html")
    assert "Lavrov news conference" in timeline and "NATO withdraws accreditation" not in timeline   # the milestone only
    # Filtering is left to the actor, topic and year pages, as on the split timeline page.
    assert 'id="filters"' not in timeline and (REPO / "static/filters.js").read_text() not in timeline


def test_a_draft_has_an_embed_only_where_it_is_published_and_marked_there(site):
    site.event("2009-05-07-plan", title="A plan", date="2009-05-07", extra="draft: true")
    built(site, "--no-search")
    assert not (site.output / "embed/events/2009-05-07-plan.html").exists()
    assert "A plan" not in site.read("embed/index.html")
    built(site, "--no-search", "--drafts")
    card = site.read("embed/events/2009-05-07-plan.html")
    assert '<span class="badge draft">DRAFT</span>' in card and html.escape("A plan") in card
