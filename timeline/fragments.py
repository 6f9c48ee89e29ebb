"""What rendering remembers across pages and builds: macro output, like Hugo's partialCached, and
compiled templates.

An event's list item is the same HTML on its year page, its actors' and topics'
pages and the timeline: `{{ cached("_macros.html", "event_item", event) }}`
renders it once per language. The macro is looked up by its template's name and its
own, in the module Jinja's public `Template.make_module` makes in the language's
environment with only `lang` set: without the caller's context, so it sees only its
arguments, the globals and the page's language, which the renderer's `cached()`
passes first and the key holds.

Exact by construction. The entries are dropped whenever the templates or globals
change (begin() is handed the page keys' global key), and a hit needs the very
same argument objects (an edited event is a new object), so a fragment can only
be reused where rendering it again would give the same text.
"""
from __future__ import annotations

from typing import Any, Mapping

import jinja2

_VALUES = (str, int, float, bool, type(None))
MOST_ENTRIES = 100_000  # edits in a long preview session leave old entries behind; start afresh past this


class FragmentCache:
    def __init__(self) -> None:
        self.salt: str | None = None
        self.environments: Mapping[str, jinja2.Environment] | jinja2.Environment | None = None
        self.entries: dict[tuple, tuple[tuple, Any]] = {}
        self._modules: dict[tuple[str, str], Any] = {}

    def begin(self, salt: str, environments: Mapping[str, jinja2.Environment] | jinja2.Environment) -> None:
        """Start a build whose templates and globals are summed up by salt, rendered in the environments
        by language (the renderer's, filled as languages are first asked for), or in one for them all."""
        if salt != self.salt:
            self.entries, self.salt = {}, salt
        if environments is not self.environments:
            self.environments, self._modules = environments, {}

    def __call__(self, language: str, template: str, macro: str, *args: Any) -> Any:
        """The macro's output in this language: its template is run with `lang` set, as a page's is."""
        key = (language, template, macro, *[a if isinstance(a, _VALUES) else id(a) for a in args])
        hit = self.entries.get(key)
        if hit is not None and all(old is new or isinstance(new, _VALUES) for old, new in zip(hit[0], args)):
            return hit[1]
        module = self._modules.get((template, language))
        if module is None:
            environment = (self.environments if isinstance(self.environments, jinja2.Environment)
                           else self.environments[language])
            module = self._modules[(template, language)] = environment.get_template(template).make_module(
                {"lang": language})
        text = getattr(module, macro)(*args)
        # The arguments stay referenced, so their ids cannot be taken by new objects while cached.
        if len(self.entries) >= MOST_ENTRIES:
            self.entries = {}
        self.entries[key] = (args, text)
        return text

    def __fingerprint__(self) -> str:
        # What it returns depends on its arguments and the other globals, which the key covers.
        return "FragmentCache"


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, keyed by Jinja by name and source checksum, so a changed template
    recompiles; and by salt, for templates compiled with a language's words in them (templatewords.py)."""

    def __init__(self, compiled: dict[str, bytes] | None = None, salt: str = "") -> None:
        self._compiled = compiled if compiled is not None else {}
        self.salt = salt

    def salted(self, salt: str) -> "MemoryBytecodeCache":
        """The same store, for templates compiled under salt: they never meet those compiled under another."""
        return MemoryBytecodeCache(self._compiled, salt)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.salt}\0{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja drops it when the source's checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
