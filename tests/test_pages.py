"""Which pages exist: one per event, year, actor, topic and plain page, lists split into numbered pages, feeds."""
from __future__ import annotations

import json

from timeline.config import SiteConfig
from timeline.loader import load_content
from timeline.memo import IdentityMemo
from timeline.model import build_timeline
from timeline.pages import joined_json, site_pages, timeline_json_entries


def timeline_of(site):
    return build_timeline(load_content(site.content))[0]


def test_every_family_of_page_is_planned(site):
    paths = {spec.path for spec in site_pages(timeline_of(site), SiteConfig("T", "https://example.org/"))}
    assert {"index.html", "events/2009-05-06-lavrov-news-conference/index.html", "years/2008/index.html",
            "actors/index.html", "actors/nato/index.html", "actors/nato/feed.xml", "tags/index.html",
            "tags/diplomacy/index.html", "tags/diplomacy/feed.xml", "about/index.html", "search/index.html",
            "feed.xml", "404.html", "robots.txt", "sitemap.xml"} <= paths
    assert len(paths) == len(site_pages(timeline_of(site), SiteConfig("T", "https://example.org/")))  # once each


def test_long_lists_continue_on_numbered_pages(busy_site):
    specs = {spec.path: spec for spec in site_pages(timeline_of(busy_site),
                                                    SiteConfig("T", "https://example.org/", events_per_page=10))}
    nato = [path for path in specs if path.startswith("actors/nato/") and path.endswith("index.html")]
    assert nato == ["actors/nato/index.html"] + [f"actors/nato/page/{n}/index.html" for n in (2, 3, 4, 5)]
    pager = specs["actors/nato/page/2/index.html"].context["pager"]
    assert (pager["number"], pager["count"], pager["previous"], pager["next"]) == (2, 5, "actors/nato/", "actors/nato/page/3/")
    last = specs["actors/nato/page/5/index.html"].context
    assert len(last["events"]) == last["pager"]["total"] - 40 > 0


def test_feeds_hold_the_latest_events_by_date(busy_site):
    specs = {spec.path: spec for spec in site_pages(timeline_of(busy_site),
                                                    SiteConfig("T", "https://example.org/", feed_entries=3))}
    latest = [event.date.iso() for event in specs["feed.xml"].context["feed_events"]]
    assert latest == ["2011-12-01"] * 3
    assert specs["actors/sergei-lavrov/feed.xml"].context["feed_events"][0].slug == "2009-05-06-lavrov-news-conference"


def test_the_sitemap_lists_pages_but_not_search(site):
    specs = {spec.path: spec for spec in site_pages(timeline_of(site), SiteConfig("T", "https://example.org/"))}
    listed = specs["sitemap.xml"].context["urls"]
    assert "" in listed and "about/" in listed and "search/" not in listed and "404.html" not in listed
    assert listed == sorted(listed)


def test_timeline_json_entries_leave_out_links_to_unpublished_events(site):
    site.event("2009-06-01-draft", title="Draft", date="2009-06-01", extra="draft: true")
    site.event("2009-06-02-b", title="B", date="2009-06-02", extra="related:\n  - event: 2009-06-01-draft\n    relation: follows")
    timeline = build_timeline(load_content(site.content))[0]
    data = json.loads(joined_json(timeline_json_entries(timeline, SiteConfig("T", "https://example.org/"))))
    by_slug = {entry["slug"]: entry for entry in data["events"]}
    assert by_slug["2009-06-02-b"]["related"] == [] and "2009-06-01-draft" not in by_slug
    assert by_slug["2009-06-02-b"]["url"] == "https://example.org/events/2009-06-02-b/"


def test_an_entry_is_encoded_once_for_the_same_event_and_inputs(site):
    timeline = timeline_of(site)
    memo = IdentityMemo()
    first = timeline_json_entries(timeline, SiteConfig("T", "https://example.org/"), memo)
    again = timeline_json_entries(timeline, SiteConfig("T", "https://example.org/"), memo)
    assert all(a is b for a, b in zip(first, again))
    other = timeline_json_entries(timeline, SiteConfig("T", "https://example.net/"), memo)
    assert other[0] != first[0] and "example.net" in other[0]
