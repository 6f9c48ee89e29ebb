"""frontedit.py: archive_url and archive_date added to one source, every other byte kept."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import REPO, make_site, shipped_event_count
from timeline.content import parse_event
from timeline.frontedit import EditRefused, add_source_keys
from timeline.translations import translation_name  # the originals, not their translations (issue 16)

KEYS = {"archive_url": "https://web.archive.org/web/20090506120000/http://example.com/a", "archive_date": "2009-05-06"}

BLOCK = """\
---
title: An event   # the headline
date: 2009-05-06
actors: [nato, russia]
sources:
  # the first source
  - title: "A source: with a colon"
    publisher: Reuters
    url: https://example.com/a   # the original
  - title: Another
    publisher: TASS
    url: https://example.com/b
    date: 2009-05-07
    # a comment after the last key
related: []
---
Body.
"""


def added_lines(before: str, after: str) -> list[str]:
    """The lines after has and before has not, checking that before's lines all remain, in order."""
    old, new = before.splitlines(True), after.splitlines(True)
    added, position = [], 0
    for line in new:
        if position < len(old) and line == old[position]:
            position += 1
        else:
            added.append(line)
    assert position == len(old), "a line of the original changed or went missing"
    return added


def test_block_style_gets_two_lines_at_the_item_indent_and_nothing_else_changes():
    after = add_source_keys(BLOCK, "x.md", 0, "https://example.com/a", KEYS)
    assert added_lines(BLOCK, after) == [
        "    archive_url: https://web.archive.org/web/20090506120000/http://example.com/a\n",
        "    archive_date: 2009-05-06\n"]
    assert after.index("archive_url") > after.index("# the original")  # after the url line, comment kept
    event, problems = parse_event(after, "x.md")
    assert problems == [] and event.sources[0].archive_url == KEYS["archive_url"]
    assert event.sources[0].archive_date.iso() == "2009-05-06" and event.sources[1].archive_url is None


def test_the_last_source_of_the_list_gets_its_lines_before_the_comment_that_follows():
    after = add_source_keys(BLOCK, "x.md", 1, "https://example.com/b", KEYS)
    lines = after.splitlines()
    at = lines.index("    date: 2009-05-07")
    assert lines[at + 1].startswith("    archive_url: ") and lines[at + 3] == "    # a comment after the last key"
    assert parse_event(after, "x.md")[0].sources[1].archive_url == KEYS["archive_url"]


@pytest.mark.parametrize("sources, expected", [
    ("sources: [{title: A, publisher: R, url: https://example.com/a}]\n",
     'sources: [{title: A, publisher: R, url: https://example.com/a, archive_url: "%s", archive_date: 2009-05-06}]\n'),
    ("sources:\n  - {title: A, publisher: R, url: https://example.com/a, }  # trailing comma\n",
     '  - {title: A, publisher: R, url: https://example.com/a, archive_url: "%s", archive_date: 2009-05-06, }  # trailing comma\n'),
    ("sources: [{title: A,\n    publisher: R,\n    url: \"https://example.com/a\" # c\n  }]\n",
     '    url: "https://example.com/a", archive_url: "%s", archive_date: 2009-05-06 # c\n'),
])
def test_flow_style_gets_the_keys_inside_its_braces(sources, expected):
    text = f"---\ntitle: T\ndate: 2009\nactors: [nato]\n{sources}---\nBody.\n"
    after = add_source_keys(text, "x.md", 0, "https://example.com/a", KEYS)
    assert expected % KEYS["archive_url"] in after
    event, problems = parse_event(after, "x.md")
    assert problems == [] and event.sources[0].archive_url == KEYS["archive_url"]


@pytest.mark.parametrize("address, written", [
    ("https://web.archive.org/web/2009/https://example.com/a?q=x:", '"https://web.archive.org/web/2009/https://example.com/a?q=x:"'),
    ("https://web.archive.org/web/2009/https://example.com/a,b?x=1&y=[2]#f", None),  # plain: YAML reads it back
])
def test_an_address_is_written_plain_unless_yaml_would_misread_it(address, written):
    keys = {"archive_url": address, "archive_date": "2009"}
    after = add_source_keys(BLOCK, "x.md", 0, "https://example.com/a", keys)
    assert f"    archive_url: {written or address}\n" in after
    assert parse_event(after, "x.md")[0].sources[0].archive_url == address


def test_crlf_and_a_byte_order_mark_are_kept():
    text = "\ufeff" + BLOCK.replace("\n", "\r\n")
    after = add_source_keys(text, "x.md", 0, "https://example.com/a", KEYS)
    assert after.startswith("\ufeff---\r\n") and "\n" not in after.replace("\r\n", "")
    assert added_lines(text, after) == [f"    archive_url: {KEYS['archive_url']}\r\n", "    archive_date: 2009-05-06\r\n"]


def test_a_block_scalar_as_the_last_value_ends_before_the_new_lines():
    text = ("---\ntitle: T\ndate: 2009\nactors: [nato]\nsources:\n  - url: https://example.com/a\n"
            "    publisher: R\n    title: |\n      A title\n      on two lines\n\nrelated: []\n---\nBody.\n")
    after = add_source_keys(text, "x.md", 0, "https://example.com/a", KEYS)
    event, problems = parse_event(after, "x.md")
    assert problems == [] and event.sources[0].title == "A title\non two lines"
    assert event.sources[0].archive_url == KEYS["archive_url"]


@pytest.mark.parametrize("text, index, url, message", [
    (BLOCK, 0, "https://example.com/other", "is no longer https://example.com/other"),
    (BLOCK, 5, "https://example.com/a", "no sources[5]"),
    (BLOCK.replace("    url: https://example.com/b\n", "    url: https://example.com/b\n    archive_date: 2009\n"), 1,
     "https://example.com/b", "already has archive_date"),
    (BLOCK.replace("actors: [nato, russia]\n", ""), 0, "https://example.com/a", "`check` already refuses it"),
    ("no front matter\n", 0, "https://example.com/a", "no front matter"),
])
def test_refusals_say_why_and_change_nothing(text, index, url, message):
    with pytest.raises(EditRefused, match=message.replace("[", r"\[").replace("]", r"\]")):
        add_source_keys(text, "x.md", index, url, KEYS)


def test_twenty_shipped_event_files_round_trip(tmp_path):
    """Every source of 20 shipped events gets an archive copy; git diff shows only added lines and
    check --strict stays clean."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "site.yaml", project / "site.yaml")
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "shipped"], check=True)
    files = sorted(path for path in (project / "content" / "events").rglob("*.md") if not translation_name(path.name))[::7][:20]
    assert len(files) == 20
    added = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        event, problems = parse_event(text, str(path))
        assert problems == []
        for index, source in enumerate(event.sources):
            keys = {"archive_url": f"https://web.archive.org/web/20260501000000/{source.url}", "archive_date": "2026-05-01"}
            text = add_source_keys(text, str(path), index, source.url, keys)
            added += 2
        path.write_text(text, encoding="utf-8")
    diff = subprocess.run([*git, "diff", "--unified=0", "--no-color"], capture_output=True, text=True, check=True).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == added and all(line.startswith(("+    archive_url: ", "+    archive_date: ")) for line in changed)
    result = make_site(tmp_path / "unused")  # the fixture's runner, pointed at the copy
    result.root = project
    checked = result.run("check", "--strict")
    assert checked.code == 0, checked.err
    assert checked.out.startswith(f"Checked {shipped_event_count()} events: no problems")
