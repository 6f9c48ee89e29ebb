"""YAML slips are said in words, at the line to fix, from the text around libyaml's mark."""
from __future__ import annotations

import pytest

from timeline import yamlread

SLIPS = {
    "list item one space out": ("actors:\n  - nato\n - russia\n", 3,
                                "YAML: line 3 is indented 1 space but the list item above it at line 2 uses 2 (indent it like its siblings)"),
    "list item at the key's column": ("title: T\nactors:\n  - nato\n- russia\n", 4,
                                      "YAML: line 4 is indented 0 spaces but the list item above it at line 3 uses 2"),
    "list item one space in": ("actors:\n  - nato\n  - russia\n   - usa\ntags: [x]\n", 4,
                               'YAML: line 4 is indented 3 spaces but the list item above it at line 3 uses 2, so it is read as part of '
                               'that item ("russia - usa") (indent it like its siblings)'),
    "key in a list item one space in": ("sources:\n  - title: A\n    publisher: P\n     url: https://e.org/\n", 4,
                                        'YAML: line 4 is indented 5 spaces but the key "publisher" above it at line 3 uses 4'),
    "key in a list item one space out": ("sources:\n  - title: A\n    publisher: P\n   url: https://e.org/\n", 4,
                                         'YAML: line 4 is indented 3 spaces but the key "publisher" above it at line 3 uses 4'),
    "second item's key one space out": ("sources:\n  - title: A\n    publisher: P\n  - title: B\n   publisher: Q\n", 5,
                                        'YAML: line 5 is indented 3 spaces but the key "title" above it at line 4 uses 4'),
    "key after a list, one space in": ("title: T\nactors:\n  - nato\n tags: [x]\n", 4,
                                       'YAML: line 4 is indented 1 space but the key "actors" above it at line 2 uses 0'),
    "key after a list, at the dash's column": ("sources:\n  - title: A\n  publisher: P\n", 3,
                                               'YAML: line 3 is indented 2 spaces, between the key "sources" (line 1, at 0) and '
                                               'the key "title" (line 2, at 4) (indent it like the one it belongs with)'),
    "top-level key indented": ("title: T\n  date: 2009\n", 2, 'YAML: line 2 is indented 2 spaces but the key "title" above it at line 1 uses 0'),
    "nested key indented": ("a:\n  b: 1\n   c: 2\n", 3, 'YAML: line 3 is indented 3 spaces but the key "b" above it at line 2 uses 2'),
    "block text is not structure": ("a:\n  note: |\n    x: 1\n      - y\n  b: 1\n   c: 2\n", 6,
                                    'YAML: line 6 is indented 3 spaces but the key "b" above it at line 5 uses 2'),
    "tab": ("title: T\nsources:\n\t- title: x\n", 3, "YAML: line 3 is indented with a tab (indent with spaces, not tabs)"),
    "unclosed double quote": ('title: "T\ndate: 2009\n', 1,
                              'YAML: the quote " opened on line 1 is never closed (end the value with "; a " inside it is written \\")'),
    "unclosed single quote": ("a: 1\ntitle: 'T\ndate: 2009\n", 2,
                              "YAML: the quote ' opened on line 2 is never closed (end the value with '; a ' inside it is written '')"),
    "unclosed bracket": ("title: T\nactors: [nato, russia\ndate: 2009\n", 2,
                         "YAML: the list opened with [ on line 2 is not closed (end it with ]; separate its items with commas)"),
    "unclosed bracket at the end": ("a: 1\nactors: [nato\n", 2, "YAML: the list opened with [ on line 2 is not closed"),
    "unclosed brace in a list": ("sources: [{title: x, url: y]\n", 1, "YAML: expected ',' or '}' at column 28, in the mapping opened with {"),
    "stray bracket": ("actors: [a, b]]\n", 1, "YAML: a stray ] at column 15 of line 1 (remove it, or put the value in quotes)"),
    "colon in a value": ("title: NATO: a story\n", 1, 'YAML: a second ": " on line 1, in a value (put the value in quotes: title: "NATO: a story")'),
    "text after a closing quote": ('title: "NATO" says\n', 1,
                                   'YAML: text after the closing quote, at column 15 of line 1 (a quoted value ends at its closing quote: '
                                   'quote the whole value, e.g. title: "\\"NATO\\" says")'),
    "value starting with a backtick": ("title: `x`\n", 1, 'YAML: a value cannot start with ` (line 1, column 8) (put the value in quotes: title: "`x`")'),
    "value starting with an asterisk": ("title: *x\n", 1, 'YAML: a value cannot start with * (line 1, column 8) (put the value in quotes: title: "*x")'),
}


@pytest.mark.parametrize("name", list(SLIPS))
def test_slips_are_said_in_words_at_the_line_to_fix(name):
    text, line, message = SLIPS[name]
    node, problems = yamlread.load_mapping(text, "x.yaml")
    assert node is None and len(problems) == 1
    assert problems[0].format().startswith(f"x.yaml:{line}: {message}"), problems[0].format()


def test_lines_count_from_the_first_line_of_the_front_matter():
    _, problems = yamlread.load_mapping("actors:\n  - nato\n - russia\n", "e.md", first_line=2)
    assert problems[0].format().startswith("e.md:4: YAML: line 4 is indented 1 space but the list item above it at line 3 uses 2")


def test_text_wrapped_over_lines_is_no_slip():
    node, problems = yamlread.load_mapping("summary: a long\n  text - wrapped\nactors:\n  - a long\n    name\n", "x.yaml")
    assert problems == [] and node is not None
