"""Values kept from one plan to the next while the parts they are made from are the very same objects."""
from __future__ import annotations

from operator import is_
from typing import Any, Callable, Sequence


class Kept:
    """What make() gave for these parts and inputs, kept while the parts are the very same objects (an
    edited event, or a line remade for one, is a new object) and the inputs equal (hashable, compared by
    value). The overview charts and lanes keep their drawings here, the table and calendars their bytes."""

    LIMIT = 5000   # past this many (renamed actors and topics, changed settings leave theirs), start afresh

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[tuple[Any, ...], Any]] = {}

    def kept(self, inputs: tuple, parts: Sequence[Any], make: Callable[[], Any]) -> Any:
        kept = self._kept.get(inputs)
        if kept is not None and len(kept[0]) == len(parts) and all(map(is_, kept[0], parts)):
            return kept[1]
        value = make()
        if len(self._kept) >= self.LIMIT:
            self._kept.clear()
        self._kept[inputs] = (tuple(parts), value)
        return value
