"""The actor lanes: each event in the lane of every actor taking part, spans as ranges, milestones marked,
and a table of the same events."""
from __future__ import annotations

import html5lib

from timeline.chart import WIDTH
from timeline.content import Actor, Event
from timeline.dates import PartialDate
from timeline.lanes import LANES_SHOWN, lane_chart

SVG = "{http://www.w3.org/2000/svg}"


def actor(actor_id: str) -> Actor:
    return Actor(actor_id, actor_id.title(), "country", (), "", None)


def event(slug: str, start: PartialDate, actors: tuple[str, ...], end=None, milestone: bool = False) -> Event:
    return Event(slug=slug, title=slug.title(), date=start, end_date=end, approximate=False, actors=actors,
                 tags=(), summary="", body_html="", sources=(), milestone=milestone, related=(), updates=(),
                 draft=False, path=f"{slug}.md")


ACTORS = {name: actor(name) for name in ("nato", "russia", "ukraine", "poland")}


def test_each_event_is_in_the_lane_of_every_actor_taking_part():
    events = [event("a", PartialDate(2000, 1, 1), ("nato", "russia")), event("b", PartialDate(2001), ("russia",)),
              event("c", PartialDate(2002, 7), ("nato", "russia", "ukraine"))]
    chart = lane_chart(events, ACTORS)
    lanes = {lane.actor.id: [chart.marks[i].event.slug for i in lane.marks] for lane in chart.lanes}
    assert lanes == {"russia": ["a", "b", "c"], "nato": ["a", "c"], "ukraine": ["c"]}
    assert [lane.actor.id for lane in chart.lanes] == ["russia", "nato", "ukraine"]  # busiest first
    assert (chart.first, chart.last) == (2000, 2002) and chart.drawn == {0, 1, 2}


def test_only_the_busiest_actors_get_a_lane_and_the_table_lists_their_events():
    events = [event(f"e{i}", PartialDate(2000 + i), (f"a{i % 8}",)) for i in range(16)]
    actors = {f"a{i}": actor(f"a{i}") for i in range(8)}
    chart = lane_chart(events, actors)
    assert len(chart.lanes) == LANES_SHOWN == 6
    # Equally busy actors take their lanes by name; the events of the others are not drawn.
    assert [lane.actor.id for lane in chart.lanes] == ["a0", "a1", "a2", "a3", "a4", "a5"]
    assert sorted(chart.marks[i].event.slug for i in chart.drawn) == sorted(
        e.slug for e in events if e.actors[0] not in ("a6", "a7"))
    assert chart.height == 6 * chart.LANE_HEIGHT + 30


def test_spans_are_ranges_milestones_diamonds_and_an_ongoing_span_runs_to_the_edge():
    events = [event("dot", PartialDate(2000, 1, 1), ("nato",)),
              event("diamond", PartialDate(2001, 1, 1), ("nato",), milestone=True),
              event("span", PartialDate(2000, 1, 1), ("nato",), end=PartialDate(2001, 12, 31)),
              event("still", PartialDate(2002, 7, 1), ("nato",), end="ongoing", milestone=True)]
    marks = {mark.event.slug: mark for mark in lane_chart(events, ACTORS).marks}
    assert marks["dot"].kind == "event" and marks["dot"].shape.startswith("M-4.0 34a4 4")
    assert marks["diamond"].kind == "milestone" and marks["diamond"].shape == "M200.0 27l7 7-7 7-7-7z"
    # 2000 to 2002 over 600 units: 2000-01-01 is at 0, the end of 2001 just short of 400.
    assert marks["span"].kind == "span" and marks["span"].shape == "M0.0 34H399.8"
    assert marks["still"].kind == "span ongoing milestone"
    assert marks["still"].shape == f"M500.0 34H{WIDTH:.1f}M500.0 27l7 7-7 7-7-7z"


def test_no_events_draw_no_lanes():
    chart = lane_chart([], ACTORS)
    assert chart.marks == () and chart.lanes == () and chart.drawn == frozenset()


def built(site, *args):
    result = site.run("build", "--no-search", *args)
    assert result.code == 0, result.err
    return html5lib.parse((site.output / "lanes/index.html").read_bytes(), namespaceHTMLElements=False)


def lanes_and_rows(page):
    """{actor: titles of its lane's marks} from the chart, and the same from the table's visible rows."""
    lanes = {lane.get("data-actor"): [path.find(f"{SVG}title").text for path in lane.iter(f"{SVG}path")]
             for lane in page.iter(f"{SVG}g") if lane.get("class") == "lane"}
    rows = [(row.get("data-actors").split(), row.find(".//a").text) for row in page.iterfind(".//tbody/tr")
            if row.get("hidden") is None]
    return lanes, {lane: [title for actors, title in rows if lane in actors] for lane in lanes}


def test_the_lanes_page_draws_the_events_its_table_lists(site):
    page = built(site)
    lanes, table = lanes_and_rows(page)
    assert lanes == table == {"russia": ["NRC meetings suspended", "NATO withdraws accreditation", "Lavrov news conference"],
                              "nato": ["NRC meetings suspended", "NATO withdraws accreditation"],
                              "sergei-lavrov": ["Lavrov news conference"]}
    rows = {row.find(".//a").text: row for row in page.iterfind(".//tbody/tr")}
    assert rows["NRC meetings suspended"].get("data-kind") == "span"
    assert rows["Lavrov news conference"].get("data-kind") == "milestone"
    assert [t.get("datetime") for t in rows["NRC meetings suspended"].iter("time")] == ["2008-08-19", "2009-03-05"]
    assert rows["NRC meetings suspended"].find(".//a").get("href") == "/events/2008-08-19-nrc-suspended/"
    assert "https://example.org/lanes/" in (site.output / "sitemap.xml").read_text()
    timeline = html5lib.parse((site.output / "index.html").read_bytes(), namespaceHTMLElements=False)
    assert timeline.find(".//figure//a[@id='lanes-link']").get("href") == "/lanes/"


def test_lanes_come_a_page_at_a_time_the_latest_first(site):
    for index in range(7):
        site.event(f"2011-0{index + 1}-01-e{index}", title=f"Event {index}", date=f"2011-0{index + 1}-01")
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nevents_per_page: 4\n")
    first = built(site)
    page = lambda number: html5lib.parse((site.output / f"lanes/page/{number}/index.html").read_bytes(),
                                         namespaceHTMLElements=False)
    titles = lambda page: [row.find(".//a").text for row in page.iterfind(".//tbody/tr")]
    assert titles(first) == ["Event 3", "Event 4", "Event 5", "Event 6"]
    assert titles(page(2)) == ["Lavrov news conference", "Event 0", "Event 1", "Event 2"]
    assert titles(page(3)) == ["NRC meetings suspended", "NATO withdraws accreditation"]
    assert not (site.output / "lanes/page/4").exists()
    # Each page's axis spans its own events' years.
    assert [text.text for text in page(3).iter(f"{SVG}text") if text.get("text-anchor")] == ["2008", "2009"]


def test_the_lanes_speak_the_pages_language(bilingual_site):
    built(bilingual_site)
    page = html5lib.parse((bilingual_site.output / "ru/lanes/index.html").read_bytes(), namespaceHTMLElements=False)
    labels = [text.text for text in page.iter(f"{SVG}text") if text.get("class") == "label"][:3]
    assert labels == ["Russia", "НАТО", "Сергей Лавров"]  # Russia has no Russian name in the fixture
    assert page.find(".//h1").text == "События по участникам"
    assert page.find(".//p[@id='lanes-status']").text == "3 события на полосах: " + ", ".join(labels) + "."
