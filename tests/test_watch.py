"""What counts as a save: inputs only, editor junk never, moves seen from both ends."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from timeline.watch import ChangeHandler, is_editor_junk


@pytest.mark.parametrize("name, junk", [
    (".x.md.swp", True), ("x.md~", True), ("4913", True), (".#x.md", True), ("#x.md#", True), ("x.tmp", True),
    ("x.bck", True), (".hidden", True), ("x.md", False), ("actors.yaml", False), ("notes-4913.md", False),
])
def test_editor_junk(name, junk):
    assert is_editor_junk(f"/project/content/{name}") == junk


@dataclass
class Seen:
    event_type: str
    src_path: str
    dest_path: str = ""
    is_directory: bool = False


def test_only_inputs_count_and_moves_count_at_both_ends(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    config = tmp_path / "site.yaml"
    changed: list[str] = []
    handler = ChangeHandler([content], [config], changed.append)
    handler.dispatch(Seen("modified", str(content / "events/a.md")))
    handler.dispatch(Seen("moved", str(content / ".a.md.tmp"), str(content / "events/b.md")))
    handler.dispatch(Seen("created", str(tmp_path / "site/index.html")))       # the output: never
    handler.dispatch(Seen("modified", str(tmp_path / "notes.txt")))             # beside the config
    handler.dispatch(Seen("modified", str(config)))
    handler.dispatch(Seen("modified", str(content / "events"), is_directory=True))
    handler.dispatch(Seen("deleted", str(content / "events/c.md")))
    handler.dispatch(Seen("opened", str(content / "events/d.md")))
    assert changed == [str(content / "events/a.md"), str(content / "events/b.md"), str(config),
                       str(content / "events/c.md")]
