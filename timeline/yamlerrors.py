"""libyaml's errors said in words: which line is wrong, and what it should look like.

libyaml reports an indentation slip as "did not find expected '-' indicator
(while parsing a block collection)", and its context mark points at where the
list began, lines above the slip. Here the line it stopped at is read again
with the lines above it, to say how far it is indented and how far its
siblings are: "line 10 is indented 3 spaces but the list item above it at
line 9 uses 2". An unclosed quote or bracket is reported where it was opened,
as that is where it gets closed.
"""
from __future__ import annotations

import json
import re

import yaml

from .errors import Problem, plural

_NOT_A_KEY_START = "#[]{},&*!|>%@`"
_BLOCK_SCALAR = re.compile(r":\s+[|>][-+0-9]*\s*(?:#.*)?$")
_INDENTATION = ("did not find expected key", "did not find expected '-' indicator",
                "mapping values are not allowed in this context", "did not find expected <block end>")
_OPENERS = {"[": ("list", "]"), "{": ("mapping", "}")}


def yaml_problem(error: yaml.YAMLError, text: str, path: str, offset: int) -> Problem:
    """A located Problem for a YAML syntax error, in words, at the line to fix."""
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    mark = getattr(error, "problem_mark", None)
    start = getattr(error, "context_mark", None)
    if mark is None:
        return Problem(path, offset + 1, f"YAML: {problem}")
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    at = mark.line + 1 + offset

    def problem_at(file_line: int, message: str, hint: str | None = None) -> Problem:
        return Problem(path, file_line, f"YAML: {message}", hint)

    if "\t" in line[:len(line) - len(line.lstrip())] or line[mark.column:mark.column + 1] == "\t":
        return problem_at(at, f"line {at} is indented with a tab", "indent with spaces, not tabs")
    if "quoted scalar" in context and start is not None:
        quote = _char(lines, start)
        inside = '\\"' if quote == '"' else "''"
        return problem_at(start.line + 1 + offset, f"the quote {quote} opened on line {start.line + 1 + offset} is never closed",
                          f"end the value with {quote}; a {quote} inside it is written {inside}")
    if context == "while parsing a flow node":  # the text ended inside [ or {: find where it opened
        start = _unclosed_opener(lines, mark)
        context = "while parsing a flow collection" if start else context
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping", "while parsing a flow collection")) \
            and start is not None:
        opener = _char(lines, start)
        kind, closer = _OPENERS.get(opener, ("list", "]"))
        if mark.line > start.line:
            return problem_at(start.line + 1 + offset, f"the {kind} opened with {opener} on line {start.line + 1 + offset} "
                              f"is not closed", f"end it with {closer}; separate its items with commas")
        return problem_at(at, f"expected ',' or '{closer}' at column {mark.column + 1}, in the {kind} opened with {opener}",
                          "separate items with commas, and put an item holding , : [ ] { } in quotes")
    if problem in _INDENTATION:
        slip = _indentation_slip(lines, mark, offset)
        if slip:
            return problem_at(at, *slip)
        if problem == "mapping values are not allowed in this context":
            key = _key(line.strip())
            value = line.strip()[len(key):].strip() if key else ""
            example = f"{key} {json.dumps(value, ensure_ascii=False)}" if key and value else 'key: "text: more"'
            return problem_at(at, f'a second ": " on line {at}, in a value', f"put the value in quotes: {example}")
        if mark.column > _indent(line):
            return problem_at(at, *_after_value(line, mark.column, at))
    if problem == "found character that cannot start any token" or problem == "found undefined alias":
        char = line[mark.column:mark.column + 1]
        key = _key(line.strip())
        example = f"{key + ' ' if key else ''}{json.dumps(line[mark.column:].strip(), ensure_ascii=False)}"
        return problem_at(at, f"a value cannot start with {char} (line {at}, column {mark.column + 1})",
                          f"put the value in quotes: {example}")
    return problem_at(at, problem + (f" ({context})" if context else ""))


def _after_value(line: str, column: int, shown: int) -> tuple[str, str]:
    """Something after a value that is complete: a stray bracket, or text after a closing quote."""
    char = line[column:column + 1]
    if char in "]}":
        return f"a stray {char} at column {column + 1} of line {shown}", "remove it, or put the value in quotes"
    key = _key(line.strip())
    value = line.strip()[len(key):].strip() if key else line.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    example = f'{key or "key:"} {json.dumps(value, ensure_ascii=False)}'
    return (f"text after the closing quote, at column {column + 1} of line {shown}",
            f"a quoted value ends at its closing quote: quote the whole value, e.g. {example}")


def _unclosed_opener(lines: list[str], mark: yaml.Mark) -> yaml.Mark | None:
    """Where the innermost [ or { still open at mark was opened (quotes and comments skipped)."""
    stack: list[yaml.Mark] = []
    for number, line in enumerate(lines[:mark.line + 1]):
        quote = None
        for column, char in enumerate(line if number < mark.line else line[:mark.column]):
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'" and (column == 0 or line[column - 1] in " \t[{,:"):
                quote = char
            elif char == "#" and (column == 0 or line[column - 1] in " \t"):
                break
            elif char in "[{":
                stack.append(yaml.Mark("", 0, number, column, None, None))
            elif char in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _char(lines: list[str], mark: yaml.Mark) -> str:
    return lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _parts(line: str) -> list[tuple[int, str, str, int]]:
    """The structure a line opens, as (column, "item" or "key", key name, column of the key's colon):
    '  - title: A' opens a list item at 2 and a key at 4."""
    column, rest, parts = _indent(line), line.lstrip(" "), []
    while rest == "-" or rest.startswith("- "):
        parts.append((column, "item", "", -1))
        stripped = rest[1:].lstrip(" ")
        column += len(rest) - len(stripped)
        rest = stripped
    key = _key(rest)
    if key:
        parts.append((column, "key", key[:-1].strip(), column + len(key) - 1))
    return parts


def _key(rest: str) -> str | None:
    """The key a line (without its indentation) starts with, as written up to its colon ('title:'), or
    None: plain or quoted text followed by ':' and a space or the line's end, before any comment. Found
    with str.find, so a line of any length costs one pass."""
    if not rest or rest[0] in _NOT_A_KEY_START or (rest[0] == "-" and rest[1:2] in ("", " ")):
        return None
    start = 0
    if rest[0] in "\"'":
        close = rest.find(rest[0], 1)
        while close > 0 and rest[0] == '"' and rest[close - 1] == "\\":  # an escaped quote
            close = rest.find('"', close + 1)
        if close < 0:
            return None
        start = close + 1
    colon = rest.find(": ", start)
    if colon < 0:
        stripped = rest.rstrip()
        colon = len(stripped) - 1 if stripped.endswith(":") and len(stripped) > start else -1
    if colon < 0 or " #" in rest[:colon] or (start and rest[start:colon].strip()):
        return None
    return rest[:colon + 1]


def _open_columns(lines: list[str], before: int) -> dict[tuple[int, str], tuple[int, str]]:
    """The list items and keys still open at line `before` (0-based): (column, kind) -> (line, key)."""
    open_: dict[tuple[int, str], tuple[int, str]] = {}
    block_scalar_at: int | None = None  # the text of `note: |` is not structure
    for number in range(before):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if block_scalar_at is not None:
            if _indent(line) > block_scalar_at:
                continue
            block_scalar_at = None
        parts = _parts(line)
        if not parts:
            continue  # the wrapped text of a long value
        first = parts[0][0]
        open_ = {place: seen for place, seen in open_.items() if place[0] < first or (place[0] == first and place[1] != parts[0][1])}
        for column, kind, name, _ in parts:
            open_[column, kind] = (number, name)
        if _BLOCK_SCALAR.search(line):
            block_scalar_at = parts[-1][0]
    return open_


def _indentation_slip(lines: list[str], mark: yaml.Mark, offset: int) -> tuple[str, str] | None:
    """(message, hint) when the line at mark is a list item or key indented unlike its siblings."""
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    parts = _parts(line)
    if not parts:
        return None
    column, kind = parts[0][:2]
    if mark.column != column and not any(colon == mark.column for *_, colon in parts):
        return None  # the mark is further on in the line: not its indentation
    open_ = _open_columns(lines, mark.line)
    siblings = {place: seen for place, seen in open_.items() if place[1] == kind} or open_
    if not siblings or (column, kind) in siblings:
        return None
    nearest = min(abs(place[0] - column) for place in siblings)
    closest = sorted((place for place in siblings if abs(place[0] - column) == nearest), key=lambda place: place[0])
    shown = mark.line + 1 + offset
    if len(closest) == 1:
        (sibling, _), = closest
        number, name = siblings[closest[0]]
        return (f"line {shown} is indented {plural(column, 'space')} but {_named(kind, name)} above it at line "
                f"{number + 1 + offset} uses {sibling}", "indent it like its siblings")
    between = " and ".join(f"{_named(place[1], siblings[place][1])} (line {siblings[place][0] + 1 + offset}, at {place[0]})"
                           for place in closest)
    return (f"line {shown} is indented {plural(column, 'space')}, between {between}",
            "indent it like the one it belongs with")


def _named(kind: str, name: str) -> str:
    return "the list item" if kind == "item" else f'the key "{name}"'


def folded_item_problems(items: list[yaml.ScalarNode], text: str, path: str, offset: int) -> list[Problem]:
    """A list item indented one space too far is no error to YAML: `  - russia` then `   - usa` reads
    as the one item "russia - usa". Of the plain-text list items that run over several lines, name
    those a later line of which starts with "- "."""
    lines = text.split("\n") if items else []
    problems: list[Problem] = []
    for item in items:
        dash = _indent(lines[item.start_mark.line]) if item.start_mark.line < len(lines) else 0
        for number in range(item.start_mark.line + 1, min(item.end_mark.line + 1, len(lines))):
            if lines[number].lstrip(" ").startswith("- "):
                problems.append(Problem(
                    path, number + 1 + offset,
                    f"YAML: line {number + 1 + offset} is indented {plural(_indent(lines[number]), 'space')} but the list "
                    f"item above it at line {item.start_mark.line + 1 + offset} uses {dash}, so it is read as part of that "
                    f'item ("{item.value}")', "indent it like its siblings"))
                break
    return problems
