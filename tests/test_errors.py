"""Problems: located, sorted, summarised, with invisible characters shown."""
from __future__ import annotations

import pytest

from timeline.errors import BuildFailed, Problem, plural, raise_if_errors, sort_problems, summarize


def test_a_problem_reads_like_a_compiler_message():
    assert Problem("a.md", 3, "date: bad", "use YYYY").format() == "a.md:3: date: bad (use YYYY)"
    assert Problem("a.md", None, "odd", warning=True).format() == "a.md: warning: odd"
    assert Problem("a\u202e.md", 1, "x\x1b[31m").format() == "a\\u202e.md:1: x\\u001b[31m"


def test_problems_sort_by_file_then_line_and_summaries_count_files():
    problems = [Problem("b.md", 2, "x"), Problem("a.md", 9, "y"), Problem("a.md", 1, "z", warning=True)]
    assert [(p.path, p.line) for p in sort_problems(problems)] == [("a.md", 1), ("a.md", 9), ("b.md", 2)]
    assert summarize(problems) == "2 errors in 2 files, 1 warning"
    assert summarize([]) == "no problems" and plural(1, "file") == "1 file"


def test_warnings_stop_only_a_strict_build():
    warning = [Problem("a.md", 1, "w", warning=True)]
    raise_if_errors(warning, strict=False)
    with pytest.raises(BuildFailed):
        raise_if_errors(warning, strict=True)
    with pytest.raises(BuildFailed) as failed:
        raise_if_errors([Problem("a.md", 1, "e")], strict=False)
    assert len(failed.value.problems) == 1


def test_build_failed_says_its_count_in_the_summary_words():
    problems = [Problem("a.md", 1, "x"), Problem("b.md", 2, "y"), Problem("b.md", 3, "z", warning=True)]
    assert str(BuildFailed(problems)) == "2 errors in 2 files, 1 warning"
