"""Catalogue files (i18n/<code>.yaml) -> flat entries with their lines, or located problems; the checks
that keep every language's catalogue in step with the default language's; and finding a language's
file, or saying at site.yaml's line why there is none.

A catalogue is YAML: keys nest (`site: {search: Search}` is the key site.search),
values are text with {name} placeholders, a list (the months), or a mapping by
plural category (`{one: "{n} event", other: "{n} events"}`). Everything is read
from the YAML nodes, so each problem is placed at its line.
"""
from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import yaml

from . import yamlread as yr
from .content import decode
from .errors import Problem, display_path
from .loader import read_bytes
from .hints import did_you_mean
from .plurals import CATEGORIES, categories, primary

Value = str | tuple[str, ...] | dict[str, str]   # a text, a list (the months), or forms by plural category
MONTHS = 12

# Keys the code itself asks for (words.py's dates, chart.py's description), with the kind of value
# and the {names} it fills in: every catalogue must have them and may ask for no other name.
_DATE_NAMES = frozenset({"day", "month", "month_of", "year"})
_SPAN_NAMES = frozenset({"start", "end"})
CODE_KEYS: dict[str, tuple[str, frozenset[str]]] = {
    **{f"date.{name}": ("text", _DATE_NAMES) for name in
       ("day", "month", "year", "day_start", "month_start", "since_day", "since_month", "since_year")},
    "date.months": ("list", frozenset()), "date.months_of": ("list", frozenset()),
    "date.circa_months": ("list", frozenset()),
    "date.span_days": ("text", _SPAN_NAMES), "date.span": ("text", _SPAN_NAMES),
    "date.span_years": ("text", _SPAN_NAMES), "date.since": ("text", frozenset({"date"})),
    "date.circa": ("text", frozenset()),
    "chart.title": ("text", frozenset()), "chart.title_actor": ("text", frozenset({"actor"})),
    "chart.bar": ("count", frozenset({"n", "year"})), "chart.empty": ("text", frozenset({"first", "last"})),
    "chart.description": ("text", frozenset({"bars", "busiest", "spans", "milestones", "links"})),
    "chart.bars": ("count", frozenset({"n", "first", "last"})), "chart.busiest": ("count", frozenset({"n", "year"})),
    "chart.spans": ("count", frozenset({"n"})), "chart.spans_hidden": ("count", frozenset({"n", "drawn", "hidden"})),
    "chart.milestones": ("count", frozenset({"n"})), "chart.links": ("text", frozenset()),
    "chart.more_spans": ("count", frozenset({"n"})),
}
_KINDS = {str: "text", tuple: "a list", dict: "forms by count"}


@dataclass
class Catalogue:
    path: str                                               # as shown in messages
    entries: dict[str, Value] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)     # every key's line, and every group's
    digest: str = ""                                        # the file's bytes, hashed


def parse_catalogue(text: str, path: str) -> tuple[Catalogue, list[Problem]]:
    """Read a catalogue's text into flat entries; what cannot be read is a problem at its line."""
    catalogue = Catalogue(path, digest=hashlib.sha256(text.encode("utf-8")).hexdigest())
    root, problems = yr.load_mapping(text, path)
    if root is None:
        return catalogue, problems
    stack: list[tuple[str, yaml.MappingNode]] = [("", root)]
    while stack:
        prefix, mapping = stack.pop()
        for key_node, node in mapping.value:
            line = yr.line_of(key_node, 0)
            key = prefix + str(key_node.value)
            if not yr.is_scalar(key_node, yr.STR, yr.INT) or not str(key_node.value).strip():
                problems.append(Problem(path, line, f"{key}: a key must be a word", "e.g. search: Search"))
                continue
            if key in catalogue.lines:
                problems.append(Problem(path, line, f"{key}: given twice", f"first at line {catalogue.lines[key]}"))
                continue
            catalogue.lines[key] = line
            if isinstance(node, yaml.MappingNode) and node.value and all(
                    yr.is_scalar(k, yr.STR) and k.value in CATEGORIES for k, _ in node.value):
                forms = {k.value: _text(v, f"{key}.{k.value}", path, problems) for k, v in node.value}
                if "other" not in forms:
                    problems.append(Problem(path, line, f'{key}: no "other" form', "every count falls back on it"))
                catalogue.entries[key] = {k: v for k, v in forms.items() if v is not None}
            elif isinstance(node, yaml.MappingNode):
                stack.append((key + ".", node))
            elif isinstance(node, yaml.SequenceNode):
                items = [_text(item, key, path, problems) for item in node.value]
                catalogue.entries[key] = tuple(item or "" for item in items)
            else:
                value = _text(node, key, path, problems)
                if value is not None:
                    catalogue.entries[key] = value
    return catalogue, problems


def _text(node: yaml.Node, key: str, path: str, problems: list[Problem]) -> str | None:
    """A value's text, checked for placeholders that can be filled in; None (and a problem) if it is none."""
    line = yr.line_of(node, 0)
    if not yr.is_scalar(node, yr.STR):
        problems.append(Problem(path, line, f"{key}: is {yr.kind_name(node)}, not text",
                                'put it in quotes, e.g. "No"' if yr.is_scalar(node) else None))
        return None
    try:
        placeholders(node.value)
    except ValueError:
        problems.append(Problem(path, line, f"{key}: a {{ or }} without its pair",
                                "placeholders are written {name}; write {{ or }} for a brace itself"))
        return None
    return node.value


def placeholders(text: str) -> set[str]:
    """The {names} a text asks for; ValueError when its braces do not pair up."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _names(value: Value) -> set[str]:
    if isinstance(value, str):
        return placeholders(value)
    if isinstance(value, dict):
        return set().union(*map(placeholders, value.values()))
    return set()


def _kind(value: Value) -> str:
    return "count" if isinstance(value, dict) else "list" if isinstance(value, tuple) else "text"


def check_language(catalogue: Catalogue, code: str) -> list[Problem]:
    """The catalogue gives every form its language's counts need, and every key the code asks for."""
    problems = []
    needed = categories(code)
    for key, value in catalogue.entries.items():
        if isinstance(value, dict):
            missing = [category for category in needed if category not in value]
            if missing:
                problems.append(Problem(catalogue.path, catalogue.lines[key], f"{key}: no {', '.join(missing)} form",
                                        f"counts in {primary(code)} take the forms {', '.join(needed)}"))
    for key, (kind, names) in CODE_KEYS.items():
        value = catalogue.entries.get(key)
        if value is None:
            if key not in catalogue.lines:  # else its own problem was said
                problems.append(_missing(catalogue, key, "the build's own code uses it"))
            continue
        if kind == "list" and (not isinstance(value, tuple) or len(value) != MONTHS):
            problems.append(Problem(catalogue.path, catalogue.lines[key], f"{key}: must be a list of the {MONTHS} months"))
        elif kind != "list" and isinstance(value, tuple):
            problems.append(Problem(catalogue.path, catalogue.lines[key], f"{key}: must be text, not a list"))
        else:
            problems += _unknown_names(catalogue, key, value, names, "the code gives")
    return problems


def compare(default: Catalogue, other: Catalogue) -> list[Problem]:
    """other has every key of the default language's catalogue, of the same kind, asking for no name the
    default's text does not give; keys the default lacks are never shown, and said so in a warning."""
    problems = []
    for key, value in default.entries.items():
        if key in CODE_KEYS:  # check_language holds every catalogue to what the code asks of them
            continue
        mine = other.entries.get(key)
        if mine is None:
            if key not in other.lines:
                problems.append(_missing(other, key, f"{default.path}:{default.lines[key]} has it"))
            continue
        if isinstance(value, dict) and isinstance(mine, str):
            continue  # one text for every count is fine
        if _kind(mine) != _kind(value):
            problems.append(Problem(other.path, other.lines[key], f"{key}: is {_KINDS[type(mine)]}, but {_KINDS[type(value)]} "
                                    f"in {default.path}:{default.lines[key]}"))
        elif isinstance(value, tuple) and len(mine) != len(value):
            problems.append(Problem(other.path, other.lines[key], f"{key}: has {len(mine)} items, {default.path} {len(value)}"))
        else:
            given = _names(value) | ({"n"} if isinstance(value, dict) else set())
            problems += _unknown_names(other, key, mine, given, f"{default.path}:{default.lines[key]} gives")
    for key in other.entries.keys() - default.entries.keys():
        problems.append(Problem(other.path, other.lines[key], f"{key}: not in {default.path}, so never shown",
                                did_you_mean(key, list(default.entries)) or "remove it", warning=True))
    return problems


def _unknown_names(catalogue: Catalogue, key: str, value: Value, given: set[str] | frozenset[str], who: str) -> list[Problem]:
    unknown = sorted(_names(value) - set(given))
    if not unknown:
        return []
    known = ", ".join(f"{{{name}}}" for name in sorted(given)) or "none"
    return [Problem(catalogue.path, catalogue.lines[key], f"{key}: {{{unknown[0]}}} is never filled in",
                    f"{who} {known}")]


def _missing(catalogue: Catalogue, key: str, why: str) -> Problem:
    """A missing key, placed at the group it belongs in when the catalogue has that group."""
    parts = key.split(".")
    groups = (".".join(parts[:size]) for size in range(len(parts) - 1, 0, -1))
    line = next((catalogue.lines[group] for group in groups if group in catalogue.lines), None)
    return Problem(catalogue.path, line, f"{key}: missing", why)


def find_catalogue(folders: Sequence[Path], code: str) -> Path | None:
    """<code>.yaml, or the language's without its region, from the first folder that has one."""
    for folder in folders:
        for name in dict.fromkeys((code, primary(code))):
            path = Path(folder) / f"{name}.yaml"
            if path.is_file():
                return path
    return None


def unknown_language(code: str, folders: Sequence[Path], path: Path | None, config_path: Path | None) -> Problem:
    """Why a language cannot be used (no catalogue, or no plural rule), where site.yaml names it."""
    known = sorted({p.stem for folder in folders if Path(folder).is_dir() for p in Path(folder).glob("*.yaml")})
    where, line, key = _declared_at(config_path, code)
    if path is None:
        looked = " or ".join(display_path(folder) for folder in folders) or "i18n"
        message = f'{key}: no interface words for "{code}" (no {code}.yaml in {looked})'
        hint = f"languages with words: {', '.join(known) or 'none'}; to add one, see the README's \"Languages: interface words\""
    else:
        message = f'{key}: "{code}" has no plural rule in timeline/plurals.py'
        hint = "add the language's CLDR plural rule there (README: \"Languages: interface words\")"
    return Problem(where, line, message, hint)


def _declared_at(config_path: Path | None, code: str) -> tuple[str, int | None, str]:
    """Where site.yaml names the language: the file, the line of the code (or of its key), and the key."""
    if config_path is None or not config_path.is_file():
        return "site.yaml", None, "language"
    shown = display_path(config_path)
    data, _ = read_bytes(config_path, inside=(config_path.parent,))
    text = decode(data, shown)[0] if data is not None else None
    root = yr.load_mapping(text, shown)[0] if text is not None else None
    for key, node in root.value if root is not None else ():
        if yr.is_scalar(key, yr.STR) and key.value in ("language", "languages"):
            items = node.value if isinstance(node.value, list) else [node]
            for item in items:
                if yr.is_scalar(item, yr.STR) and item.value == code:
                    return shown, yr.line_of(item, 0), key.value
            return shown, yr.line_of(key, 0), key.value
    return shown, None, "language"
