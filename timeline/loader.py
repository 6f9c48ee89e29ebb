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
from .content import MAX_FILE_BYTES, ContentTree, Event, Page, Partial, decode, parse_event_file, parse_page_file
from .errors import Problem, display_path
from .files import FileRefused, read_file
from .registries import Actor, Tag, actors_file_readable, parse_actors, parse_tags
from .linkrecords import LinkRecord, decode_records, load_records, records_path
from .listing import list_content
from .translations import Translation, parse_event_translation, parse_page_translation, translation_name
from .workers import map_parallel

PARALLEL_PARSE_AT = 300  # fewer files than this parse faster in one process than a pool starts
# The kind is part of the key: the same bytes parse differently.
PARSERS = {"event": parse_event_file, "page": parse_page_file,
           "event-translation": parse_event_translation, "page-translation": parse_page_translation}


def read_bytes(path: Path | str, limit: int = MAX_FILE_BYTES,
               inside: tuple[Path, ...] = ()) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or why they are not read: regular files of at most limit bytes only, and with
    `inside`, only files that really lie in one of those folders (files.py)."""
    try:
        return read_file(path, limit, inside), []
    except FileRefused as refused:
        return None, [Problem(display_path(path), refused.line, refused.message, refused.hint)]
    except OSError as error:
        return None, [Problem(display_path(path), None, f"cannot read: {error.strerror}")]


def read_text(path: Path, inside: tuple[Path, ...] = ()) -> tuple[str | None, list[Problem]]:
    """A file's text, checked as every content and settings file is (UTF-8, size, no control characters)."""
    data, problems = read_bytes(path, inside=inside)
    return (None, problems) if data is None else decode(data, display_path(path))


@dataclass
class Registries:
    """actors.yaml and tags.yaml, read once for the build, `new` and `import`."""

    actors: dict[str, Actor]
    tags: dict[str, Tag]
    problems: list[Problem]
    actors_readable: bool
    tags_readable: bool = True


def load_registries(content_dir: Path, project: Path | None = None) -> Registries:
    """Read actors.yaml (required) and tags.yaml (optional) from the content folder."""
    return _parse_registries(content_dir, _registry_bytes(content_dir, allowed_folders(content_dir, project)))


def allowed_folders(content_dir: Path, project: Path | None) -> tuple[Path, ...]:
    """Where a content file may really lie, links followed: the content folder or the project's."""
    return (content_dir, project if project is not None else Path(os.path.abspath(content_dir)).parent)


def _registry_bytes(content_dir: Path, inside: tuple[Path, ...]) -> tuple[tuple[bytes | None, list[Problem]], ...]:
    """The bytes of actors.yaml and tags.yaml, each read once; (None, []) for a file that is not there."""
    return tuple(read_bytes(path, inside=inside) if os.path.lexists(path) else (None, [])
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
    tags_readable = not (tags_problems or tag_problems) or bool(tags)
    return Registries(actors, tags, problems + found + tag_problems, readable, tags_readable)


def _parse_registry(data: bytes | None, path: Path, parse) -> tuple[dict, list[Problem]]:
    if data is None:
        return {}, []
    text, problems = decode(data, display_path(path))
    return ({}, problems) if text is None else parse(text, display_path(path))


def load_content(content_dir: Path, files: FileCache | None = None, changed: frozenset[str] = frozenset(),
                 parallel: bool = False, project: Path | None = None) -> ContentTree:
    """Read and parse every file of the content folder, collecting all problems.

    changed names files the caller knows were written since the last load with this cache: they
    are read again whatever their signature says, and when every one of them is a file the last
    listing had, the folder is not walked again. A file that is a link may lead only into the
    content folder or the project folder (by default, the content folder's parent).
    """
    files = files if files is not None else FileCache()
    if not content_dir.is_dir():
        files.forget_listing()
        return ContentTree([], [], {}, {}, [Problem(display_path(content_dir), None, "content folder not found")])
    files.start_load()
    inside = allowed_folders(content_dir, project)
    registries = _registries(content_dir, files, inside)
    link_records, record_problems = _link_records(content_dir, files, inside)
    changed_paths = spelt_as_listed(changed, content_dir)
    listing = files.listing_from_names(content_dir, changed_paths)
    named = listing is not None
    if listing is None:
        listing = files.remember_listing(content_dir, *list_content(content_dir))
    jobs = [(_kind("event", path), path) for path in listing.events] + [(_kind("page", path), path) for path in listing.pages]
    results = _read_and_parse(jobs, files, changed_paths, named, parallel, inside)
    problems = list(registries.problems) + record_problems + list(listing.problems)
    events: list[Event] = []
    pages: list[Page] = []
    partial: list[Partial] = []
    translations: list[Translation] = []
    file_keys: dict[str, str] = {}
    for (kind, _), result in zip(jobs, results):
        problems += result.problems
        if isinstance(result.model, Translation):
            translations.append(result.model)
        elif isinstance(result.model, Partial):  # a file with errors: still checked against the others
            partial.append(result.model)
        elif result.model is not None:
            (events if kind == "event" else pages).append(result.model)
            file_keys[result.model.path] = result.key
    return ContentTree(events, pages, registries.actors, registries.tags, problems, registries.actors_readable,
                       registries.tags_readable, file_keys, partial, translations, link_records)


def _kind(kind: str, path: str) -> str:
    """An event or page file, or a translation of one (named <slug>.<code>.md)."""
    return f"{kind}-translation" if translation_name(path) else kind


def spelt_as_listed(changed: frozenset[str], content_dir: Path) -> set[str]:
    """The changed paths, absolute and spelt as the listing spells its files. The watcher names them with
    links resolved: under a content folder reached through a link they would match no listed file and
    seem to lie outside it, and an edit there would never be read."""
    listed = os.path.abspath(content_dir)
    real = os.path.realpath(listed)
    paths = {os.path.abspath(path) for path in changed}
    if real == listed:
        return paths
    return {listed + path[len(real):] if path == real or path.startswith(real + os.sep) else path for path in paths}


def _registries(content_dir: Path, files: FileCache, inside: tuple[Path, ...]) -> Registries:
    """load_registries, parsed again only when the bytes of actors.yaml or tags.yaml changed."""
    read = _registry_bytes(content_dir, inside)
    key = (os.path.abspath(content_dir), read)
    if files.registries is None or files.registries[0] != key:
        files.registries = (key, _parse_registries(content_dir, read))  # the bytes parsed are the bytes compared
    return files.registries[1]


def _link_records(content_dir: Path, files: FileCache,
                  inside: tuple[Path, ...]) -> tuple[dict[str, LinkRecord], list[Problem]]:
    """content/sources.yaml, read on every load (it is small next to the events) and parsed again
    only when its bytes changed."""
    data, problems = load_records(content_dir, inside)
    if data is None:
        return {}, problems
    key = (os.path.abspath(content_dir), data)
    if files.records is None or files.records[0] != key:
        files.records = (key, decode_records(data, display_path(records_path(content_dir))))
    return files.records[1]


def _read_and_parse(jobs: list[tuple[str, str]], files: FileCache, changed: set[str], named: bool,
                    parallel: bool, inside: tuple[Path, ...]) -> list[Parsed]:
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
        data, problems = read_bytes(path, inside=inside)
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
