"""The embeds: views of the timeline made to sit inside other sites' pages, and the oEmbed answer for each
embeddable page. Pure, no I/O; pages.py adds them to every language's pages.

Embeds live under urls.EMBED, named for the pages they show (embed/events/<slug>.html
for an event's card); each page that can be embedded has its oEmbed JSON beside
it. Neither is listed anywhere: not in the sitemap, feeds, lists or search.
"""
from __future__ import annotations

from typing import Any

from . import urls
from .config import SiteConfig
from .content import Actor, Event, Tag
from .model import Timeline
from .pages import PageSpec

TIMELINE, EVENT, LIST = "embed_timeline.html", "embed_event.html", "embed_list.html"
OEMBED_TEMPLATE = "oembed.json"


def embed_pages(timeline: Timeline, config: SiteConfig, home: dict[str, Any], actors: list[Actor],
                tags: list[Tag], on_timeline: dict[str, str]) -> list[PageSpec]:
    """The embed of the timeline (with home, the timeline page's data), of each event (with where it is on
    the timeline, by slug), actor and topic, and the oEmbed answer of each page they show."""
    specs = [_embed(urls.HOME, TIMELINE, {key: home[key] for key in (
                 "events", "split", "year_counts", "milestones", "milestone_total", "actor_facets", "tag_facets")}),
             _oembed(urls.HOME, {})]
    for event in timeline.events:
        url = urls.event(event.slug)
        specs += [_embed(url, EVENT, {"event": event, "on_timeline": on_timeline[event.slug]}),
                  _oembed(url, {"event": event})]
    # A list as long as the timeline page may be, at most: the latest events, and a link to them all.
    shown = config.timeline_split_at
    for subjects, index, url_of in ((actors, timeline.by_actor, urls.actor), (tags, timeline.by_tag, urls.tag)):
        for subject in subjects:
            events: list[Event] = index.get(subject.id, [])
            url = url_of(subject.id)
            specs += [_embed(url, LIST, {"subject": subject, "events": events[-shown:], "total": len(events), "full": url}),
                      _oembed(url, {"subject": subject})]
    return specs


def _embed(url: str, template: str, context: dict[str, Any]) -> PageSpec:
    return PageSpec(urls.file_path(urls.embed(url)), template, context)


def _oembed(url: str, context: dict[str, Any]) -> PageSpec:
    # The event or subject itself, not its title: a preview that swaps in an edited event then updates it too.
    return PageSpec(urls.oembed(url), OEMBED_TEMPLATE, {"target": url, **context})
