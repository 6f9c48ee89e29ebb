"""The plan of a build: every file of the site, what it is made from, and its input key. Pure.

A full plan lists every page (pages.py), keys each one (keys.py) and adds the
data files: timeline.json and the static assets, which are files of the plan
like any other. Nothing is written here. One family of pages is rendered, to
be weighed: the timeline page, while it lists every event, decides by its bytes
whether it is split, so those bytes feed back into the plan (_weighed), and are
the ones written.

Keying a page is most of what planning it costs, so a full plan made after
another keeps the key of every page whose data is the very same as last time
(the same event objects, equal other values): a retitled or re-dated event, one
added or deleted, keys again only the pages that show it or its neighbours, and
the keys are those a fresh plan computes, since equal data gives equal keys.

Planning every page is still linear in the site: at 5,000 events it was
most of a preview rebuild after a one-event edit. Most edits change only an
event's words: the fields schema.py marks `words_only` (and the body), which
never decide which pages exist, their order, counts, charts or links. For such
an edit the last plan still holds, except that the pages which showed the old
event must show the new one: their data is the old data with the event object
swapped, and only their keys are computed again. Any other difference (another
field, a template, the settings, actors, tags or pages, an event added, removed
or moved) plans everything. A new field is planned in full unless the schema
says it is words only, so adding one cannot make the preview stale.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from functools import cached_property
from operator import is_
from typing import Any

from . import schema, urls
from .content import Event
from .errors import BuildFailed
from .keys import PageKeys
from .memo import Memo
from .model import Timeline
from .opendata import open_data_files
from .pages import (DataFile, PageSpec, json_language, joined_json, json_entry, site_pages, split_by_count,
                    timeline_json_entries)

EMBED_HOST_SCRIPT = "embed-host.js"   # in static/: the host pages' script, also published at urls.EMBED_HOST_SCRIPT
MOST_EVENTS_SWAPPED = 50  # past this many edited events a full plan is as quick

_WORDS_ONLY = {field.name for field in (*schema.EVENT_FIELDS, schema.EVENT_BODY) if field.words_only}
# The Event attributes that shape lists: all but the words. An attribute holds the field of its name,
# or, rendered, of its name without "_html" (body_html holds the body).
SHAPE_FIELDS = tuple(field.name for field in dataclasses.fields(Event)
                     if field.compare and field.name.removesuffix("_html") not in _WORDS_ONLY)


@dataclass
class Plan:
    """Every file of one build, keyed, with what the next plan needs to update this one."""

    timeline: Timeline
    specs: list[PageSpec]                 # pages rendered from templates
    data_files: list[DataFile]            # files whose bytes are known: timeline.json, static assets
    keys: dict[str, str | None]           # path -> input key; None: render it every time
    global_key: str                       # templates, globals and code, as in every page key
    shows: list[frozenset[str]]           # for each of specs, the slugs of the events its data holds
    always: list[int]                     # pages without a key: their data is swapped on every update
    json_entries: dict[str, list[str]]    # each language's timeline.json: every event's entry, in order
    timelines: dict[str, Timeline] = dataclasses.field(default_factory=dict)   # each other language's
    split_by: str = ""  # why the timeline page is split: "count", "budget" (_listed), or "": it is not
    weighed: dict[str, bytes] = dataclasses.field(default_factory=dict)  # pages rendered to be weighed, by path

    @property
    def html_pages(self) -> int:
        return sum(spec.path.endswith(".html") for spec in self.specs)

    @cached_property
    def pages_showing(self) -> dict[str, list[int]]:
        """Event slug -> indexes in specs of the pages that hold it."""
        showing: dict[str, list[int]] = {}
        for index, slugs in enumerate(self.shows):
            for slug in slugs:
                showing.setdefault(slug, []).append(index)
        return showing

    @cached_property
    def index_of(self) -> dict[str, int]:
        return {spec.path: index for index, spec in enumerate(self.specs)}


def plan_build(checked, memo: Memo) -> Plan:
    """The plan for checked: the last plan in memo updated, when the edit allows it, else a full plan."""
    timeline, tree = checked.timeline, checked.tree
    page_keys = PageKeys(checked.renderer, checked.templates_digest, tree.file_keys, timeline.parsed_from,
                         memo.event_digests)
    if memo.last_plan is not None:
        updated = _update(memo.last_plan, checked, page_keys, memo)
        if updated is not None:
            return updated
    return _full(checked, page_keys, memo)


def _editions(checked) -> list:
    """(language, timeline) of each language the site is made in, the default's first."""
    return [(edition.lang, edition.timeline) for edition in checked.editions] or [(checked.config.language, checked.timeline)]


def _full(checked, page_keys: PageKeys, memo: Memo) -> Plan:
    specs, split_by, weighed = _listed(checked, page_keys.global_key, memo)
    json_entries = {lang: timeline_json_entries(timeline, checked.config, memo.json_entries, lang)
                    for lang, timeline in _editions(checked)}
    keys: dict[str, str | None] = {}
    shows: list[frozenset[str]] = []
    always: list[int] = []
    previous = memo.last_plan if memo.last_plan is not None and memo.last_plan.global_key == page_keys.global_key else None
    earlier = previous.index_of if previous is not None else {}
    for index, spec in enumerate(specs):
        at = earlier.get(spec.path)
        if at is not None and previous.keys[spec.path] is not None and unchanged(spec, previous.specs[at]):
            key, slugs = previous.keys[spec.path], previous.shows[at]
        else:
            key, slugs = page_keys.key_and_events(spec)
        keys[spec.path] = key
        shows.append(slugs)
        if key is None:
            always.append(index)
    data_files = _data_files(json_entries, checked, keys, memo)
    return Plan(checked.timeline, specs, data_files, keys, page_keys.global_key, shows, always, json_entries,
                dict(_editions(checked)[1:]), split_by, weighed)


def _listed(checked, global_key: str, memo: Memo) -> tuple[list[PageSpec], str, dict[str, bytes]]:
    """Every page in every language; why the timeline page is split: "count", past timeline_split_at
    events, "budget", when listing every event would make it too heavy, "" when it lists them all; and
    the pages rendered to be weighed, when they are the ones listed."""
    config, words, editions = checked.config, checked.renderer.words, _editions(checked)

    def listing(split: bool) -> list[PageSpec]:
        return [spec for lang, timeline in editions
                for spec in site_pages(timeline, config, lang, words.words(lang), memo.charts, split)]
    if split_by_count(checked.timeline, config):
        return listing(True), "count", {}
    specs = listing(False)
    weighed = _weighed(checked, global_key, specs)
    if weighed is None:
        return listing(True), "budget", {}
    return specs, "", weighed


def _weighed(checked, global_key: str, specs: list[PageSpec]) -> dict[str, bytes] | None:
    """The pages of specs that the split changes (the timeline page in each order and language, and its
    embed: their data says "split"), rendered; None when one, listing every event, comes to
    timeline_budget_kb of HTML or more. A count of events cannot say it: an item's weight depends on its
    title, its language and its marks."""
    limit = checked.config.timeline_budget_kb * 1024
    checked.renderer.begin(global_key)
    weighed = {}
    for spec in specs:
        if "split" not in spec.context:
            continue
        try:
            data = checked.renderer.render(spec)
        except BuildFailed:  # the template's error is reported with every other page's when the site is rendered
            continue
        if len(data) >= limit:   # the budget is "under N KB": N KB itself splits
            return None
        weighed[spec.path] = data
    return weighed


_PLAIN = (str, int, float, bool, bytes, type(None))


def unchanged(spec: PageSpec, earlier: PageSpec) -> bool:
    """Whether a page is made from the very same data as an earlier one: then, with the same templates and
    globals, it has the same key (keys.py), and keying it again would only find that out slowly."""
    return spec.template == earlier.template and _same(spec.context, earlier.context)


def _same(value: Any, earlier: Any) -> bool:
    """The same objects where they are events, equal values elsewhere; False where unsure."""
    if value is earlier:
        return True
    kind = type(value)
    if kind is not type(earlier):
        return False
    if kind is list or kind is tuple:
        return len(value) == len(earlier) and (all(map(is_, value, earlier)) or all(map(_same, value, earlier)))
    if kind is dict:
        return value.keys() == earlier.keys() and all(_same(item, earlier[key]) for key, item in value.items())
    if kind is Event:  # an event is described by its file and its resolution, which only its identity vouches for
        return False
    if kind in _PLAIN or isinstance(value, str):
        return value == earlier
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value):
        names = _FIELD_NAMES[kind] = tuple(field.name for field in dataclasses.fields(value))
    return names is not None and all(_same(getattr(value, name), getattr(earlier, name)) for name in names)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _update(previous: Plan, checked, page_keys: PageKeys, memo: Memo) -> Plan | None:
    """The plan for checked, derived from previous; None when only a full plan will do."""
    timeline = checked.timeline
    if page_keys.global_key != previous.global_key:
        return None
    editions = _editions(checked)
    if [lang for lang, _ in editions[1:]] != list(previous.timelines):
        return None
    swaps: dict[int, tuple[Event, Event]] = {}
    changed: dict[str, list[Event]] = {}
    for lang, timeline in editions:
        old_timeline = previous.timelines.get(lang, previous.timeline)
        if (len(old_timeline.events) != len(timeline.events) or len(old_timeline.pages) != len(timeline.pages)
                or any(old is not new for old, new in zip(old_timeline.pages, timeline.pages))):
            return None
        for old, new in zip(old_timeline.events, timeline.events):
            if old is not new:
                # In another language the order is the original's: a translated title reorders nothing.
                if _shape(old, lang in previous.timelines) != _shape(new, lang in previous.timelines) or len(swaps) >= MOST_EVENTS_SWAPPED:
                    return None
                swaps[id(old)] = (old, new)
                changed.setdefault(lang, []).append(new)
    if swaps and previous.split_by == "budget":  # the page listing every event, now lighter, is not at hand
        return None
    affected = set(previous.always)
    for old, _ in swaps.values():
        affected.update(previous.pages_showing.get(old.slug, ()))
    specs, keys = list(previous.specs), dict(previous.keys)
    for index in sorted(affected):
        spec = specs[index]
        specs[index] = PageSpec(spec.path, spec.template, _swapped(spec.context, swaps))
    weighed = {} if previous.split_by else _weighed(checked, page_keys.global_key, [specs[index] for index in affected])
    if weighed is None:
        return None   # a longer title made the timeline page too heavy: it splits
    for index in sorted(affected):
        keys[specs[index].path] = page_keys.key(specs[index])
    json_entries = {lang: list(entries) for lang, entries in previous.json_entries.items()}
    for lang, timeline in editions:
        language = json_language(checked.config, lang)
        for new in changed.get(lang, ()):
            json_entries[lang][timeline.position[new.slug]] = json_entry(new, checked.config.base_url, timeline.by_slug,
                                                                         memo.json_entries, language)
    data_files = _data_files(json_entries, checked, keys, memo)
    plan = Plan(checked.timeline, specs, data_files, keys, previous.global_key, previous.shows, previous.always,
                json_entries, dict(editions[1:]), previous.split_by, weighed)
    for name in ("pages_showing", "index_of"):  # the same pages at the same places, showing the same events
        if name in previous.__dict__:
            plan.__dict__[name] = previous.__dict__[name]
    return plan


def shape(event: Event) -> tuple:
    """What an event gives the site beyond its own words: order, place, counts, charts, links."""
    return tuple(getattr(event, name) for name in SHAPE_FIELDS)


def _shape(event: Event, other_language: bool) -> tuple:
    # In another language the order is the original's, so a translated title shapes nothing, but for a
    # span's: the overview charts, drawn once into each page's data, name each span by its title.
    return shape(replace(event, title="")) if other_language and not event.is_span else shape(event)


def _data_files(json_entries: dict[str, list[str]], checked, keys: dict[str, str | None], memo: Memo) -> list[DataFile]:
    """Each language's timeline.json, table and calendars, the static assets and the embeds' host script,
    keyed by their bytes (into keys)."""
    config = checked.config
    data_files = [DataFile(urls.in_language(lang, config.language, urls.DATA), joined_json(entries, config))
                  for lang, entries in json_entries.items()]
    words = {lang: checked.renderer.words.words(lang) for lang, _ in _editions(checked)}
    data_files += open_data_files(_editions(checked), config, words, memo.table_rows, memo.calendar_entries,
                                  memo.joined_files)
    data_files += checked.assets.files
    host_script = checked.assets.inlinable.get(EMBED_HOST_SCRIPT)
    if host_script is not None:  # at a name that never changes: it is pasted into other sites' pages
        data_files.append(DataFile(urls.EMBED_HOST_SCRIPT, host_script))
    keys.update((data_file.path, PageKeys.data_key(data_file.data)) for data_file in data_files)
    return data_files


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
