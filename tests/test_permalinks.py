"""The build remembers the URLs it published; dropping one without an alias is a warning, an error with --strict."""
from __future__ import annotations

import json

from tests.conftest import event_text
from timeline.output import MARKER

LAVROV = "content/events/2009-05-06-lavrov-news-conference.md"
OLD_URL = "/events/2009-05-06-lavrov-news-conference/"


def lavrov(extra: str = "") -> str:
    return event_text(title="Lavrov news conference", actors="[Sergey Lavrov, russia]", extra=extra)


def rename(site, old: str, new: str) -> None:
    (site.root / old).rename(site.root / new)


def test_a_renamed_event_warns_fails_with_strict_and_an_alias_makes_it_a_redirect(site):
    first = site.run("build", "--no-search")
    assert first.code == 0 and first.err == ""          # a first build has nothing to compare with
    renamed = "content/events/2009-05-06-lavrov-wants-partnership.md"
    rename(site, LAVROV, renamed)
    before = site.snapshot()

    strict = site.run("build", "--no-search", "--strict")
    assert strict.code == 1 and site.snapshot() == before
    expected = (f"{renamed}:2: renamed from {LAVROV}? {OLD_URL}, which the last build published for the event there "
                f"(same title), would now be a broken link (add aliases: [2009-05-06-lavrov-news-conference] "
                f"to keep its links working)")
    assert expected in strict.err and "1 error in 1 file; site/ was not changed" in strict.err
    checked = site.run("check")
    assert checked.code == 0 and expected.replace(":2: ", ":2: warning: ") in checked.err

    (site.root / renamed).write_text(lavrov("aliases: [2009-05-06-lavrov-news-conference]"))
    clean = site.run("build", "--no-search", "--strict")
    assert clean.code == 0 and clean.err == ""
    redirect = site.read("events/2009-05-06-lavrov-news-conference/index.html")
    assert '<meta http-equiv="refresh" content="0; url=/events/2009-05-06-lavrov-wants-partnership/">' in redirect
    assert '<link rel="canonical" href="https://example.org/events/2009-05-06-lavrov-wants-partnership/">' in redirect

    # The alias is now a published URL too: taking it away again is a dropped URL.
    (site.root / renamed).write_text(lavrov())
    again = site.run("build", "--no-search")
    assert (f"{renamed}: warning: {OLD_URL}, an alias the last build published, is no longer in aliases: and would "
            "now be a broken link (keep 2009-05-06-lavrov-news-conference in aliases:)") in again.err


def test_without_strict_the_build_warns_once_and_publishes(site):
    assert site.run("build", "--no-search").code == 0
    rename(site, LAVROV, "content/events/2009-05-06-lavrov-speaks.md")
    warned = site.run("build", "--no-search")
    assert warned.code == 0 and OLD_URL in warned.err
    assert not (site.output / OLD_URL.strip("/")).exists()
    assert site.run("build", "--no-search").err == ""    # the next build compares with the one that dropped it


def test_a_deleted_event_names_its_file_and_asks_for_the_alias_on_its_replacement(site):
    assert site.run("build", "--no-search").code == 0
    (site.root / LAVROV).unlink()
    result = site.run("build", "--no-search", "--strict")
    assert result.code == 1
    assert (f"{LAVROV}: deleted or renamed: {OLD_URL}, which the last build published for this event, would now be a "
            "broken link (add aliases: [2009-05-06-lavrov-news-conference] to the event that replaces it, or build once "
            "without --strict to accept the broken link)") in result.err


def test_a_changed_slug_is_reported_at_its_line(site):
    assert site.run("build", "--no-search").code == 0
    (site.root / LAVROV).write_text(lavrov("slug: lavrov-2009"))
    result = site.run("build", "--no-search")
    assert (f"{LAVROV}:10: warning: this event moves from {OLD_URL}, published by the last build, to "
            "/events/lavrov-2009/, which leaves a broken link at the old URL (add aliases: "
            "[2009-05-06-lavrov-news-conference] to keep its links working)") in result.err


def test_a_renamed_page_is_a_dropped_url_too(site):
    assert site.run("build", "--no-search").code == 0
    rename(site, "content/pages/about.md", "content/pages/about-us.md")
    result = site.run("build", "--no-search")
    assert ("content/pages/about-us.md: warning: renamed from content/pages/about.md? /about/, which the last build "
            "published for the page there (same title), would now be a broken link (add aliases: [about] to keep its "
            "links working)") in result.err


def test_drafts_are_never_counted_as_published(site):
    draft = "content/events/2009-06-01-a-draft.md"
    site.write(draft, event_text(title="A draft", date="2009-06-01", extra="draft: true\naliases: [/draft-old/]"))
    assert site.run("build", "--no-search", "--drafts").code == 0
    assert (site.output / "events/2009-06-01-a-draft/index.html").is_file()
    assert "2009-06-01-a-draft" not in json.dumps(json.loads((site.output / MARKER).read_text())["published"])
    # The draft's page and alias existed only because of --drafts: leaving them out is no broken link.
    assert site.run("build", "--no-search", "--strict").code == 0

    # A published event made a draft again is: its page goes from the public site.
    (site.root / LAVROV).write_text(lavrov("draft: true"))
    warning = (f"{LAVROV}:10: warning: {OLD_URL}, which the last build published, would now be a broken link: "
               "this event is a draft (remove draft: true, or build once without --strict to accept the broken link)")
    assert warning in site.run("check").err
    assert warning in site.run("check", "--drafts").err
    # A --drafts build still shows it, but records it as unpublished: it warns, once.
    assert warning in site.run("build", "--no-search", "--drafts").err
    assert site.run("build", "--no-search").err == ""


def test_a_file_that_does_not_parse_is_its_own_error_not_a_dropped_url(site):
    assert site.run("build", "--no-search").code == 0
    (site.root / LAVROV).write_text(lavrov().replace("date: 2009-05-06", "date: May 6 2009"))
    result = site.run("build", "--no-search")
    assert result.code == 1 and "is not a date" in result.err and "broken link" not in result.err


def test_the_record_is_added_to_an_older_marker_and_a_forged_one_is_never_shown(site):
    assert site.run("build", "--no-search").code == 0
    marker = site.output / MARKER
    stored = json.loads(marker.read_text())
    del stored["published"]
    marker.write_text(json.dumps(stored))
    assert site.run("build", "--no-search").err == ""   # an older build's marker: nothing to compare with
    stored = json.loads(marker.read_text())
    assert stored["published"][OLD_URL.lstrip("/")] == ["events/2009-05-06-lavrov-news-conference.md", "event", False,
                                                        "Lavrov news conference"]
    stored["published"]["evil/"] = ["\x1b[2Jx.md", "event", False, "T"]
    stored["published"]["events/forged/"] = ["events/forged.md", "event", False, "Forged"]
    marker.write_text(json.dumps(stored))
    result = site.run("build", "--no-search")
    assert result.code == 0 and "\x1b" not in result.err and "evil" not in result.err
    assert "content/events/forged.md: warning: deleted or renamed: /events/forged/" in result.err
