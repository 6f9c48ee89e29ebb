"""Checks the project keeps on the shipped timeline in content/."""
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.shingles import run_hashes
from timeline import pipeline, urls
from timeline.markup import plain_text


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    options = pipeline.Options(content_dir=REPO / "content", config_path=REPO / "site.yaml", strict=True)
    return pipeline.check_site(options)


def test_strict_check_has_no_errors_and_no_warnings(shipped):
    assert shipped.problems == []


def test_at_least_130_events_from_1990_to_last_month(shipped):
    events = shipped.timeline.events
    assert len(events) >= 130
    assert min(e.date.year for e in events) == 1990
    assert all(e.date.first_day() <= (2026, 11, 30) for e in events)
    assert any(e.date.year == 2026 for e in events)  # a news timeline: it reaches this year
    assert all(e.end_date in (None, "ongoing") or e.end_date.first_day() <= (2026, 11, 30) for e in events)


# Sites that copy other outlets' reports, encyclopedias, and campaigning groups: never a source.
NOT_SOURCES = ("wikipedia.org", "narodinfo", "spacewar.com", "defense-aerospace.com", "globalsecurity.org",
               "defencetalk.com", "russialist.org", "johnsonsrussialist", "eurasiareview.com", "agenzianova.com",
               "aviation24.be", "terradaily.com", "newssniffer", "staging.", "proxy", "mirror")


def test_every_event_has_a_web_source_from_an_original_outlet(shipped):
    for event in shipped.timeline.events:
        assert event.sources and all(s.url.startswith(("http://", "https://")) for s in event.sources), event.slug
        for source in event.sources:
            assert not any(bad in source.url.lower() for bad in NOT_SOURCES), (event.slug, source.url)
            assert "nato.int/cps/" not in source.url or "/cps/en/" in source.url or source.language != "en", source.url


def test_every_entry_is_a_short_piece_in_our_own_words(shipped):
    for event in shipped.timeline.events:
        words = len(plain_text(event.body_html).split())
        assert 80 <= words <= 250, (event.slug, words)


PUBLISHED = (Path(__file__).parent / "published_slugs.txt").read_text().split()


def test_no_published_address_ever_goes_away(shipped):
    # The events shipped before the December 2026 review: corrections changed dates, never addresses.
    # A renamed event keeps its old address as an alias, which publishes a redirect there.
    assert len(PUBLISHED) == 62
    aliases = {alias for event in shipped.timeline.events for alias in event.aliases}
    missing = [slug for slug in PUBLISHED if slug not in shipped.timeline.by_slug and urls.event(slug) not in aliases]
    assert missing == []


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
    "1997-05-27-nato-russia-founding-act": ("1997-05-27", None),
    "2002-05-28-rome-declaration-nato-russia-council": ("2002-05-28", None),
    "2014-04-01-nato-suspends-practical-cooperation": ("2014-04-01", "ongoing"),
    "2023-04-04-finland-joins": ("2023-04-04", None),
    "2024-03-07-sweden-joins": ("2024-03-07", None),
    "2009-05-06-lavrov-seeks-normal-partnership": ("2009-05-06", None),
    # Corrected on 2026-12-01 (issue 15), at unchanged addresses:
    "1999-06-12-pristina-airport-standoff": ("1999-06-12", "1999-06-18"),   # Helsinki agreement, 18 June
    "2007-07-14-russia-cfe-moratorium": ("2007-07-13", None),               # decree of 13 July; no span end
    "2008-08-19-nrc-meetings-suspended": ("2008-08-19", "2009-04-29"),      # first formal meeting again
    "1996-russian-troops-join-ifor": ("1996-01-05", None),                  # the brigade deployed
    "1999-11-adapted-cfe-treaty-signed": ("1999-11-19", None),              # signed at Istanbul
}


@pytest.mark.parametrize("slug", list(KEY_DATES))
def test_key_dates_match_the_fact_sheet(shipped, slug):
    event = shipped.timeline.by_slug[slug]
    end = event.end_date if event.end_date in (None, "ongoing") else event.end_date.iso()
    assert (event.date.iso(), end) == KEY_DATES[slug]


CORRECTED = {
    "1999-06-12-pristina-airport-standoff": "18 June",
    "2007-07-14-russia-cfe-moratorium": "13 July",
    "2008-08-19-nrc-meetings-suspended": "29 April 2009",
    "1996-russian-troops-join-ifor": "5 January",
    "1999-11-adapted-cfe-treaty-signed": "19 November",
    "1997-05-27-nato-russia-founding-act": "joint accomplishment",
    "2000-02-16-robertson-visits-moscow": "freeze",
    "1991-12-20-first-nacc-meeting": "letter",
    "2014-04-01-nato-suspends-practical-cooperation": "Rogozin",
}


@pytest.mark.parametrize("slug", list(CORRECTED))
def test_each_correction_is_shown_as_a_dated_note_that_says_what_changed(shipped, slug):
    notes = [plain_text(u.note_html) for u in shipped.timeline.by_slug[slug].updates if u.date.iso() == "2026-12-01"]
    assert notes and any(CORRECTED[slug] in note for note in notes), notes


def test_the_seed_event_is_no_longer_a_milestone_and_quotes_lavrov_fairly(shipped):
    event = shipped.timeline.by_slug["2009-05-06-lavrov-seeks-normal-partnership"]
    text = plain_text(event.body_html)
    assert not event.milestone and "between equals" not in text and "mutual" in text


def test_the_1990_assurances_dispute_is_given_from_both_sides_and_linked(shipped):
    timeline = shipped.timeline
    dispute = "1990-02-09-baker-gorbachev-enlargement-assurances-dispute"
    publishers = " ".join(s.publisher for s in timeline.by_slug[dispute].sources)
    assert "NATO" in publishers and "National Security Archive" in publishers
    linked = {link.event.slug for link in timeline.links[dispute]}
    assert {"1997-05-27-nato-russia-founding-act", "2007-02-10-putin-munich-speech",
            "2021-12-17-russia-publishes-draft-treaties", "2022-02-24-russia-invades-ukraine"} <= linked


def test_munich_gives_the_us_reply(shipped):
    text = plain_text(shipped.timeline.by_slug["2007-02-10-putin-munich-speech"].body_html)
    assert "Gates" in text and "One Cold War was quite enough" in text


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


def test_about_page_explains_sources_coverage_review_and_corrections(shipped):
    about = next(p for p in shipped.timeline.pages if p.slug == "about")
    text = plain_text(about.body_html)
    assert "source" in text and "correction" in text.lower() and "updates" in text
    assert "November 2026" in text and "Last reviewed: 1 December 2026" in text
    assert "square brackets" in text and "milestone" in text


def test_import_fixtures_are_written_in_our_own_words():
    seed_runs = set((Path(__file__).parent / "seed_runs.txt").read_text().split())
    fixtures = sorted((Path(__file__).parent / "fixtures" / "import").iterdir())
    assert fixtures
    for fixture in fixtures:
        assert not run_hashes(fixture.read_text(errors="replace")) & seed_runs, fixture.name
