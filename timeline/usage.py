"""The command line's own words: examples under each command's help, and the errors said before any command runs.

Imported by build.py before it knows the command, so nothing here may import more than the standard library.
"""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from .errors import display_path

TOOL_ROOT = Path(__file__).resolve().parent.parent

EXAMPLES = {
    None: """examples:
  build.py                          build content/ into site/
  build.py check --strict           validate everything, warnings included
  build.py serve                    preview at http://127.0.0.1:8000/
  build.py new "Title" --actors nato,russia
  build.py import saved.html --url https://example.org/article
  build.py sources --older-than 30d

Run build.py COMMAND --help for a command's options.""",
    "build": """examples:
  build.py build
  build.py build --base-url https://example.org/timeline/ --strict
  build.py build --drafts --no-search --output /tmp/preview""",
    "check": """examples:
  build.py check
  build.py check --drafts --strict""",
    "new": """examples:
  build.py new "NATO suspends the NATO-Russia Council" --actors nato,russia --date 2008-08-19
  build.py new "Lavrov meets Rasmussen" --actors "Sergey Lavrov,nato" --tags diplomacy
  build.py new --translate 2009-05-06-lavrov-seeks-normal-partnership --lang ru""",
    "import": """examples:
  build.py import saved/lavrov.html --url https://example.org/lavrov
  build.py import copied.txt --year 2009
  xclip -o -selection clipboard | build.py import - --year 2009 --dry-run
  build.py import saved/ria-ru.html --translate 2009-05-06-lavrov-seeks-normal-partnership --lang ru""",
    "serve": """examples:
  build.py serve
  build.py serve --open
  build.py serve --port 8080 --poll""",
    "sources": """examples:
  build.py sources                              check every source, record it in content/sources.yaml
  build.py sources --older-than 30d             only what was last checked over 30 days ago
  build.py sources --event 2009-05-06-lavrov-seeks-normal-partnership
  build.py sources --archive --dry-run          show the archive_url lines it would write
  build.py sources --connect-to www.example.org:443:10.0.0.5:443   reach that host at 10.0.0.5""",
}


def content_folder_missing(content: Path) -> str | None:
    """Every command reads the content folder: when it is not there, say that once, not what it led to."""
    if content.is_dir():
        return None
    where = os.path.abspath(content)
    what = f"{where} is not a folder" if os.path.lexists(content) else f"there is no {where}"
    return (f"error: content folder not found: {what} (run build.py in the project folder, "
            "the one holding content/ and site.yaml, or pass --content DIR)")


def setup_hint(module: str, argv: list[str]) -> str:
    """One line: which package this Python lacks, and how to set up and use the environment that has it."""
    def shown(*parts: str) -> str:
        return display_path(TOOL_ROOT.joinpath(*parts))
    command = shlex.join([shown(".venv", "bin", "python"), shown("build.py"), *argv])
    return (f"error: this Python ({sys.executable}) lacks the packages build.py needs (no module named '{module}'); "
            f"set them up with `bash {shlex.quote(shown('scripts', 'setup.sh'))}`, then run `{command}`, "
            f"or activate the environment first (`. {shlex.quote(shown('.venv', 'bin', 'activate'))}`)")
