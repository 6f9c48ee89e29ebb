"""Which pages the site has (PageSpecs: path, template, data) and timeline.json's entries. Pure, no I/O.

Every path comes from urls.py. An event's timeline.json entry is encoded once and
kept in the memo the caller passes (by the event's identity), so a preview
rebuild re-encodes only the events that changed.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import urls
from .chart import Charts
from .config import SiteConfig
from .content import SOURCE_KEYS, Actor, Event, Tag
from .lanes import lane_chart
from .memo import IdentityMemo
from .model import Timeline
from .words import Words, shipped

STRIP_RADIUS = 2  # events shown on each side of an event, in its page's strip
LATEST_SHOWN = 5  # the newest events, at the top of the timeline page


@dataclass(frozen=True)
class PageSpec:
    """A file rendered from a template: where it goes, which template, with what."""

    path: str  # relative to the output root, e.g. "events/slug/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def url(self) -> str:
        return urls.url_of(self.path)


@dataclass(frozen=True)
class DataFile:
    path: str
    data: bytes


def site_pages(timeline: Timeline, config: SiteConfig, lang: str | None = None, words: Words | None = None,
               charts: Charts | None = None, split: bool | None = None) -> list[PageSpec]:
    """List every page of the site in one language (by default the default's) with the template and data it
    needs; the charts say in words' language (by default the shipped catalogue of lang) what they show,
    and are kept in charts from one plan to the next when given. Pages of another language lie under its
    folder; the sitemap, robots.txt and redirects are made with the default language's pages only, as
    there is one of each for the whole site. split: whether the timeline page lists its years and
    milestones rather than every event (plan.py weighs the page); None: past timeline_split_at events."""
    lang = lang or config.language
    split = split_by_count(timeline, config) if split is None else split
    specs = _pages_of(timeline, config, lang, words if words is not None else shipped(lang), charts or Charts(), split)
    if lang != config.language:
        return [_in_folder(spec, lang, config.language) for spec in specs]
    specs.append(PageSpec(urls.ROBOTS, "robots.txt", {"lang": lang}))
    # A page that names another as canonical (a list in its other order) is that page for search engines;
    # an embed is another page's view, for other sites' frames.
    sitemap_urls = [spec.url for spec in specs if spec.path.endswith("index.html") and spec.url != urls.SEARCH
                    and "canonical" not in spec.context and not spec.url.startswith(urls.EMBED)]
    specs.append(PageSpec(urls.SITEMAP, "sitemap.xml", {"urls": sorted(sitemap_urls), "lang": lang}))
    return specs + redirect_pages(timeline, lang)


def split_by_count(timeline: Timeline, config: SiteConfig) -> bool:
    """Whether the timeline page is split for its number of events alone (plan.py also weighs it)."""
    return len(timeline.events) > config.timeline_split_at


def listed_actors(timeline: Timeline) -> list[Actor]:
    """Every actor, by name: the actors page lists them, and each has a page, a feed and a calendar."""
    return sorted(timeline.actors.values(), key=lambda a: a.name.casefold())


def listed_tags(timeline: Timeline) -> list[Tag]:
    """Every described topic by name, then the undescribed ones events use, named from the tag."""
    tags = sorted(timeline.tags.values(), key=lambda t: t.name.casefold())
    return tags + [Tag(tag, tag.replace("-", " ").capitalize(), "") for tag in sorted(set(timeline.by_tag) - set(timeline.tags))]


def _in_folder(spec: PageSpec, lang: str, default: str) -> PageSpec:
    return PageSpec(urls.in_language(lang, default, spec.path), spec.template, spec.context)


def _pages_of(timeline: Timeline, config: SiteConfig, lang: str, words: Words, charts: Charts,
              split: bool) -> list[PageSpec]:
    specs: list[PageSpec] = []
    prefix = "" if lang == config.language else f"{lang}/"
    years = timeline.years  # sorted on each call: once here, not once a year page
    year_counts = [(year, len(timeline.by_year[year])) for year in years]
    year_range = (years[0], years[-1]) if years else (0, 0)
    actor_list, tag_list = listed_actors(timeline), listed_tags(timeline)

    latest, latest_by_actor, latest_by_tag = _latest(timeline, config.feed_entries)
    actor_facets, tag_facets = _facets(actor_list, timeline.by_actor), _facets(tag_list, timeline.by_tag)

    def year_anchor(year: int) -> str:
        return urls.year(year) if split else urls.year_anchor(year)

    home = {
        "events": [] if split else timeline.events, "split": split, "year_counts": year_counts,
        "latest": timeline.events[:-LATEST_SHOWN - 1:-1],
        # On a split front page, the latest milestones only: the page must stay bounded too.
        "milestones": [e for e in timeline.events if e.milestone][-config.events_per_page:],
        "milestone_total": sum(1 for e in timeline.events if e.milestone),
        "actor_facets": actor_facets, "tag_facets": tag_facets}
    specs += in_both_orders(urls.HOME, PageSpec(urls.file_path(urls.HOME), "index.html", {
        **home, "chart": charts.draw(timeline.events, year_range, lambda y: _link(config, year_anchor(y), prefix),
                                     words.text("chart.title"), "chart", words)}))
    on_timeline = _places_on_timeline(timeline, config, split)
    for index, event in enumerate(timeline.events):
        before, after = timeline.neighbours(event)
        strip = timeline.events[max(0, index - STRIP_RADIUS):index + STRIP_RADIUS + 1]
        specs.append(PageSpec(urls.file_path(urls.event(event.slug)), "event.html", {
            "event": event, "before": before, "after": after, "strip": strip,
            "links": timeline.links.get(event.slug, []), "on_timeline": on_timeline[event.slug]}))
    for index, year in enumerate(years):
        context = {"year": year, "year_counts": year_window(index, year_counts),
                   "previous_year": years[index - 1] if index else None,
                   "next_year": years[index + 1] if index + 1 < len(years) else None}
        events = timeline.by_year[year]
        specs += paginate(urls.year(year), "year.html", events, config, {**context, "order": "oldest"})
        specs += paginate(urls.in_order(urls.year(year), "newest"), "year.html", events[::-1], config,
                          {**context, "order": "newest", "canonical": urls.year(year)})
    specs.append(PageSpec(urls.file_path(urls.ACTORS), "actors.html", {
        "actors": [(actor, len(timeline.by_actor.get(actor.id, []))) for actor in actor_list]}))
    for actor in actor_list:
        events = timeline.by_actor.get(actor.id, [])
        chart = charts.draw(events, year_range, lambda y: _link(config, urls.year(y), prefix),
                             words.text("chart.title_actor", actor=actor.name), "chart", words)
        specs += paginate(urls.actor(actor.id), "actor.html", events, config, {"actor": actor, "chart": chart})
        specs.append(_feed(latest_by_actor.get(actor.id, []), urls.actor(actor.id), actor.name))
    specs.append(PageSpec(urls.file_path(urls.TAGS), "tags.html", {
        "tags": [(tag, len(timeline.by_tag.get(tag.id, []))) for tag in tag_list]}))
    for tag in tag_list:
        events = timeline.by_tag.get(tag.id, [])
        specs += paginate(urls.tag(tag.id), "tag.html", events, config, {"tag": tag})
        specs.append(_feed(latest_by_tag.get(tag.id, []), urls.tag(tag.id), tag.name))
    for page in timeline.pages:
        specs.append(PageSpec(urls.file_path(urls.page(page.slug)), "page.html", {"page": page}))
    specs += _lane_pages(timeline, config, actor_facets, tag_facets, charts, prefix)
    specs.append(PageSpec(urls.file_path(urls.SEARCH), "search.html", {
        "actor_facets": actor_facets, "tag_facets": tag_facets,
        "year_facets": [(str(year), str(year), count, None) for year, count in reversed(year_counts)]}))
    specs.append(_feed(latest, urls.HOME, None))
    specs.append(PageSpec(urls.NOT_FOUND, "404.html", {}))
    from .embeds import embed_pages   # here, not above: embeds.py builds on PageSpec, defined in this module
    specs += embed_pages(timeline, config, home, actor_list, tag_list, on_timeline)
    for spec in specs:
        spec.context["lang"] = lang  # every page says its language (the templates' words and links read it)
    return specs


def _places_on_timeline(timeline: Timeline, config: SiteConfig, split: bool) -> dict[str, str]:
    """Where "see it on the timeline" takes a reader for each event: its item on the timeline page, or,
    when that page is split and lists only milestones, its item on its year's page (the numbered one
    that holds it, oldest first)."""
    if not split:
        return {event.slug: urls.on_timeline(event.slug) for event in timeline.events}
    places = {}
    for year, events in timeline.by_year.items():
        for index, event in enumerate(events):
            page = urls.numbered(urls.year(year), index // config.events_per_page + 1)
            places[event.slug] = f"{page}#{urls.event_id(event.slug)}"
    return places


def in_both_orders(base: str, spec: PageSpec) -> list[PageSpec]:
    """spec, oldest first, and its twin at the newest-first URL, which names spec's as canonical.
    The template lists the events the other way round when its order says so."""
    newest = urls.in_order(base, "newest")
    return [PageSpec(spec.path, spec.template, {**spec.context, "order": "oldest"}),
            PageSpec(urls.file_path(newest), spec.template, {**spec.context, "order": "newest", "canonical": base})]


REDIRECT_TEMPLATE = "redirect.html"


def redirect_pages(timeline: Timeline, item_lang: str = "") -> list[PageSpec]:
    """A page at each alias of every published event and page that sends readers on to its URL.
    Made after the sitemap, and no list, feed or search index holds them: an old URL is only kept working."""
    specs = []
    for items, url_of in ((timeline.events, urls.event), (timeline.pages, urls.page)):
        for item in items:
            for alias in item.aliases:
                specs.append(PageSpec(urls.file_path(alias), REDIRECT_TEMPLATE,
                                      {"target": url_of(item.slug), "title": item.title, "lang": item_lang}))
    return specs


def paginate(base: str, template: str, events: list[Event], config: SiteConfig, context: dict[str, Any]) -> list[PageSpec]:
    """Split a long list of events over base, base/page/2/, ... so no page grows without bound."""
    size = config.events_per_page
    count = max(1, -(-len(events) // size))
    pages = [urls.numbered(base, number) for number in range(1, count + 1)]
    specs = []
    for number, url in enumerate(pages, start=1):
        pager = {"number": number, "count": count, "total": len(events), "window": pager_window(number, pages),
                 "previous": pages[number - 2] if number > 1 else None, "next": pages[number] if number < count else None}
        specs.append(PageSpec(urls.file_path(url), template,
                              {**context, "events": events[(number - 1) * size:number * size], "pager": pager}))
    return specs


PAGER_REACH = 2  # pages linked on each side of the current one
YEAR_REACH = 5   # years linked on each side of a year page's own


def year_window(position: int, year_counts: list[tuple[int, int]]) -> list[tuple[int, int] | None]:
    """The years a year page links, with None for a run left out: the first, the last and the years
    near its own. Every year page listing every year made the site grow as the square of its years."""
    count = len(year_counts)
    shown = sorted({0, count - 1, *range(max(0, position - YEAR_REACH), min(count, position + YEAR_REACH + 1))})
    window: list[tuple[int, int] | None] = []
    for previous, index in zip([-1, *shown], shown):
        if previous >= 0 and index > previous + 1:
            window.append(None)
        window.append(year_counts[index])
    return window


def pager_window(number: int, pages: list[str]) -> list[tuple[int, str] | None]:
    """The pages a pager links, as (number, URL), with None where a run of pages is left out: the first,
    the last and those near the current one. Every page linking every other made a list of n pages
    cost n squared; a short list is shown whole."""
    count = len(pages)
    if count <= 2 * PAGER_REACH + 5:
        shown = range(1, count + 1)
    else:
        shown = sorted({1, count, *range(max(1, number - PAGER_REACH), min(count, number + PAGER_REACH) + 1)})
    window: list[tuple[int, str] | None] = []
    for position in shown:
        if window and window[-1] is not None and position > window[-1][0] + 1:
            window.append(None)
        window.append((position, pages[position - 1]))
    return window


def _link(config: SiteConfig, target: str, prefix: str = "") -> str:
    return target if target.startswith("#") else urls.link(config.base_path, prefix + target)


def _lane_pages(timeline: Timeline, config: SiteConfig, actor_facets, tag_facets, charts: Charts,
                prefix: str) -> list[PageSpec]:
    """The overview by actor, events_per_page events a page so that none grows without bound: the latest
    first, each page's lanes in date order. The names of the actors and tags with events (those a filter
    offers) let a reader's filter label any lane and say what it chose."""
    names = {kind: {facet[0]: facet[1] for facet in facets} for kind, facets in (("actor", actor_facets), ("tag", tag_facets))}
    specs = paginate(urls.LANES, "lanes.html", timeline.events[::-1], config, {"names": names})
    actors = tuple(timeline.actors.values())
    for spec in specs:
        events = spec.context.pop("events")[::-1]
        # Kept from the last plan when its events are the same: a preview edit redraws one page's lanes.
        spec.context["chart"] = charts.kept(("lanes", prefix + spec.path, actors), events,
                                            lambda: lane_chart(events, timeline.actors))
    return specs


def _facets(items, index: dict[str, list[Event]]) -> list[tuple[str, str, int, str | None]]:
    """(id, name, count, the name's language if not the page's) of the actors or tags that have events,
    busiest first, for the filter controls."""
    counted = [(item.id, item.name, len(index.get(item.id, [])), item.name_lang) for item in items]
    return sorted([facet for facet in counted if facet[2]], key=lambda facet: (-facet[2], facet[1].casefold()))


def _feed(events: list[Event], base: str, subject: str | None) -> PageSpec:
    """The Atom feed of the list at base: the site's, an actor's or a topic's."""
    return PageSpec(urls.feed(base), "feed.xml", {"feed_events": events, "feed_path": base, "feed_subject": subject})


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


def timeline_json_entries(timeline: Timeline, config: SiteConfig, memo: IdentityMemo | None = None,
                          lang: str | None = None) -> list[str]:
    """The timeline's data for other programs: every published event's entry, in order, in one language."""
    memo = memo if memo is not None else IdentityMemo()
    return [json_entry(event, config.base_url, timeline.by_slug, memo, json_language(config, lang))
            for event in timeline.events]


def json_language(config: SiteConfig, lang: str | None) -> tuple[str, str] | None:
    """(the entries' language, the default) on a site of several languages; None on a site of one, whose
    timeline.json stays as it always was."""
    return (lang or config.language, config.language) if config.multilingual else None


def joined_json(entries: list[str], config: SiteConfig | None = None) -> bytes:
    """timeline.json: the events' entries and, when site.yaml names one, the licence."""
    # Compact, so Python's C encoder does the work (indent would force the slow pure-Python one);
    # each event's entry is encoded once and joined, which gives the same text as encoding the whole.
    license = ""
    if config is not None and config.license:
        named = {"name": config.license, **({"url": config.license_url} if config.license_url else {})}
        license = ',"license":' + json.dumps(named, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return ('{"events":[' + ",".join(entries) + "]" + license + "}\n").encode("utf-8")


def json_entry(event: Event, base_url: str, by_slug: dict[str, Event], memo: IdentityMemo,
               language: tuple[str, str] | None = None) -> str:
    """One event's entry, encoded; the same object with the same inputs is encoded once. language: the
    entries' language and the site's default, on a site of several (each entry says its words' language)."""
    published = tuple(r.target in by_slug for r in event.related)
    remembered = memo.get(event, (base_url, published, language))
    if remembered is not None:
        return remembered
    end = event.end_date
    url = urls.event(event.slug) if language is None else urls.in_language(language[0], language[1], urls.event(event.slug))
    fields = {} if language is None else {"language": event.words_lang or language[0]}
    entry = json.dumps({
        **fields,
        "slug": event.slug,
        "url": urls.absolute(base_url, url),
        "title": event.title,
        "date": event.date.iso(),
        "precision": event.date.precision,
        "approximate": event.approximate,
        "end_date": end if isinstance(end, str) or end is None else end.iso(),
        "milestone": event.milestone,
        "actors": list(event.actors),
        "tags": list(event.tags),
        "summary": event.summary,
        "sources": [{k: (v.iso() if hasattr(v, "iso") else v) for k in SOURCE_KEYS if (v := getattr(s, k)) is not None}
                    for s in event.sources],
        "related": [{"event": r.target, "relation": r.relation} for r, shown in zip(event.related, published) if shown],
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return memo.put(event, (base_url, published, language), entry)
