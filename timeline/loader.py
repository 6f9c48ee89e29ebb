"""Read the content folder into a ContentTree: list its files, read each one once, parse what is new.

This is the one path by which a content file is read and parsed. It is given a
FileCache (cache.py) to remember results by content key and by stat signature;
without one it starts an empty cache, so both ways run the same code. New files
are parsed in forked workers when there are enough of them to pay.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .cache import FileCache, Parsed, file_signature, parse_key
from .content import (Actor, ContentTree, Event, Page, Tag, actors_file_readable, decode, parse_actors, parse_event, parse_page,
                      parse_tags)
from .errors import Problem, display_path
from .workers import map_parallel

PARALLEL_PARSE_AT = 300  # fewer files than this parse faster in one process than a pool starts
PARSERS = {"event": parse_event, "page": parse_page}  # the kind is part of the key: the same bytes parse differently


def list_content(content_dir: Path) -> tuple[list[str], list[str]]:
    """Event and page files as strings, skipping names that start with _ or . (os.scandir: fast on big trees)."""
    top = str(content_dir)  # as os.walk(Path) and Path / name spell it
    pages_dir = os.path.join(top, "pages")
    events: list[str] = []
    pages: list[str] = []

    def walk(folder: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        subfolders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.name.startswith(("_", ".")) and not entry.is_symlink():
                    subfolders.append(entry.path)
            elif entry.name.endswith(".md") and not entry.name.startswith(("_", ".")):
                (pages if folder == pages_dir else events).append(entry.path)
        for subfolder in subfolders:
            walk(subfolder)

    walk(top)
    return events, pages


def read_bytes(path: Path | str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or why they cannot be read: the one way input files are opened."""
    try:
        with open(path, "rb") as handle:
            return handle.read(), []
    except OSError as error:
        return None, [Problem(display_path(path), None, f"cannot read: {error.strerror}")]


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """A file's text, checked as every content and settings file is (UTF-8, size, no control characters)."""
    data, problems = read_bytes(path)
    return (None, problems) if data is None else decode(data, display_path(path))


@dataclass
class Registries:
    """actors.yaml and tags.yaml, read once for the build, `new` and `import`."""

    actors: dict[str, Actor]
    tags: dict[str, Tag]
    problems: list[Problem]
    actors_readable: bool


def load_registries(content_dir: Path) -> Registries:
    """Read actors.yaml (required) and tags.yaml (optional) from the content folder."""
    return _parse_registries(content_dir, _registry_bytes(content_dir))


def _registry_bytes(content_dir: Path) -> tuple[tuple[bytes | None, list[Problem]], ...]:
    """The bytes of actors.yaml and tags.yaml, each read once; (None, []) for a file that is not there."""
    return tuple(read_bytes(path) if path.is_file() else (None, [])
                 for path in (content_dir / "actors.yaml", content_dir / "tags.yaml"))


def _parse_registries(content_dir: Path, read: tuple[tuple[bytes | None, list[Problem]], ...]) -> Registries:
    (actors_data, actors_problems), (tags_data, tags_problems) = read
    actors_path, tags_path = content_dir / "actors.yaml", content_dir / "tags.yaml"
    problems = actors_problems + tags_problems
    if actors_data is None and not actors_problems:
        problems.append(Problem(display_path(actors_path), None, "actors.yaml not found", "every event names its actors from it"))
    actors, found = _parse_registry(actors_data, actors_path, parse_actors)
    tags, tag_problems = _parse_registry(tags_data, tags_path, parse_tags)
    readable = actors_data is not None and actors_file_readable(actors, actors_problems + found)
    return Registries(actors, tags, problems + found + tag_problems, readable)


def _parse_registry(data: bytes | None, path: Path, parse) -> tuple[dict, list[Problem]]:
    if data is None:
        return {}, []
    text, problems = decode(data, display_path(path))
    return ({}, problems) if text is None else parse(text, display_path(path))


def load_content(content_dir: Path, files: FileCache | None = None, changed: frozenset[str] = frozenset(),
                 parallel: bool = False) -> ContentTree:
    """Read and parse every file of the content folder, collecting all problems.

    changed names files the caller knows were written since the last load with this cache: they
    are read again whatever their signature says, and when every one of them is a file the last
    listing had, the folder is not walked again.
    """
    files = files if files is not None else FileCache()
    if not content_dir.is_dir():
        return ContentTree([], [], {}, {}, [Problem(display_path(content_dir), None, "content folder not found")])
    files.start_load()
    registries = _registries(content_dir, files)
    changed_paths = {os.path.abspath(p) for p in changed}
    named = files.names_suffice(content_dir, changed_paths)
    listing = files.listing if named else files.remember_listing(content_dir, *list_content(content_dir))
    jobs = [("event", path) for path in listing.events] + [("page", path) for path in listing.pages]
    results = _read_and_parse(jobs, files, changed_paths, named, parallel)
    problems = list(registries.problems)
    events: list[Event] = []
    pages: list[Page] = []
    file_keys: dict[str, str] = {}
    for (kind, _), result in zip(jobs, results):
        problems += result.problems
        if result.model is not None:
            (events if kind == "event" else pages).append(result.model)
            file_keys[result.model.path] = result.key
    return ContentTree(events, pages, registries.actors, registries.tags, problems, registries.actors_readable, file_keys)


def _registries(content_dir: Path, files: FileCache) -> Registries:
    """load_registries, parsed again only when the bytes of actors.yaml or tags.yaml changed."""
    read = _registry_bytes(content_dir)
    key = (os.path.abspath(content_dir), read)
    if files.registries is None or files.registries[0] != key:
        files.registries = (key, _parse_registries(content_dir, read))  # the bytes parsed are the bytes compared
    return files.registries[1]


def _read_and_parse(jobs: list[tuple[str, str]], files: FileCache, changed: set[str], named: bool,
                    parallel: bool) -> list[Parsed]:
    results: list[Parsed | None] = [None] * len(jobs)
    misses: list[tuple[int, str, str, str, tuple | None]] = []  # (index, kind, shown path, text, signature)
    for index, (kind, path) in enumerate(jobs):
        shown = files.shown(path)
        unchanged = not changed or files.absolute(path) not in changed
        if named and unchanged:  # the watcher named every change: the others need not even be stat'ed
            remembered = files.remembered(shown)
            if remembered is not None:
                results[index] = remembered
                continue
        signature = file_signature(path)
        remembered = files.remembered(shown, signature) if signature and unchanged else None
        if remembered is not None:
            results[index] = remembered
            continue
        data, problems = read_bytes(path)
        if data is None:
            results[index] = Parsed("", None, problems)
            continue
        key = parse_key(kind, shown, data)
        result = files.entries.get(key)
        if result is None:
            text, problems = decode(data, shown)
            result = Parsed(key, None, problems)  # the model is filled in below
            if text is not None:
                misses.append((index, kind, shown, text, signature))
                results[index] = result
                continue
        results[index] = result
        files.remember(shown, signature, result)
    files.parsed_count = len(misses)
    if misses:
        parsed = map_parallel(_parse_one, [(kind, shown, text) for _, kind, shown, text, _ in misses],
                              enabled=parallel and len(misses) >= PARALLEL_PARSE_AT)
        for (index, _, shown, _, signature), (model, problems) in zip(misses, parsed):
            results[index].model, results[index].problems = model, problems
            files.remember(shown, signature, results[index])  # only once parsed: a parser's crash leaves no entry
    for result in results:
        files.use(result)
    files.finish_load()
    if not named:  # with the watcher's names the listing is the last one: nothing is gone
        files.forget_all_but({files.shown(path) for _, path in jobs})
    return results


def _parse_one(job: tuple[str, str, str]) -> tuple[object, list[Problem]]:
    kind, shown, text = job
    return PARSERS[kind](text, shown)
