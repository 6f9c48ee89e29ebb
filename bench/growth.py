"""How work grows with its input, at the sizes hostile input once made take minutes and at ten times them.

    python bench/growth.py

Each line times one piece of work at a size and at ten times that size, in this process; a ratio near
10 means linear growth, near 100 would mean quadratic. The sizes are those of issue 13's reports.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from timeline.chart import overview_svg  # noqa: E402
from timeline.config import SiteConfig  # noqa: E402
from timeline.content import Actor, ContentTree, Event, Relation  # noqa: E402
from timeline.dates import PartialDate  # noqa: E402
from timeline.extract import extract_html, extract_text  # noqa: E402
from timeline.mentions import ActorMatcher, find_quotations, quoted_speech  # noqa: E402
from timeline.model import build_timeline  # noqa: E402
from timeline.pages import site_pages  # noqa: E402
from timeline.pipeline import fewer_collections  # noqa: E402

WORDS = ("alliance minister talks summit treaty forces border missile defence council ambassador statement "
         "sanctions exercise troops pipeline security cooperation partnership enlargement").split()
NATO = Actor("nato", "NATO", "organization", ("the Alliance",), "", None)
LAVROV = Actor("sergei-lavrov", "Sergei Lavrov", "person", ("Lavrov",), "", None)


def event(number: int, **changes) -> Event:
    fields = dict(slug=f"{1991 + number % 30}-{number % 12 + 1:02d}-01-event-{number}", title=f"Event {number}",
                  date=PartialDate(1991 + number % 30, number % 12 + 1, 1), end_date=None, approximate=False,
                  actors=("nato",), actor_lines=(1,), tags=(), summary="", body_html="", sources=(), milestone=False,
                  related=(), updates=(), draft=False, path=f"content/events/{number}.md")
    fields.update(changes)
    return Event(**fields)


def sentence(rng: random.Random, low: int = 10, high: int = 30) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def broken_links(count: int) -> None:
    events = [event(n) for n in range(count)]
    for n in range(0, count, 250):
        target = events[(n + 50) % count].slug
        events[n] = event(n, related=(Relation(target[:-2] + "x" + target[-1:], "follows", 9),))
    build_timeline(ContentTree(events, [], {"nato": NATO}, {}, []))


def overlapping_spans(count: int) -> None:
    overview_svg([event(n, end_date="ongoing") for n in range(count)], (1991, 2020), str, "Events per year")


def long_pagination(count: int) -> None:
    timeline = build_timeline(ContentTree([event(n) for n in range(count)], [], {"nato": NATO}, {}, []))[0]
    site_pages(timeline, SiteConfig("T", "https://example.org/", events_per_page=3, timeline_split_at=10))


def saved_page(kilobytes: int) -> None:
    rng = random.Random(1)
    paragraphs, size = [], 0
    while size < kilobytes * 1000:
        paragraphs.append(f"<p>{sentence(rng)}</p>")
        size += len(paragraphs[-1])
    extract_html(("<html><body><article>" + "".join(paragraphs) + "</article></body></html>").encode())


def quotations(count: int) -> None:
    rng = random.Random(2)
    paragraph = " ".join(f'"{sentence(rng, 5, 8)[:-1]}," Lavrov said.' for _ in range(count))
    find_quotations([paragraph], ActorMatcher({"sergei-lavrov": LAVROV}))


def copied_text(kilobytes: int) -> None:
    rng = random.Random(3)
    paragraphs, size = [], 0
    while size < kilobytes * 1000:
        paragraphs.append(sentence(rng, 8, 40))
        size += len(paragraphs[-1]) + 2
    text = "\n\n".join(paragraphs)
    extract_text(text)
    ActorMatcher({"nato": NATO, "sergei-lavrov": LAVROV}).mentions(text)


def year_pages(count: int) -> None:
    events = [event(n, date=PartialDate(1000 + n, 1, 1), slug=f"{1000 + n}-01-01-event-{n}") for n in range(count)]
    timeline = build_timeline(ContentTree(events, [], {"nato": NATO}, {}, []))[0]
    site_pages(timeline, SiteConfig("T", "https://example.org/"))


def one_word_lines(count: int) -> None:
    rng = random.Random(4)
    extract_text("\n".join(line for _ in range(count) for line in (sentence(rng), "x")))


def unclosed_quotes(count: int) -> None:
    quoted_speech(["\u201cAlliance ministers met, " * count])


CASES = [("check: events with one broken link in 250", broken_links, 50_000),
         ("chart: ongoing events, all overlapping", overlapping_spans, 5_000),
         ("pages: one actor's events, 3 a page", long_pagination, 3_000),
         ("import: saved page, KB", saved_page, 500),
         ("import: quotations in one paragraph", quotations, 800),
         ("import: copied text, KB", copied_text, 1_000),
         ("pages: events, each in a year of its own", year_pages, 800),
         ("import: prose lines split by one-word lines", one_word_lines, 20_000),
         ("import: quotation marks never closed", unclosed_quotes, 12_000)]


def main() -> None:
    print("| work | size | seconds | 10x size | seconds | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, work, size in CASES:
        timings = []
        for scale in (size, size * 10):
            with fewer_collections():  # as the pipeline runs every build
                started = time.perf_counter()
                work(scale)
                timings.append(time.perf_counter() - started)
        print(f"| {label} | {size:,} | {timings[0]:.2f} | {size * 10:,} | {timings[1]:.2f} | "
              f"{timings[1] / timings[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
