"""The `new` command: a draft event file with its front matter filled in from the schema."""
from __future__ import annotations

import datetime
import errno
import json
import os
from pathlib import Path

from . import urls
from .content import Actor, actor_spellings, parse_event, slug_from_filename, tag_slug
from .dates import PartialDate
from .errors import Problem, display_path
from .loader import load_registries
from .hints import did_you_mean
from .scaffold import BODY_PROMPT
from .schema import EVENT_FIELDS
from .slugs import title_slug

SLUG_WORDS_LIMIT = 60


def yaml_string(text: str) -> str:
    """A YAML scalar that reads back as exactly text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def yaml_date(date: PartialDate) -> str:
    """A date as front matter writes it: bare at day precision, quoted otherwise (YAML would read 2009 as a number)."""
    return date.iso() if date.precision == "day" else f'"{date.iso()}"'


def draft_file(given_lines: list[str], given: set[str], after_body: str = "") -> str:
    """A draft event file: the given front-matter lines, every other declared key as a commented example,
    and the prompt as its body (with after_body below it)."""
    lines = ["---", *given_lines, "# Other keys (remove the # to use one):"]
    lines += [f"# {field.name}: {field.example}    # {field.doc}" for field in EVENT_FIELDS if field.name not in given]
    lines += ["---", "", BODY_PROMPT, ""] + ([after_body, ""] if after_body else [])
    return "\n".join(lines)


def new_event_text(title: str, date: PartialDate, actors: list[str], tags: list[str]) -> str:
    """Front matter for a new draft: given keys filled in, the other keys as commented examples."""
    given = {"title": yaml_string(title), "date": yaml_date(date), "actors": "[" + ", ".join(actors) + "]"}
    if tags:
        given["tags"] = "[" + ", ".join(tags) + "]"
    given["draft"] = "true"
    return draft_file([f"{name}: {value}" for name, value in given.items()], set(given))


def resolve_actors(names: list[str], actors: dict[str, Actor]) -> tuple[list[str], list[Problem]]:
    spellings = actor_spellings(actors)
    ids, problems = [], []
    for name in names:
        actor_id = spellings.get(name.casefold())
        if actor_id is None:
            problems.append(Problem("--actors", None, f'unknown actor "{name}"', did_you_mean(name, list(actors))))
        elif actor_id not in ids:
            ids.append(actor_id)
    return ids, problems


def new_event_path(content_dir: Path, title: str, date: PartialDate) -> Path:
    """Where a draft titled title goes: events/<year>/<date>-<title-slug>.md, the title spelt in Latin."""
    words = title_slug(title, SLUG_WORDS_LIMIT) or "event"
    return content_dir / "events" / str(date.year) / f"{date.iso()}-{words}.md"


def write_new_event(path: Path, text: str) -> Problem | None:
    """Write the file only if nothing is there yet."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "x", encoding="utf-8")
    except OSError as error:  # the file is there, a file is where a folder is needed, no permission
        return write_refusal(path) or Problem(display_path(error.filename or path), None,
                                              f"cannot write: {error.strerror}; nothing was written")
    try:
        with handle:
            handle.write(text)
    except OSError as error:  # the disk is full
        path.unlink(missing_ok=True)  # made a moment ago, by us: half a draft would break every build
        return Problem(display_path(path), None, f"cannot write: {error.strerror}; nothing was written")
    return None


def write_refusal(path: Path) -> Problem | None:
    """What write_new_event would refuse with, found without writing (a dry run's answer)."""
    if os.path.lexists(path):
        return Problem(display_path(path), None, "already exists; nothing was written",
                       "choose another title or date, or edit the existing file")
    missing = path
    for folder in path.parents:  # the nearest folder that is there decides
        if not os.path.lexists(folder):
            missing = folder
            continue
        if not folder.is_dir():
            return Problem(display_path(folder), None, "is a file where a folder is needed; nothing was written",
                           "move that file away, then run the command again")
        if not os.access(folder, os.W_OK | os.X_OK):
            return Problem(display_path(missing), None, f"cannot write: {os.strerror(errno.EACCES)}; nothing was written")
        return None
    return None


def today() -> PartialDate:
    now = datetime.date.today()
    return PartialDate(now.year, now.month, now.day)


def create_draft(content_dir: Path, title: str, date: PartialDate, actor_names: list[str],
                 tag_names: list[str]) -> tuple[Path | None, list[Problem]]:
    """Write a new draft event under content_dir/events/<year>/, unless a file is there; return its path."""
    registries = load_registries(content_dir)  # only actors.yaml is needed, not every event
    actors, problems = resolve_actors(actor_names, registries.actors)
    if problems:
        return None, problems
    tags = list(dict.fromkeys(tag_slug(name) for name in tag_names if tag_slug(name)))
    path = new_event_path(content_dir, title, date)
    text = new_event_text(title, date, actors, tags)
    # The draft is checked by every build: one that would not parse (a control character in the title)
    # is refused here, with the parser's own words, instead of breaking the next build.
    found = [p for p in parse_event(text, display_path(path))[1] if not p.warning]
    if found:
        return None, [Problem("title", None, problem.message.removeprefix("title: "), "type the title without it")
                      for problem in found]
    problem = write_new_event(path, text)
    return (None, [problem]) if problem else (path, [])


def preview_url(content_dir: Path, path: Path) -> str | None:
    """Where `serve`, on its default address, shows the draft written at path; None when the build skips
    it (it lies in a folder, or has a name, starting with "_" or ".", as the importer's _incomplete/)."""
    try:
        parts = path.relative_to(content_dir).parts
    except ValueError:
        parts = path.parts
    if any(part.startswith(("_", ".")) for part in parts):
        return None
    return urls.preview(urls.event(slug_from_filename(str(path))))
