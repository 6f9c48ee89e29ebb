"""The declared fields drive validation, hints and the README; a field says whether it only changes words."""
from __future__ import annotations

from timeline import schema, yamlread
from timeline.fieldread import read_mapping
from timeline.links import is_web_url


def read(text: str, fields=schema.SOURCE_FIELDS):
    node, problems = yamlread.load_mapping(text, "x.yaml")
    assert problems == []
    return read_mapping(node, fields, "x.yaml", 0)


def test_values_lines_and_every_problem_of_a_mapping():
    values, lines, problems = read("title: T\npublisher: P\nurl: https://e.org/\ndate: 2009-05\n")
    assert problems == [] and values["date"].iso() == "2009-05" and lines == {"title": 1, "publisher": 2, "url": 3, "date": 4}
    _, _, problems = read("title: 7\npublisher: P\nurll: https://e.org/\n")
    assert sorted(p.format() for p in problems) == [
        "x.yaml:1: title: expected text, found a number (put it in quotes)",
        "x.yaml:1: url: required key is missing (add e.g. url: https://www.reuters.com/article/idUSLU948723)",
        "x.yaml:3: urll: unknown key (did you mean url?)"]


def test_web_urls():
    assert is_web_url("https://example.org/a?b=1") and not is_web_url("javascript:alert(1)")
    assert not is_web_url("https:///nohost") and not is_web_url("https://exa mple.org/")


def test_control_characters_are_refused_in_any_text():
    _, _, problems = read('title: "a\\u0007b"\npublisher: P\nurl: https://e.org/\n')
    assert [p.message for p in problems] == ["title: contains the control character U+0007"]


def test_the_relations_are_the_only_choices():
    related = next(f for f in schema.RELATED_FIELDS if f.name == "relation")
    assert related.choices == schema.RELATIONS == ("response-to", "follows", "part-of", "reverses", "see-also")


def test_the_reference_lists_every_field_and_sub_field():
    reference = schema.reference_markdown()
    for field in schema.EVENT_FIELDS:
        assert f"| `{field.name}` |" in reference
        for sub in field.fields:
            assert f"| `{field.name}[].{sub.name}` |" in reference
    assert reference.count("#### ") == len(schema.REFERENCE_SECTIONS)


def test_words_only_fields_are_the_ones_that_never_shape_lists():
    assert {f.name for f in schema.EVENT_FIELDS if f.words_only} == {"summary", "sources", "updates"}
    assert schema.EVENT_BODY.words_only and schema.EVENT_BODY not in schema.EVENT_FIELDS  # the body is no front-matter key
