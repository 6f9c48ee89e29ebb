"""The overview chart: events per year, spans as ranges, milestones marked, as static SVG."""
from __future__ import annotations

from collections import Counter
from html import escape
from typing import Callable

from .content import Event
from .kept import Kept
from .words import Words, shipped

WIDTH, BAR_TOP, BAR_HEIGHT, AXIS_GAP, LANE_HEIGHT, LABEL_SIZE = 600, 22, 90, 26, 7, 21
MAX_LANES = 12  # below the axis: past this many rows of overlapping spans, the rest are counted, not drawn


def overview_svg(events: list[Event], years: tuple[int, int], year_link: Callable[[int], str],
                 title: str, chart_id: str = "chart", words: Words | None = None) -> str:
    """Draw the chart for these events over the given inclusive year range, described in words' language."""
    words = words if words is not None else shipped()
    first, last = years
    span_years = last - first + 1
    step = WIDTH / span_years
    counts = Counter(event.date.year for event in events)
    milestones = Counter(event.date.year for event in events if event.milestone)
    peak = max(counts.values(), default=1)
    lanes, hidden = _pack_spans([e for e in events if e.is_span], first, last)
    height = BAR_TOP + BAR_HEIGHT + AXIS_GAP + len(lanes) * LANE_HEIGHT + (8 if lanes else 0) + (20 if hidden else 0)

    parts = [f'<svg class="overview" viewBox="0 0 {WIDTH} {height}" role="group" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(_describe(words, events, counts, first, last, hidden))}</desc>']
    baseline = BAR_TOP + BAR_HEIGHT
    for year in range(first, last + 1):
        x = (year - first) * step
        count = counts.get(year, 0)
        if count:
            bar = max(2.0, BAR_HEIGHT * count / peak)
            label = escape(words.count("chart.bar", count, year=year))
            parts.append(f'<a href="{escape(year_link(year))}" tabindex="-1" aria-label="{label}">'
                         f'<rect class="bar" x="{x + step * 0.12:.1f}" y="{baseline - bar:.1f}" '
                         f'width="{step * 0.76:.1f}" height="{bar:.1f}"><title>{label}</title></rect>')
            if milestones.get(year):
                cx, cy = x + step / 2, baseline - bar - 9
                parts.append(f'<path class="milestone" d="M{cx:.1f} {cy - 6:.1f}l6 6-6 6-6-6z"/>')
            parts.append("</a>")
    for centre, year in axis_labels(first, last):
        parts.append(f'<text class="label" x="{centre:.1f}" y="{baseline + 21}" '
                     f'font-size="{LABEL_SIZE}" text-anchor="middle">{year}</text>')
    parts.append(f'<line class="axis" x1="0" x2="{WIDTH}" y1="{baseline}" y2="{baseline}"/>')
    for lane_index, lane in enumerate(lanes):
        y = baseline + AXIS_GAP + 6 + lane_index * LANE_HEIGHT
        for event, start, end in lane:
            x1, x2 = (start - first) * step, (end - first) * step
            parts.append(f'<line class="span{" ongoing" if event.ongoing else ""}" x1="{x1:.1f}" x2="{max(x2, x1 + 3):.1f}" '
                         f'y1="{y}" y2="{y}"><title{_in_language(event)}>{escape(event.title)}</title></line>')
    if hidden:
        parts.append(f'<text class="label" x="0" y="{height - 6}" font-size="{LABEL_SIZE * 0.7:.1f}">'
                     f'{escape(words.count("chart.more_spans", hidden))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def axis_labels(first: int, last: int) -> list[tuple[float, int]]:
    """The years named under the axis, each with the x of its centre: every fifth, and the first and the
    last where they leave room from those (a short range names both). A label is centred under its year,
    but never past either edge, where it would be cut off."""
    step = WIDTH / (last - first + 1)

    def centre(year: int) -> float:
        half = LABEL_SIZE * 0.62 * len(str(year)) / 2
        return min(max((year - first) * step + step / 2, half), WIDTH - half)

    named = [year for year in range(first, last + 1) if year % 5 == 0]
    for end in (first, last):
        if all(abs(centre(end) - centre(other)) >= LABEL_SIZE * 0.62 * 4 for other in named):
            named.append(end)
    return [(centre(year), year) for year in sorted(set(named))]


class Charts(Kept):
    """Charts remembered from one plan to the next: a chart whose events are the very same objects, over
    the same years, links, title and words, is the same SVG, and is not drawn again. A preview edit
    redraws the home page's chart and those of the lists the edited event is in (an edited event is a
    new object); the other actors' charts are kept."""

    def draw(self, events: list[Event], years: tuple[int, int], year_link: Callable[[int], str], title: str,
             chart_id: str = "chart", words: Words | None = None) -> str:
        words = words if words is not None else shipped()
        inputs = (years, tuple(year_link(year) for year in range(years[0], years[1] + 1)), title, chart_id,
                  words.__fingerprint__())
        return self.kept(inputs, events, lambda: overview_svg(events, years, year_link, title, chart_id, words))


def fraction(event_date, end: bool) -> float:
    """A date as a fractional year: the start or the end of the period it names."""
    year, month, day = event_date.last_day() if end else event_date.first_day()
    return year + (month - 1) / 12 + (day - 1) / 365


def _pack_spans(spans: list[Event], first: int, last: int) -> tuple[list[list[tuple[Event, float, float]]], int]:
    """Put spans in as few rows as possible without overlaps (greedy by start), at most MAX_LANES rows;
    return the rows and how many spans found no room. Each span tries at most MAX_LANES rows, so this
    stays linear however many spans overlap."""
    lanes: list[list[tuple[Event, float, float]]] = []
    ends: list[float] = []
    hidden = 0
    for event in sorted(spans, key=Event.sort_key):
        start = fraction(event.date, end=False)
        stop = last + 1 if event.ongoing else min(fraction(event.end_date, end=True), last + 1)
        start = max(start, first)
        for index, lane_end in enumerate(ends):
            if lane_end + 0.25 <= start:
                lanes[index].append((event, start, stop))
                ends[index] = stop
                break
        else:
            if len(lanes) < MAX_LANES:
                lanes.append([(event, start, stop)])
                ends.append(stop)
            else:
                hidden += 1
    return lanes, hidden


def _describe(words: Words, events: list[Event], counts: Counter, first: int, last: int, hidden: int = 0) -> str:
    if not events:
        return words.text("chart.empty", first=first, last=last)
    busiest = max(sorted(counts), key=lambda year: counts[year])
    spans = sum(1 for e in events if e.is_span)
    milestones = sum(1 for e in events if e.milestone)
    drawn = (words.count("chart.spans_hidden", spans, drawn=spans - hidden, hidden=hidden) if hidden
             else words.count("chart.spans", spans))
    return words.text("chart.description", bars=words.count("chart.bars", len(events), first=first, last=last),
                      busiest=words.count("chart.busiest", counts[busiest], year=busiest), spans=drawn,
                      milestones=words.count("chart.milestones", milestones), links=words.text("chart.links"))


def _in_language(event) -> str:
    """An untranslated event's title, shown on another language's chart, says the language it is in."""
    words_lang = getattr(event, "words_lang", "")
    return f' lang="{escape(words_lang)}"' if words_lang else ""
