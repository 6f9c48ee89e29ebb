"""Cross-checks between events, actors and tags, and the indexes pages are built from."""
import dataclasses
from pathlib import Path

import pytest

from timeline.loader import load_content
from timeline.model import build_timeline


@pytest.fixture(autouse=True)
def in_site_folder(site, monkeypatch):
    monkeypatch.chdir(site.root)  # messages name files relative to where the author runs the tool


def timeline_of(site, drafts=False):
    tree = load_content(site.content)
    timeline, problems = build_timeline(tree, include_drafts=drafts)
    return timeline, [p.format() for p in tree.problems + problems]


def test_aliases_resolve_to_ids_in_any_case_and_script(site):
    site.event("2009-05-07-x", title="X", actors="[НАТО, 'north atlantic treaty organization', сергей лавров]")
    timeline, problems = timeline_of(site)
    assert problems == []
    assert timeline.by_slug["2009-05-07-x"].actors == ("nato", "sergei-lavrov")
    assert timeline.by_slug["2009-05-06-lavrov-news-conference"].actors == ("sergei-lavrov", "russia")


def test_unknown_actor_names_its_line_with_a_near_miss(site):
    site.event("2009-05-07-x", title="X", actors="[nato, sergei-lavrof]")
    _, problems = timeline_of(site)
    assert problems == ['content/events/2009-05-07-x.md:4: actors: unknown actor "sergei-lavrof" (did you mean sergei-lavrov?)']


def test_undescribed_tag_is_a_warning_with_a_near_miss(site):
    site.event("2009-05-07-x", title="X", tags="[diplomacey]")
    _, problems = timeline_of(site)
    assert problems == ['content/events/2009-05-07-x.md:5: warning: tags: "diplomacey" is not described in tags.yaml (did you mean diplomacy?)']


def test_two_events_with_one_slug_name_both_files(site):
    site.write("content/events/2009/2009-04-29-nato-withdraws-accreditation.md", Path(
        site.content / "events/2009-04-29-nato-withdraws-accreditation.md").read_text())
    _, problems = timeline_of(site)
    assert len(problems) == 1
    assert 'slug "2009-04-29-nato-withdraws-accreditation" is also used by' in problems[0]
    assert "content/events/2009/2009-04-29-nato-withdraws-accreditation.md" in problems[0]
    assert "content/events/2009-04-29-nato-withdraws-accreditation.md" in problems[0]


def test_unknown_related_target_suggests_the_slug(site):
    site.event("2009-05-07-x", title="X", extra="related:\n  - event: 2009-04-29-nato-withdraws-acreditation\n    relation: follows")
    _, problems = timeline_of(site)
    assert problems == ['content/events/2009-05-07-x.md:11: related: no event with slug "2009-04-29-nato-withdraws-acreditation" '
                        '(did you mean 2009-04-29-nato-withdraws-accreditation?)']


def test_related_links_show_on_both_sides(site):
    timeline, _ = timeline_of(site)
    forward = timeline.links["2009-05-06-lavrov-news-conference"]
    backward = timeline.links["2009-04-29-nato-withdraws-accreditation"]
    assert [(l.relation, l.incoming, l.event.slug) for l in forward] == [
        ("response-to", False, "2009-04-29-nato-withdraws-accreditation")]
    assert [(l.relation, l.incoming, l.event.slug) for l in backward] == [
        ("response-to", True, "2009-05-06-lavrov-news-conference")]


def test_events_are_ordered_and_indexed(site):
    site.event("2009-x-month", title="Month only", date='"2009-05"')
    site.event("2009-y-year", title="Year only", date="2009")
    timeline, _ = timeline_of(site)
    assert [e.slug for e in timeline.events] == [
        "2008-08-19-nrc-suspended", "2009-y-year", "2009-04-29-nato-withdraws-accreditation",
        "2009-x-month", "2009-05-06-lavrov-news-conference"]
    assert timeline.years == [2008, 2009]
    assert [e.slug for e in timeline.by_tag["expulsions"]] == ["2009-04-29-nato-withdraws-accreditation"]
    before, after = timeline.neighbours(timeline.by_slug["2009-x-month"])
    assert (before.slug, after.slug) == ("2009-04-29-nato-withdraws-accreditation", "2009-05-06-lavrov-news-conference")


def test_drafts_are_left_out_unless_asked_and_links_to_them_warn(site):
    site.event("2009-05-08-draft", title="Draft", extra="draft: true")
    site.event("2009-05-09-x", title="Links a draft", extra="related:\n  - event: 2009-05-08-draft\n    relation: follows")
    timeline, problems = timeline_of(site)
    assert "2009-05-08-draft" not in timeline.by_slug
    assert problems == ['content/events/2009-05-09-x.md:11: warning: related: "2009-05-08-draft" is a draft; '
                        'the link is left out (publish it or build with --drafts)']
    timeline, problems = timeline_of(site, drafts=True)
    assert "2009-05-08-draft" in timeline.by_slug and problems == []


def test_page_slug_may_not_shadow_site_sections(site):
    site.write("content/pages/events.md", "---\ntitle: Events\n---\nx\n")
    _, problems = timeline_of(site)
    assert problems == ["content/pages/events.md:1: page slug \"events\" is reserved for the site's own pages (rename the file or set slug:)"]


def test_links_to_a_file_that_failed_to_parse_are_not_a_second_error(site):
    site.write("content/events/2009-04-29-nato-withdraws-accreditation.md", "---\ntitle: T\ndate: 2009-02-30\n---\n")
    _, problems = timeline_of(site)
    assert len(problems) > 0 and not [p for p in problems if "related:" in p]


def test_a_memo_keeps_an_events_resolved_object_while_its_actors_resolve_the_same(site):
    from timeline.memo import IdentityMemo
    checks = IdentityMemo()
    tree = load_content(site.content)
    first = build_timeline(tree, checks=checks)[0]
    assert build_timeline(tree, checks=checks)[0].events == first.events
    # Another alias changes the actors registry: every event is checked again, and where its actors
    # resolve as before, the very same object comes back, so later memos still know it.
    tree.actors["nato"] = dataclasses.replace(tree.actors["nato"], aliases=(*tree.actors["nato"].aliases, "OTAN"))
    again = build_timeline(tree, checks=checks)[0]
    assert all(new is old for new, old in zip(again.events, first.events))
    tree.actors["russia"] = dataclasses.replace(tree.actors["russia"], id="russia")  # equal: no new objects either
    assert all(new is old for new, old in zip(build_timeline(tree, checks=checks)[0].events, first.events))


def test_a_file_with_errors_of_its_own_is_still_cross_checked(site):
    site.event("2009-05-07-x", title="X", date="2009-02-30", actors="[nato, natto]", tags="[diplomacey]",
               extra="colour: red\nrelated:\n  - event: 2009-04-29-nato-withdraws-acreditation\n    relation: follows")
    _, problems = timeline_of(site)
    assert sorted(problems) == [
        'content/events/2009-05-07-x.md:10: colour: unknown key',
        'content/events/2009-05-07-x.md:12: related: no event with slug "2009-04-29-nato-withdraws-acreditation" '
        '(did you mean 2009-04-29-nato-withdraws-accreditation?)',
        'content/events/2009-05-07-x.md:3: date: "2009-02-30" is not a day of February 2009 (use YYYY-MM-DD, YYYY-MM or YYYY)',
        'content/events/2009-05-07-x.md:4: actors: unknown actor "natto" (did you mean nato?)',
        'content/events/2009-05-07-x.md:5: warning: tags: "diplomacey" is not described in tags.yaml (did you mean diplomacy?)',
    ]


def test_a_file_with_errors_still_may_not_take_a_slug_and_links_to_it_are_no_second_error(site):
    site.event("2009-05-07-x", title="X", date="2009-13-01", extra="slug: 2008-08-19-nrc-suspended")
    site.event("2009-05-08-y", title="Y", date="2009-13-01", extra="slug: wanted")
    site.event("2009-05-09-z", title="Z", extra="related:\n  - event: wanted\n    relation: follows")
    site.write("content/pages/search.md", "---\ntitle: [\n---\n")
    site.write("content/pages/events.md", "---\ntitle: Events\ncolour: red\n---\nx\n")
    site.write("content/pages/about-again.md", "---\ntitle: About\nslug: about\nmenu: maybe\n---\nx\n")
    _, problems = timeline_of(site)
    assert [p for p in problems if "slug" in p] == [
        'content/events/2009-05-07-x.md:10: slug "2008-08-19-nrc-suspended" is also used by content/events/2008-08-19-nrc-suspended.md '
        "(give one of them another file name or slug:)",
        'content/pages/about-again.md:3: page slug "about" is also used by content/pages/about.md',
        "content/pages/events.md:1: page slug \"events\" is reserved for the site's own pages (rename the file or set slug:)",
    ]
