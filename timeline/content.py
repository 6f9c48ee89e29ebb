"""The content models (Event, Page, Actor, Tag) and the pure parsers that make them from text.

Every parse_* function takes text and a path to name in problems, and returns a
model or located problems; reading files is loader.py's job.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from . import yamlread as yr
from .dates import PartialDate, parse_date
from .errors import Problem
from .linkrecords import LinkRecord
from .markup import first_paragraph_summary, render_markdown
from .schema import Item

MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str
    date: PartialDate | None = None
    language: str | None = None
    archive_url: str | None = None
    archive_date: PartialDate | None = None
    # What content/sources.yaml says of the url and of the archive_url (set by the timeline, not the file).
    record: LinkRecord | None = None
    archive_record: LinkRecord | None = None

    @property
    def dead(self) -> bool:
        """Recorded dead by the last `build.py sources`."""
        return self.record is not None and self.record.status == "dead"

    @property
    def archived(self) -> bool:
        """Has an archived copy that is not itself recorded dead."""
        return self.archive_url is not None and not (self.archive_record is not None
                                                     and self.archive_record.status == "dead")

    @property
    def archive_day(self) -> PartialDate | None:
        """When the copy was captured: archive_date, else the day in a Wayback address (/web/20090506.../)."""
        if self.archive_date is not None:
            return self.archive_date
        match = _WAYBACK_STAMP.search(self.archive_url or "")
        try:
            return parse_date(f"{match[1]}-{match[2]}-{match[3]}") if match else None
        except ValueError:
            return None


_WAYBACK_STAMP = re.compile(r"/web/(\d{4})(\d{2})(\d{2})\d{0,6}(?:[a-z]{2}_)?/")
SOURCE_KEYS = tuple(f.name for f in schema.SOURCE_FIELDS)  # what a source file gives; the rest is derived


@dataclass(frozen=True)
class Relation:
    target: str
    relation: str
    line: int = 0


@dataclass(frozen=True)
class Update:
    date: PartialDate
    note_html: str


@dataclass(frozen=True)
class Event:
    """One event of the timeline, checked on its own (actors not yet resolved)."""

    slug: str
    title: str
    date: PartialDate
    end_date: PartialDate | str | None
    approximate: bool
    actors: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    body_html: str
    sources: tuple[Source, ...]
    milestone: bool
    related: tuple[Relation, ...]
    updates: tuple[Update, ...]
    draft: bool
    path: str
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    actor_lines: tuple[int, ...] = field(default=(), compare=False, hash=False)
    tag_lines: tuple[int, ...] = field(default=(), compare=False, hash=False)
    source_lines: tuple[int, ...] = field(default=(), compare=False, hash=False)

    @property
    def is_span(self) -> bool:
        return self.end_date is not None

    @property
    def ongoing(self) -> bool:
        return self.end_date == "ongoing"

    def sort_key(self) -> tuple:
        end = (9999, 12, 31) if self.ongoing else (self.end_date.first_day() if self.end_date else self.date.first_day())
        return (self.date.first_day(), end, self.title.casefold(), self.slug)


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    description: str
    body_html: str
    draft: bool
    path: str
    menu: bool = True


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    description: str
    url: str | None


@dataclass(frozen=True)
class Tag:
    id: str
    name: str
    description: str


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text: UTF-8 only (a BOM is allowed), no NUL bytes, CRLF folded."""
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, f"file is {len(data) // 1_000_000} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB",
                              "split it or shorten the body")]
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(path, line, "file contains a NUL byte", "is it a binary file?")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return None, [Problem(path, line, f"file is not UTF-8 (byte 0x{data[error.start]:02x})",
                              "save it as UTF-8 in your editor")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = schema.FORBIDDEN_CHARACTERS.search(text)
    if bad:
        return None, [Problem(path, text.count("\n", 0, bad.start()) + 1,
                              f"file contains the invisible control character U+{ord(bad.group()):04X}",
                              "delete it; feeds cannot carry it")]
    return text, []


def actor_spellings(actors: dict[str, Actor]) -> dict[str, str]:
    """Every id, name and alias, casefolded, mapped to its actor's id: how authors may name an actor."""
    spellings: dict[str, str] = {}
    for actor in actors.values():
        for spelling in (actor.id, actor.name, *actor.aliases):
            spellings.setdefault(spelling.casefold(), actor.id)
    return spellings


def slug_from_filename(path: str) -> str:
    return Path(path).stem


def tag_slug(text: str) -> str:
    """Normalize a tag to a lowercase ASCII slug ('Arms Control' -> 'arms-control')."""
    spaced = "".join(ch if ch.isalnum() else " " for ch in text)  # dashes and zero-width marks separate words
    folded = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded))


def _read_front_matter(text: str, path: str, fields) -> tuple[yr.FrontMatter | None, dict, dict, list[Problem]]:
    """Split off the front matter and read it against the declared fields."""
    try:
        front = yr.split_front_matter(text, path)
    except yr.FrontMatterMissing as missing:
        return None, {}, {}, [missing.problem]
    node, problems = yr.load_mapping(front.yaml_text, path, front.yaml_line)
    if node is None:
        return None, {}, {}, problems
    values, lines, problems = schema.read_mapping(node, fields, path, front.yaml_line - 1)
    return front, values, lines, problems


def _slug(values: dict, path: str, problems: list[Problem]) -> str:
    """The slug: given, or the file name, which must then be a valid slug."""
    slug = values.get("slug") or slug_from_filename(path)
    if "slug" not in values and not schema.SLUG.fullmatch(slug):
        problems.append(Problem(path, 1, f'file name "{slug}" is not a valid slug',
                                "rename the file to lowercase letters, digits and hyphens, or set slug:"))
    return slug


def parse_event(text: str, path: str) -> tuple[Event | None, list[Problem]]:
    """Parse one event file's text into an Event, or return its problems."""
    front, values, lines, problems = _read_front_matter(text, path, schema.EVENT_FIELDS)
    if front is None:
        return None, problems
    draft = values.get("draft", False)
    slug = _slug(values, path, problems)
    start, end = values.get("date"), values.get("end_date")
    if isinstance(start, PartialDate) and isinstance(end, PartialDate) and end.last_day() < start.first_day():
        problems.append(Problem(path, lines["end_date"], f"end_date: {end.iso()} is before date {start.iso()}"))
    actors = values.get("actors", [])
    if "actors" in values and not actors and not any(p.message.startswith("actors[") for p in problems):
        problems.append(Problem(path, lines["actors"], "actors: at least one actor is needed", "e.g. actors: [nato, russia]"))
    tags: list[Item] = []
    for item in values.get("tags", []):
        slug_text = tag_slug(item.value)
        if not slug_text:
            problems.append(Problem(path, item.line, f'tags: "{item.value}" has no letters or digits for a URL'))
        else:
            tags.append(Item(slug_text, item.line))
    sources = values.get("sources", [])
    if not sources and not draft and not any(p.message.startswith("sources") for p in problems):
        problems.append(Problem(path, lines.get("sources", 1), "sources: at least one source is needed",
                                "add sources: [{title: ..., publisher: ..., url: https://...}] or mark the event draft: true"))
    related = []
    for item in values.get("related", []):
        if item.value["event"] == slug:
            problems.append(Problem(path, item.line, "related: an event cannot relate to itself"))
        related.append(Relation(item.value["event"], item.value["relation"], item.line))
    if problems:
        return None, problems

    body_html = render_markdown(front.body)
    summary = values.get("summary") or first_paragraph_summary(body_html)
    event = Event(
        slug=slug, title=values["title"], date=start, end_date=end,
        approximate=values.get("approximate", False),
        actors=tuple(item.value for item in actors), tags=tuple(dict.fromkeys(item.value for item in tags)),
        summary=summary, body_html=body_html,
        sources=tuple(Source(**item.value) for item in sources),
        milestone=values.get("milestone", False), related=tuple(related),
        updates=tuple(Update(item.value["date"], render_markdown(item.value["note"], f"note{number}-"))
                      for number, item in enumerate(values.get("updates", []), start=1)),
        draft=draft, path=path, lines=lines,
        actor_lines=tuple(item.line for item in actors), tag_lines=tuple(item.line for item in tags),
        source_lines=tuple(item.line for item in sources),
    )
    return event, []


def parse_page(text: str, path: str) -> tuple[Page | None, list[Problem]]:
    """Parse a plain page (title and body) such as About."""
    front, values, _, problems = _read_front_matter(text, path, schema.PAGE_FIELDS)
    if front is None:
        return None, problems
    slug = _slug(values, path, problems)
    if problems:
        return None, problems
    body_html = render_markdown(front.body)
    return Page(slug, values["title"], values.get("description") or first_paragraph_summary(body_html),
                body_html, values.get("draft", False), path, values.get("menu", True)), []


def parse_actors(text: str, path: str) -> tuple[dict[str, Actor], list[Problem]]:
    """Parse actors.yaml: ids mapped to name, kind, aliases, description, url."""
    node, problems = yr.load_mapping(text, path)
    if node is None:
        return {}, problems
    actors: dict[str, Actor] = {}
    claimed: dict[str, tuple[str, int]] = {}  # lowercased id, name or alias -> (actor id, line)
    for key_node, value_node in node.value:
        actor_id, line = str(key_node.value), yr.line_of(key_node, 0)
        if not schema.SLUG.fullmatch(actor_id):
            problems.append(Problem(path, line, f'actor id "{actor_id}" is not a slug', "use lowercase letters, digits and hyphens"))
            continue
        if not isinstance(value_node, yr.yaml.MappingNode):
            problems.append(Problem(path, line, f"{actor_id}: expected name, kind, ... found {yr.kind_name(value_node)}"))
            continue
        values, lines, found = schema.read_mapping(value_node, schema.ACTOR_FIELDS, path, 0, f"{actor_id}.")
        problems.extend(found)
        if found:
            continue
        aliases = values.get("aliases", [])
        for spelling, spelling_line in [(actor_id, line), (values["name"], lines["name"])] + [(a.value, a.line) for a in aliases]:
            key = spelling.casefold()
            owner = claimed.get(key)
            if owner and owner[0] != actor_id:
                problems.append(Problem(path, spelling_line, f'"{spelling}" names both {owner[0]} and {actor_id}',
                                        f"an alias may belong to one actor only; {owner[0]} has it at line {owner[1]}"))
            elif not owner:
                claimed[key] = (actor_id, spelling_line)
        actors[actor_id] = Actor(actor_id, values["name"], values["kind"], tuple(a.value for a in aliases),
                                 values.get("description", ""), values.get("url"))
    return actors, problems


def parse_tags(text: str, path: str) -> tuple[dict[str, Tag], list[Problem]]:
    """Parse tags.yaml: tag slugs mapped to a name and description."""
    node, problems = yr.load_mapping(text, path)
    if node is None:
        return {}, problems
    tags: dict[str, Tag] = {}
    for key_node, value_node in node.value:
        raw, line = str(key_node.value), yr.line_of(key_node, 0)
        tag_id = tag_slug(raw)
        if tag_id != raw:
            problems.append(Problem(path, line, f'tag "{raw}" is not a lowercase slug', f"write {tag_id}" if tag_id else None))
            continue
        if yr.is_null(value_node):
            tags[tag_id] = Tag(tag_id, tag_id.replace("-", " ").capitalize(), "")
            continue
        if not isinstance(value_node, yr.yaml.MappingNode):
            problems.append(Problem(path, line, f"{tag_id}: expected name and description, found {yr.kind_name(value_node)}"))
            continue
        values, _, found = schema.read_mapping(value_node, schema.TAG_FIELDS, path, 0, f"{tag_id}.")
        problems.extend(found)
        if not found:
            tags[tag_id] = Tag(tag_id, values.get("name") or tag_id.replace("-", " ").capitalize(), values.get("description", ""))
    return tags, problems


@dataclass
class ContentTree:
    """Everything read from the content folder, before cross-checks."""

    events: list[Event]
    pages: list[Page]
    actors: dict[str, Actor]
    tags: dict[str, Tag]
    problems: list[Problem]
    actors_readable: bool = True  # False when actors.yaml is missing or broken: its errors say it all
    tags_readable: bool = True    # False when tags.yaml is there but could not be read or parsed at all
    file_keys: dict[str, str] = field(default_factory=dict, compare=False)  # shown path -> content key of the file
    link_records: dict[str, LinkRecord] = field(default_factory=dict)  # content/sources.yaml: url -> last check


def actors_file_readable(actors: dict[str, Actor], problems: list[Problem]) -> bool:
    """Whether actor ids can be checked: not when actors.yaml had problems and gave no actor at all."""
    return bool(actors) or not problems

