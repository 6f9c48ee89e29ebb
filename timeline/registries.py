"""actors.yaml and tags.yaml: the Actor and Tag models and their pure parsers, and the tag slug rule.

Tags in events are normalized by the same rule as tags.yaml's keys (tag_slug).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from . import scaffold, schema
from .fieldread import read_mapping
from . import yamlread as yr
from .errors import Problem


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    description: str
    url: str | None
    names: dict[str, str] = field(default_factory=dict, hash=False)          # other languages' names, by code
    descriptions: dict[str, str] = field(default_factory=dict, hash=False)   # and descriptions
    name_lang: str | None = None         # set when the name is shown in another language than its page's
    description_lang: str | None = None  # and the description

    def in_language(self, code: str, default: str) -> "Actor":
        """The actor as a page in code shows it: its name there, its id unchanged (default: the site's language)."""
        return _in_language(self, code, default)


@dataclass(frozen=True)
class Tag:
    id: str
    name: str
    description: str
    names: dict[str, str] = field(default_factory=dict, hash=False)
    descriptions: dict[str, str] = field(default_factory=dict, hash=False)
    name_lang: str | None = None
    description_lang: str | None = None

    def in_language(self, code: str, default: str) -> "Tag":
        return _in_language(self, code, default)


def _in_language(item, code: str, default: str):
    """An actor or tag with its name and description in code, where it has them; else in default's words,
    which then say their language (name_lang, description_lang) for pages to mark them."""
    if code == default:
        return item
    name, description = item.names.get(code), item.descriptions.get(code)
    return replace(item, name=name or item.name, description=description or item.description,
                   name_lang=None if name else default,
                   description_lang=None if description or not item.description else default)


def tag_slug(text: str) -> str:
    """Normalize a tag to a lowercase ASCII slug ('Arms Control' -> 'arms-control')."""
    spaced = "".join(ch if ch.isalnum() else " " for ch in text)  # dashes and zero-width marks separate words
    folded = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded))


def parse_actors(text: str, path: str) -> tuple[dict[str, Actor], list[Problem]]:
    """Parse actors.yaml: ids mapped to name, kind, aliases, description, url."""
    node, problems = yr.load_mapping(text, path)
    if node is None:
        return {}, problems
    problems += scaffold.scaffolding_problems(node, path, 0)  # published on every actor's page
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
        values, lines, found = read_mapping(value_node, schema.ACTOR_FIELDS, path, 0, f"{actor_id}.")
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
                                 values.get("description", ""), values.get("url"), values.get("names", {}),
                                 values.get("descriptions", {}))
    return actors, problems


def parse_tags(text: str, path: str) -> tuple[dict[str, Tag], list[Problem]]:
    """Parse tags.yaml: tag slugs mapped to a name and description."""
    node, problems = yr.load_mapping(text, path)
    if node is None:
        return {}, problems
    problems += scaffold.scaffolding_problems(node, path, 0)
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
        values, _, found = read_mapping(value_node, schema.TAG_FIELDS, path, 0, f"{tag_id}.")
        problems.extend(found)
        if not found:
            tags[tag_id] = Tag(tag_id, values.get("name") or tag_id.replace("-", " ").capitalize(), values.get("description", ""),
                               values.get("names", {}), values.get("descriptions", {}))
    return tags, problems


def actors_file_readable(actors: dict[str, Actor], problems: list[Problem]) -> bool:
    """Whether actor ids can be checked: not when actors.yaml had problems and gave no actor at all."""
    return bool(actors) or not problems

