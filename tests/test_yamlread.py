"""Safe YAML: front matter split with lines, limits on depth and size, no tags, duplicate keys named."""
from __future__ import annotations

import pytest

from timeline import yamlread


def test_front_matter_and_body_keep_their_file_lines():
    front = yamlread.split_front_matter("---\ntitle: T\ndate: 2009\n---\nBody\nmore\n", "e.md")
    assert (front.yaml_text, front.yaml_line, front.body, front.body_line) == ("title: T\ndate: 2009", 2, "Body\nmore\n", 5)


@pytest.mark.parametrize("text, message", [
    ("", "file is empty"), ("title: T\n", "no front matter"), ("---\ntitle: T\n", "front matter is not closed")])
def test_missing_front_matter_is_located(text, message):
    with pytest.raises(yamlread.FrontMatterMissing) as missing:
        yamlread.split_front_matter(text, "e.md")
    assert (missing.value.problem.line, missing.value.problem.message) == (1, message)


def test_nodes_remember_their_lines_from_the_first_line_given():
    node, problems = yamlread.load_mapping("a: 1\nb:\n  - x\n  - y\n", "e.md", first_line=10)
    assert problems == []
    (a_key, _), (b_key, b_value) = node.value
    assert [yamlread.line_of(n, 9) for n in (a_key, b_key, b_value.value[1])] == [10, 11, 13]


@pytest.mark.parametrize("text, expected", [
    ("a: !!python/object:os.system x\n", "YAML tag !!python/object:os.system is not allowed"),
    ("a: 1\na: 2\n", "a: key appears twice"),
    ("a: " + "[" * 40 + "]" * 40 + "\n", "YAML is nested more than 32 levels deep"),
    ("- a\n", "expected key: value pairs, found a list"),
])
def test_unsafe_or_ambiguous_yaml_is_refused(text, expected):
    node, problems = yamlread.load_mapping(text, "e.md")
    assert node is None and any(p.message.startswith(expected) for p in problems), [p.message for p in problems]


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i-1}"] * 9 if i else ["x"] * 9) + "]\n" for i in range(9))
    node, problems = yamlread.load_mapping(bomb, "e.md")
    assert node is None and problems[0].message.startswith("YAML expands to more than")
