"""The command line's conventions: help for every option, examples, --version, a quick --help, a missing
content folder or a Python without the packages said in one line."""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time

import pytest

import build
from tests.conftest import REPO, run_cli
from timeline import __version__

COMMANDS = ("build", "check", "new", "import", "serve", "sources")
HEAVY = ("jinja2", "markdown", "nh3", "yaml", "watchdog", "trafilatura", "lxml", "timeline.pipeline")


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_option_of_every_command_says_what_it_does():
    parser = build.make_parser()
    commands = subparsers(parser)
    assert tuple(commands) == COMMANDS
    for name, command in [("build.py", parser), *commands.items()]:
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            label = action.option_strings or action.dest
            assert action.help and action.help != argparse.SUPPRESS and len(action.help) > 10, (name, label)


def test_every_command_shows_examples_of_itself(site):
    for name in COMMANDS:
        result = site.run(name, "--help")
        assert result.code == 0, result.err
        examples = result.out.split("\nexamples:\n", 1)[1].splitlines()
        assert examples and all(line.startswith(f"  build.py {name}") or line.startswith("  xclip") for line in examples), name
    top = site.run("--help")
    assert top.code == 0 and "\nexamples:\n  build.py  " in top.out and "build.py COMMAND --help" in top.out


def test_new_marks_actors_as_required_for_an_event():
    # Not required by argparse: `new --translate SLUG --lang CODE` takes none; run_new asks for them.
    actors = next(a for a in subparsers(build.make_parser())["new"]._actions if "--actors" in a.option_strings)
    assert actors.help.startswith("required for an event:")


def test_new_help_shows_both_ways_in_its_usage(site):
    usage = " ".join(site.run("new", "--help").out.split("\n\n")[0].split())
    assert usage == ("usage: build.py new [-h] [--actors IDS] [--translate SLUG] [--lang CODE] [--config FILE] "
                     "[--date DATE] [--tags TAGS] [--content DIR] [title]")


def test_version(site):
    result = site.run("--version")
    assert (result.code, result.out) == (0, f"build.py {__version__}\n")
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def imported_modules(*args: str) -> set[str]:
    """Every module a run of build.py imports, as Python's -X importtime lists them."""
    completed = subprocess.run([sys.executable, "-X", "importtime", str(REPO / "build.py"), *args],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return {line.rsplit("|", 1)[1].strip() for line in completed.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args", [["--help"], ["new", "--help"], ["import", "--help"], ["serve", "--help"], ["--version"]])
def test_help_imports_none_of_the_heavy_modules(args):
    modules = imported_modules(*args)
    assert "argparse" in modules  # the listing is real
    heavy = sorted(m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY)
    assert heavy == [], heavy


def test_help_answers_in_under_three_tenths_of_a_second():
    def seconds() -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "build.py"), "--help"], capture_output=True, check=True, timeout=60)
        return time.perf_counter() - started
    assert min(seconds() for _ in range(3)) < 0.3  # the quickest of three: a busy machine only slows some


# ---- said once, before anything runs -----------------------------------------------------------

FLAGS_WITHOUT_PACKAGES = ["-S", "-E", "-s"]  # no site-packages, no PYTHONPATH, no user site: the standard library only


def test_a_python_without_the_packages_says_how_to_set_up_in_one_line(site):
    lacking = subprocess.run([sys.executable, *FLAGS_WITHOUT_PACKAGES, "-c", "import markdown"], capture_output=True)
    assert lacking.returncode != 0  # the test's premise: this interpreter really lacks them
    before = sorted(site.root.rglob("*"))
    for args in (["check", "--strict"], ["build"], ["new", "T", "--actors", "nato"], ["serve", "--port", "0"]):
        completed = subprocess.run([sys.executable, *FLAGS_WITHOUT_PACKAGES, str(REPO / "build.py"), *args],
                                   cwd=site.root, capture_output=True, text=True, timeout=60)
        assert completed.returncode == 2 and completed.stdout == "", completed.stderr
        lines = completed.stderr.splitlines()
        assert len(lines) == 1, completed.stderr
        assert re.fullmatch(
            re.escape(f"error: this Python ({sys.executable}) lacks the packages build.py needs (no module named '")
            + r"(yaml|markdown|jinja2|nh3)"
            + re.escape(f"'); set them up with `bash {REPO}/scripts/setup.sh`, then run "
                        f"`{REPO}/.venv/bin/python {REPO}/build.py {' '.join(args)}`, "
                        f"or activate the environment first (`. {REPO}/.venv/bin/activate`)"), lines[0]), lines[0]
    assert sorted(site.root.rglob("*")) == before


def test_help_works_without_the_packages(site):
    completed = subprocess.run([sys.executable, *FLAGS_WITHOUT_PACKAGES, str(REPO / "build.py"), "new", "--help"],
                               cwd=site.root, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0 and "--actors IDS" in completed.stdout, completed.stderr


@pytest.mark.parametrize("args", [["new", "X", "--actors", "nato"], ["check"], ["build"], ["serve", "--port", "0"],
                                  ["import", "article.txt", "--year", "2009"], ["build", "--strict", "--drafts"]])
def test_a_missing_content_folder_is_one_error_naming_where_it_looked(site, tmp_path, args):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "article.txt").write_text("NATO and Russia agreed on Friday to resume talks, officials said.\n")
    result = run_cli(list(args), cwd=elsewhere)
    assert (result.code, result.out) == (1, "")
    assert result.err == (f"error: content folder not found: there is no {elsewhere}/content (run build.py in the "
                          "project folder, the one holding content/ and site.yaml, or pass --content DIR)\n")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["article.txt"]  # nothing written, not even a cache


def test_a_content_folder_that_is_a_file_is_said_so(site):
    site.write("notes.md", "not a folder\n")
    result = site.run("check", "--content", "notes.md")
    assert (result.code, result.err) == (1, f"error: content folder not found: {site.root}/notes.md is not a folder "
                                            "(run build.py in the project folder, the one holding content/ and "
                                            "site.yaml, or pass --content DIR)\n")
