"""The actor lanes: the overview's second view, one lane per actor, each event drawn in the lane of every
actor taking part (the many-to-many case a single row per event cannot show). Pure geometry, no markup.

The page's template draws the lanes as static SVG and lists the same events in a table. Every event of
the page gets its mark once, as path data in its lane's coordinates; the lanes drawn without a choice are
the page's busiest actors. A reader's filter (?actor=...) chooses other lanes in the browser
(static/lanes.js), which places the marks computed here: no drawing is done twice.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from .chart import WIDTH, axis_labels, fraction
from .content import Actor, Event

LANES_SHOWN = 6       # lanes drawn when the reader has chosen no actor: the busiest of the page's
LANE_HEIGHT = 48      # a lane: its label, then its marks
LABEL_SIZE = 21       # as the overview's: about 12 px on a 375 px phone
MARK_Y = 34           # the middle of a lane's marks, from the lane's top
AXIS_HEIGHT = 30      # the axis and its years, under the last lane


@dataclass(frozen=True)
class Mark:
    """An event as a lane draws it: a dot, a diamond for a milestone, a line from start to end for a span."""

    event: Event
    kind: str    # its classes: "event", "milestone", "span", "span ongoing", "span milestone"
    shape: str   # SVG path data, from the top of its lane


@dataclass(frozen=True)
class Lane:
    actor: Actor
    marks: tuple[int, ...]   # indexes into LaneChart.marks, in date order


@dataclass(frozen=True)
class LaneChart:
    # Its geometry, for the template that draws it: the viewBox's width, a lane's height, the marks' middle.
    WIDTH: ClassVar[int] = WIDTH
    LANE_HEIGHT: ClassVar[int] = LANE_HEIGHT
    MARK_Y: ClassVar[int] = MARK_Y
    LABEL_SIZE: ClassVar[int] = LABEL_SIZE

    marks: tuple[Mark, ...]        # every event of the page, in date order
    lanes: tuple[Lane, ...]        # the lanes drawn without a choice
    first: int                     # the years the x axis spans, inclusive
    last: int
    labels: tuple[tuple[float, int], ...]

    @property
    def height(self) -> int:
        return len(self.lanes) * LANE_HEIGHT + AXIS_HEIGHT

    @property
    def drawn(self) -> frozenset[int]:
        """Indexes of the marks in at least one lane: the events the table lists."""
        return frozenset(index for lane in self.lanes for index in lane.marks)


def lane_chart(events: list[Event], actors: dict[str, Actor], shown: int = LANES_SHOWN) -> LaneChart:
    """The lanes of these events (in timeline order) for their `shown` busiest actors."""
    if not events:
        return LaneChart((), (), 0, 0, ())
    first = min(event.date.year for event in events)
    # An ongoing span runs to the right edge, whatever year that is.
    last = max(event.end_date.year if event.end_date and not event.ongoing else event.date.year for event in events)
    marks = tuple(_mark(event, first, last) for event in events)
    counts = Counter(actor for event in events for actor in event.actors if actor in actors)
    busiest = sorted(counts, key=lambda actor: (-counts[actor], actors[actor].name.casefold()))[:shown]
    lanes = tuple(Lane(actors[actor], tuple(i for i, event in enumerate(events) if actor in event.actors))
                  for actor in busiest)
    return LaneChart(marks, lanes, first, last, tuple(axis_labels(first, last)))


def _mark(event: Event, first: int, last: int) -> Mark:
    scale = WIDTH / (last - first + 1)

    def x(value: float) -> float:
        return min(max((value - first) * scale, 0), WIDTH)

    start = x(fraction(event.date, end=False))
    diamond = f"M{start:.1f} {MARK_Y - 7}l7 7-7 7-7-7z"
    if not event.is_span:
        if event.milestone:
            return Mark(event, "milestone", diamond)
        return Mark(event, "event", f"M{start - 4:.1f} {MARK_Y}a4 4 0 1 0 8 0a4 4 0 1 0-8 0")
    end = WIDTH if event.ongoing else x(fraction(event.end_date, end=True))
    line = f"M{start:.1f} {MARK_Y}H{max(end, start + 3):.1f}"
    kind = "span" + (" ongoing" if event.ongoing else "") + (" milestone" if event.milestone else "")
    return Mark(event, kind, line + (diamond if event.milestone else ""))
