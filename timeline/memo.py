"""What a series of builds remembers, owned by whoever runs them and handed to the pipeline.

The build command makes one Memo per run, the preview server one for its life,
and a test one per build it wants independent, so two builds in one process
never see each other's leftovers unless they are given the same Memo; the
pipeline's modules keep no such state of their own.

Every memo is exact by construction: an entry is found only for the very same
object (identity, held so its id cannot be reused) and equal other inputs; a
parsed file by its content key, or by a stat signature that changes with every
save (cache.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import FileCache
from .chart import Charts
from .fragments import FragmentCache, MemoryBytecodeCache
from .kept import Kept


class IdentityMemo:
    """Values remembered per object: found again only for the same object and equal inputs."""

    def __init__(self, limit: int = 100_000):
        self.limit = limit   # edits leave old entries behind; start afresh past this many
        self._entries: dict[int, tuple[Any, Any, Any]] = {}
        self._canonical: Any = None

    def get(self, owner: Any, inputs: Any = None) -> Any:
        entry = self._entries.get(id(owner))
        if entry is None or entry[0] is not owner or (entry[1] is not inputs and entry[1] != inputs):
            return None
        return entry[2]

    def last(self, owner: Any) -> Any:
        """What was remembered for this object, whatever the inputs were then."""
        entry = self._entries.get(id(owner))
        return entry[2] if entry is not None and entry[0] is owner else None

    def put(self, owner: Any, inputs: Any, value: Any) -> Any:
        if len(self._entries) >= self.limit:
            self._entries.clear()
        self._entries[id(owner)] = (owner, inputs, value)  # holding owner keeps its id from being reused
        return value

    def canonical(self, inputs: Any) -> Any:
        """inputs, or an equal value given before: equal inputs then compare by identity, cheaply."""
        if self._canonical != inputs:
            self._canonical = inputs
        return self._canonical


@dataclass
class Memo:
    files: FileCache = field(default_factory=FileCache)               # loader: parsed files, stats, listing
    checks: IdentityMemo = field(default_factory=IdentityMemo)        # model: an event's check and resolved form
    json_entries: IdentityMemo = field(default_factory=IdentityMemo)  # pages: an event's timeline.json entry
    table_rows: IdentityMemo = field(default_factory=IdentityMemo)    # opendata: an event's row of events.csv
    calendar_entries: IdentityMemo = field(default_factory=IdentityMemo)  # opendata: an event's VEVENT
    joined_files: Kept = field(default_factory=Kept)                  # opendata: the table's and calendars' bytes
    charts: Charts = field(default_factory=Charts)                    # pages: the overview charts drawn
    event_digests: IdentityMemo = field(default_factory=IdentityMemo)  # keys: an event's stand-in in page keys
    fragments: FragmentCache = field(default_factory=FragmentCache)   # render: macro output per argument objects
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)  # render: compiled templates
    last_plan: Any = None    # plan: the plan of the last build, for the next one to update
    editions: dict = field(default_factory=dict)       # editions: per other language, each event's version in it

    @classmethod
    def on_disk(cls, cache_dir: Path | None) -> "Memo":
        """A memo whose parsed files are also kept in cache_dir (None: in memory only)."""
        return cls(files=FileCache(cache_dir))
