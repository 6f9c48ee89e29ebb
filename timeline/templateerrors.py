"""Template errors in a template author's words: which name is missing and what exists instead,
and where an unclosed block began.

Jinja's own messages speak of Python ("'timeline.config.SiteConfig object' has no attribute
'editor_email'") and of where the parser gave up ("Unexpected end of template"), which is the last
line of the file, not the `{% if %}` that was never closed.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

import jinja2

# Tags that open a block closed by "end" + the tag's name. `set` opens one only without "=".
_BLOCK_TAGS = {"for", "if", "block", "macro", "call", "filter", "with", "autoescape", "trans", "set"}
# Globals every Jinja environment has: listing them beside the site's own names would only be noise.
_JINJA_GLOBALS = frozenset(jinja2.Environment().globals)
_LISTED = 30  # past this many names, the list is cut: a hint is read, not searched


class MissingName(jinja2.UndefinedError):
    """A template used a name or attribute that does not exist; remembers which, and on what."""

    def __init__(self, message: str, owner: Any, name: str, owner_given: bool):
        super().__init__(message)
        self.owner, self.name, self.owner_given = owner, name, owner_given


class ExplainedUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose error keeps the object and the name that were asked for."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any):
        given = self._undefined_obj is not jinja2.utils.missing
        raise MissingName(self._undefined_message, self._undefined_obj if given else None,
                          str(self._undefined_name), given)


# StrictUndefined binds every operator to the base class's function by value: point them at ours.
for _name in dir(jinja2.StrictUndefined):
    if getattr(jinja2.StrictUndefined, _name, None) is jinja2.Undefined._fail_with_undefined_error:
        setattr(ExplainedUndefined, _name, ExplainedUndefined._fail_with_undefined_error)


def explain_missing(error: MissingName, source_line: str | None, names: dict[str, Any]) -> tuple[str, str]:
    """The message and hint for a missing name; names are the ones the template was given."""
    if not error.owner_given:
        shown = sorted(name for name in names if name not in _JINJA_GLOBALS)
        return (f'"{error.name}" is not defined',
                f"this template has: {_listing(shown)}; a value from site.yaml is read as site.params.<name>")
    expression = _expression(source_line or "", error.name) or _path_to(error.owner, names)
    asked = f"{expression}.{error.name}" if expression else error.name
    members = _members(error.owner)
    if members is None:
        return f'"{asked}" is not defined: {expression or "the value"} has no named parts', _kind_hint(error.owner)
    hint = f"{expression or 'it'} has: {_listing(members)}" if members else f"{expression or 'it'} is empty"
    if expression == "site":
        hint += f"; a value of your own goes in site.yaml under params: and is read as site.params.{error.name}"
    elif expression == "site.params":
        hint += f"; add {error.name}: under params: in site.yaml"
    return f'"{asked}" is not defined', hint


def _expression(line: str, name: str) -> str | None:
    """The dotted name written before `.name` or `["name"]` on the template's line, with its indexes."""
    pattern = (r"([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*|\s*\[[^\[\]]*\])*?)\s*(?:\.\s*" + re.escape(name)
               + r"\b|\[\s*['\"]" + re.escape(name) + r"['\"]\s*\])")
    found = re.search(pattern, line)
    return re.sub(r"\s+", "", found.group(1)) if found else None


def _path_to(owner: Any, names: dict[str, Any]) -> str | None:
    """The template name holding owner, or one of its parts: when the line did not say."""
    for name, value in names.items():
        if value is owner:
            return name
    for name, value in names.items():
        for member in _members(value) or ():
            try:
                if _member(value, member) is owner:
                    return f"{name}.{member}"
            except Exception:  # a property that fails is not where the value came from
                continue
    return None


def _members(value: Any) -> list[str] | None:
    """The names a template can read off value, or None when it has none."""
    if isinstance(value, dict):
        return sorted(str(key) for key in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [field.name for field in dataclasses.fields(value)]
        properties = [name for name in dir(type(value))
                      if not name.startswith("_") and isinstance(getattr(type(value), name), property)]
        return sorted(set(fields) | set(properties))
    if value is None or isinstance(value, (str, int, float, bool, list, tuple, set, frozenset)):
        return None
    return sorted(name for name in dir(value) if not name.startswith("_"))


def _member(value: Any, name: str) -> Any:
    return value[name] if isinstance(value, dict) else getattr(value, name)


def _kind_hint(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return f"it is a list of {len(value)}: loop over it with {{% for item in ... %}}"
    if isinstance(value, str):
        return "it is a text"
    if value is None:
        return "it is empty (none)"
    return "it is a single value"


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "") if names else "nothing"


def explain_syntax(error: jinja2.TemplateSyntaxError, source: str | None,
                   env: jinja2.Environment) -> tuple[int | None, str, str | None]:
    """Line, message and hint for a syntax error; an unclosed block is placed where it began."""
    message = error.message or "syntax error"
    stray = re.match(r"Encountered unknown tag 'end(\w+)'\.", message)
    if source is None or not (stray or "innermost block that needs to be closed" in message):
        return error.lineno, message, None
    opened = _open_blocks(source, error.lineno, env)
    if not opened and stray and "innermost block" not in message:
        return error.lineno, f"{{% end{stray.group(1)} %}} closes nothing: no {{% {stray.group(1)} %}} is open here", \
            "remove it, or open the block before it"
    if not opened:
        return error.lineno, message, None
    tag, line = opened[-1]
    if message.startswith("Unexpected end of template"):
        return line, (f"{{% {tag} %}} opened at line {line} is never closed"), f"add {{% end{tag} %}} where it ends"
    found = re.search(r"unknown tag '(\w+)'", message)
    written = f"{{% {found.group(1)} %}} at line {error.lineno}" if found else f"line {error.lineno}"
    return error.lineno, (f"{written} comes before the {{% {tag} %}} opened at line {line} is closed"), \
        f"add {{% end{tag} %}} before it, or remove the stray tag"


def _open_blocks(source: str, until: int | None, env: jinja2.Environment) -> list[tuple[str, int]]:
    """The blocks still open at line until, outermost first, as (tag, line)."""
    stack: list[tuple[str, int]] = []
    tokens = _tokens(source, env)
    for index, (line, kind, _value) in enumerate(tokens):
        if until is not None and line > until:
            break
        if kind != "block_begin" or index + 1 >= len(tokens) or tokens[index + 1][1] != "name":
            continue
        tag = tokens[index + 1][2]
        if tag in _BLOCK_TAGS and not (tag == "set" and _assigns(tokens, index + 2)):
            stack.append((tag, line))
        elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
            stack.pop()
        elif tag.startswith("end"):
            if until is not None and line >= until:
                break  # the stray end tag Jinja stopped at
            return []  # the blocks do not nest as written: a line found now would only mislead
    return stack


def _assigns(tokens: list[tuple[int, str, str]], start: int) -> bool:
    """Whether a {% set %} holds "=" before its end: then it is one line, not a block."""
    for _, kind, value in tokens[start:]:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":  # env.lex gives raw tokens: "=" is still an operator
            return True
    return False


def _tokens(source: str, env: jinja2.Environment) -> list[tuple[int, str, str]]:
    try:
        return [token for token in env.lex(source) if token[1] != "whitespace"]
    except jinja2.TemplateSyntaxError:  # the lexer's own error was reported as it is
        return []
