"""Re-plan only the pages an edit touches, for the preview server's rebuilds.

Planning and keying all pages is linear in the site: at 5,000 events it was
most of a one-event rebuild. Most edits change an event's words (body,
summary, sources, update notes) and nothing that decides which pages exist or
what the aggregates on them say. For such an edit the previous plan still
holds, except that the pages which showed the old event must show the new
one: their data is the old data with the event object swapped, and only
their keys are computed again.

Anything else falls back to a full plan: other templates, settings, actors,
tags or pages (the page keys' global key), an event added, removed, moved or
re-dated, a changed title (it orders events and labels chart spans), actors,
tags, relations, milestone, draft or approximate mark. A test compares the
server's output after each kind of edit with a fresh full build.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .content import Event
from .incremental import PageKeys
from .model import Timeline
from .pages import DataFile, PageSpec, joined_json, json_entry, timeline_json_entries

MOST_EVENTS_SWAPPED = 50  # past this many edited events a full plan is as quick


@dataclass
class Plan:
    """A plan with what a later replan needs: keys, and which pages show which event."""

    timeline: Timeline
    specs: list[PageSpec]
    data_files: list[DataFile]
    keys: dict[str, str | None]
    global_key: str
    pages_showing: dict[str, list[int]]   # event slug -> indexes in specs of the pages that hold it
    always: list[int]                     # pages without a key: their data is swapped on every replan
    json_entries: list[str]               # timeline.json's entry of each event, in order


def full(timeline: Timeline, config, specs: list[PageSpec], data_files: list[DataFile], page_keys: PageKeys) -> Plan:
    json_entries = timeline_json_entries(timeline, config)  # encoded already by plan_site: looked up, not redone
    keys: dict[str, str | None] = {}
    pages_showing: dict[str, list[int]] = {}
    always: list[int] = []
    for index, spec in enumerate(specs):
        key, slugs = page_keys.key_and_events(spec)
        keys[spec.path] = key
        if key is None:
            always.append(index)
        for slug in slugs:
            pages_showing.setdefault(slug, []).append(index)
    keys.update((data_file.path, PageKeys.data_key(data_file.data)) for data_file in data_files)
    return Plan(timeline, specs, data_files, keys, page_keys.global_key, pages_showing, always, json_entries)


def update(previous: Plan, timeline: Timeline, config, page_keys: PageKeys) -> Plan | None:
    """The plan for timeline, derived from previous; None when only a full plan will do."""
    if page_keys.global_key != previous.global_key:
        return None
    old_timeline = previous.timeline
    if (len(old_timeline.events) != len(timeline.events) or len(old_timeline.pages) != len(timeline.pages)
            or any(old is not new for old, new in zip(old_timeline.pages, timeline.pages))):
        return None
    swaps: dict[int, tuple[Event, Event]] = {}
    for old, new in zip(old_timeline.events, timeline.events):
        if old is not new:
            if _shape(old) != _shape(new) or len(swaps) >= MOST_EVENTS_SWAPPED:
                return None
            swaps[id(old)] = (old, new)
    affected = set(previous.always)
    for old, _ in swaps.values():
        affected.update(previous.pages_showing.get(old.slug, ()))
    specs, keys = list(previous.specs), dict(previous.keys)
    for index in sorted(affected):
        spec = specs[index]
        specs[index] = PageSpec(spec.path, spec.template, _swapped(spec.context, swaps))
        keys[spec.path] = page_keys.key(specs[index])
    json_entries = list(previous.json_entries)
    for _, new in swaps.values():
        json_entries[timeline.position[new.slug]] = json_entry(new, config.base_url, timeline.by_slug)
    data_files = [DataFile("timeline.json", joined_json(json_entries))]
    keys.update((data_file.path, PageKeys.data_key(data_file.data)) for data_file in data_files)
    return Plan(timeline, specs, data_files, keys, previous.global_key, previous.pages_showing, previous.always,
                json_entries)


def _shape(event: Event) -> tuple:
    """What an event gives the site beyond its own words: order, place, counts, charts, links."""
    return (event.slug, event.title, event.date, event.end_date, event.approximate, event.actors, event.tags,
            event.milestone, event.related, event.draft)


def _swapped(value: Any, swaps: dict[int, tuple[Event, Event]]) -> Any:
    """value with every edited event replaced by its new version, sharing everything else."""
    kind = type(value)
    if kind is Event:
        swap = swaps.get(id(value))
        return swap[1] if swap is not None and swap[0] is value else value
    if kind is list or kind is tuple:
        items = [_swapped(item, swaps) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else kind(items)
    if kind is dict:
        items = {key: _swapped(item, swaps) for key, item in value.items()}
        return value if all(items[key] is item for key, item in value.items()) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            swapped = _swapped(item, swaps)
            if swapped is not item:
                changes[field.name] = swapped
        return dataclasses.replace(value, **changes) if changes else value
    return value
