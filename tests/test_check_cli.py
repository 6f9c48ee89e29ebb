"""`check` and `build` through the real CLI: every mistake in one run, at the line to fix, nothing unfinished published."""
from __future__ import annotations

from tests.test_importer import ACTORS as NEWSROOM_ACTORS, FIXTURES


def problem_lines(result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("content/") or line.startswith("site.yaml")]


# ---- nothing unfinished is published -----------------------------------------------------

def test_news_example_line_uncommented_is_fine_in_a_draft_and_an_error_once_published(site):
    result = site.run("new", "NATO suspends talks", "--date", "2009-05-07", "--actors", "nato")
    path = site.root / result.out.strip()
    text = path.read_text().replace("# sources: [{title: ..., publisher: ..., url: https://...}]",
                                    "sources: [{title: ..., publisher: ..., url: https://...}]")
    path.write_text(text)
    assert site.run("check", "--drafts", "--strict").code == 0  # a draft may keep its scaffolding
    path.write_text(text.replace("draft: true", "draft: false"))
    result = site.run("check")
    shown = "content/events/2009/2009-05-07-nato-suspends-talks.md"
    line = next(n for n, written in enumerate(text.split("\n"), start=1) if written.startswith("sources: "))
    body_line = text.split("\n").index("Write what happened, who said what (attributed), and why it mattered.") + 1
    keep = "or keep the event a draft (draft: true)"
    assert result.code == 1
    assert problem_lines(result) == [
        f'{shown}:{line}: sources[0].publisher: "..." is a placeholder, not the value (write the real value, {keep})',
        f'{shown}:{line}: sources[0].title: "..." is a placeholder, not the value (write the real value, {keep})',
        f'{shown}:{line}: sources[0].url: "https://..." is a placeholder, not the address (write the real address, {keep})',
        f'{shown}:{body_line}: the text still holds the prompt "Write what happened, who said what (attributed), and why it '
        f'mattered." (write the entry in its place, {keep})',
    ]
    assert not site.output.exists()


def test_an_imported_draft_published_with_its_prompts_left_in_is_refused(site):
    site.write("content/actors.yaml", NEWSROOM_ACTORS)
    result = site.run("import", str(FIXTURES / "seed-shape.txt"), "--year", "2011", "--url", "https://northwind.example.com/a")
    assert result.code == 0, result.err
    path = site.root / result.out.strip()
    draft = path.read_text(encoding="utf-8")
    path.write_text(draft.replace("# summary: One sentence", "summary: One sentence").replace("draft: true", "draft: false"),
                    encoding="utf-8")
    result = site.run("build")
    assert result.code == 1
    messages = [line.split(": ", 1)[1] for line in problem_lines(result)]
    assert messages == ['summary: still holds the prompt "One sentence for the timeline." '
                        "(write your own words in its place, or keep the event a draft (draft: true))",
                        'the text still holds the prompt "Write what happened, who said what (attributed), and why it mattered." '
                        "(write the entry in its place, or keep the event a draft (draft: true))"]
    assert not site.output.exists()


def test_a_source_address_needs_a_real_host(site):
    for slug, url in (("a", "http://localhost:8000/x"), ("b", "https://example"), ("c", "reuters")):
        site.write(f"content/events/2009-05-07-{slug}.md", site.content.joinpath(
            "events/2009-04-29-nato-withdraws-accreditation.md").read_text().replace("https://example.com/a", url))
    result = site.run("check")
    assert result.code == 1
    assert problem_lines(result) == [
        'content/events/2009-05-07-a.md:9: sources[0].url: "http://localhost:8000/x" points at localhost, a name that exists '
        "only on one computer or network (link the page's public address, as the browser shows it)",
        'content/events/2009-05-07-b.md:9: sources[0].url: "https://example" has no real host name ("example") '
        "(write the whole name, e.g. https://www.example.org/page)",
        'content/events/2009-05-07-c.md:9: sources[0].url: "reuters" is not an http or https URL (write the full address, https://...)',
    ]


# ---- what the sanitizer drops ------------------------------------------------------------

IMAGE_WARNING = ('content/events/2009-05-07-map.md:13: warning: <img alt="The map" src="map.png"> is left out of the page '
                 "(a text may hold formatting, links, lists, tables, quotes and footnotes; remove it)")
FORM_WARNING = ("content/events/2009-05-07-map.md:15: warning: <form> is left out of the page "
                "(a text may hold formatting, links, lists, tables, quotes and footnotes; remove it)")


def add_map_event(site):
    site.event("2009-05-07-map", title="Map", body="First paragraph.\n\n![The map](map.png)\n\n<form>\n<input name=q>\n</form>\n")


def test_dropped_content_warns_at_its_line_and_strict_fails(site):
    add_map_event(site)
    result = site.run("check")
    assert result.code == 0
    assert problem_lines(result)[:2] == [IMAGE_WARNING, FORM_WARNING]
    assert "content/events/2009-05-07-map.md:16: warning: <input name=q> is left out of the page" in result.err
    assert result.out.startswith("Checked 4 events") and "3 warnings" in result.out + result.err
    strict = site.run("check", "--strict")
    assert strict.code == 1 and IMAGE_WARNING.replace("warning: ", "") in strict.err


def test_dropped_content_warns_again_on_a_warm_build_from_the_cache(site):
    add_map_event(site)
    first = site.run("build")
    assert first.code == 0 and IMAGE_WARNING in first.err
    assert list((site.root / ".cache").glob("content-*.pickle"))  # the parse was saved
    again = site.run("build")
    assert again.code == 0 and IMAGE_WARNING in again.err and FORM_WARNING in again.err
    assert "<img" not in site.read("events/2009-05-07-map/index.html")


# ---- spans --------------------------------------------------------------------------------

def test_an_end_inside_the_start_is_an_error_with_the_end_that_would_do(site):
    site.event("2022-03-24-x", title="X", date="2022-03-24", extra="end_date: 2022-03")
    site.event("2022-03-y", title="Y", date='"2022-03"', extra="end_date: 2022-03-15")
    result = site.run("build")
    assert result.code == 1
    assert problem_lines(result) == [
        "content/events/2022-03-24-x.md:10: end_date: 2022-03 is not after date 2022-03-24 "
        "(end_date must be after 2022-03-24; write the day, e.g. 2022-03-31, or drop end_date)",
        "content/events/2022-03-y.md:10: end_date: 2022-03-15 falls within date 2022-03 "
        "(end_date must be after 2022-03, e.g. 2022-04; or give date the day it started, or drop end_date)",
    ]


# ---- every mistake in one run -------------------------------------------------------------

def test_five_mistakes_in_one_file_are_all_named_in_one_run(site):
    site.event("2009-05-07-five", title="Five", date="2009-13-01", actors="[nato, natto]", tags="diplomacy",
               extra="colour: red\nrelated:\n  - event: 2009-04-29-nato-withdraws-acreditation\n    relation: follows")
    site.event("2009-05-08-two", title="Two", date="2009-05-08", actors="[rusia]",
               extra="milestone: very\nrelated:\n  - event: no-such-event\n    relation: follows")
    result = site.run("check")
    assert result.code == 1
    assert problem_lines(result) == [
        'content/events/2009-05-07-five.md:3: date: "2009-13-01" has no month 13 (use YYYY-MM-DD, YYYY-MM or YYYY)',
        'content/events/2009-05-07-five.md:4: actors: unknown actor "natto" (did you mean nato?)',
        "content/events/2009-05-07-five.md:5: tags: expected a list, found text (write tags: [diplomacy, expulsions])",
        "content/events/2009-05-07-five.md:10: colour: unknown key",
        'content/events/2009-05-07-five.md:12: related: no event with slug "2009-04-29-nato-withdraws-acreditation" '
        "(did you mean 2009-04-29-nato-withdraws-accreditation?)",
        'content/events/2009-05-08-two.md:4: actors: unknown actor "rusia" (did you mean russia?)',
        "content/events/2009-05-08-two.md:10: milestone: expected true or false, found text",
        'content/events/2009-05-08-two.md:12: related: no event with slug "no-such-event"',
    ]
    assert result.err.splitlines()[-1] == "8 errors in 2 files"


# ---- YAML slips ---------------------------------------------------------------------------

def test_a_yaml_slip_is_named_at_its_own_line_in_words_in_every_yaml_file(site):
    site.write("content/events/2009-05-07-slip.md", "---\ntitle: Slip\ndate: 2009-05-07\nactors: [nato]\nsources:\n"
               "  - title: A\n    publisher: P\n    url: https://e.org/a\n  - title: B\n   publisher: Q\n"
               "    url: https://e.org/b\n---\nBody.\n")
    site.write("content/pages/slip.md", "---\ntitle: Slip\n description: x\n---\nBody.\n")
    site.write("content/actors.yaml", site.content.joinpath("actors.yaml").read_text() + "usa:\n  name: USA\n   kind: country\n")
    site.write("content/tags.yaml", "diplomacy:\n  name: Diplomacy\nexpulsions:\n  name: Expulsions\n  description: \"Sent home\n")
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nlanguage: en\n\tauthor: X\n")
    result = site.run("check")
    assert result.code == 1
    assert problem_lines(result) == [
        'content/actors.yaml:16: YAML: line 16 is indented 3 spaces but the key "name" above it at line 15 uses 2 (indent it like its siblings)',
        'content/events/2009-05-07-slip.md:10: YAML: line 10 is indented 3 spaces but the key "title" above it at line 9 uses 4 '
        "(indent it like its siblings)",
        'content/pages/slip.md:3: YAML: line 3 is indented 1 space but the key "title" above it at line 2 uses 0 (indent it like its siblings)',
        'content/tags.yaml:5: YAML: the quote " opened on line 5 is never closed (end the value with "; a " inside it is written \\")',
        "site.yaml:4: YAML: line 4 is indented with a tab (indent with spaces, not tabs)",
    ]
