"""Read YAML safely into nodes that remember their line, or into located problems.

PyYAML's own constructors would lose line numbers, expand alias bombs and, in
the C composer, crash on deep nesting. So the text is first scanned as a
stream of events (iterative, so depth is checked before anything recurses),
then composed into nodes, and callers read values off the nodes themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from .errors import Problem
from .yamlerrors import folded_item_problems, yaml_problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
MAX_NODES = 20_000
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))
SEQ, MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_ALLOWED_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP}
_KIND_NAMES = {STR: "text", INT: "a number", FLOAT: "a number", BOOL: "true/false",
               NULL: "empty", TIMESTAMP: "a date", SEQ: "a list", MAP: "a mapping"}


@dataclass(frozen=True)
class FrontMatter:
    """The YAML between the leading --- lines and the body after them."""

    yaml_text: str
    yaml_line: int  # file line of the first YAML line
    body: str
    body_line: int


class FrontMatterMissing(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Split a Markdown file into its front matter and body."""
    lines = text.split("\n")
    if not text.strip():
        raise FrontMatterMissing(Problem(path, 1, "file is empty",
                                         "start it with front matter between --- lines"))
    if lines[0].rstrip() != "---":
        raise FrontMatterMissing(Problem(path, 1, "no front matter",
                                         "the file must start with a line of three dashes: ---"))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return FrontMatter("\n".join(lines[1:index]), 2,
                               "\n".join(lines[index + 1:]), index + 2)
    raise FrontMatterMissing(Problem(path, 1, "front matter is not closed",
                                     "end it with a line of three dashes: ---"))


def load_mapping(text: str, path: str, first_line: int = 1,
                 max_nodes: int = MAX_NODES) -> tuple[yaml.MappingNode | None, list[Problem]]:
    """Compose YAML text into a mapping node after the safety checks (at most max_nodes values)."""
    offset = first_line - 1
    try:
        depth_problem = _check_depth(text, path, offset)
        if depth_problem:
            return None, [depth_problem]
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as error:
        return None, [yaml_problem(error, text, path, offset)]
    if node is None:  # nothing but blank lines or comments: an empty mapping at the first line
        start = yaml.Mark(path, 0, 0, 0, None, None)
        return yaml.MappingNode(MAP, [], start_mark=start, end_mark=start), []
    problems = _check_nodes(node, text, path, offset, max_nodes)
    if problems:
        return None, problems
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(path, line_of(node, offset), f"expected key: value pairs, found {kind_name(node)}")]
    return node, []


def _check_depth(text: str, path: str, offset: int) -> Problem | None:
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(path, event.start_mark.line + 1 + offset,
                               f"YAML is nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _check_nodes(root: yaml.Node, text: str, path: str, offset: int, max_nodes: int = MAX_NODES) -> list[Problem]:
    """Refuse unknown tags, alias bombs, duplicate keys and list items read as one, walking without recursion."""
    problems: list[Problem] = []
    folded: list[yaml.ScalarNode] = []  # plain text items of a list, over more than one line
    stack, visited = [root], 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > max_nodes:
            return [Problem(path, line_of(root, offset),
                            f"YAML expands to more than {max_nodes} values",
                            "anchors and aliases (&, *) are not needed in front matter")]
        if node.tag not in _ALLOWED_TAGS:
            problems.append(Problem(path, line_of(node, offset), f"YAML tag {_short_tag(node.tag)} is not allowed",
                                    "write plain text, numbers, lists and key: value pairs"))
            continue
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        problems.append(Problem(path, line_of(key, offset),
                                                f"{key.value}: key appears twice",
                                                f"first at line {seen[key.value]}"))
                    else:
                        seen[key.value] = line_of(key, offset)
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
            folded += (item for item in node.value if isinstance(item, yaml.ScalarNode) and not item.style
                       and item.end_mark.line > item.start_mark.line)
    return problems or folded_item_problems(folded, text, path, offset)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def line_of(node: yaml.Node, offset: int) -> int:
    return node.start_mark.line + 1 + offset


def kind_name(node: yaml.Node) -> str:
    return _KIND_NAMES.get(node.tag, node.tag)


def is_scalar(node: yaml.Node, *tags: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag in tags


def is_null(node: yaml.Node) -> bool:
    return is_scalar(node, NULL)
