"""Every bad input through the real CLI: file, line, a plain message, exit 1, no traceback, site/ untouched."""
from __future__ import annotations

import re

import pytest

import build
from tests.conftest import event_text
from tests.test_content import INVALID
from timeline.pipeline import TOOL_ROOT

# Whole-tree cases the per-file table cannot express: (files to write, expected line in stderr).
TREE_CASES = {
    "unknown actor, near miss": ({"content/events/x.md": event_text(actors="[nato, sergei-lavrof]")},
                                 'content/events/x.md:4: actors: unknown actor "sergei-lavrof" (did you mean sergei-lavrov?)'),
    "two events, one slug": ({"content/events/a/2009-04-29-nato-withdraws-accreditation.md": event_text()},
                             'content/events/a/2009-04-29-nato-withdraws-accreditation.md:1: slug "2009-04-29-nato-withdraws-accreditation" is also used by content/events/2009-04-29-nato-withdraws-accreditation.md'),
    "slug clash through slug key": ({"content/events/other.md": event_text(extra="slug: 2008-08-19-nrc-suspended")},
                                    'slug "2008-08-19-nrc-suspended" is also used by'),
    "actors.yaml shared alias": ({"content/actors.yaml": "nato:\n  name: NATO\n  kind: organization\n  aliases: [Alliance]\n"
                                  "russia:\n  name: Russia\n  kind: country\n  aliases: [alliance]\nsergei-lavrov:\n  name: L\n  kind: person\n"},
                                 'content/actors.yaml:8: "alliance" names both nato and russia'),
    "actors.yaml bad kind": ({"content/actors.yaml": "nato:\n  name: NATO\n  kind: alliance\n"},
                             'content/actors.yaml:3: nato.kind: "alliance" is not one of person, country, organization'),
    "actors.yaml not yaml": ({"content/actors.yaml": "nato: [\n"}, "content/actors.yaml:1: YAML: the list opened with [ on line 1 is not closed"),
    "tags.yaml python tag": ({"content/tags.yaml": "diplomacy: !!python/name:os.system\n"},
                             "content/tags.yaml:1: YAML tag !!python/name:os.system is not allowed"),
    "site.yaml unknown key": ({"site.yaml": "title: T\nbase_url: https://example.org/\nbaseurl: x\n"},
                              "site.yaml:3: baseurl: unknown key (did you mean base_url?)"),
    "site.yaml relative base_url": ({"site.yaml": "title: T\nbase_url: /timeline/\n"},
                                    'site.yaml:2: base_url: "/timeline/" is not an http or https URL'),
    "template syntax error": ({"templates/404.html": "{% extends 'base.html' %}\n{% block main %}\n{{ oops( }}\n{% endblock %}\n"},
                              "templates/404.html:3: template:"),
    "template undefined name": ({"templates/404.html": "{% extends 'base.html' %}\n{% block main %}\n{{ no_such_name }}\n{% endblock %}\n"},
                                'templates/404.html:3: template: "no_such_name" is not defined (this template has: '),
    "page without title": ({"content/pages/about.md": "---\ndescription: x\n---\nBody\n"},
                           "content/pages/about.md:2: title: required key is missing"),
    "20 MB body": ({"content/events/huge.md": event_text(body="word " * 4_000_000)},
                   "content/events/huge.md:1: file is 20 MB; the limit is 2 MB"),
}


def copy_theme(site) -> None:
    """Templates beside the site, so a case may break one of them."""
    for template in (TOOL_ROOT / "templates").iterdir():
        site.write(f"templates/{template.name}", template.read_text())


def run_in_process(site, monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    monkeypatch.chdir(site.root)
    code = build.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.err


@pytest.fixture
def built(site, monkeypatch, capsys):
    copy_theme(site)
    code, err = run_in_process(site, monkeypatch, capsys, "build", "--no-search")
    assert code == 0, err
    return site.snapshot()


@pytest.mark.parametrize("name", list(INVALID))
def test_bad_event_file_fails_the_build_cleanly(site, built, monkeypatch, capsys, name):
    text, line, message = INVALID[name]
    site.write("content/events/bad.md", text)
    code, err = run_in_process(site, monkeypatch, capsys, "build", "--no-search")
    assert code == 1
    assert f"content/events/bad.md:{line}: {message}" in err
    assert "Traceback" not in err
    assert re.search(r"\d+ errors? in \d+ files?; site/ was not changed\n$", err)
    assert site.snapshot() == built


@pytest.mark.parametrize("name", list(TREE_CASES))
def test_bad_tree_fails_the_build_cleanly(site, built, monkeypatch, capsys, name):
    files, expected = TREE_CASES[name]
    for relative, text in files.items():
        site.write(relative, text)
    code, err = run_in_process(site, monkeypatch, capsys, "build", "--no-search")
    assert code == 1, err
    assert expected in err, err
    assert "Traceback" not in err
    assert site.snapshot() == built


def test_a_broken_actors_file_is_reported_once_not_echoed_by_every_event(site, built, monkeypatch, capsys):
    site.write("content/actors.yaml", "nato: [\n")
    code, err = run_in_process(site, monkeypatch, capsys, "build", "--no-search")
    assert code == 1
    assert err.splitlines()[-1] == "1 error in 1 file; site/ was not changed"


@pytest.mark.parametrize("encoding", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_build_like_plain_files(site, built, monkeypatch, capsys, encoding):
    path = site.content / "events/2009-04-29-nato-withdraws-accreditation.md"
    data = path.read_bytes()
    if "crlf" in encoding:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in encoding:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    code, err = run_in_process(site, monkeypatch, capsys, "build", "--no-search")
    assert code == 0, err
    assert site.snapshot() == built


def test_all_errors_of_a_broken_tree_come_at_once(site, built, monkeypatch, capsys):
    chosen = ["impossible day", "unknown key near miss", "python tag", "no front matter", "tab indentation"]
    for index, name in enumerate(chosen):
        site.write(f"content/events/bad-{index}.md", INVALID[name][0])
    code, err = run_in_process(site, monkeypatch, capsys, "build", "--no-search")
    assert code == 1
    assert err.strip().splitlines()[-1] == f"{len(chosen)} errors in {len(chosen)} files; site/ was not changed"
