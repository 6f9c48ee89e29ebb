"""Page input keys: re-render a page only when something it is rendered from has changed.

A page's bytes are a pure function of its template, path and context, of the
renderer's globals and templates, and of this package's code. PageKeys hashes
exactly those, with each Event stood in for by a digest: the content key of the
file it was parsed from, plus every field the timeline changed when it resolved
the parsed event (found by comparing the two, so a field the model derives in
future is covered without a word here). Equal keys mean equal bytes, so reusing
the previous bytes for an unchanged key gives the same site a full build would,
by construction. Anything the hash cannot describe faithfully (an object with no
stable form) makes the page's key None: such a page is always rendered.
"""
from __future__ import annotations

import dataclasses
import hashlib
import types
from typing import Any

from .cache import SALT
from .content import Event
from .memo import IdentityMemo
from .pages import PageSpec


_PLAIN = frozenset({bool, int, float, str, bytes})
_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))


class Unkeyable(Exception):
    """A value with no stable description; the page that holds it is rendered every time."""


class Fingerprinter:
    """Turn template inputs into a stable text form, with events shortened to digests."""

    def __init__(self, file_keys: dict[str, str], parsed_from: dict[str, Event], digests: IdentityMemo):
        self.file_keys = file_keys            # shown path -> content key of the file
        self.parsed_from = parsed_from        # slug -> the parsed event a published one was resolved from
        self.digests = digests                # kept by the caller across builds
        self._events: dict[int, tuple[Event, str]] = {}   # this build's digests, looked up inline below
        self._field_names: dict[type, tuple[str, ...]] = {}
        self.seen: set[str] | None = None     # when a set: slugs of the events described, for plan.py

    def event_digest(self, event: Event) -> str:
        remembered = self._events.get(id(event))
        if remembered is not None and remembered[0] is event:
            return remembered[1]
        source = self.file_keys.get(event.path)
        parsed = self.parsed_from.get(event.slug)
        digest = self.digests.get(event, source) if source is not None else None
        if digest is None:
            if source is None or parsed is None:  # not read by the loader (built elsewhere): describe it in full
                digest = hashlib.sha256(self._dataclass(event).encode()).hexdigest()[:32]
            else:
                derived = [(name, getattr(event, name)) for name in _EVENT_FIELDS
                           if getattr(event, name) is not getattr(parsed, name)]
                digest = hashlib.sha256(f"{source}\0{self.text(derived)}".encode()).hexdigest()[:32]
                self.digests.put(event, source, digest)
        self._events[id(event)] = (event, digest)
        return digest

    def text(self, value: Any) -> str:
        kind = type(value)
        if kind is Event:
            if self.seen is not None:
                self.seen.add(value.slug)
            remembered = self._events.get(id(value))
            return "E" + (remembered[1] if remembered is not None and remembered[0] is value else self.event_digest(value))
        if value is None or kind in _PLAIN:
            return repr(value)
        if kind is list or kind is tuple:
            # Lists of events are most of what pages hold: their digests are looked up inline.
            events, parts, seen = self._events, [], self.seen
            for item in value:
                remembered = events.get(id(item)) if type(item) is Event else None
                if remembered is not None and remembered[0] is item:
                    parts.append("E" + remembered[1])
                    if seen is not None:
                        seen.add(item.slug)
                else:
                    parts.append(self.text(item))
            return ("[" if kind is list else "(") + ",".join(parts) + "]"
        if kind is dict:
            return "{" + ",".join([f"{self.text(k)}:{self.text(v)}" for k, v in value.items()]) + "}"
        if isinstance(value, str):  # Markup and other str subclasses render as their text
            return f"{kind.__name__}:{str.__repr__(value)}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._dataclass(value)
        if kind in (set, frozenset):
            return "S" + ",".join(sorted(map(self.text, value)))
        if isinstance(value, (types.FunctionType, types.MethodType)):
            return self._function(value)
        if isinstance(value, (type, types.BuiltinFunctionType)):
            return f"T{value.__module__}.{value.__qualname__}"
        if isinstance(value, types.ModuleType) and value.__name__.startswith(f"{__package__}."):
            return f"Y{value.__name__}"  # a module of this package: its code is in every key's salt
        describe = getattr(value, "__fingerprint__", None)
        if describe is not None:
            return f"P{kind.__module__}.{kind.__qualname__}:{describe()}"
        raise Unkeyable(f"{kind.__qualname__} has no stable description")

    def _dataclass(self, value: Any) -> str:
        kind = type(value)
        names = self._field_names.get(kind)
        if names is None:  # dataclasses.fields() is slow, and asked for every Link of every page
            names = self._field_names[kind] = tuple(f.name for f in dataclasses.fields(value))
        parts = [f"{name}={self.text(getattr(value, name))}" for name in names]
        return f"{kind.__qualname__}(" + ",".join(parts) + ")"

    def _function(self, function: Any) -> str:
        if isinstance(function, types.MethodType):
            return f"M{self._function(function.__func__)}@{self.text(function.__self__)}"
        cells = [self.text(cell.cell_contents) for cell in function.__closure__ or ()]
        defaults = self.text(function.__defaults__)
        return f"F{function.__module__}.{function.__qualname__}:{_code_digest(function.__code__)}:{cells}:{defaults}"


def _code_digest(code: types.CodeType) -> str:
    """Hash a function's code; nested functions by their code too, not by their address."""
    consts = [_code_digest(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts]
    return hashlib.sha256(code.co_code + repr((consts, code.co_names)).encode()).hexdigest()[:16]


class PageKeys:
    """Input keys for the pages of one build."""

    def __init__(self, renderer, templates_digest: str, file_keys: dict[str, str], parsed_from: dict[str, Event],
                 digests: IdentityMemo):
        self.fingerprinter = Fingerprinter(file_keys, parsed_from, digests)
        globals_text = {name: self._safe(value) for name, value in sorted(renderer.key_globals().items())}
        self.global_key = hashlib.sha256(
            f"{SALT}\0{templates_digest}\0{globals_text!r}".encode()).hexdigest()

    def _safe(self, value: Any) -> str:
        try:
            return self.fingerprinter.text(value)
        except Unkeyable:
            return f"unkeyable:{id(value)}"  # differs every build: nothing is reused

    def key_and_events(self, spec: PageSpec) -> tuple[str | None, frozenset[str]]:
        """The page's input key, and the slugs of every event its data holds."""
        self.fingerprinter.seen = set()
        try:
            return self.key(spec), frozenset(self.fingerprinter.seen)
        finally:
            self.fingerprinter.seen = None

    def key(self, spec: PageSpec) -> str | None:
        """The page's input key, or None when it must be rendered regardless."""
        try:
            context = self.fingerprinter.text(spec.context)
        except Unkeyable:
            return None
        return hashlib.sha256(f"{self.global_key}\0{spec.template}\0{spec.path}\0{context}".encode()).hexdigest()

    @staticmethod
    def data_key(data: bytes) -> str:
        return "bytes:" + hashlib.sha256(data).hexdigest()
