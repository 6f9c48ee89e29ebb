"""Translation files (<slug>.<code>.md beside the original): the Translation model and its pure parser.

A translation holds only words: a title, a summary (a page's description), the
body and, optionally, the original's update notes in its language. Everything
structural (date, actors, tags, sources, related events, milestone, ...) is the
original's; a translation that sets it is an error at its line. Which original
it belongs to is its file name: the original's slug, then the language code.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from . import schema
from . import yamlread as yr
from .content import Update, _read_front_matter, _text, _unfinished, _updates, words_version  # noqa: F401
from .errors import Problem
from .markup import first_paragraph_summary

# "2009-05-06-lavrov-news-conference.ru.md" -> slug and code; the code as site.yaml's languages spell it.
_NAME = re.compile(r"(?P<slug>[^.]+)\.(?P<code>[a-z]{2,3}(?:-[a-zA-Z0-9]{2,8})*)\.md")


def translation_name(path: str) -> tuple[str, str] | None:
    """(the original's slug, the language code) when the file name is a translation's, else None."""
    match = _NAME.fullmatch(os.path.basename(path))  # not PurePath: this runs for every file on every load
    return (match["slug"], match["code"]) if match else None


@dataclass(frozen=True)
class Translation:
    """The words of an event or page in another language."""

    kind: str             # "event" or "page": what it translates
    slug: str             # the original's slug
    lang: str
    title: str
    summary: str          # a page's description; "" when neither given nor derivable
    body_html: str
    updates: tuple[Update, ...]
    translated_from: str | None
    draft: bool
    path: str
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)


_STRUCTURAL = {"event": {f.name for f in schema.EVENT_FIELDS} - {f.name for f in schema.TRANSLATION_FIELDS},
               "page": {f.name for f in schema.PAGE_FIELDS} - {f.name for f in schema.PAGE_TRANSLATION_FIELDS}}
_FIELDS = {"event": schema.TRANSLATION_FIELDS, "page": schema.PAGE_TRANSLATION_FIELDS}


def parse_translation(text: str, path: str, kind: str = "event") -> tuple[Translation | None, list[Problem]]:
    """Parse a translation file's text into a Translation (with its warnings), or return its problems."""
    named = translation_name(path)
    if named is None:
        return None, [Problem(path, 1, "not a translation's file name", "name it <slug>.<code>.md, e.g. my-event.ru.md")]
    slug, lang = named
    front, node, values, lines, problems = _read_words(text, path, kind)
    if front is None:
        return None, problems
    body_html = _text(front.body, path, front.body_line, problems)
    if node is None:
        return None, problems
    problems += _unfinished(front, node, values, path, "translation")
    updates = _updates(node, front, values, path, problems)
    if any(not problem.warning for problem in problems):
        return None, problems
    summary = values.get("summary") or values.get("description") or first_paragraph_summary(body_html)
    return Translation(kind, slug, lang, values["title"], summary, body_html, updates, values.get("translated_from"),
                       values.get("draft", False), path, lines), problems


def _read_words(text: str, path: str, kind: str):
    """The front matter read against the translation's fields; a structural key is named as such, at its line."""
    front, node, values, lines, problems = _read_front_matter(text, path, _FIELDS[kind])
    structural = _STRUCTURAL[kind]
    kept = []
    for problem in problems:
        key = problem.message.removesuffix(": unknown key")
        if key in structural:
            kept.append(Problem(path, problem.line, f"{key}: a translation holds only words; {key} comes from the original",
                                f"remove it: a translation may set {', '.join(f.name for f in _FIELDS[kind])}"))
        else:
            kept.append(problem)
    return front, node, values, lines, kept


def parse_event_translation(text: str, path: str):
    return parse_translation(text, path, "event")


def parse_page_translation(text: str, path: str):
    return parse_translation(text, path, "page")


def front_and_body(text: str, path: str) -> tuple[str, str]:
    """The raw front matter and body of an original, for `new --translate` to copy its words from."""
    front = yr.split_front_matter(text, path)
    return front.yaml_text, front.body
