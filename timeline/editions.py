"""One Timeline per language: the default's, and each other language's with its translations. Pure.

Every language has every event and page. An event without a translation is
listed and shown in its original words, marked with their language
(`words_lang`), so no page of another language is missing or empty: actor, tag
and year pages hold the same events in every language (the indexes are the
default timeline's, with each event swapped for its version in the language).
The order is the original's everywhere: a translated title never reorders a day.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .content import ContentTree, Event, Page
from .errors import Problem
from .hints import Suggester
from .memo import IdentityMemo
from .model import Timeline
from .translations import Translation


@dataclass
class Edition:
    """The site in one language."""

    lang: str
    timeline: Timeline
    default: bool
    events_translated: int = 0
    pages_translated: int = 0

    def coverage(self) -> str:
        """"ru: 23 of 144 events translated, 1 of 1 pages": what `check` prints for the language."""
        timeline = self.timeline
        return (f"{self.lang}: {self.events_translated} of {len(timeline.events)} events translated, "
                f"{self.pages_translated} of {len(timeline.pages)} pages")


def build_editions(timeline: Timeline, tree: ContentTree, languages: tuple[str, ...], include_drafts: bool = False,
                   memos: dict[str, IdentityMemo] | None = None) -> tuple[list[Edition], list[Problem]]:
    """The default language's edition (the timeline as it is) and one per other language, with the
    problems of the translation files: an undeclared language, a missing original, a stale version."""
    memos = memos if memos is not None else {}
    default = languages[0]
    found, problems = _usable_translations(tree, languages, include_drafts)
    editions = [Edition(default, timeline, True)]
    for lang in languages[1:]:
        memo = memos.setdefault(lang, IdentityMemo())
        editions.append(_edition(timeline, lang, default, found.get(lang, {}), memo))
    return editions, problems


def _usable_translations(tree: ContentTree, languages: tuple[str, ...], include_drafts: bool):
    """{lang: {(kind, slug): Translation}} of the translations a build shows, and what is wrong with the others."""
    problems: list[Problem] = []
    originals = {"event": {event.slug: event for event in tree.events},
                 "page": {page.slug: page for page in tree.pages}}
    # Originals that failed to parse are reported on their own; their translations are not a second problem.
    unreadable = {partial.slug for partial in tree.partial if partial.slug}
    suggest = {kind: Suggester(list(items)) for kind, items in originals.items()}
    found: dict[str, dict[tuple[str, str], Translation]] = {}
    for translation in tree.translations:
        kind, slug, lang = translation.kind, translation.slug, translation.lang
        if lang == languages[0]:
            problems.append(Problem(translation.path, 1, f'"{lang}" is the site\'s default language: the original is in it',
                                    "merge its words into the original, or name the file for another language"))
            continue
        if lang not in languages:
            problems.append(Problem(translation.path, 1, f'a translation into "{lang}", which site.yaml\'s languages do not list',
                                    f"add it to site.yaml, e.g. languages: [{', '.join((*languages, lang))}]"))
            continue
        original = originals[kind].get(slug)
        if original is None:
            if slug not in unreadable:
                where = "pages/" if kind == "page" else ""
                problems.append(Problem(translation.path, 1, f'no {kind} with slug "{slug}" to translate',
                                        suggest[kind](slug) or f"a translation is named for its original: {where}<slug>.{lang}.md"))
            continue
        other = found.setdefault(lang, {}).get((kind, slug))
        if other is not None:
            problems.append(Problem(translation.path, 1, f'{other.path} already translates "{slug}" into {lang}',
                                    "keep one of them"))
            continue
        problems += _staleness(translation, original)
        if include_drafts or not translation.draft:
            found[lang][(kind, slug)] = translation
    return found, problems


def _staleness(translation: Translation, original: Event | Page) -> list[Problem]:
    """A warning when the translation does not say it renders the original's words as they now are."""
    line = translation.lines.get("translated_from", 1)
    if translation.translated_from == original.version:
        return []
    if translation.translated_from is None:
        message = "translated_from: missing, so a change to the original cannot be noticed"
    else:
        message = f"translated_from: the original ({original.path}) has changed since this translation " \
                  f"({translation.translated_from}, now {original.version})"
    return [Problem(translation.path, line, message,
                    f"bring the translation up to date, then set translated_from: {original.version}", warning=True)]


def _edition(timeline: Timeline, lang: str, default: str, found: dict[tuple[str, str], Translation],
             memo: IdentityMemo) -> Edition:
    """The timeline in lang: the same events, order and indexes, each event in its words in lang if any."""
    swapped: dict[int, Event] = {}
    translated = 0
    for event in timeline.events:
        translation = found.get(("event", event.slug))
        local = memo.get(event, translation)
        if local is None:
            local = memo.put(event, translation, _local_event(event, translation, default))
        swapped[id(event)] = local
        translated += translation is not None
    events = [swapped[id(event)] for event in timeline.events]
    pages = []
    for page in timeline.pages:
        translation = found.get(("page", page.slug))
        local = memo.get(page, translation)
        if local is None:
            local = memo.put(page, translation, _local_page(page, translation, default))
        pages.append(local)

    def each(items: list[Event]) -> list[Event]:
        return [swapped[id(item)] for item in items]

    links = {slug: [replace(link, event=swapped[id(link.event)]) if id(link.event) in swapped else link for link in items]
             for slug, items in timeline.links.items()}
    local = Timeline(events, {key: actor.in_language(lang, default) for key, actor in timeline.actors.items()},
                     {key: tag.in_language(lang, default) for key, tag in timeline.tags.items()}, pages,
                     {event.slug: event for event in events}, timeline.position,
                     {key: each(items) for key, items in timeline.by_actor.items()},
                     {key: each(items) for key, items in timeline.by_tag.items()},
                     {key: each(items) for key, items in timeline.by_year.items()}, links, timeline.parsed_from)
    pages_translated = sum(1 for page in timeline.pages if ("page", page.slug) in found)
    return Edition(lang, local, False, translated, pages_translated)


def _local_event(event: Event, translation: Translation | None, default: str) -> Event:
    if translation is None:
        return replace(event, words_lang=default, updates_lang=default if event.updates else "")
    updates, updates_lang = translation.updates, ""
    if not updates and event.updates:  # notes not yet translated are still shown: a correction is never dropped
        updates, updates_lang = event.updates, default
    return replace(event, title=translation.title, summary=translation.summary, body_html=translation.body_html,
                   updates=updates, updates_lang=updates_lang)


def _local_page(page: Page, translation: Translation | None, default: str) -> Page:
    if translation is None:
        return replace(page, words_lang=default)
    return replace(page, title=translation.title, description=translation.summary, body_html=translation.body_html)

