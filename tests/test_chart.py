"""The overview chart: a bar per year, spans in lanes that never overlap, a description for screen readers."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from timeline.chart import _pack_spans, overview_svg
from timeline.content import Event
from timeline.dates import PartialDate


def event(slug: str, start: PartialDate, end=None, milestone: bool = False) -> Event:
    return Event(slug=slug, title=slug.title(), date=start, end_date=end, approximate=False, actors=("nato",),
                 tags=(), summary="", body_html="", sources=(), milestone=milestone, related=(), updates=(),
                 draft=False, path=f"{slug}.md")


EVENTS = [event("a", PartialDate(2000, 1, 1)), event("b", PartialDate(2000, 6), milestone=True),
          event("c", PartialDate(2003), PartialDate(2005)), event("d", PartialDate(2004, 3), "ongoing")]


def test_bars_link_to_their_years_and_the_description_counts():
    svg = overview_svg(EVENTS, (2000, 2006), lambda year: f"/years/{year}/", "Events per year")
    root = ElementTree.fromstring(svg)
    links = [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert links == ["/years/2000/", "/years/2003/", "/years/2004/"]
    description = root.find("{http://www.w3.org/2000/svg}desc").text
    assert description.startswith("Bar chart of 4 events per year from 2000 to 2006. The busiest year is 2000 with 2 events.")
    assert "2 events lasted a while and are drawn as lines" in description and "1 milestone is marked" in description
    assert len(re.findall(r'class="milestone"', svg)) == 1 and 'class="span ongoing"' in svg


def test_spans_share_a_lane_only_when_they_do_not_overlap():
    spans = [event(f"s{i}", PartialDate(2000 + i), PartialDate(2001 + i)) for i in range(0, 9, 3)]
    spans.append(event("long", PartialDate(2000), PartialDate(2010)))
    lanes, hidden = _pack_spans(spans, 2000, 2010)
    assert hidden == 0
    for lane in lanes:
        for (_, _, end), (_, start, _) in zip(lane, lane[1:]):
            assert end <= start
    assert len(lanes) == 2


def test_no_events_says_so():
    svg = overview_svg([], (1991, 1991), str, "Nothing")
    assert "No events between 1991 and 1991." in svg


def test_year_labels_stay_inside_the_chart_at_both_ends():
    for years in [(1990, 2026), (2000, 2006), (1995, 2095), (1990, 2023)]:
        svg = overview_svg(EVENTS, years, str, "Events per year")
        root = ElementTree.fromstring(svg)
        width = float(root.get("viewBox").split()[2])
        labels = [text for text in root.iter("{http://www.w3.org/2000/svg}text") if text.text.isdigit()]
        assert labels[0].text == str(years[0])  # the first year is labelled, or a round year close to it
        for label in labels:  # a digit is about 0.6 em wide in the fonts the stylesheet names
            half = 0.6 * float(label.get("font-size")) * len(label.text) / 2
            assert half <= float(label.get("x")) <= width - half, (years, label.text, label.get("x"))


def test_the_axis_names_every_fifth_year_and_the_ends_where_they_fit():
    from timeline.chart import axis_labels
    assert [year for _, year in axis_labels(2008, 2009)] == [2008, 2009]  # a short range: both ends
    # 1990-2026: 2026 would sit on 2025; 1991-2003: 1991 and 2003 are far enough from 1995 and 2000.
    assert [year for _, year in axis_labels(1990, 2026)] == list(range(1990, 2026, 5))
    assert [year for _, year in axis_labels(1991, 2003)] == [1991, 1995, 2000, 2003]
    assert all(0 < x < 600 for x, _ in axis_labels(1991, 2003))


def test_a_remembered_chart_is_drawn_again_when_an_event_or_another_input_changes():
    import dataclasses

    from timeline.chart import Charts
    events = [event("a", PartialDate(2001, 3)), event("b", PartialDate(2003), PartialDate(2005), milestone=True)]
    link = lambda year: f"/years/{year}/"  # noqa: E731
    charts = Charts()
    first = charts.draw(events, (2000, 2006), link, "All")
    assert first == overview_svg(events, (2000, 2006), link, "All")
    assert charts.draw(list(events), (2000, 2006), link, "All") is first   # the very same events: kept
    moved = [events[0], dataclasses.replace(events[1], end_date=PartialDate(2006))]
    assert charts.draw(moved, (2000, 2006), link, "All") == overview_svg(moved, (2000, 2006), link, "All") != first
    for years, other_link, title in (((1999, 2006), link, "All"), ((2000, 2006), lambda y: f"/x/{y}/", "All"),
                                     ((2000, 2006), link, "Some")):
        assert charts.draw(moved, years, other_link, title) == overview_svg(moved, years, other_link, title)
