"""Rendered fragments remembered across pages and rebuilds, like Hugo's partialCached.

An event's list item is the same HTML on its year page, its actors' and topics'
pages and the timeline: `{{ cached(event_item, event) }}` renders it once.

Exact by construction. A macro imported without context sees only its arguments
and the environment's globals; the entries are dropped whenever the templates
or globals change (begin() is handed the page keys' global key), and a hit needs
the very same argument objects (an edited event is a new object), so a fragment
can only be reused where rendering it again would give the same text.
"""
from __future__ import annotations

from typing import Any

_VALUES = (str, int, float, bool, type(None))


class FragmentCache:
    def __init__(self) -> None:
        self.salt: str | None = None
        self.entries: dict[tuple, tuple[tuple, Any]] = {}

    def begin(self, salt: str) -> None:
        """Start a build whose templates and globals are summed up by salt."""
        if salt != self.salt:
            self.entries, self.salt = {}, salt

    def __call__(self, macro: Any, *args: Any) -> Any:
        # The template's name and the macro's tell macros apart (Jinja's compiled module keeps the name).
        template = macro._func.__globals__.get("name")
        if not template:  # a template made from a string has no name to be told apart by
            return macro(*args)
        key = (template, macro.name, *[a if isinstance(a, _VALUES) else id(a) for a in args])
        hit = self.entries.get(key)
        if hit is not None and all(old is new or isinstance(new, _VALUES) for old, new in zip(hit[0], args)):
            return hit[1]
        text = macro(*args)
        # The arguments stay referenced, so their ids cannot be taken by new objects while cached.
        self.entries[key] = (args, text)
        return text

    def __fingerprint__(self) -> str:
        # What it returns depends on its arguments and the other globals, which the key covers.
        return "FragmentCache"
