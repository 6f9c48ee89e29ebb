"""Reading a YAML mapping against the fields schema.py declares: values, their lines, and every problem.

read_mapping() is the one way front matter, actors.yaml, tags.yaml, site.yaml and content/sources.yaml
are read. Each field kind has a reader here (READERS); a reader returns the value or raises FieldError
at the node it could not read, and adds to problems what it can report while reading on.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator

import yaml

from . import yamlread as yr
from .dates import DATE_FORMS, PartialDate, parse_date
from .errors import Problem
from .hints import did_you_mean
from .links import is_placeholder_url, is_web_url, link_problem
from .schema import FORBIDDEN_CHARACTERS, SLUG, Field, FieldError, Item


def read_mapping(node: yaml.MappingNode, fields: tuple[Field, ...], path: str, offset: int,
                 prefix: str = "") -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    """Read a mapping against declared fields; return values, their lines and problems."""
    by_name = {field.name: field for field in fields}
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key_line = yr.line_of(key_node, offset)
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        field = by_name.get(key) if isinstance(key, str) else None
        if field is None:
            shown = key if isinstance(key, str) else "a non-text key"
            problems.append(Problem(path, key_line, f"{prefix}{shown}: unknown key", did_you_mean(str(key), by_name)))
            continue
        try:
            values[key] = READERS[field.kind](value_node, field, path, offset, f"{prefix}{key}", problems)
            lines[key] = key_line
        except FieldError as error:
            line = yr.line_of(error.node, offset) if error.node is not None else key_line
            problems.append(Problem(path, line, f"{prefix}{key}: {error.message}", error.hint))
    for field in fields:
        if field.required and field.name not in values and not any(p.message.startswith(f"{prefix}{field.name}:") for p in problems):
            problems.append(Problem(path, yr.line_of(node, offset), f"{prefix}{field.name}: required key is missing",
                                    f"add e.g. {field.name}: {field.example}"))
    return values, lines, problems


def _expect(node: yaml.Node, *tags: str, what: str) -> None:
    if yr.is_null(node):
        raise FieldError("is empty", f"give {what}", node)
    if not yr.is_scalar(node, *tags):
        hint = "put it in quotes" if yr.is_scalar(node, yr.INT, yr.FLOAT, yr.BOOL, yr.TIMESTAMP) and what == "text" else None
        raise FieldError(f"expected {what}, found {yr.kind_name(node)}", hint, node)


def _text(node, field, path, offset, name, problems) -> str:
    _expect(node, yr.STR, what="text")
    if not node.value.strip():
        raise FieldError("is empty", None, node)
    control = FORBIDDEN_CHARACTERS.search(node.value)
    if control:  # written as a YAML escape such as "\u0001"
        raise FieldError(f"contains the control character U+{ord(control.group()):04X}", "remove the escape", node)
    return node.value.strip()


def _date(node, field, path, offset, name, problems) -> PartialDate:
    _expect(node, yr.STR, yr.INT, yr.TIMESTAMP, what="a date")
    try:
        return parse_date(node.value)
    except ValueError as error:
        raise FieldError(str(error), DATE_FORMS, node) from None


def _end_date(node, field, path, offset, name, problems) -> PartialDate | str:
    if yr.is_scalar(node, yr.STR) and node.value.strip() == "ongoing":
        return "ongoing"
    try:
        return _date(node, field, path, offset, name, problems)
    except FieldError as error:
        raise FieldError(error.message, f"{DATE_FORMS}, or ongoing", error.node) from None


def _bool(node, field, path, offset, name, problems) -> bool:
    _expect(node, yr.BOOL, what="true or false")
    return node.value.lower() in ("true", "yes", "on", "y")


def _int(node, field, path, offset, name, problems) -> int:
    _expect(node, yr.INT, what="a whole number")
    value = int(node.value.replace("_", ""), 0)
    if value < 1:
        raise FieldError("must be 1 or more", None, node)
    return value


def _slug(node, field, path, offset, name, problems) -> str:
    text = _text(node, field, path, offset, name, problems)
    if not SLUG.fullmatch(text):
        raise FieldError(f'"{text}" is not a slug', "use lowercase letters, digits and single hyphens", node)
    return text


def _url(node, field, path, offset, name, problems) -> str:
    text = _text(node, field, path, offset, name, problems)
    if not is_web_url(text):
        bare = re.fullmatch(r"(?:www\.)?[^\s/:]+\.[a-z]{2,}(?:/\S*)?", text, re.IGNORECASE)  # reuters.com/article/x
        raise FieldError(f'"{text}" is not an http or https URL',
                         f"write the full address, https://{text}" if bare else "write the full address, https://...", node)
    return text


def _link(node, field, path, offset, name, problems) -> str:
    """A URL every reader follows: it needs a host on the public web. An address that is only a
    placeholder (https://...) is left to the scaffolding check, which a draft may keep."""
    text = _url(node, field, path, offset, name, problems)
    if is_placeholder_url(text):
        return text
    wrong = link_problem(text)
    if wrong:
        raise FieldError(f'"{text}" {wrong[0]}', wrong[1], node)
    return text


def _choice(node, field, path, offset, name, problems) -> str:
    text = _text(node, field, path, offset, name, problems)
    if text not in field.choices:
        raise FieldError(f'"{text}" is not one of {", ".join(field.choices)}', did_you_mean(text, field.choices), node)
    return text


def _text_list(node, field, path, offset, name, problems) -> list[Item]:
    if not isinstance(node, yaml.SequenceNode):
        raise FieldError(f"expected a list, found {yr.kind_name(node)}", f"write {field.name}: {field.example}", node)
    items = []
    for index, element in enumerate(node.value):
        try:
            items.append(Item(_text(element, field, path, offset, name, problems), yr.line_of(element, offset)))
        except FieldError as error:
            problems.append(Problem(path, yr.line_of(element, offset), f"{name}[{index}]: {error.message}", error.hint))
    return items


def _mappings(node, field, path, offset, name, problems) -> list[Item]:
    if not isinstance(node, yaml.SequenceNode):
        raise FieldError(f"expected a list, found {yr.kind_name(node)}", "start each item with '- '", node)
    items = []
    for index, element in enumerate(node.value):
        where = f"{name}[{index}]"
        if not isinstance(element, yaml.MappingNode):
            problems.append(Problem(path, yr.line_of(element, offset), f"{where}: expected key: value pairs, found {yr.kind_name(element)}"))
            continue
        values, _, item_problems = read_mapping(element, field.fields, path, offset, f"{where}.")
        problems.extend(item_problems)
        if not item_problems:
            items.append(Item(values, yr.line_of(element, offset)))
    return items


def _params(node, field, path, offset, name, problems) -> dict[str, Any]:
    """A mapping of the author's own values, as plain data a template can read and a page key can hash."""
    if not isinstance(node, yaml.MappingNode):
        raise FieldError(f"expected a mapping, found {yr.kind_name(node)}", f"write {field.name}: {field.example}", node)
    return _plain(node, "")


_PLAIN_SCALARS: dict[str, Callable[[str], Any]] = {
    yr.STR: str, yr.TIMESTAMP: str,  # a date stays the text written, as templates print it
    yr.INT: lambda text: int(text.replace("_", ""), 0), yr.FLOAT: float,
    yr.BOOL: lambda text: text.lower() in ("true", "yes", "on", "y"), yr.NULL: lambda text: None,
}


def _plain(node: yaml.Node, where: str) -> Any:
    """where: the path below params ("links[0].title"), named in errors."""
    at = f"the value at {where}" if where else "it"
    if isinstance(node, yaml.MappingNode):
        values = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == yr.STR):
                raise FieldError(f"{at} has a key that is not text", "write name: value", key_node)
            values[key_node.value] = _plain(value_node, f"{where}.{key_node.value}" if where else key_node.value)
        return values
    if isinstance(node, yaml.SequenceNode):
        return [_plain(element, f"{where}[{index}]") for index, element in enumerate(node.value)]
    control = FORBIDDEN_CHARACTERS.search(node.value)
    if control:
        raise FieldError(f"{at} contains the control character U+{ord(control.group()):04X}", "remove the escape", node)
    try:
        return _PLAIN_SCALARS[node.tag](node.value)
    except ValueError:  # YAML 1.1 resolves "1_0.5" or ".inf"-like words oddly: keep what was written
        return node.value


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-zA-Z0-9]{2,8})*")


def _by_language(node, field, path, offset, name, problems) -> dict[str, str]:
    """{code: text}: each other language's word for a name or description."""
    values = {}
    for code, value_node, _ in _language_keys(node, field, path, offset, name, problems, "text"):
        try:
            values[code] = _text(value_node, field, path, offset, f"{name}.{code}", problems)
        except FieldError as error:
            problems.append(Problem(path, yr.line_of(error.node or value_node, offset), f"{name}.{code}: {error.message}", error.hint))
    return values


def _by_language_mapping(node, field, path, offset, name, problems) -> dict[str, Item]:
    """{code: Item({key: value}, line)}: field.fields again, in each other language (site.yaml's translations:)."""
    values = {}
    for code, value_node, line in _language_keys(node, field, path, offset, name, problems, "key: value pairs"):
        if not isinstance(value_node, yaml.MappingNode):
            problems.append(Problem(path, yr.line_of(value_node, offset), f"{name}.{code}: expected key: value pairs, "
                                    f"found {yr.kind_name(value_node)}", f"write {field.name}: {field.example}"))
            continue
        read, _, found = read_mapping(value_node, field.fields, path, offset, f"{name}.{code}.")
        problems.extend(found)
        values[code] = Item(read, line)
    return values


def _language_keys(node, field, path, offset, name, problems, to: str) -> Iterator[tuple[str, yaml.Node, int]]:
    """The (code, value, line) of a mapping keyed by language codes; a key that is not a code is a problem."""
    if not isinstance(node, yaml.MappingNode):
        raise FieldError(f"expected a mapping of language codes to {to}, found {yr.kind_name(node)}",
                         f"write {field.name}: {field.example}", node)
    for key_node, value_node in node.value:
        code = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        line = yr.line_of(key_node, offset)
        if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
            problems.append(Problem(path, line, f"{name}: {code!r} is not a language code", "e.g. ru"))
            continue
        yield code, value_node, line


READERS: dict[str, Callable[..., Any]] = {
    "by_language": _by_language, "by_language_mapping": _by_language_mapping,
    "text": _text, "date": _date, "end_date": _end_date, "bool": _bool, "int": _int, "slug": _slug,
    "url": _url, "link": _link, "choice": _choice, "text_list": _text_list, "mappings": _mappings, "params": _params,
}
