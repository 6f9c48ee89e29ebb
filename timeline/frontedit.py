"""Add keys to one source of an event file's front matter, touching only the lines they go on.

The file is not loaded and dumped again, which would lose comments, quoting and
order: the YAML is composed to find where the source's mapping ends, and the new
keys are written there, as lines of their own in a block mapping (`- title: ...`)
or as `, key: value` inside a flow mapping (`{title: ..., url: ...}`). Every byte
before and after stays as it was. The result is parsed again with the real parser
(content.parse_event) and must give the same event with just those keys added;
anything else is refused, so an edit can never leave a file `check` would refuse.
"""
from __future__ import annotations

import dataclasses
import json
import re

import yaml

from .content import parse_event, decode
from .errors import Problem


class EditRefused(Exception):
    """Why a file is left as it is."""


def yaml_value(value: str, flow: bool) -> str:
    """value written as YAML text: a date or, in block style, an address plain when YAML reads it back as
    itself; anything else double-quoted (a JSON string is a YAML double-quoted scalar)."""
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):  # a date: the schema reads it plain
        return value
    if not flow and re.fullmatch(r"https?://\S+", value) and " #" not in value and not value.endswith(":"):
        try:
            if yaml.safe_load(f"key: {value}") == {"key": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value)


def add_source_keys(text: str, path: str, index: int, url: str, keys: dict[str, str]) -> str:
    """text with keys added to the index-th source (whose url must be url); raises EditRefused.

    A key the source already has is refused, so a value a curator wrote is never overwritten.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    newline = "\r\n" if "\r\n" in body else "\n"
    start, yaml_text = _front_matter(body)
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise EditRefused(f"its front matter is not valid YAML ({error})") from None
    item = _source_item(root, index, url)
    present = {key.value for key, _ in item.value if isinstance(key, yaml.ScalarNode)}
    already = [key for key in keys if key in present]
    if already:
        raise EditRefused(f"sources[{index}] already has {', '.join(already)}")
    end = start + _end_index(item.value[-1][1])
    if item.flow_style:
        added = "".join(f", {key}: {yaml_value(value, True)}" for key, value in keys.items())
        edited = body[:end] + added + body[end:]
    else:
        indent = item.value[0][0].start_mark.column
        lines = "".join(f"{' ' * indent}{key}: {yaml_value(value, False)}{newline}" for key, value in keys.items())
        at = end if body[end - 1:end] == "\n" else body.index("\n", end) + 1  # after the line the value ends on
        edited = body[:at] + lines + body[at:]
    result = bom + edited
    _verify(text, result, path, index, keys)
    return result


def _front_matter(body: str) -> tuple[int, str]:
    """Where the YAML starts in body, and the YAML (the lines between the --- lines, as the parser splits)."""
    lines = body.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise EditRefused("it has no front matter")
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            return len(lines[0]) + 1, "\n".join(lines[1:number])
    raise EditRefused("its front matter is not closed")


def _source_item(root: yaml.Node | None, index: int, url: str) -> yaml.MappingNode:
    if not isinstance(root, yaml.MappingNode):
        raise EditRefused("its front matter is not a mapping")
    sources = next((value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "sources"), None)
    if not isinstance(sources, yaml.SequenceNode) or index >= len(sources.value):
        raise EditRefused(f"it has no sources[{index}]")
    item = sources.value[index]
    if not isinstance(item, yaml.MappingNode) or not item.value:
        raise EditRefused(f"sources[{index}] is not key: value pairs")
    written = next((value for key, value in item.value if isinstance(key, yaml.ScalarNode) and key.value == "url"), None)
    if not isinstance(written, yaml.ScalarNode) or written.value.strip() != url:
        raise EditRefused(f"sources[{index}] is no longer {url} (was the file edited meanwhile?)")
    return item


def _end_index(node: yaml.Node) -> int:
    """Where a value's text ends: a scalar's or a flow collection's own end, a block collection's last value's."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark.index


def _verify(before: str, after: str, path: str, index: int, keys: dict[str, str]) -> None:
    """The edited text must parse, without a problem, into the same event with only those keys added."""
    old, old_problems = _parse(before, path)
    new, new_problems = _parse(after, path)
    if old is None:
        raise EditRefused("`check` already refuses it: " + "; ".join(p.format() for p in old_problems))
    if new is None:
        raise EditRefused("the edit would make it invalid: " + "; ".join(p.format() for p in new_problems))
    source = new.sources[index]
    expected = list(old.sources)
    expected[index] = dataclasses.replace(old.sources[index], **{key: getattr(source, key) for key in keys})
    written = {key: getattr(source, key) for key in keys}
    if (_without_lines(new) != _without_lines(dataclasses.replace(old, sources=tuple(expected)))
            or any((value.iso() if hasattr(value, "iso") else value) != keys[key] for key, value in written.items())):
        raise EditRefused("the edit would change more than the keys added")


def _without_lines(event):
    """The event as a reader sees it: lines moved by the new ones are no change."""
    return dataclasses.replace(event, related=tuple((r.target, r.relation) for r in event.related))


def _parse(text: str, path: str):
    decoded, problems = decode(text.encode("utf-8"), path)
    if decoded is None:
        return None, problems
    event, problems = parse_event(decoded, path)
    return event, problems


def problem(path: str, line: int | None, reason: EditRefused) -> Problem:
    return Problem(path, line, f"not edited: {reason}")
