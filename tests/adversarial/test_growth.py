"""Work that grows with the input, never faster: each input here took minutes when it grew as a square.

No timings are asserted (bench/growth.py measures them); these inputs simply finish in about a second
now, and would hold the suite up for minutes if the growth came back. Where a size is the point (a
chart's height, a pager's links), it is asserted.
"""
from __future__ import annotations

import random
import re

from timeline.chart import MAX_LANES, overview_svg
from timeline.config import SiteConfig
from timeline.content import Actor, ContentTree, Event, Relation
from timeline.dates import PartialDate
from timeline.extract import drop_repeats, extract_html, extract_text
from timeline.mentions import find_quotations, ActorMatcher
from timeline.model import build_timeline
from timeline.pages import site_pages
from tests.test_mentions import matcher

WORDS = ("alliance minister talks summit treaty forces border missile defence council ambassador statement "
         "sanctions exercise troops pipeline security cooperation partnership enlargement").split()


def event(number: int, **changes) -> Event:
    fields = dict(slug=f"{1991 + number % 30}-{number % 12 + 1:02d}-01-event-{number}", title=f"Event {number}",
                  date=PartialDate(1991 + number % 30, number % 12 + 1, 1), end_date=None, approximate=False,
                  actors=("nato",), tags=(), summary="", body_html="", sources=(), milestone=False, related=(),
                  updates=(), draft=False, path=f"content/events/{number}.md")
    fields.update(changes)
    fields["actor_lines"] = tuple(1 for _ in fields["actors"])
    return Event(**fields)


def sentence(rng: random.Random, low: int = 10, high: int = 30) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def test_many_broken_links_among_many_events_each_get_a_suggestion():
    events = [event(n) for n in range(20_000)]
    for n in range(0, 20_000, 100):  # 200 links, each to a slug with one letter wrong
        target = events[(n + 50) % 20_000].slug
        events[n] = event(n, related=(Relation(target[:-2] + "x" + target[-1:], "follows", 9),))
    tree = ContentTree(events, [], {}, {}, [], actors_readable=False)
    problems = [p for p in build_timeline(tree)[1] if "related:" in p.message]
    assert len(problems) == 200
    assert sum(bool(p.hint and p.hint.startswith("did you mean")) for p in problems) == 200


def test_the_chart_of_many_overlapping_spans_stays_small():
    spans = [event(n, end_date="ongoing") for n in range(20_000)]
    svg = overview_svg(spans, (1991, 2020), str, "Events per year")
    height = float(re.search(r'viewBox="0 0 600 ([\d.]+)"', svg).group(1))
    assert svg.count('class="span ongoing"') == MAX_LANES and height < 300 and len(svg) < 20_000
    assert "the other 19988, overlapping those, are not drawn" in svg


def test_a_pager_links_a_few_pages_however_many_there_are():
    events = [event(n, actors=("nato",)) for n in range(3_000)]
    nato = Actor("nato", "NATO", "organization", (), "", None)
    tree = ContentTree(events, [], {"nato": nato}, {}, [])
    timeline = build_timeline(tree)[0]
    config = SiteConfig("T", "https://example.org/", events_per_page=3, timeline_split_at=10)
    pagers = [spec.context["pager"] for spec in site_pages(timeline, config) if "pager" in spec.context]
    assert max(pager["count"] for pager in pagers) == 1000
    assert max(len(pager["window"]) for pager in pagers) <= 9


def test_a_year_page_links_a_few_years_however_many_there_are():
    events = [event(n, date=PartialDate(1000 + n, 1, 1), slug=f"{1000 + n}-01-01-event-{n}") for n in range(1_000)]
    timeline = build_timeline(ContentTree(events, [], {}, {}, [], actors_readable=False))[0]
    config = SiteConfig("T", "https://example.org/")
    years = {spec.context["year"]: spec.context["year_counts"] for spec in site_pages(timeline, config)
             if "year" in spec.context}
    assert len(years) == 1_000 and max(len(window) for window in years.values()) <= 15
    linked = [entry[0] if entry else None for entry in years[1500]]
    assert linked == [1000, None, *range(1495, 1506), None, 1999]
    assert [entry[0] if entry else None for entry in years[1002]] == [*range(1000, 1008), None, 1999]


def test_repeated_paragraphs_are_found_in_a_long_article_without_comparing_every_pair():
    rng = random.Random(3)
    paragraphs = [sentence(rng) for _ in range(6_000)]
    paragraphs += paragraphs[:50]  # fifty exact repeats
    kept = drop_repeats(paragraphs)
    assert len(kept) == 6_000


def test_a_long_saved_page_and_a_paragraph_of_many_quotations_are_read_whole():
    rng = random.Random(4)
    page = "<html><body><article>" + "".join(f"<p>{sentence(rng)}</p>" for _ in range(12_000)) + "</article></body></html>"
    assert len(extract_html(page.encode()).paragraphs) > 10_000
    quotes = " ".join(f'"{sentence(rng, 5, 8)[:-1]}," Lavrov said.' for _ in range(4_000))
    found = find_quotations([quotes], matcher())
    assert len(found) == 4_000 and {q.speaker for q in found} == {"Sergei Lavrov"}
    text = "\n\n".join(sentence(rng, 8, 40) for _ in range(20_000))
    assert len(extract_text(text).paragraphs) > 15_000


def test_finding_actors_costs_the_words_of_the_text_not_words_times_spellings():
    rng = random.Random(5)
    text = " ".join(rng.choice(WORDS + ["Lavrov", "NATO", "in", "Moscow"]) for _ in range(300_000))
    mentions = matcher().mentions(text)
    assert len(mentions) > 30_000
    assert isinstance(ActorMatcher({}).mentions(text), list)



def test_spellings_that_may_begin_anywhere_cost_the_text_not_text_times_spellings():
    # Five thousand quoted names («...») and Chinese names: each is tried only where the text begins like it.
    rng = random.Random(7)
    letters = "абвгдежзиклмнопрстуфхцчшэюя"
    names = sorted({"".join(rng.choice(letters) for _ in range(6)).capitalize() for _ in range(4_000)})
    cjk = sorted({"".join(chr(0x4E00 + rng.randrange(20_000)) for _ in range(3)) for _ in range(1_000)})
    aliases = [f"«{name}»" for name in names] + cjk
    matcher_ = ActorMatcher({"parties": Actor("parties", "Parties", "organization", tuple(aliases), "", None)})
    text = " ".join(rng.choice([*WORDS, f"«{rng.choice(names)}»", "«" + rng.choice(WORDS), rng.choice(cjk) + "的"])
                    for _ in range(300_000))
    assert len(matcher_.mentions(text)) > 25_000

def test_prose_split_by_thousands_of_one_word_lines_is_joined_in_one_pass():
    lines = []
    for number in range(20_000):
        lines += [f"The council met again and talked about the border for a long time, number {number}.", "x"]
    article = extract_text("\n".join(lines))
    assert len(article.paragraphs) == 20_000


def test_thousands_of_unclosed_quotation_marks_are_read_once():
    from timeline.mentions import quoted_speech
    assert quoted_speech(["“Alliance ministers met, " * 12_000]) == []
    assert quoted_speech(["„Alliance ministers met, " * 12_000]) == []


def test_a_very_long_paragraph_among_many_short_ones_is_compared_once_each():
    rng = random.Random(6)
    long = " ".join(rng.choice(WORDS) for _ in range(20_000)) + "."
    paragraphs = [long] + [f"Talks {' '.join(rng.choice(WORDS) for _ in range(12))} number {n}." for n in range(2_000)]
    assert drop_repeats(paragraphs)[0] == long


def test_a_body_of_thousands_of_dropped_pieces_is_checked_in_linear_time():
    from timeline.markup import render_text
    body = "\n\n".join(f"![map {n}](map{n}.png) and [a link](javascript:alert({n}))" for n in range(10_000))
    html, dropped = render_text(body)  # each piece was looked for from the text's start: minutes
    assert "<img" not in html and len(dropped) == 21 and dropped[-1].message.startswith("and 19980 more pieces")


def test_a_yaml_slip_below_a_very_long_line_is_explained_in_one_pass():
    from timeline import yamlread
    text = "actors:\n  - a" + " " * 200_000 + "b\n  - nato\n - russia\n"
    node, problems = yamlread.load_mapping(text, "e.md")  # a key pattern tried at every space: minutes
    assert node is None and problems[0].line == 4
    assert problems[0].message == "YAML: line 4 is indented 1 space but the list item above it at line 3 uses 2"
