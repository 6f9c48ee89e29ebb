"""Checks the project keeps on the shipped timeline in content/."""
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.shingles import run_hashes
from timeline import pipeline
from timeline.markup import plain_text


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    options = pipeline.Options(content_dir=REPO / "content", config_path=REPO / "site.yaml", strict=True)
    return pipeline.check_site(options)


def test_strict_check_has_no_errors_and_no_warnings(shipped):
    assert shipped.problems == []


def test_at_least_sixty_events_from_1991_to_2024(shipped):
    events = shipped.timeline.events
    assert len(events) >= 60
    assert all(1991 <= e.date.year <= 2024 for e in events)
    assert all(e.end_date in (None, "ongoing") or e.end_date.year <= 2024 for e in events)


def test_every_event_has_a_web_source(shipped):
    for event in shipped.timeline.events:
        assert event.sources and all(s.url.startswith(("http://", "https://")) for s in event.sources), event.slug


def test_every_actor_and_tag_used_is_described(shipped):
    timeline = shipped.timeline
    for actor_id in timeline.by_actor:
        assert timeline.actors[actor_id].description, actor_id
    for tag in timeline.by_tag:
        assert tag in timeline.tags and timeline.tags[tag].description, tag
    assert len(timeline.actors) >= 30 and 15 <= len(timeline.tags) <= 30


def test_titles_are_unique_and_milestones_are_rare(shipped):
    titles = [e.title.casefold() for e in shipped.timeline.events]
    assert len(set(titles)) == len(titles)
    assert sum(e.milestone for e in shipped.timeline.events) <= len(titles) / 5


KEY_DATES = {
    "1997-05-27-nato-russia-founding-act": "1997-05-27",
    "2002-05-28-rome-declaration-nato-russia-council": "2002-05-28",
    "2014-04-01-nato-suspends-practical-cooperation": "2014-04-01",
    "2023-04-04-finland-joins": "2023-04-04",
    "2024-03-07-sweden-joins": "2024-03-07",
    "2009-05-06-lavrov-seeks-normal-partnership": "2009-05-06",
}


@pytest.mark.parametrize("slug", list(KEY_DATES))
def test_key_dates_match_the_fact_sheet(shipped, slug):
    assert shipped.timeline.by_slug[slug].date.iso() == KEY_DATES[slug]


def test_practical_cooperation_suspension_is_ongoing(shipped):
    assert shipped.timeline.by_slug["2014-04-01-nato-suspends-practical-cooperation"].ongoing


def test_may_2009_chain_is_walkable_from_the_seed_event(shipped):
    timeline = shipped.timeline
    reached, frontier = set(), ["2009-05-06-lavrov-seeks-normal-partnership"]
    while frontier:
        slug = frontier.pop()
        if slug not in reached:
            reached.add(slug)
            frontier += [link.event.slug for link in timeline.links.get(slug, [])]
    for slug in ("2009-04-29-nato-withdraws-accreditation", "2009-05-05-russia-skips-nrc-ministerial",
                 "2009-05-06-russia-revokes-nato-office-staff-status", "2009-05-06-pfp-exercises-in-georgia",
                 "2009-02-25-herman-simm-convicted", "2008-09-herman-simm-arrested"):
        assert slug in reached, slug


def test_no_run_of_eight_words_from_the_seed_article_is_in_our_text(shipped):
    seed_runs = set((Path(__file__).parent / "seed_runs.txt").read_text().split())
    texts = [(e.slug, " ".join([e.title, e.summary, plain_text(e.body_html)])) for e in shipped.timeline.events]
    texts += [(p.slug, plain_text(p.body_html)) for p in shipped.timeline.pages]
    for name, text in texts:
        assert not run_hashes(text) & seed_runs, name


def test_about_page_explains_sources_and_corrections(shipped):
    about = next(p for p in shipped.timeline.pages if p.slug == "about")
    text = plain_text(about.body_html).lower()
    assert "source" in text and "correction" in text and "updates" in text


def test_import_fixtures_are_written_in_our_own_words():
    seed_runs = set((Path(__file__).parent / "seed_runs.txt").read_text().split())
    fixtures = sorted((Path(__file__).parent / "fixtures" / "import").iterdir())
    assert fixtures
    for fixture in fixtures:
        assert not run_hashes(fixture.read_text(errors="replace")) & seed_runs, fixture.name
