"""Located problems: every error names a file, a line and, where it can, a hint."""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, at a place the author can find."""

    path: str
    line: int | None
    message: str
    hint: str | None = None
    warning: bool = False

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        kind = "warning: " if self.warning else ""
        hint = f" ({self.hint})" if self.hint else ""
        return visible(f"{where}: {kind}{self.message}{hint}")


class BuildFailed(Exception):
    """Raised by a stage when the input has errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(summarize(problems))  # shown only if it escapes: in the words every summary uses
        self.problems = problems


def raise_if_errors(problems: list[Problem], strict: bool) -> None:
    """Stop here when there is an error (or, strict, any problem at all), listing every one."""
    if any(not p.warning or strict for p in problems):
        raise BuildFailed(problems)


def display_path(path: str | Path) -> str:
    """Show a path relative to the working folder when it lies inside it."""
    text = os.fspath(path)
    try:
        rel = os.path.relpath(text)
    except ValueError:
        return text
    return text if rel.startswith("..") else rel


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.warning, p.message))


def summarize(problems: list[Problem]) -> str:
    """Say how many errors and warnings there are, in how many files."""
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    parts = []
    if errors:
        files = len({p.path for p in errors})
        parts.append(f"{plural(len(errors), 'error')} in {plural(files, 'file')}")
    if warnings:
        parts.append(plural(len(warnings), "warning"))
    return ", ".join(parts) if parts else "no problems"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def visible(text: str) -> str:
    """Escape invisible and control characters so a message shows what is really there."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Cs") else ch for ch in text)
