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
from .content import SOURCE_KEYS, Event, Tag
from .memo import IdentityMemo
from .model import Timeline
from .words import Words, shipped

STRIP_RADIUS = 2  # events shown on each side of an event, in its page's strip


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
               charts: Charts | None = None) -> list[PageSpec]:
    """List every page of the site in one language (by default the default's) with the template and data it
    needs; the charts say in words' language (by default the shipped catalogue of lang) what they show,
    and are kept in charts from one plan to the next when given. Pages of another language lie under its
    folder; the sitemap, robots.txt and redirects are made with the default language's pages only, as
    there is one of each for the whole site."""
    lang = lang or config.language
    specs = _pages_of(timeline, config, lang, words if words is not None else shipped(lang), charts or Charts())
    if lang != config.language:
        return [_in_folder(spec, lang, config.language) for spec in specs]
    specs.append(PageSpec(urls.ROBOTS, "robots.txt", {"lang": lang}))
    sitemap_urls = [spec.url for spec in specs if spec.path.endswith("index.html") and spec.url != urls.SEARCH]
    specs.append(PageSpec(urls.SITEMAP, "sitemap.xml", {"urls": sorted(sitemap_urls), "lang": lang}))
    return specs + redirect_pages(timeline, lang)


def _in_folder(spec: PageSpec, lang: str, default: str) -> PageSpec:
    return PageSpec(urls.in_language(lang, default, spec.path), spec.template, spec.context)


def _pages_of(timeline: Timeline, config: SiteConfig, lang: str, words: Words, charts: Charts) -> list[PageSpec]:
    specs: list[PageSpec] = []
    prefix = "" if lang == config.language else f"{lang}/"
    split = len(timeline.events) > config.timeline_split_at
    years = timeline.years  # sorted on each call: once here, not once a year page
    year_counts = [(year, len(timeline.by_year[year])) for year in years]
    year_range = (years[0], years[-1]) if years else (0, 0)
    actor_list = sorted(timeline.actors.values(), key=lambda a: a.name.casefold())
    tag_list = sorted(timeline.tags.values(), key=lambda t: t.name.casefold())
    tag_list += [Tag(tag, tag.replace("-", " ").capitalize(), "") for tag in sorted(set(timeline.by_tag) - set(timeline.tags))]

    latest, latest_by_actor, latest_by_tag = _latest(timeline, config.feed_entries)

    def year_anchor(year: int) -> str:
        return urls.year(year) if split else urls.year_anchor(year)

    specs.append(PageSpec(urls.file_path(urls.HOME), "index.html", {
        "events": [] if split else timeline.events, "split": split, "year_counts": year_counts,
        # On a split front page, the latest milestones only: the page must stay bounded too.
        "milestones": [e for e in timeline.events if e.milestone][-config.events_per_page:],
        "milestone_total": sum(1 for e in timeline.events if e.milestone),
        "chart": charts.draw(timeline.events, year_range, lambda y: _link(config, year_anchor(y), prefix),
                              words.text("chart.title"), "chart", words),
        "actor_facets": _facets(actor_list, timeline.by_actor), "tag_facets": _facets(tag_list, timeline.by_tag)}))
    for index, event in enumerate(timeline.events):
        before, after = timeline.neighbours(event)
        strip = timeline.events[max(0, index - STRIP_RADIUS):index + STRIP_RADIUS + 1]
        specs.append(PageSpec(urls.file_path(urls.event(event.slug)), "event.html", {
            "event": event, "before": before, "after": after, "strip": strip,
            "links": timeline.links.get(event.slug, [])}))
    for index, year in enumerate(years):
        specs += paginate(urls.year(year), "year.html", timeline.by_year[year], config, {
            "year": year, "year_counts": year_window(index, year_counts),
            "previous_year": years[index - 1] if index else None,
            "next_year": years[index + 1] if index + 1 < len(years) else None})
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
    specs.append(PageSpec(urls.file_path(urls.SEARCH), "search.html", {}))
    specs.append(_feed(latest, urls.HOME, None))
    specs.append(PageSpec(urls.NOT_FOUND, "404.html", {}))
    for spec in specs:
        spec.context["lang"] = lang  # every page says its language (the templates' words and links read it)
    return specs


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


def _facets(items, index: dict[str, list[Event]]) -> list[tuple[Any, int]]:
    """Actors or tags that have events, busiest first, for the filter controls."""
    counted = [(item, len(index.get(item.id, []))) for item in items]
    return sorted([pair for pair in counted if pair[1]], key=lambda pair: (-pair[1], pair[0].name.casefold()))


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


def joined_json(entries: list[str]) -> bytes:
    # Compact, so Python's C encoder does the work (indent would force the slow pure-Python one);
    # each event's entry is encoded once and joined, which gives the same text as encoding the whole.
    return ('{"events":[' + ",".join(entries) + "]}\n").encode("utf-8")


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
