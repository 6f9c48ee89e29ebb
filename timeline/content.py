"""The content models (Event, Page, Actor, Tag) and the pure parsers that make them from text.

Every parse_* function takes text and a path to name in problems, and returns a
model or located problems; reading files is loader.py's job.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import scaffold, schema, urls
from . import yamlread as yr
from .aliases import read_aliases
from .dates import PartialDate, parse_date, span_problem
from .errors import Problem
from .linkrecords import LinkRecord
from .markup import ID_PREFIX, first_paragraph_summary, render_text
from .registries import Actor, Tag, actors_file_readable, parse_actors, parse_tags, tag_slug  # noqa: F401 (read from here too)
from .fieldread import read_mapping
from .schema import Item

MAX_FILE_BYTES = 2_000_000
VERSION_LENGTH = 12


def words_version(title: str, summary: str, body: str, notes: list[tuple[str, str]]) -> str:
    """A short hash of an original's words as written (title, summary, body, dated update notes): what a
    translation records in translated_from, so an edit to the words shows it is behind."""
    text = "\0".join([title, summary, body.strip(), *(f"{date}\0{note}" for date, note in notes)])
    return hashlib.sha256(text.encode()).hexdigest()[:VERSION_LENGTH]


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
    aliases: tuple[str, ...] = ()   # old URLs, site-relative (aliases.py)
    alias_lines: tuple[int, ...] = field(default=(), compare=False, hash=False)
    version: str = field(default="", compare=False, hash=False)   # words_version of the words as written
    # Set on an event as another language's pages show it: the language its words are in when they are
    # the original's (no translation yet), and the language of its update notes when those are.
    words_lang: str = ""
    updates_lang: str = ""
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
    aliases: tuple[str, ...] = ()
    alias_lines: tuple[int, ...] = field(default=(), compare=False, hash=False)
    version: str = field(default="", compare=False, hash=False)
    words_lang: str = ""   # as on Event: the original's language, shown where no translation is


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


@dataclass(frozen=True)
class Partial:
    """What a file with errors still says, so the checks across files run on it too: its slug, and
    the actors, tags and related events that were read. It is never published."""

    kind: str                       # "event" or "page"
    path: str
    slug: str | None                # None when neither slug: nor the file name is a valid slug
    slug_line: int
    actors: tuple[Item, ...] = ()
    tags: tuple[Item, ...] = ()
    related: tuple[Relation, ...] = ()


def _read_front_matter(text: str, path: str, fields):
    """Split off the front matter and read it against the declared fields: (front, node, values, lines,
    problems); front is None when there is no front matter, node None when its YAML cannot be read."""
    try:
        front = yr.split_front_matter(text, path)
    except yr.FrontMatterMissing as missing:
        return None, None, {}, {}, [missing.problem]
    node, problems = yr.load_mapping(front.yaml_text, path, front.yaml_line)
    if node is None:
        return front, None, {}, {}, problems
    values, lines, problems = read_mapping(node, fields, path, front.yaml_line - 1)
    return front, node, values, lines, problems


def _slug(values: dict, path: str, problems: list[Problem]) -> str:
    """The slug: given, or the file name, which must then be a valid slug."""
    slug = values.get("slug") or slug_from_filename(path)
    if "slug" not in values and not schema.SLUG.fullmatch(slug):
        problems.append(Problem(path, 1, f'file name "{slug}" is not a valid slug',
                                "rename the file to lowercase letters, digits and hyphens, or set slug:"))
    return slug


def _text(markdown: str, path: str, first_line: int, problems: list[Problem], id_prefix: str = ID_PREFIX,
          what: str = "") -> str:
    """Markdown rendered, with a warning for each thing the sanitizer left out, at its line."""
    html, dropped = render_text(markdown, id_prefix)
    problems += [Problem(path, first_line + piece.line, what + piece.message, piece.hint, warning=True) for piece in dropped]
    return html


def _unfinished(front: yr.FrontMatter, node, values: dict, path: str, kind: str) -> list[Problem]:
    """The scaffolding `new` and `import` leave, in a file that is no draft (and not one whose draft:
    could not be read: it may be one)."""
    draft_given = any(isinstance(key, yr.yaml.ScalarNode) and key.value == "draft" for key, _ in node.value)
    if values.get("draft", False) or (draft_given and "draft" not in values):
        return []
    keep = f"or keep the {kind} a draft (draft: true)"
    problems = scaffold.scaffolding_problems(node, path, front.yaml_line - 1, keep)
    prompt = scaffold.body_prompt_problem(front.body, front.body_line, path, keep)
    return problems + ([prompt] if prompt else [])


def _updates(node, front: yr.FrontMatter, values: dict, path: str, problems: list[Problem]) -> tuple[Update, ...]:
    """The update notes, each rendered with its own id prefix and its warnings at the note's line."""
    notes = _note_lines(node, front.yaml_line - 1)
    return tuple(Update(item.value["date"], _text(item.value["note"], path, notes.get(item.line, item.line), problems,
                                                  f"note{number}-", f"updates[{number - 1}].note: "))
                 for number, item in enumerate(values.get("updates", []), start=1))


def _note_lines(node, offset: int) -> dict[int, int]:
    """The line each update's note text starts on, by the line of its list item."""
    updates = next((value for key, value in node.value if key.value == "updates"), None)
    if not isinstance(updates, yr.yaml.SequenceNode):
        return {}
    return {yr.line_of(item, offset): yr.line_of(value, offset) + (value.style in ("|", ">"))  # text under `note: |`
            for item in updates.value if isinstance(item, yr.yaml.MappingNode)
            for key, value in item.value if key.value == "note"}


def parse_event(text: str, path: str) -> tuple[Event | None, list[Problem]]:
    """Parse one event file's text into an Event (with its warnings), or return its problems."""
    event, problems = parse_event_file(text, path)
    return (event if isinstance(event, Event) else None), problems


def parse_event_file(text: str, path: str) -> tuple[Event | Partial | None, list[Problem]]:
    """Parse one event file's text: the Event and its warnings, or its problems and, when its front
    matter could be read, the Partial event the checks across files still need."""
    front, node, values, lines, problems = _read_front_matter(text, path, schema.EVENT_FIELDS)
    if front is None:
        return None, problems
    body_html = _text(front.body, path, front.body_line, problems)
    if node is None:
        return None, problems
    problems += _unfinished(front, node, values, path, "event")
    draft = values.get("draft", False)
    slug = _slug(values, path, problems)
    start, end = values.get("date"), values.get("end_date")
    wrong_span = span_problem(start, end) if isinstance(start, PartialDate) and isinstance(end, PartialDate) else None
    if wrong_span:
        problems.append(Problem(path, lines["end_date"], *wrong_span))
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
    aliases, alias_lines = read_aliases(values.get("aliases", []), urls.event, path, problems)
    updates = _updates(node, front, values, path, problems)
    if any(not problem.warning for problem in problems):
        known = slug if "slug" in values or schema.SLUG.fullmatch(slug) else None
        return Partial("event", path, known, lines.get("slug", 1), tuple(actors), tuple(tags), tuple(related)), problems

    summary = values.get("summary") or first_paragraph_summary(body_html)
    event = Event(
        slug=slug, title=values["title"], date=start, end_date=end,
        approximate=values.get("approximate", False),
        actors=tuple(item.value for item in actors), tags=tuple(dict.fromkeys(item.value for item in tags)),
        summary=summary, body_html=body_html,
        sources=tuple(Source(**item.value) for item in sources),
        milestone=values.get("milestone", False), related=tuple(related), updates=updates,
        draft=draft, path=path, lines=lines,
        actor_lines=tuple(item.line for item in actors), tag_lines=tuple(item.line for item in tags),
        aliases=aliases, alias_lines=alias_lines,
        version=words_version(values["title"], values.get("summary", ""), front.body,
                              [(item.value["date"].iso(), item.value["note"]) for item in values.get("updates", [])]),
        source_lines=tuple(item.line for item in sources),
    )
    return event, problems


def parse_page(text: str, path: str) -> tuple[Page | None, list[Problem]]:
    """Parse a plain page (title and body) such as About."""
    page, problems = parse_page_file(text, path)
    return (page if isinstance(page, Page) else None), problems


def parse_page_file(text: str, path: str) -> tuple[Page | Partial | None, list[Problem]]:
    """Parse a plain page: the Page and its warnings, or its problems and its Partial page."""
    front, node, values, lines, problems = _read_front_matter(text, path, schema.PAGE_FIELDS)
    if front is None:
        return None, problems
    body_html = _text(front.body, path, front.body_line, problems)
    if node is None:
        return None, problems
    problems += _unfinished(front, node, values, path, "page")
    slug = _slug(values, path, problems)
    aliases, alias_lines = read_aliases(values.get("aliases", []), urls.page, path, problems)
    if any(not problem.warning for problem in problems):
        known = slug if "slug" in values or schema.SLUG.fullmatch(slug) else None
        return Partial("page", path, known, lines.get("slug", 1)), problems
    return Page(slug, values["title"], values.get("description") or first_paragraph_summary(body_html),
                body_html, values.get("draft", False), path, values.get("menu", True), aliases, alias_lines,
                words_version(values["title"], values.get("description", ""), front.body, [])), problems


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
    partial: list[Partial] = field(default_factory=list)  # files with errors, for the checks across files
    translations: list = field(default_factory=list)      # Translation models (translations.py), every language
    link_records: dict[str, LinkRecord] = field(default_factory=dict)  # content/sources.yaml: url -> last check
