"""The open data as people reuse it: the table read with csv, the calendars with icalendar, timeline.json
checked against its published schema; and the licence wherever the data and text go."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import feedparser
import icalendar
import jsonschema
import pytest

from timeline.config import SiteConfig, parse_config
from tests.conftest import event_text
from timeline.content import parse_event
from timeline.opendata import _line, _row_text, _text_line, calendar_entry
from timeline.words import shipped

LICENSE = 'license: "CC BY 4.0"\nlicense_url: https://creativecommons.org/licenses/by/4.0/\n'


def built(site, *args):
    result = site.run("build", "--no-search", *args)
    assert result.code == 0, result.err
    return site


def table(site, path="data/events.csv") -> list[dict[str, str]]:
    raw = (site.output / path).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")   # plain UTF-8: the header's first name is "slug", not "\ufeffslug"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def undo_formula_guard(cell: str) -> str:
    """The README's rule: a cell that starts with ' had it added; take it off."""
    return cell[1:] if cell.startswith("'") else cell


@pytest.fixture
def varied_site(site):
    """The fixture site with every kind of date and text a table or calendar must carry."""
    site.event("1996-ifor", title="Troops join IFOR", date="1996", extra="approximate: true")
    site.event("2014-03-crimea", title='Crimea, "annexed"; the map changes', date="2014-03", actors="[russia]",
               extra="end_date: ongoing\nsummary: 'Line one,\n\n  line two; with \\ backslash, and ""quotes""'")
    site.event("2011-02-formula", title="=HYPERLINK(\"http://evil.example\",\"x\")", date="2011-02",
               extra="end_date: 2011-04\nmilestone: true\nsummary: \"'quoted from the start\"")
    site.event("2012-01-02-long", title="Лавров " * 30 + "и НАТО", date="2012-01-02", extra="end_date: 2012-12-31")
    return site


# The table ------------------------------------------------------------------------------------------

def test_the_table_round_trips_every_event_of_timeline_json(varied_site):
    site = built(varied_site)
    rows = table(site)
    events = json.loads(site.read("timeline.json"))["events"]
    assert list(rows[0]) == ["slug", "url", "date", "end_date", "precision", "approximate", "title", "summary", "actors",
                             "tags", "milestone", "sources"]
    assert [row["slug"] for row in rows] == [event["slug"] for event in events]
    for row, event in zip(rows, events):
        row = {key: undo_formula_guard(value) for key, value in row.items()}
        assert row["url"] == event["url"] and row["title"] == event["title"] and row["summary"] == event["summary"]
        assert (row["date"], row["precision"]) == (event["date"], event["precision"])
        assert row["end_date"] == (event["end_date"] or "")
        assert row["approximate"] == str(event["approximate"]).lower() and row["milestone"] == str(event["milestone"]).lower()
        assert row["actors"].split() == event["actors"] and row["tags"].split() == event["tags"]
        assert row["sources"].split() == [source["url"] for source in event["sources"]]


def test_the_table_is_rfc_4180_and_keeps_spreadsheets_from_running_a_title():
    assert _row_text(("a", 'say "no", twice', "line\nbreak")) == 'a,"say ""no"", twice","line\nbreak"\r\n'
    row = _row_text(("=SUM(A1)", "+1", "-x", "@home", "'quoted", "plain"))
    assert next(csv.reader(io.StringIO(row))) == ["'=SUM(A1)", "'+1", "'-x", "'@home", "''quoted", "plain"]


def test_a_row_holds_the_dates_at_their_precision(varied_site):
    rows = {row["slug"]: row for row in table(built(varied_site))}
    assert (rows["1996-ifor"]["date"], rows["1996-ifor"]["precision"], rows["1996-ifor"]["approximate"]) == ("1996", "year", "true")
    assert (rows["2014-03-crimea"]["date"], rows["2014-03-crimea"]["end_date"]) == ("2014-03", "ongoing")
    assert rows["2011-02-formula"]["title"].startswith("'=HYPERLINK")


def test_each_language_has_its_table_with_its_words_and_their_language(bilingual_site):
    site = built(bilingual_site)
    english, russian = table(site), table(site, "ru/data/events.csv")
    assert list(russian[0])[0] == "language" and [row["slug"] for row in russian] == [row["slug"] for row in english]
    lavrov = next(row for row in russian if row["slug"] == "2009-05-06-lavrov-news-conference")
    assert (lavrov["language"], lavrov["title"]) == ("ru", "Пресс-конференция Лаврова")
    assert lavrov["url"] == "https://example.org/ru/events/2009-05-06-lavrov-news-conference/"
    untranslated = next(row for row in russian if row["slug"] == "2009-04-29-nato-withdraws-accreditation")
    assert (untranslated["language"], untranslated["title"]) == ("en", "NATO withdraws accreditation")


# The calendars --------------------------------------------------------------------------------------

def entries(site, path="data/events.ics") -> dict[str, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical((site.output / path).read_bytes())
    found = {}
    for entry in parsed.walk("VEVENT"):
        assert str(entry["UID"]) not in found
        found[str(entry["UID"])] = entry
    return found


def test_every_event_is_one_all_day_entry_spanning_its_dates(varied_site):
    site = built(varied_site)
    calendar = entries(site)
    slugs = [event["slug"] for event in json.loads(site.read("timeline.json"))["events"]]
    assert sorted(calendar) == sorted(f"{slug}@example.org" for slug in slugs)

    def days(slug):
        entry = calendar[f"{slug}@example.org"]
        return entry["DTSTART"].dt, entry["DTEND"].dt

    assert days("2009-05-06-lavrov-news-conference") == (date(2009, 5, 6), date(2009, 5, 7))   # DTEND is exclusive
    assert days("2008-08-19-nrc-suspended") == (date(2008, 8, 19), date(2009, 3, 6))
    assert days("1996-ifor") == (date(1996, 1, 1), date(1997, 1, 1))                  # a year: the whole year
    assert days("2011-02-formula") == (date(2011, 2, 1), date(2011, 5, 1))            # February to April
    assert days("2014-03-crimea") == (date(2014, 3, 1), date(2014, 4, 1))             # ongoing: its start's month
    assert days("2012-01-02-long") == (date(2012, 1, 2), date(2013, 1, 1))            # to the last day of the year
    crimea = calendar["2014-03-crimea@example.org"]
    assert str(crimea["SUMMARY"]) == 'Crimea, "annexed"; the map changes'
    assert str(crimea["DESCRIPTION"]).startswith('since March 2014 (ongoing)\nLine one,\nline two; with \\ backslash, and')
    assert str(crimea["URL"]) == "https://example.org/events/2014-03-crimea/"
    ifor = calendar["1996-ifor@example.org"]
    assert str(ifor["DESCRIPTION"]).startswith("c. 1996\n")
    lavrov = calendar["2009-05-06-lavrov-news-conference@example.org"]
    assert lavrov["DTSTAMP"].dt.date() == date(2024, 3, 7)    # its newest update note, not the build's time
    assert str(calendar["2012-01-02-long@example.org"]["SUMMARY"]) == "Лавров " * 30 + "и НАТО"


def test_calendar_lines_are_folded_at_75_octets_and_never_inside_a_character():
    text = _text_line("SUMMARY", "Лавров, НАТО; " * 20)
    lines = text.split("\r\n")
    assert lines[-1] == "" and all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:-1])
    assert "".join(line[1:] if n else line for n, line in enumerate(lines)).startswith("SUMMARY:Лавров\\, НАТО\\; ")
    assert _line("SHORT:x") == "SHORT:x\r\n"


def test_every_folded_line_is_as_long_as_it_may_be_and_unfolds_to_the_text():
    """Each piece is cut where the next character would pass 75 octets (74 after the leading space), so
    no line is folded shorter than it need be; joined again, the pieces are the text."""
    import random
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice("ab ,;\\éЖ漢😀") for _ in range(rng.randint(0, 260)))
        pieces = _line(text)[:-2].split("\r\n ")
        assert "".join(pieces) == text
        for number, piece in enumerate(pieces):
            room = 75 if number == 0 else 74
            assert len(piece.encode("utf-8")) <= room
            if number < len(pieces) - 1:   # the next piece's first character would not have fitted
                assert len((piece + pieces[number + 1][0]).encode("utf-8")) > room


def test_uids_stay_the_same_across_builds_and_edits(site, tmp_path):
    first = entries(built(site))
    site.event("2010-11-20-lisbon", title="Lisbon summit", date="2010-11-20")
    site.write("content/events/2009-05-06-lavrov-news-conference.md",
               (site.content / "events/2009-05-06-lavrov-news-conference.md").read_text().replace(
                   "title: Lavrov news conference", "title: Lavrov speaks to the press"))
    second = entries(built(site))
    assert set(first) < set(second) and set(second) - set(first) == {"2010-11-20-lisbon@example.org"}
    assert str(second["2009-05-06-lavrov-news-conference@example.org"]["SUMMARY"]) == "Lavrov speaks to the press"
    assert (site.output / "data/events.ics").read_bytes() == (built(site).output / "data/events.ics").read_bytes()


def test_each_actor_and_topic_has_a_calendar_of_its_own_events(bilingual_site):
    site = built(bilingual_site)
    data = json.loads(site.read("timeline.json"))["events"]
    for kind, key in (("actors", "actors"), ("tags", "tags")):
        names = {name for event in data for name in event[key]}
        for name in names:
            calendar = entries(site, f"data/{kind}/{name}.ics")
            assert sorted(calendar) == sorted(f"{e['slug']}@example.org" for e in data if name in e[key]), (kind, name)
    russian = icalendar.Calendar.from_ical((site.output / "ru/data/actors/nato.ics").read_bytes())
    assert str(russian["X-WR-CALNAME"]) == "Test Timeline: НАТО"
    lavrov = entries(site, "ru/data/actors/sergei-lavrov.ics")["2009-05-06-lavrov-news-conference@example.org"]
    assert str(lavrov["SUMMARY"]) == "Пресс-конференция Лаврова" and lavrov["SUMMARY"].params["LANGUAGE"] == "ru"
    assert str(lavrov["DESCRIPTION"]).startswith("6 мая 2009 г.\nМинистр")
    # Linked from the actor's and the topic's page.
    assert '<a href="/ru/data/actors/nato.ics">Календарь (ICS)</a>' in site.read("ru/actors/nato/index.html")
    assert '<a href="/data/tags/expulsions.ics">Calendar (ICS)</a>' in site.read("tags/expulsions/index.html")


def test_a_calendar_entry_escapes_what_ical_text_cannot_hold():
    config = SiteConfig("T", "https://example.org/sub/")
    event, problems = parse_event(event_text(title="'a,b;c\\d'", date="2009-05"), "content/events/x.md")
    assert problems == []
    entry = calendar_entry(event, "https://example.org/sub/events/x/", config, shipped("en"), "en")
    assert "UID:x@example.org\r\n" in entry and "SUMMARY;LANGUAGE=en:a\\,b\\;c\\\\d\r\n" in entry
    assert "DTSTART;VALUE=DATE:20090501\r\nDTEND;VALUE=DATE:20090601\r\n" in entry
    assert "DESCRIPTION;LANGUAGE=en:May 2009\\nFirst paragraph of the body.\\n\\nhttps://" in entry


# The schema -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["timeline.json", "ru/timeline.json"])
def test_timeline_json_validates_against_the_published_schema(bilingual_site, path):
    site = built(bilingual_site)
    schema = json.loads(site.read("data/timeline.schema.json"))
    assert not (site.output / "ru/data/timeline.schema.json").exists()   # one schema for every language
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = json.loads(site.read(path))
    assert list(validator.iter_errors(data)) == []
    data["events"][0]["date"] = "2009-13"
    data["events"][1]["surprise"] = True
    assert len(list(validator.iter_errors(data))) == 2


def test_a_single_language_site_with_every_kind_of_date_validates(varied_site):
    site = built(varied_site)
    schema = json.loads(site.read("data/timeline.schema.json"))
    jsonschema.validate(json.loads(site.read("timeline.json")), schema)


# The licence ----------------------------------------------------------------------------------------

def test_the_licence_goes_wherever_the_text_and_data_go(bilingual_site):
    bilingual_site.write("site.yaml", bilingual_site.root.joinpath("site.yaml").read_text() + LICENSE)
    site = built(bilingual_site)
    license = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert json.loads(site.read("timeline.json"))["license"] == license
    assert json.loads(site.read("ru/timeline.json"))["license"] == license
    link = '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>'
    assert f"<p>Text and data: {link}</p>" in site.read("index.html")
    assert f"<p>Тексты и данные: {link}</p>" in site.read("ru/events/2009-05-06-lavrov-news-conference/index.html")
    feed = feedparser.parse((site.output / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.rights == "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
    assert any(l.rel == "license" and l.href == license["url"] for l in feed.feed.links)
    schema = json.loads(site.read("data/timeline.schema.json"))
    jsonschema.validate(json.loads(site.read("timeline.json")), schema)


def test_without_a_licence_nothing_claims_one(site):
    built(site)
    assert "license" not in json.loads(site.read("timeline.json")) and "rights" not in site.read("feed.xml")
    assert "Text and data" not in site.read("index.html")


def test_a_licence_address_needs_the_licence_named():
    problems = parse_config("title: T\nbase_url: https://example.org/\nlicense_url: https://creativecommons.org/\n",
                            "site.yaml")[1]
    assert [(p.line, p.message) for p in problems] == [(3, "license_url: needs license, the licence's name as readers cite it")]
    problems = parse_config("title: T\nbase_url: https://example.org/\nlicense: x\nlicense_url: http://localhost/\n",
                            "site.yaml")[1]
    assert [p.line for p in problems] == [4]
