"""The scaffolding `new` and `import` write into a draft, and finding it left in a file to be published.

A draft holds prompts for the author (the body's "Write what happened, ...",
import's summary line) and `...` where a value is still to be written
(`sources: [{title: ..., publisher: ..., url: https://...}]`). YAML reads `...`
as the text "...", so an uncommented example would be published as it stands.
A draft may keep all of it; a file to be published may not.
"""
from __future__ import annotations

import re

import yaml

from . import yamlread as yr
from .errors import Problem
from .links import is_placeholder_url

BODY_PROMPT = "Write what happened, who said what (attributed), and why it mattered."
SUMMARY_PROMPT = "One sentence for the timeline."
TRANSLATE_PROMPT = "Translate the original's words below, then delete this line."
PLACEHOLDER = "..."
PROMPTS = (BODY_PROMPT, SUMMARY_PROMPT, TRANSLATE_PROMPT)
# Only dots or ellipses, perhaps in brackets: "...", "…", ". . .", "[...]".
_DOTS = re.compile(r"[\[(]?[\s.\u2026]*[.\u2026][\s.\u2026]*[\])]?")
# What a value holding scaffolding must hold: three dots, an ellipsis, a dot first, or a prompt's first words.
_SUSPECT = re.compile("|".join([r"\.\.\.|\u2026|^[\s\[(]*\.",
                                *(r"\s+".join(map(re.escape, prompt.split()[:2])) for prompt in PROMPTS)]))


def is_placeholder(text: str) -> bool:
    """Whether a value stands in for one still to be written."""
    text = text.strip()
    return _DOTS.fullmatch(text) is not None or is_placeholder_url(text)


def prompt_in(text: str) -> str | None:
    """The prompt that text still holds, however its lines were wrapped, or None."""
    folded = " ".join(text.split()) if "\n" in text or "  " in text else text  # every value is asked: keep it cheap
    return next((prompt for prompt in PROMPTS if prompt in folded), None)


def scaffolding_problems(root: yaml.Node, path: str, offset: int, keep: str = "") -> list[Problem]:
    """Every placeholder and prompt in a YAML tree, each at the line of its key (or list item).
    keep says how the author may keep it for now ("or keep the event a draft (draft: true)")."""
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple, yaml.Node]] = [(root, (), root)]  # (node, its key path, where it is written)
    while stack:
        node, where, written = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, (*where, str(key.value)), key) for key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*where, index), item) for index, item in reversed(list(enumerate(node.value))))
        elif yr.is_scalar(node, yr.STR) and _SUSPECT.search(node.value):  # most values: one search, no more
            problem = _scaffolding(node.value, _name(where))
            if problem:
                problems.append(Problem(path, yr.line_of(written, offset), problem[0],
                                        f"{problem[1]}, {keep}" if keep else problem[1]))
    return problems


def _name(where: tuple) -> str:
    """("sources", 0, "title") -> "sources[0].title"."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where).lstrip(".")


def _scaffolding(value: str, name: str) -> tuple[str, str] | None:
    if is_placeholder(value):
        what = "address" if value.strip().lower().startswith(("http:", "https:")) else "value"
        return f'{name}: "{value.strip()}" is a placeholder, not the {what}', f"write the real {what}"
    prompt = prompt_in(value)
    if prompt:
        return f'{name}: still holds the prompt "{prompt}"', "write your own words in its place"
    return None


def body_prompt_problem(body: str, body_line: int, path: str, keep: str) -> Problem | None:
    """The body's prompt, at the line it starts on, when the body still holds it."""
    prompt = prompt_in(body)
    if prompt is None:
        return None
    first_words = " ".join(prompt.split()[:3])
    lines = body.split("\n")
    index = next((i for i, line in enumerate(lines) if first_words in " ".join(line.split())), 0)
    return Problem(path, body_line + index, f'the text still holds the prompt "{prompt}"',
                   f"write the entry in its place, {keep}")
