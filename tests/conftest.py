"""Tiny fixture sites written into tmp_path, and a runner for the real CLI."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shipped_event_count() -> int:
    """How many events content/ ships: its event files, not their translations (<slug>.<code>.md)."""
    return sum(1 for path in (REPO / "content" / "events").rglob("*.md") if "." not in path.stem)

ACTORS = """\
nato:
  name: NATO
  kind: organization
  aliases: [North Atlantic Treaty Organization, НАТО]
  description: The Atlantic alliance.
russia:
  name: Russia
  kind: country
  aliases: [Russian Federation, Россия]
sergei-lavrov:
  name: Sergei Lavrov
  kind: person
  aliases: [Sergey Lavrov, Сергей Лавров]
"""
TAGS = """\
diplomacy:
  name: Diplomacy
  description: Talks and statements.
expulsions:
  name: Expulsions
  description: Diplomats sent home.
"""
SITE = """\
title: Test Timeline
base_url: https://example.org/
description: A test.
"""


def event_text(title="An event", date="2009-05-06", actors="[nato, russia]", tags="[diplomacy]",
               extra="", body="First paragraph of the body.\n\nSecond paragraph.") -> str:
    lines = ["---", f"title: {title}", f"date: {date}", f"actors: {actors}"]
    if tags:
        lines.append(f"tags: {tags}")
    lines += ["sources:", "  - title: A source", "    publisher: Reuters", "    url: https://example.com/a"]
    if extra:
        lines.append(textwrap.dedent(extra).strip("\n"))
    lines += ["---", body, ""]
    return "\n".join(lines)


@dataclass
class Site:
    """A fixture project: site.yaml, content/ and the output folder."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def event(self, slug: str, **fields) -> Path:
        return self.write(f"content/events/{slug}.md", event_text(**fields))

    def run(self, *args: str) -> "Result":
        return run_cli(list(args), cwd=self.root)

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def snapshot(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.output)): p.read_bytes()
                for p in sorted(self.output.rglob("*")) if p.is_file()}


@dataclass
class Result:
    code: int
    out: str
    err: str


def build_stopping_at_write(number: int, action: str, *args: str) -> list[str]:
    """The command of a real build in a subprocess that runs `action` (Python statements) at its
    number-th Stage.write: a point in the middle of writing the site that the test chooses exactly.
    This wraps the code from outside, in the test's process; nothing in the tool knows of it."""
    script = "\n".join([
        "import os, signal, sys", f"sys.path.insert(0, {str(REPO)!r})", "import build", "from timeline import output",
        "real_write, calls = output.Stage.write, [0]",
        "def write(self, relative, data):", "    calls[0] += 1", f"    if calls[0] == {number}:",
        *[f"        {line}" for line in action.splitlines()], "    return real_write(self, relative, data)",
        "output.Stage.write = write", f"sys.exit(build.main({['build', *args]!r}))"])
    return [sys.executable, "-c", script]


def deep_folders(root: Path, depth: int, name: str = "d", file: str | None = None) -> str:
    """root/d/d/.../d, depth folders deep (with an empty file at the bottom if named), made from open
    folders: os.makedirs recurses, and no path could name a folder past the system's longest. Returns
    the relative path of the deepest folder."""
    descriptor = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        if file:
            os.close(os.open(file, os.O_WRONLY | os.O_CREAT, dir_fd=descriptor))
    finally:
        os.close(descriptor)
    return "/".join([name] * depth)


def run_cli(args: list[str], cwd: Path) -> Result:
    completed = subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd,
                               capture_output=True, text=True, timeout=120)
    return Result(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A valid three-event site with actors, tags, a page and site.yaml."""
    return make_site(tmp_path)


def make_site(root: Path) -> Site:
    fixture = Site(root)
    fixture.write("site.yaml", SITE)
    fixture.write("content/actors.yaml", ACTORS)
    fixture.write("content/tags.yaml", TAGS)
    fixture.event("2009-04-29-nato-withdraws-accreditation", title="NATO withdraws accreditation",
                  date="2009-04-29", tags="[expulsions]")
    fixture.event("2009-05-06-lavrov-news-conference", title="Lavrov news conference", actors="[Sergey Lavrov, russia]",
                  extra="""\
                  milestone: true
                  related:
                    - event: 2009-04-29-nato-withdraws-accreditation
                      relation: response-to
                  updates:
                    - date: 2024-03-07
                      note: Added a second source.
                  """)
    fixture.event("2008-08-19-nrc-suspended", title="NRC meetings suspended", date="2008-08-19",
                  extra="end_date: 2009-03-05")
    fixture.write("content/pages/about.md", "---\ntitle: About\n---\nWhat this is.\n")
    return fixture


@pytest.fixture
def busy_site(site):
    """The fixture site and forty filler events: enough pages for partial rebuilds to show."""
    for index in range(40):
        site.event(f"2011-{index % 12 + 1:02d}-01-filler-{index}", title=f"Filler {index}", date=f"2011-{index % 12 + 1:02d}-01",
                   actors="[nato]" if index % 2 else "[russia, nato]", tags="[diplomacy]")
    return site


RU_LAVROV = """\
---
title: Пресс-конференция Лаврова
summary: Министр иностранных дел России Сергей Лавров выступает перед журналистами.
updates:
  - date: 2024-03-07
    note: Добавлен второй источник.
translated_from: {version}
---
Первый абзац текста о Лаврове.

Второй абзац.
"""
RU_ABOUT = "---\ntitle: О сайте\ntranslated_from: {version}\n---\nЧто это такое.\n"


def words_version_of(path: Path, kind: str = "event") -> str:
    """The version of an original's words, as a translation of it records in translated_from."""
    from timeline.content import parse_event, parse_page
    parsed, _ = (parse_event if kind == "event" else parse_page)(path.read_text(encoding="utf-8"), str(path))
    return parsed.version


def make_bilingual_site(root: Path) -> Site:
    """The fixture site published in English and Russian: one event and the about page translated."""
    fixture = make_site(root)
    fixture.write("site.yaml", SITE + "languages: [en, ru]\n")
    fixture.write("content/actors.yaml", ACTORS.replace("  description: The Atlantic alliance.\n",
                                                        "  description: The Atlantic alliance.\n  names: {ru: НАТО}\n"
                                                        "  descriptions: {ru: Атлантический альянс.}\n")
                  + "  names: {ru: Сергей Лавров}\n")
    fixture.write("content/tags.yaml", TAGS + "  names: {ru: Высылки}\n")
    original = fixture.content / "events/2009-05-06-lavrov-news-conference.md"
    fixture.write("content/events/2009-05-06-lavrov-news-conference.ru.md",
                  RU_LAVROV.format(version=words_version_of(original)))
    fixture.write("content/pages/about.ru.md",
                  RU_ABOUT.format(version=words_version_of(fixture.content / "pages/about.md", "page")))
    return fixture


@pytest.fixture
def bilingual_site(tmp_path: Path) -> Site:
    return make_bilingual_site(tmp_path)
