"""Aliases: old URLs of an event or a page, each published as a small page that sends readers on.

An alias is an old slug (`2009-05-06-old-name`: the URL the event or page had
under that slug) or a path on the site (`/events/old-name/`, `/2009/old.html`),
relative to the site's root, which is base_url's path. A path names a folder
served as its index.html, the site's URL style, unless it ends in `.html`.

The paths an alias may not take come from urls.py: the home page, the site's
own files and every page family's folder, except that events/ takes
events/<slug>/. Which URLs other pages and aliases hold is checked across
the whole content tree (check_aliases), drafts included, since a draft's
URL is published the day it is.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable
from urllib.parse import urlsplit

from . import urls
from .errors import Problem
from .schema import SLUG, Item

ALIAS_LIMIT = 200
SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
EVENTS_FOLDER = urls.event("x").removesuffix("x/")   # "events/"
RESERVED_FOLDERS = frozenset(name.casefold() for name in urls.RESERVED_PAGE_SLUGS) - {EVENTS_FOLDER.strip("/")}


class AliasRefused(ValueError):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


def alias_url(text: str, slug_url: Callable[[str], str]) -> str:
    """The site-relative URL an alias names (slug_url gives an old slug's), or AliasRefused saying why not."""
    if len(text) > ALIAS_LIMIT:
        raise AliasRefused(f"is longer than {ALIAS_LIMIT} characters")
    if "/" not in text and ":" not in text:
        if not SLUG.fullmatch(text):
            raise AliasRefused("is neither a slug nor a path",
                               "write the old slug (lowercase letters, digits, single hyphens) or a path such as /old/")
        text = "/" + slug_url(text)  # and checked as the path it is: a page's old slug may be "actors"
    if text.startswith("//") or SCHEME.match(text):
        path = urlsplit(text).path if text.startswith(("//", "http:", "https:")) else ""
        raise AliasRefused("is a full address; an alias is a path on this site",
                           f"write the path alone: {path}" if path not in ("", "/") else "write the old path, /old/")
    body = text.removeprefix("/")
    folder = body.endswith("/") or body == ""
    segments = body.removesuffix("/").split("/") if body else []
    for segment in segments:
        if segment in (".", ".."):
            raise AliasRefused(f'has a "{segment}" part', "write the path itself, without . or .. parts")
        if segment == "":
            raise AliasRefused("has an empty part (//)")
        odd = re.search(r"[^A-Za-z0-9._~-]", segment)
        if odd:
            shown = odd.group()
            raise AliasRefused(f'has the character "{shown}"' if shown.isprintable() and shown != " "
                               else f"has the character U+{ord(shown):04X}", "a path may hold ASCII letters, digits and - _ . ~")
        if segment.startswith("."):
            raise AliasRefused(f'has the hidden name "{segment}"', "hosts do not serve names starting with a dot")
    if not folder and segments[-1].casefold() == "index.html":
        segments, folder = segments[:-1], True  # /old/index.html is /old/
    if not segments:
        raise AliasRefused("is the home page")
    is_file = not folder and segments[-1].endswith(".html")
    url = "/".join(segments) + ("" if is_file else "/")
    first = segments[0].casefold()
    if first in RESERVED_FOLDERS:
        where = f"is the site's own /{segments[0]}" if len(segments) == 1 else f"is under /{segments[0]}/, which the site's own pages use"
        raise AliasRefused(where, "choose another path")
    if first == EVENTS_FOLDER.strip("/") and not (len(segments) == 2 and not is_file and SLUG.fullmatch(segments[1])):
        raise AliasRefused(f"is in {EVENTS_FOLDER} but is not an event's URL",
                           f"in {EVENTS_FOLDER} an alias is {EVENTS_FOLDER}<slug>/, or write the old slug alone")
    return url


def read_aliases(items: Iterable[Item], slug_url: Callable[[str], str], path: str,
                 problems: list[Problem]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The URLs of an event's or page's aliases and their lines; what is wrong goes into problems."""
    found: list[tuple[str, int]] = []
    for item in items:
        try:
            found.append((alias_url(item.value, slug_url), item.line))
        except AliasRefused as refused:
            problems.append(Problem(path, item.line, f'aliases: "{item.value}" {refused.message}', refused.hint))
    return tuple(url for url, _ in found), tuple(line for _, line in found)


def check_aliases(events: Iterable, pages: Iterable) -> list[Problem]:
    """Every alias names a URL that no event, page or other alias has, and no folder over another's file."""
    owners = [(event, "event", urls.event(event.slug)) for event in events]
    owners += [(page, "page", urls.page(page.slug)) for page in pages]
    # Folded: on a host that ignores case (macOS, Windows), /About/ and /about/ are one file.
    pages_at: dict[str, tuple[str, str]] = {}
    for item, kind, url in owners:
        pages_at.setdefault(urls.file_path(url).casefold(), (kind, item.path))
    problems: list[Problem] = []
    aliases_at: dict[str, tuple[str, int, str]] = {}   # folded file -> (path, line, URL as written)
    for item, kind, _ in owners:
        for url, line in zip(item.aliases, item.alias_lines):
            file = urls.file_path(url).casefold()
            page, alias = pages_at.get(file), aliases_at.get(file)
            if page is not None:
                where = f"this {kind}'s own URL" if page[1] == item.path else f"the URL of the {page[0]} {page[1]}"
                problems.append(Problem(item.path, line, f"aliases: /{url} is {where}", "remove it from aliases"))
            elif alias is not None:
                where = "this file" if alias[0] == item.path else alias[0]
                problems.append(Problem(item.path, line, f"aliases: /{url} is also an alias in {where} (line {alias[1]})",
                                        "an old URL can lead to one page only"))
            else:
                aliases_at[file] = (item.path, line, url)
    # A file and a folder cannot share a name: /old.html and /old.html/more/ cannot both be published.
    files_at = {file: holder[1] for file, holder in pages_at.items()} | {file: at[0] for file, at in aliases_at.items()}
    for file, (path, line, url) in aliases_at.items():
        parts = file.split("/")
        for end in range(1, len(parts)):
            folder = "/".join(parts[:end])
            if folder in files_at:
                holder = "this file" if files_at[folder] == path else files_at[folder]
                problems.append(Problem(path, line, f"aliases: /{url} needs a folder named /{url[:len(folder)]}, "
                                        f"where {holder} publishes a file", "choose another path"))
                break
    return problems
