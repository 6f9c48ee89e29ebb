"""Which files the site has: PageSpecs for templates and DataFiles for generated data. Pure, no I/O."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .chart import overview_svg
from .config import SiteConfig
from .content import Event, Tag
from .model import Timeline

STRIP_RADIUS = 2  # events shown on each side of an event, in its page's strip


@dataclass(frozen=True)
class PageSpec:
    """A file rendered from a template: where it goes, which template, with what."""

    path: str  # relative to the output root, e.g. "events/slug/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def url(self) -> str:
        return self.path.removesuffix("index.html")


@dataclass(frozen=True)
class DataFile:
    path: str
    data: bytes


def event_url(event: Event) -> str:
    return f"events/{event.slug}/"


def plan_site(timeline: Timeline, config: SiteConfig) -> tuple[list[PageSpec], list[DataFile]]:
    """List every page of the site with the template and data it needs."""
    specs: list[PageSpec] = []
    split = len(timeline.events) > config.timeline_split_at
    year_counts = [(year, len(timeline.by_year[year])) for year in timeline.years]
    year_range = (timeline.years[0], timeline.years[-1]) if timeline.years else (0, 0)
    actor_list = sorted(timeline.actors.values(), key=lambda a: a.name.casefold())
    tag_list = sorted(timeline.tags.values(), key=lambda t: t.name.casefold())
    tag_list += [Tag(tag, tag.replace("-", " ").capitalize(), "") for tag in sorted(set(timeline.by_tag) - set(timeline.tags))]

    latest, latest_by_actor, latest_by_tag = _latest(timeline, config.feed_entries)

    def year_anchor(year: int) -> str:
        return f"years/{year}/" if split else f"#year-{year}"

    specs.append(PageSpec("index.html", "index.html", {
        "events": [] if split else timeline.events, "split": split, "year_counts": year_counts,
        # On a split front page, the latest milestones only: the page must stay bounded too.
        "milestones": [e for e in timeline.events if e.milestone][-config.events_per_page:],
        "milestone_total": sum(1 for e in timeline.events if e.milestone),
        "chart": overview_svg(timeline.events, year_range, lambda y: _link(config, year_anchor(y)),
                              "Events per year", "chart"),
        "actor_facets": _facets(actor_list, timeline.by_actor), "tag_facets": _facets(tag_list, timeline.by_tag)}))
    for index, event in enumerate(timeline.events):
        before, after = timeline.neighbours(event)
        strip = timeline.events[max(0, index - STRIP_RADIUS):index + STRIP_RADIUS + 1]
        specs.append(PageSpec(f"{event_url(event)}index.html", "event.html", {
            "event": event, "before": before, "after": after, "strip": strip,
            "links": timeline.links.get(event.slug, [])}))
    for index, year in enumerate(timeline.years):
        specs += paginate(f"years/{year}/", "year.html", timeline.by_year[year], config, {
            "year": year, "year_counts": year_counts,
            "previous_year": timeline.years[index - 1] if index else None,
            "next_year": timeline.years[index + 1] if index + 1 < len(timeline.years) else None})
    specs.append(PageSpec("actors/index.html", "actors.html", {
        "actors": [(actor, len(timeline.by_actor.get(actor.id, []))) for actor in actor_list]}))
    for actor in actor_list:
        events = timeline.by_actor.get(actor.id, [])
        chart = overview_svg(events, year_range, lambda y, a=actor.id: _link(config, f"years/{y}/"),
                             f"Events per year involving {actor.name}", "chart")
        specs += paginate(f"actors/{actor.id}/", "actor.html", events, config, {"actor": actor, "chart": chart})
        specs.append(PageSpec(f"actors/{actor.id}/feed.xml", "feed.xml", _feed(latest_by_actor.get(actor.id, []), f"actors/{actor.id}/", actor.name)))
    specs.append(PageSpec("tags/index.html", "tags.html", {
        "tags": [(tag, len(timeline.by_tag.get(tag.id, []))) for tag in tag_list]}))
    for tag in tag_list:
        events = timeline.by_tag.get(tag.id, [])
        specs += paginate(f"tags/{tag.id}/", "tag.html", events, config, {"tag": tag})
        specs.append(PageSpec(f"tags/{tag.id}/feed.xml", "feed.xml", _feed(latest_by_tag.get(tag.id, []), f"tags/{tag.id}/", tag.name)))
    for page in timeline.pages:
        specs.append(PageSpec(f"{page.slug}/index.html", "page.html", {"page": page}))
    specs.append(PageSpec("search/index.html", "search.html", {}))
    specs.append(PageSpec("feed.xml", "feed.xml", _feed(latest, "", None)))
    specs.append(PageSpec("404.html", "404.html", {}))
    specs.append(PageSpec("robots.txt", "robots.txt", {}))
    sitemap_urls = [spec.url for spec in specs if spec.path.endswith("index.html") and spec.path != "search/index.html"]
    specs.append(PageSpec("sitemap.xml", "sitemap.xml", {"urls": sorted(sitemap_urls)}))
    return specs, [DataFile("timeline.json", timeline_json(timeline, config))]


def paginate(base: str, template: str, events: list[Event], config: SiteConfig, context: dict[str, Any]) -> list[PageSpec]:
    """Split a long list of events over base, base/page/2/, ... so no page grows without bound."""
    size = config.events_per_page
    count = max(1, -(-len(events) // size))
    urls = [base] + [f"{base}page/{number}/" for number in range(2, count + 1)]
    specs = []
    for number, url in enumerate(urls, start=1):
        pager = {"number": number, "count": count, "urls": urls, "total": len(events),
                 "previous": urls[number - 2] if number > 1 else None, "next": urls[number] if number < count else None}
        specs.append(PageSpec(f"{url}index.html", template,
                              {**context, "events": events[(number - 1) * size:number * size], "pager": pager}))
    return specs


def _link(config: SiteConfig, target: str) -> str:
    return target if target.startswith("#") else config.base_path + target


def _facets(items, index: dict[str, list[Event]]) -> list[tuple[Any, int]]:
    """Actors or tags that have events, busiest first, for the filter controls."""
    counted = [(item, len(index.get(item.id, []))) for item in items]
    return sorted([pair for pair in counted if pair[1]], key=lambda pair: (-pair[1], pair[0].name.casefold()))


def _feed(events: list[Event], path: str, subject: str | None) -> dict[str, Any]:
    return {"feed_events": events, "feed_path": path, "feed_subject": subject}


def _latest(timeline: Timeline, count: int) -> tuple[list[Event], dict[str, list[Event]], dict[str, list[Event]]]:
    """The feeds' events: the latest `count` by event date (then slug, newest first), for the site and
    for each actor and tag, from one sort and one pass rather than a sort per feed."""
    site: list[Event] = []
    by_actor: dict[str, list[Event]] = defaultdict(list)
    by_tag: dict[str, list[Event]] = defaultdict(list)
    for event in sorted(timeline.events, key=lambda e: (e.date.first_day(), e.slug), reverse=True):
        if len(site) < count:
            site.append(event)
        for actor_id in event.actors:
            if len(by_actor[actor_id]) < count:
                by_actor[actor_id].append(event)
        for tag in event.tags:
            if len(by_tag[tag]) < count:
                by_tag[tag].append(event)
    return site, by_actor, by_tag


def timeline_json(timeline: Timeline, config: SiteConfig) -> bytes:
    """The timeline's data for other programs: every published event, in order."""
    return joined_json(timeline_json_entries(timeline, config))


def timeline_json_entries(timeline: Timeline, config: SiteConfig) -> list[str]:
    return [json_entry(event, config.base_url, timeline.by_slug) for event in timeline.events]


def joined_json(entries: list[str]) -> bytes:
    # Compact, so Python's C encoder does the work (indent would force the slow pure-Python one);
    # each event's entry is encoded once and joined, which gives the same text as encoding the whole.
    return ('{"events":[' + ",".join(entries) + "]}\n").encode("utf-8")


# event's id -> (event, base URL, which related targets are published, encoded entry); see model._CHECKED.
_JSON_ENTRIES: dict[int, tuple[Event, str, tuple[bool, ...], str]] = {}


def json_entry(event: Event, base_url: str, by_slug: dict[str, Event]) -> str:
    published = tuple(r.target in by_slug for r in event.related)
    remembered = _JSON_ENTRIES.get(id(event))
    if remembered is not None and remembered[0] is event and remembered[1:3] == (base_url, published):
        return remembered[3]
    end = event.end_date
    entry = json.dumps({
        "slug": event.slug,
        "url": base_url + event_url(event),
        "title": event.title,
        "date": event.date.iso(),
        "precision": event.date.precision,
        "approximate": event.approximate,
        "end_date": end if isinstance(end, str) or end is None else end.iso(),
        "milestone": event.milestone,
        "actors": list(event.actors),
        "tags": list(event.tags),
        "summary": event.summary,
        "sources": [{k: (v.iso() if hasattr(v, "iso") else v) for k, v in vars(s).items() if v is not None}
                    for s in event.sources],
        "related": [{"event": r.target, "relation": r.relation} for r, shown in zip(event.related, published) if shown],
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if len(_JSON_ENTRIES) > 100_000:
        _JSON_ENTRIES.clear()
    _JSON_ENTRIES[id(event)] = (event, base_url, published, entry)
    return entry
