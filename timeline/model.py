"""The Timeline: published events in order, cross-checked, with indexes for every page. Pure.

An event's check depends only on the event and on the actors and tags it is
checked against. Given a memo (memo.py), a check is kept for the very same
parsed object and registry, and the same resolved object is handed back, so
every later memo (page keys, list items, timeline.json) knows it by identity.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from .aliases import check_aliases
from .content import Actor, ContentTree, Event, Page, Tag, actor_spellings, slug_from_filename
from .errors import Problem
from .memo import IdentityMemo
from .hints import Suggester
from .urls import RESERVED_PAGE_SLUGS


@dataclass(frozen=True)
class Link:
    """A related event as shown on a page: the relation, and whether the other event declared it
    (incoming: read backwards, "Prompted" rather than "Response to")."""

    event: Event
    relation: str
    incoming: bool


@dataclass
class Timeline:
    events: list[Event]
    actors: dict[str, Actor]
    tags: dict[str, Tag]
    pages: list[Page]
    by_slug: dict[str, Event]
    position: dict[str, int]
    by_actor: dict[str, list[Event]]
    by_tag: dict[str, list[Event]]
    by_year: dict[int, list[Event]]
    links: dict[str, list[Link]]
    parsed_from: dict[str, Event]   # slug -> the parsed event the one in the timeline was resolved from

    def neighbours(self, event: Event) -> tuple[Event | None, Event | None]:
        index = self.position[event.slug]
        before = self.events[index - 1] if index > 0 else None
        after = self.events[index + 1] if index + 1 < len(self.events) else None
        return before, after

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)


def build_timeline(tree: ContentTree, include_drafts: bool = False,
                   checks: IdentityMemo | None = None) -> tuple[Timeline, list[Problem]]:
    """Cross-check events against actors, tags and each other, and index them."""
    checks = checks if checks is not None else IdentityMemo()
    problems: list[Problem] = []
    spellings = actor_spellings(tree.actors)
    hints = _Hints(tree)
    registry = checks.canonical((tuple((a.id, a.name, a.aliases) for a in tree.actors.values()), tuple(tree.tags),
                                 tree.actors_readable, tree.tags_readable))
    first_with_slug: dict[str, Event] = {}
    resolved: list[Event] = []
    sort_keys: dict[int, tuple] = {}
    for event in tree.events:
        if event.slug in first_with_slug:
            other = first_with_slug[event.slug]
            problems.append(Problem(event.path, event.lines.get("slug", 1), f'slug "{event.slug}" is also used by {other.path}',
                                    "give one of them another file name or slug:"))
            continue
        first_with_slug[event.slug] = event
        marks = _link_marks(event, tree.link_records)
        checked = checks.get(event, (registry, marks))
        if checked is None:
            previous = checks.last(event)  # checked against other actors and tags, or other records, before
            actor_ids, found = _check_names(event.path, zip(event.actors, event.actor_lines),
                                            zip(event.tags, event.tag_lines), spellings, tree, hints)
            sources = _with_records(event.sources, marks)
            # The same actors and sources: keep the resolved object, so memos downstream still know it.
            same = previous is not None and previous[1].actors == actor_ids and previous[1].sources == sources
            result = previous[1] if same else replace(event, actors=actor_ids, sources=sources)
            checked = checks.put(event, (registry, marks), (found, result, result.sort_key()))
        found, result, sort_key = checked
        problems += found
        resolved.append(result)
        sort_keys[id(result)] = sort_key

    # Files that failed to parse are reported on their own; links to them are not a second problem.
    unreadable = {slug_from_filename(p.path) for p in tree.problems if not p.warning}
    unreadable.update(partial.slug for partial in tree.partial if partial.slug)
    published = sorted((e for e in resolved if include_drafts or not e.draft), key=lambda e: sort_keys[id(e)])
    by_slug = {event.slug: event for event in published}
    all_slugs = {event.slug: event for event in resolved}
    links: dict[str, list[Link]] = defaultdict(list)
    suggest_slug = Suggester(all_slugs)
    for event in published:
        for relation in event.related:
            target = by_slug.get(relation.target)
            if target is None:
                if relation.target in unreadable:
                    continue
                if relation.target in all_slugs:
                    problems.append(Problem(event.path, relation.line, f'related: "{relation.target}" is a draft; the link is left out',
                                            "publish it or build with --drafts", warning=True))
                else:
                    problems.append(Problem(event.path, relation.line, f'related: no event with slug "{relation.target}"',
                                            suggest_slug(relation.target)))
                continue
            links[event.slug].append(Link(target, relation.relation, False))
            links[target.slug].append(Link(event, relation.relation, True))
    problems += _check_partial_events(tree, first_with_slug, all_slugs, unreadable, spellings, hints, suggest_slug)
    position = {event.slug: index for index, event in enumerate(published)}
    for slug in links:
        links[slug].sort(key=lambda link: (position[link.event.slug], link.incoming, link.relation))

    pages = [page for page in tree.pages if include_drafts or not page.draft]
    page_slugs: dict[str, Page] = {}
    for page in pages:
        if page.slug in RESERVED_PAGE_SLUGS:
            problems.append(Problem(page.path, 1, f'page slug "{page.slug}" is reserved for the site\'s own pages',
                                    "rename the file or set slug:"))
        elif page.slug in page_slugs:
            problems.append(Problem(page.path, 1, f'page slug "{page.slug}" is also used by {page_slugs[page.slug].path}'))
        page_slugs[page.slug] = page
    problems += check_aliases(tree.events, tree.pages)
    problems += _check_partial_pages(tree, {page.slug: page for page in tree.pages})

    by_actor: dict[str, list[Event]] = defaultdict(list)
    by_tag: dict[str, list[Event]] = defaultdict(list)
    by_year: dict[int, list[Event]] = defaultdict(list)
    for event in published:
        for actor_id in event.actors:
            by_actor[actor_id].append(event)
        for tag in event.tags:
            by_tag[tag].append(event)
        by_year[event.date.year].append(event)
    timeline = Timeline(published, tree.actors, tree.tags, sorted(page_slugs.values(), key=lambda p: p.slug),
                        by_slug, position, dict(by_actor), dict(by_tag), dict(by_year), dict(links),
                        first_with_slug)
    return timeline, problems


def _link_marks(event: Event, records: dict) -> tuple:
    """What content/sources.yaml says of each source's address and archived copy; () when nothing."""
    if not records:
        return ()
    marks = tuple((records.get(s.url), records.get(s.archive_url) if s.archive_url else None) for s in event.sources)
    return marks if any(record is not None for pair in marks for record in pair) else ()


def _with_records(sources: tuple, marks: tuple) -> tuple:
    """The sources with their records attached (the very same tuple when there are none)."""
    if not marks:
        return sources
    return tuple(replace(source, record=record, archive_record=archive_record)
                 for source, (record, archive_record) in zip(sources, marks))


class _Hints:
    """Did-you-mean for actors and tags, each made once per timeline (made only if asked)."""

    def __init__(self, tree: ContentTree):
        self.tree = tree
        self._actors: Suggester | None = None
        self._tags: Suggester | None = None

    def actor(self, name: str) -> str | None:
        if self._actors is None:
            actors = self.tree.actors
            self._actors = Suggester(list(actors) + [s for a in actors.values() for s in a.aliases])
        return self._actors(name)

    def tag(self, tag: str) -> str | None:
        if self._tags is None:
            self._tags = Suggester(self.tree.tags)
        return self._tags(tag)


def _check_names(path: str, actors, tags, spellings: dict[str, str], tree: ContentTree,
                 hints: _Hints) -> tuple[tuple[str, ...], list[Problem]]:
    """Actors, as (name, line) pairs, resolved to ids, and what is wrong with them and the (tag, line) pairs."""
    problems: list[Problem] = []
    actor_ids: list[str] = []
    for name, line in actors:
        actor_id = spellings.get(name.casefold())
        if actor_id is None and not tree.actors_readable:
            continue  # actors.yaml itself is broken; that error is reported, not its echoes
        if actor_id is None:
            hint = hints.actor(name)
            problems.append(Problem(path, line, f'actors: unknown actor "{name}"', hint or "add it to actors.yaml"))
        elif actor_id not in actor_ids:
            actor_ids.append(actor_id)
    for tag, line in tags:
        if tag not in tree.tags and tree.tags_readable:  # a broken tags.yaml is reported once, not per tag
            problems.append(Problem(path, line, f'tags: "{tag}" is not described in tags.yaml',
                                    hints.tag(tag) or "add it to tags.yaml", warning=True))
    return tuple(actor_ids), problems


def _check_partial_events(tree: ContentTree, first_with_slug: dict[str, Event], all_slugs: dict[str, Event],
                          unreadable: set[str], spellings: dict[str, str], hints: _Hints,
                          suggest_slug: Suggester) -> list[Problem]:
    """The checks across files for event files with errors of their own, on whatever of them was read:
    so one run names every mistake, not the file's own first and the rest after those are fixed."""
    problems: list[Problem] = []
    claimed = {slug: event.path for slug, event in first_with_slug.items()}
    for partial in (p for p in tree.partial if p.kind == "event"):
        if partial.slug in claimed:
            problems.append(Problem(partial.path, partial.slug_line, f'slug "{partial.slug}" is also used by {claimed[partial.slug]}',
                                    "give one of them another file name or slug:"))
        elif partial.slug:
            claimed[partial.slug] = partial.path
        problems += _check_names(partial.path, ((item.value, item.line) for item in partial.actors),
                                 ((item.value, item.line) for item in partial.tags), spellings, tree, hints)[1]
        for relation in partial.related:
            if relation.target not in all_slugs and relation.target not in unreadable:
                problems.append(Problem(partial.path, relation.line, f'related: no event with slug "{relation.target}"',
                                        suggest_slug(relation.target)))
    return problems


def _check_partial_pages(tree: ContentTree, pages: dict[str, Page]) -> list[Problem]:
    """A page file with errors of its own still may not take a reserved slug or another page's."""
    problems: list[Problem] = []
    for partial in (p for p in tree.partial if p.kind == "page" and p.slug):
        if partial.slug in RESERVED_PAGE_SLUGS:
            problems.append(Problem(partial.path, partial.slug_line, f'page slug "{partial.slug}" is reserved for the site\'s own pages',
                                    "rename the file or set slug:"))
        elif partial.slug in pages:
            problems.append(Problem(partial.path, partial.slug_line, f'page slug "{partial.slug}" is also used by {pages[partial.slug].path}'))
    return problems
