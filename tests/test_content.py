"""Every invalid event file gets a located, plain message; valid forms parse."""
import pytest

from tests.conftest import event_text
from timeline.content import Page, Partial, Relation, decode, parse_actors, parse_event, parse_event_file, parse_page, parse_tags, tag_slug
from timeline.dates import PartialDate
from timeline.schema import Item

GOOD_SOURCES = "sources:\n  - title: T\n    publisher: P\n    url: https://example.com/\n"


def front(*lines: str, sources: bool = True) -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + (GOOD_SOURCES if sources else "") + "---\nBody.\n"


BASE = ("title: T", "date: 2009-05-06", "actors: [nato]")

INVALID = {
    # structure
    "empty file": ("", 1, "file is empty"),
    "whitespace only": ("  \n\t\n", 1, "file is empty"),
    "no front matter": ("Just text.\n", 1, "no front matter"),
    "no closing dashes": ("---\ntitle: T\ndate: 2009-05-06\n", 1, "front matter is not closed"),
    "tab indentation": ("---\ntitle: T\nsources:\n\t- title: x\n---\n", 4, "YAML: line 4 is indented with a tab (indent with spaces, not tabs)"),
    "bad indentation": ("---\ntitle: T\n  date: 2009-05-06\n---\n", 3, 'YAML: line 3 is indented 2 spaces but the key "title" above it at line 2 uses 0 (indent it like its siblings)'),
    "unclosed quote": ('---\ntitle: "T\ndate: 2009-05-06\n---\n', 2, 'YAML: the quote " opened on line 2 is never closed (end the value with "; a " inside it is written \\")'),
    "unclosed bracket": ("---\ntitle: T\nactors: [nato, russia\ndate: 2009-05-06\n---\n", 3, "YAML: the list opened with [ on line 3 is not closed (end it with ]; separate its items with commas)"),
    "duplicate key": (front(*BASE, "title: Again"), 5, "title: key appears twice (first at line 2)"),
    "not a mapping": ("---\n- a\n- b\n---\n", 2, "expected key: value pairs, found a list"),
    "python tag": (front(*BASE, "summary: !!python/object/apply:os.system [ls]"), 5, "YAML tag !!python/object/apply:os.system is not allowed"),
    "binary tag": (front(*BASE, "summary: !!binary aGVsbG8="), 5, "YAML tag !!binary is not allowed"),
    "alias bomb": ("---\n" + "".join(
        f"l{i}: &l{i} [" + ",".join([f"*l{i-1}"] * 9 if i else ["x"] * 9) + "]\n" for i in range(8)) + "---\n",
        2, "YAML expands to more than"),
    "deep nesting": ("---\nsummary: " + "[" * 10000 + "]" * 10000 + "\n---\n", 2, "YAML is nested more than 32 levels deep"),
    # required keys
    "empty front matter": ("---\n---\nBody.\n", 2, "title: required key is missing"),
    "comment-only front matter": ("---\n# nothing yet\n---\nBody.\n", 2, "title: required key is missing"),
    "missing title": (front("date: 2009-05-06", "actors: [nato]"), 2, "title: required key is missing"),
    "missing date": (front("title: T", "actors: [nato]"), 2, "date: required key is missing"),
    "missing actors": (front("title: T", "date: 2009-05-06"), 2, "actors: required key is missing"),
    "empty actors": (front("title: T", "date: 2009-05-06", "actors: []"), 4, "actors: at least one actor is needed"),
    "no sources": (front(*BASE, sources=False), 1, "sources: at least one source is needed"),
    "control escape": (front('title: "a\\u0001b"', "date: 2009-05-06", "actors: [nato]"), 2, "title: contains the control character U+0001 (remove the escape)"),
    "empty title": (front('title: ""', "date: 2009-05-06", "actors: [nato]"), 2, "title: is empty"),
    # wrong types
    "title number": (front("title: 1999", "date: 2009-05-06", "actors: [nato]"), 2, "title: expected text, found a number (put it in quotes)"),
    "title list": (front("title: [a, b]", "date: 2009-05-06", "actors: [nato]"), 2, "title: expected text, found a list"),
    "title mapping": (front("title: {a: b}", "date: 2009-05-06", "actors: [nato]"), 2, "title: expected text, found a mapping"),
    "title null": (front("title:", "date: 2009-05-06", "actors: [nato]"), 2, "title: is empty"),
    "title bool": (front("title: yes", "date: 2009-05-06", "actors: [nato]"), 2, "title: expected text, found true/false (put it in quotes)"),
    "date list": (front("title: T", "date: [2009]", "actors: [nato]"), 3, "date: expected a date, found a list"),
    "date float": (front("title: T", "date: 2009.5", "actors: [nato]"), 3, "date: expected a date, found a number"),
    "date with time": (front("title: T", "date: 2009-05-06T10:00:00", "actors: [nato]"), 3, 'date: "2009-05-06T10:00:00" is not a date'),
    "actors string": (front("title: T", "date: 2009-05-06", "actors: nato"), 4, "actors: expected a list, found text"),
    "actors mapping": (front("title: T", "date: 2009-05-06", "actors: {nato: 1}"), 4, "actors: expected a list, found a mapping"),
    "actor item number": (front("title: T", "date: 2009-05-06", "actors: [nato, 7]"), 4, "actors[1]: expected text, found a number"),
    "tags string": (front(*BASE, "tags: diplomacy"), 5, "tags: expected a list, found text"),
    "milestone string": (front(*BASE, "milestone: very"), 5, "milestone: expected true or false, found text"),
    "draft number": (front(*BASE, "draft: 1"), 5, "draft: expected true or false, found a number"),
    "approximate null": (front(*BASE, "approximate:"), 5, "approximate: is empty"),
    "summary list": (front(*BASE, "summary: [a]"), 5, "summary: expected text, found a list"),
    "sources mapping": (front(*BASE, "sources: {title: x}", sources=False), 5, "sources: expected a list, found a mapping"),
    "source item text": (front(*BASE, "sources: [just a string]", sources=False), 5, "sources[0]: expected key: value pairs, found text"),
    "source missing url": (front(*BASE, "sources:\n  - title: T\n    publisher: P", sources=False), 6, "sources[0].url: required key is missing"),
    "source javascript url": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: javascript:alert(1)", sources=False), 8, 'sources[0].url: "javascript:alert(1)" is not an http or https URL'),
    "source ftp url": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: ftp://example.com/x", sources=False), 8, 'sources[0].url: "ftp://example.com/x" is not an http or https URL'),
    "source unknown key": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: https://e.com/\n    urll: x", sources=False), 9, "sources[0].urll: unknown key (did you mean url?)"),
    "source bad date": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: https://e.com/\n    date: 2009-02-30", sources=False), 9, 'sources[0].date: "2009-02-30" is not a day of February 2009'),
    "related string": (front(*BASE, "related: other-event"), 5, "related: expected a list, found text"),
    "related bad relation": (front(*BASE, "related:\n  - event: other\n    relation: respond-to"), 7, 'related[0].relation: "respond-to" is not one of response-to, follows, part-of, reverses, see-also (did you mean response-to?)'),
    "related itself": ("---\n" + "\n".join(BASE) + "\nslug: self\nrelated:\n  - event: self\n    relation: follows\n" + GOOD_SOURCES + "---\n", 7, "related: an event cannot relate to itself"),
    "updates missing note": (front(*BASE, "updates:\n  - date: 2024-01-01"), 6, "updates[0].note: required key is missing"),
    "updates wrong type": (front(*BASE, "updates: 2024"), 5, "updates: expected a list, found a number"),
    # dates
    "impossible day": (front("title: T", "date: 2009-02-30", "actors: [nato]"), 3, 'date: "2009-02-30" is not a day of February 2009 (use YYYY-MM-DD, YYYY-MM or YYYY)'),
    "month 13": (front("title: T", "date: 2009-13-01", "actors: [nato]"), 3, 'date: "2009-13-01" has no month 13'),
    "two-digit year": (front("title: T", "date: 09-05-06", "actors: [nato]"), 3, 'date: "09-05-06" is not a date'),
    "words": (front("title: T", 'date: "May 6 2009"', "actors: [nato]"), 3, 'date: "May 6 2009" is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)'),
    "month day": (front("title: T", "date: May 6", "actors: [nato]"), 3, 'date: "May 6" is not a date'),
    "unpadded": (front("title: T", "date: 2009-5-6", "actors: [nato]"), 3, 'date: "2009-5-6" is not a date'),
    "end before start": (front(*BASE, "end_date: 2009-05-01"), 5, "end_date: 2009-05-01 is before date 2009-05-06"),
    "end month before start": (front(*BASE, "end_date: 2009-04"), 5, "end_date: 2009-04 is before date 2009-05-06"),
    "end date words": (front(*BASE, "end_date: later"), 5, 'end_date: "later" is not a date (use YYYY-MM-DD, YYYY-MM or YYYY, or ongoing)'),
    "end month holding the start day": (front("title: T", "date: 2022-03-24", "actors: [nato]", "end_date: 2022-03"), 5,
                                        "end_date: 2022-03 is not after date 2022-03-24 (end_date must be after 2022-03-24; write the day, e.g. 2022-03-31, or drop end_date)"),
    "end year holding the start month": (front("title: T", 'date: "2022-03"', "actors: [nato]", "end_date: 2022"), 5,
                                         "end_date: 2022 is not after date 2022-03 (end_date must be after 2022-03; write the month, e.g. 2022-12, or drop end_date)"),
    "end day within the start month": (front("title: T", 'date: "2022-03"', "actors: [nato]", "end_date: 2022-03-15"), 5,
                                       "end_date: 2022-03-15 falls within date 2022-03 (end_date must be after 2022-03, e.g. 2022-04; or give date the day it started, or drop end_date)"),
    "end same as start": (front(*BASE, "end_date: 2009-05-06"), 5, "end_date: 2009-05-06 is the same as date (a span ends after it starts: e.g. end_date: 2009-05-07, or drop end_date for a single day)"),
    "circa end within start year": (front("title: T", "date: 1994", "actors: [nato]", "approximate: true", "end_date: 1994-06"), 6,
                                    "end_date: 1994-06 falls within date 1994"),
    # scaffolding left in a file to be published
    "new's sources example": (front(*BASE, "sources: [{title: ..., publisher: ..., url: https://...}]", sources=False), 5,
                              'sources[0].url: "https://..." is a placeholder, not the address (write the real address, or keep the event a draft (draft: true))'),
    "dots for a publisher": (front(*BASE, "sources:\n  - title: T\n    publisher: …\n    url: https://e.org/", sources=False), 7,
                             'sources[0].publisher: "…" is a placeholder, not the value'),
    "dots for a title": (front('title: "..."', "date: 2009-05-06", "actors: [nato]"), 2, 'title: "..." is a placeholder'),
    "import's summary prompt": (front(*BASE, "summary: One sentence for the timeline.    # write it here and remove the #"), 5,
                                'summary: still holds the prompt "One sentence for the timeline." (write your own words in its place, or keep the event a draft (draft: true))'),
    "body prompt": ("---\n" + "\n".join(BASE) + "\n" + GOOD_SOURCES + "---\n\nWrite what happened, who said what (attributed), and why it mattered.\n", 11,
                    'the text still holds the prompt "Write what happened, who said what (attributed), and why it mattered." (write the entry in its place, or keep the event a draft (draft: true))'),
    "note placeholder": (front(*BASE, "updates: [{date: 2024-01-01, note: ...}]"), 5, 'updates[0].note: "..." is a placeholder'),
    "cut-short url": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: https://www.reuters.com/article/nato-russ…", sources=False), 8,
                      'sources[0].url: "https://www.reuters.com/article/nato-russ…" is a placeholder, not the address'),
    # source addresses no reader can follow
    "localhost url": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: http://localhost:8000/x", sources=False), 8,
                      'sources[0].url: "http://localhost:8000/x" points at localhost, a name that exists only on one computer or network (link the page\'s public address, as the browser shows it)'),
    "host without a dot": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: https://example", sources=False), 8,
                           'sources[0].url: "https://example" has no real host name ("example") (write the whole name, e.g. https://www.example.org/page)'),
    "bare host": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: reuters.com/article/x", sources=False), 8,
                  'sources[0].url: "reuters.com/article/x" is not an http or https URL (write the full address, https://reuters.com/article/x)'),
    "bare word": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: reuters", sources=False), 8,
                  'sources[0].url: "reuters" is not an http or https URL (write the full address, https://...)'),
    "loopback archive": (front(*BASE, "sources:\n  - title: T\n    publisher: P\n    url: https://e.org/\n    archive_url: http://127.0.0.1/a", sources=False), 9,
                         'sources[0].archive_url: "http://127.0.0.1/a" points at 127.0.0.1, a private or local address no reader can reach'),
    # YAML slips, said in words at the line to fix
    "list item one space in": (front(*BASE, "tags:\n  - diplomacy\n   - expulsions"), 7,
                               'YAML: line 7 is indented 3 spaces but the list item above it at line 6 uses 2, so it is read as part of that item ("diplomacy - expulsions") (indent it like its siblings)'),
    "source key one space out": ("---\n" + "\n".join(BASE) + "\nsources:\n  - title: A\n    publisher: P\n    url: https://e.org/\n"
                                 "  - title: B\n   publisher: Q\n    url: https://e.org/b\n---\n", 10,
                                 'YAML: line 10 is indented 3 spaces but the key "title" above it at line 9 uses 4 (indent it like its siblings)'),
    "key after a list one space in": (front(*BASE, "tags:\n  - diplomacy\n milestone: true"), 7,
                                      'YAML: line 7 is indented 1 space but the key "tags" above it at line 5 uses 0 (indent it like its siblings)'),
    "colon in a value": (front(*BASE, "summary: NATO: a story"), 5, 'YAML: a second ": " on line 5, in a value (put the value in quotes: summary: "NATO: a story")'),
    "text after a quote": (front(*BASE, "summary: 'it's'"), 5, 'YAML: text after the closing quote, at column 14 of line 5 (a quoted value ends at its closing quote: quote the whole value, e.g. summary: "it\'s")'),
    "value starting with @": (front(*BASE, "summary: @nato said"), 5, 'YAML: a value cannot start with @ (line 5, column 10) (put the value in quotes: summary: "@nato said")'),
    # keys and slugs
    "unknown key near miss": (front(*BASE, "actor: [nato]"), 5, "actor: unknown key (did you mean actors?)"),
    "unknown key far": (front(*BASE, "colour: red"), 5, "colour: unknown key"),
    "slug with dots": (front(*BASE, "slug: ../escape"), 5, 'slug: "../escape" is not a slug'),
    "slug with slash": (front(*BASE, "slug: a/b"), 5, 'slug: "a/b" is not a slug'),
    "slug uppercase": (front(*BASE, "slug: Hello"), 5, 'slug: "Hello" is not a slug'),
    "slug zero width": (front(*BASE, "slug: a\u200bb"), 5, 'slug: "a\\u200bb" is not a slug'),
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_event_is_located(name):
    text, line, message = INVALID[name]
    event, problems = parse_event(text, "content/events/x.md")
    assert event is None
    formatted = [p.format() for p in problems]
    assert any(f.startswith(f"content/events/x.md:{line}: {message}") for f in formatted), formatted


def test_every_problem_in_a_file_is_reported_together():
    text = front("title: 1999", "date: 2009-02-30", "actors: nato", "colour: red")
    _, problems = parse_event(text, "e.md")
    assert [p.line for p in problems] == [2, 3, 4, 5]


def test_file_name_must_be_a_slug():
    _, problems = parse_event(front(*BASE), "content/events/Bad Name.md")
    assert problems[0].format().startswith('content/events/Bad Name.md:1: file name "Bad Name" is not a valid slug')


@pytest.mark.parametrize("data, line, message", [
    (b"---\ntitle: caf\xe9\n---\n", 2, "file is not UTF-8 (byte 0xe9)"),
    (b"---\ntitle: a\x00b\n---\n", 2, "file contains a NUL byte"),
    (b"---\n" + b"x" * 3_000_000, 1, "file is 3 MB; the limit is 2 MB"),
    (b"---\ntitle: T\n---\nPasted \x0c text\n", 4, "file contains the invisible control character U+000C (delete it; feeds cannot carry it)"),
])
def test_undecodable_bytes_are_located(data, line, message):
    text, problems = decode(data, "e.md")
    assert text is None and problems[0].format().startswith(f"e.md:{line}: {message}")


def test_bom_and_crlf_parse_like_plain_utf8():
    plain = event_text()
    text, problems = decode(b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode(), "e.md")
    assert not problems
    assert parse_event(text, "e.md")[0] == parse_event(plain, "e.md")[0]


def test_valid_event_keeps_what_the_author_wrote():
    text = event_text(title="'Moscow: “normal” ties'", date='"2009-05"', tags="[Arms Control, diplomacy, DIPLOMACY]",
                      extra="end_date: ongoing\napproximate: true\nsummary: One line.")
    event, problems = parse_event(text, "content/events/2009-05-x.md")
    assert not problems
    assert event.title == "Moscow: “normal” ties"
    assert (event.date.precision, event.ongoing, event.approximate) == ("month", True, True)
    assert event.tags == ("arms-control", "diplomacy")
    assert event.summary == "One line."
    assert event.slug == "2009-05-x"


def test_year_date_may_be_a_yaml_number_and_day_a_yaml_date():
    assert parse_event(event_text(date="1996"), "e.md")[0].date.iso() == "1996"
    assert parse_event(event_text(date="2009-05-06"), "e.md")[0].date == PartialDate(2009, 5, 6)


def test_default_summary_is_first_paragraph_cut_at_a_word():
    body = "**Bold** start " + "word " * 80 + "\n\nSecond."
    event, _ = parse_event(event_text(body=body), "e.md")
    assert event.summary.startswith("Bold start word")
    assert event.summary.endswith("word…") and len(event.summary) <= 200


def test_draft_needs_no_sources():
    event, problems = parse_event(front(*BASE, "draft: true", sources=False), "e.md")
    assert not problems and event.draft


def test_tag_slugs():
    assert tag_slug("Arms Control") == "arms-control"
    assert tag_slug("  NATO–Russia  ") == "nato-russia"
    assert tag_slug("Россия") == ""


def test_actors_yaml_shared_alias_and_bad_kind():
    text = ("nato:\n  name: NATO\n  kind: organization\n  aliases: [The Alliance]\n"
            "otan:\n  name: OTAN\n  kind: alliance\n"
            "eu:\n  name: European Union\n  kind: organization\n  aliases: [the alliance]\n")
    _, problems = parse_actors(text, "content/actors.yaml")
    formatted = [p.format() for p in problems]
    assert 'content/actors.yaml:7: otan.kind: "alliance" is not one of person, country, organization' in formatted[0]
    assert any(f.startswith('content/actors.yaml:11: "the alliance" names both nato and eu') for f in formatted)


def test_actors_yaml_bad_id_and_unknown_key():
    _, problems = parse_actors("Bad Id:\n  name: X\n  kind: person\nok:\n  name: Y\n  kind: person\n  nmae: z\n", "a.yaml")
    formatted = [p.format() for p in problems]
    assert formatted[0].startswith('a.yaml:1: actor id "Bad Id" is not a slug')
    assert formatted[1].startswith("a.yaml:7: ok.nmae: unknown key (did you mean name?)")


def test_tags_yaml_accepts_bare_names_and_rejects_non_slugs():
    tags, problems = parse_tags("diplomacy:\nArms Control:\n  name: Arms control\n", "t.yaml")
    assert list(tags) == ["diplomacy"]
    assert problems[0].format() == 't.yaml:2: tag "Arms Control" is not a lowercase slug (write arms-control)'


def test_a_draft_may_keep_the_scaffolding_new_and_import_write():
    text = ("---\ntitle: T\ndate: 2009-05-06\nactors: [nato]\nsummary: One sentence for the timeline.\n"
            "sources: [{title: ..., publisher: ..., url: https://...}]\ndraft: true\n---\n\n"
            "Write what happened, who said what (attributed), and why it mattered.\n")
    event, problems = parse_event(text, "e.md")
    assert problems == [] and event.draft
    published, problems = parse_event(text.replace("draft: true", "draft: false"), "e.md")
    assert published is None and [p.line for p in problems] == [5, 6, 6, 6, 10]
    # a draft: that cannot be read may be a draft: its scaffolding is not held against it
    _, problems = parse_event(text.replace("draft: true", "draft: maybe"), "e.md")
    assert [p.message for p in problems] == ["draft: expected true or false, found text"]


def test_what_the_sanitizer_drops_is_a_warning_at_its_line_and_the_event_stays():
    body = "First paragraph.\n\n![A map](map.png)\n\nText <script>alert(1)</script> and [a link](javascript:alert(1)).\n"
    event, problems = parse_event(event_text(body=body), "e.md")
    assert event is not None and "<img" not in event.body_html
    assert [p.format() for p in problems] == [
        'e.md:13: warning: <img alt="A map" src="map.png"> is left out of the page '
        "(a text may hold formatting, links, lists, tables, quotes and footnotes; remove it)",
        "e.md:15: warning: <script> is left out of the page (a text may hold formatting, links, lists, tables, quotes and footnotes; remove it)",
        'e.md:15: warning: href="javascript:alert(1)" in <a> is left out of the page (links may be http(s), mailto or within the site)',
    ]


def test_what_the_sanitizer_drops_from_an_update_note_is_named_with_the_note():
    event, problems = parse_event(event_text(extra="updates:\n  - date: 2024-01-01\n    note: See <iframe src=x></iframe>.\n"
                                                   "  - note: |\n      Line one.\n\n      <img src=x>\n    date: 2024-01-02"), "e.md")
    assert event is not None
    assert [p.format() for p in problems] == [
        "e.md:12: warning: updates[0].note: <iframe src=x> is left out of the page "
        "(a text may hold formatting, links, lists, tables, quotes and footnotes; remove it)",
        "e.md:16: warning: updates[1].note: <img src=x> is left out of the page "
        "(a text may hold formatting, links, lists, tables, quotes and footnotes; remove it)"]


def test_pages_are_held_to_the_same_rules():
    page, problems = parse_page("---\ntitle: ...\n---\nWrite what happened, who said what (attributed), and why it mattered.\n<form></form>\n", "p.md")
    assert page is None
    assert sorted(p.format() for p in problems) == [
        "p.md:2: title: \"...\" is a placeholder, not the value (write the real value, or keep the page a draft (draft: true))",
        'p.md:4: the text still holds the prompt "Write what happened, who said what (attributed), and why it mattered." '
        "(write the entry in its place, or keep the page a draft (draft: true))",
        "p.md:5: warning: <form> is left out of the page (a text may hold formatting, links, lists, tables, quotes and footnotes; remove it)"]
    assert parse_page("---\ntitle: ...\ndraft: true\n---\nText.\n", "p.md") == (
        Page("p", "...", "Text.", "<p>Text.</p>", True, "p.md"), [])


def test_a_file_with_errors_still_hands_on_what_it_says_to_the_checks_across_files():
    text = front('title: T', "date: 2009-02-30", "actors: [nato, natto]", "tags: [Diplomacy]", "colour: red",
                 "related:\n  - event: no-such-event\n    relation: follows")
    partial, problems = parse_event_file(text, "content/events/2009-x.md")
    assert [p.line for p in problems] == [3, 6]
    assert partial == Partial("event", "content/events/2009-x.md", "2009-x", 1, (Item("nato", 4), Item("natto", 4)),
                              (Item("diplomacy", 5),), (Relation("no-such-event", "follows", 8),))
    assert parse_event_file("---\ntitle: [\n---\n", "x.md")[0] is None  # front matter that cannot be read says nothing
    assert parse_event_file(front("title: T", "slug: Bad", "date: 2009"), "Bad Name.md")[0].slug is None


def test_actors_and_tags_files_may_hold_no_placeholder():
    _, problems = parse_actors("nato:\n  name: NATO\n  kind: organization\n  url: https://...\n", "a.yaml")
    assert [p.format() for p in problems] == ['a.yaml:4: nato.url: "https://..." is a placeholder, not the address (write the real address)']
    _, problems = parse_actors("nato:\n  name: NATO\n  kind: organization\n  url: http://localhost/\n", "a.yaml")
    assert problems[0].message == 'nato.url: "http://localhost/" points at localhost, a name that exists only on one computer or network'
    _, problems = parse_tags("diplomacy:\n  description: …\n", "t.yaml")
    assert [p.line for p in problems] == [2]
