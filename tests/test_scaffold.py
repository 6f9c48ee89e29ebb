"""The scaffolding `new` and `import` write is found wherever it is left, at the line of its key."""
from __future__ import annotations

import pytest

from timeline import scaffold, yamlread
from timeline.dates import PartialDate
from timeline.newevent import new_event_text


@pytest.mark.parametrize("text, placeholder", [
    ("...", True), ("…", True), (" . . . ", True), ("[...]", True), ("(…)", True), ("....", True),
    ("https://...", True), ("https://…/x", True),
    ("NATO and ...", False), ("Reuters", False), ("", False), ("[a]", False), ("?", False),
])
def test_placeholders_are_only_dots_or_ellipses(text, placeholder):
    assert scaffold.is_placeholder(text) is placeholder


def test_prompts_are_found_however_the_lines_were_wrapped():
    wrapped = "Write what happened, who said what\n(attributed), and why it mattered."
    assert scaffold.prompt_in(wrapped) == scaffold.BODY_PROMPT
    assert scaffold.prompt_in(f"Intro. {scaffold.SUMMARY_PROMPT}") == scaffold.SUMMARY_PROMPT
    assert scaffold.prompt_in("Write what happened next.") is None


def test_new_writes_the_prompt_the_check_looks_for():
    text = new_event_text("T", PartialDate(2009, 5, 6), ["nato"], [])
    assert scaffold.BODY_PROMPT in text
    assert "# sources: [{title: ..., publisher: ..., url: https://...}]" in text


def test_every_placeholder_is_named_at_its_line():
    text = ("title: T\nsummary: One sentence for the timeline.\nsources:\n  - title: ...\n    publisher: P\n"
            "    url: https://...\nupdates: [{date: 2024-01-01, note: …}]\n")
    node, _ = yamlread.load_mapping(text, "e.md", first_line=2)
    problems = scaffold.scaffolding_problems(node, "e.md", 1, "or keep the event a draft (draft: true)")
    assert [p.format() for p in problems] == [
        'e.md:3: summary: still holds the prompt "One sentence for the timeline." '
        "(write your own words in its place, or keep the event a draft (draft: true))",
        'e.md:5: sources[0].title: "..." is a placeholder, not the value (write the real value, or keep the event a draft (draft: true))',
        'e.md:7: sources[0].url: "https://..." is a placeholder, not the address (write the real address, or keep the event a draft (draft: true))',
        'e.md:8: updates[0].note: "…" is a placeholder, not the value (write the real value, or keep the event a draft (draft: true))',
    ]


def test_the_body_prompt_is_found_at_its_line():
    body = "\nSome words.\n\nWrite what happened, who said what (attributed), and why it mattered.\n"
    problem = scaffold.body_prompt_problem(body, 10, "e.md", "or keep the event a draft (draft: true)")
    assert problem.line == 13 and problem.message.startswith('the text still holds the prompt "Write what happened')
    assert scaffold.body_prompt_problem("Nothing to see.\n", 10, "e.md", "") is None
