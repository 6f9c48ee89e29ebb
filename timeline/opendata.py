"""The open data in the forms people reuse: a table (CSV), calendars (iCalendar) and a JSON Schema. Pure.

Each language's edition gets its own table and calendars (titles and summaries
in its words, links to its pages); the schema of timeline.json is one file for
the whole site. An event's row and calendar entry are made once per event
object and kept in the memo the caller passes, as timeline.json's entries are,
so a rebuild after an edit remakes only the edited events' lines.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from urllib.parse import urlsplit

from . import urls
from .config import SiteConfig
from .content import SOURCE_KEYS, Event
from .dates import PartialDate
from .kept import Kept
from .memo import IdentityMemo
from .model import Timeline
from .pages import DataFile, listed_actors, listed_tags
from .schema import EVENT_FIELDS, RELATIONS, SOURCE_FIELDS
from .words import Words

CSV_COLUMNS = ("slug", "url", "date", "end_date", "precision", "approximate", "title", "summary", "actors", "tags",
               "milestone", "sources")
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection): such a cell gets a "'"
# in front, and so does one starting with "'", so that taking the first "'" off gives the value back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
PRODUCT = "-//timeline//build.py//EN"   # who made the calendars (RFC 5545 PRODID); no version, so bytes stay put
FOLD_AT = 75                            # octets in a calendar line before it is folded


def open_data_files(editions: list[tuple[str, Timeline]], config: SiteConfig, words: dict[str, Words],
                    rows: IdentityMemo, entries: IdentityMemo, joined: Kept | None = None) -> list[DataFile]:
    """The table and calendars of every edition (lang, timeline), and the schema of timeline.json. rows and
    entries remember each event's table row and calendar entry, joined each file's bytes."""
    joined = joined if joined is not None else Kept()
    site = (config.base_url, config.language, config.title, config.description, config.multilingual)
    files = [DataFile(urls.DATA_SCHEMA, timeline_schema(config))]
    for lang, timeline in editions:
        def located(url: str) -> str:
            return urls.in_language(lang, config.language, url)

        def calendar_file(url: str, title: str, lines: list[str]) -> DataFile:
            path = located(url)
            return DataFile(path, joined.kept((path, title, site), lines, lambda: calendar(lines, config, title, lang)))
        table = located(urls.EVENTS_CSV)
        lines = table_lines(timeline, config, lang, rows)
        files.append(DataFile(table, joined.kept((table, site), lines, lambda: "".join(lines).encode("utf-8"))))
        made = {event.slug: _calendar_entry(event, config, lang, words[lang], entries) for event in timeline.events}
        files.append(calendar_file(urls.EVENTS_ICS, config.title, list(made.values())))
        subjects = [(urls.calendar(urls.actor(actor.id)), actor.name, timeline.by_actor.get(actor.id, []))
                    for actor in listed_actors(timeline)]
        subjects += [(urls.calendar(urls.tag(tag.id)), tag.name, timeline.by_tag.get(tag.id, [])) for tag in listed_tags(timeline)]
        for url, name, events in subjects:
            title = words[lang].text("download.calendar_of", site=config.title, subject=name)
            files.append(calendar_file(url, title, [made[event.slug] for event in events]))
    return files


def _event_url(event: Event, config: SiteConfig, lang: str) -> str:
    return urls.absolute(config.base_url, urls.in_language(lang, config.language, urls.event(event.slug)))


# The table --------------------------------------------------------------------------------------

def table_lines(timeline: Timeline, config: SiteConfig, lang: str, memo: IdentityMemo) -> list[str]:
    """Every event of the edition as one row of an RFC 4180 table (CRLF line ends, quoted where needed), the
    header first; joined, in UTF-8, they are events.csv. On a site of several languages a first column says
    which language each row's words are in."""
    multilingual = config.multilingual
    header = (("language",) if multilingual else ()) + CSV_COLUMNS
    rows = [_row_text(header)]
    for event in timeline.events:
        inputs = ("csv", config.base_url, lang, multilingual)
        row = memo.get(event, inputs)
        if row is None:
            values = ((event.words_lang or lang,) if multilingual else ()) + csv_values(event, _event_url(event, config, lang))
            row = memo.put(event, inputs, _row_text(values))
        rows.append(row)
    return rows


def csv_values(event: Event, url: str) -> tuple[str, ...]:
    """An event's cells, in CSV_COLUMNS' order: dates as in timeline.json, lists space-separated (ids and
    addresses hold no spaces), true/false, and "" for no end date."""
    end = event.end_date
    return (event.slug, url, event.date.iso(), "" if end is None else end if isinstance(end, str) else end.iso(),
            event.date.precision, _flag(event.approximate), event.title, event.summary, " ".join(event.actors),
            " ".join(event.tags), _flag(event.milestone), " ".join(source.url for source in event.sources))


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _row_text(values: tuple[str, ...]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(["'" + value if value.startswith(FORMULA_STARTS) else value
                                                     for value in values])
    return out.getvalue()


# The calendars ----------------------------------------------------------------------------------

def calendar(entries: list[str], config: SiteConfig, title: str, lang: str) -> bytes:
    """An iCalendar file (RFC 5545) holding entries, each a VEVENT's lines, named title."""
    home = urls.absolute(config.base_url, urls.in_language(lang, config.language, urls.HOME))
    head = [_line("BEGIN:VCALENDAR"), _line("VERSION:2.0"), _line(f"PRODID:{PRODUCT}"), _line("CALSCALE:GREGORIAN"),
            _line("METHOD:PUBLISH"), _text_line("NAME", title), _text_line("X-WR-CALNAME", title),
            _line(f"URL;VALUE=URI:{home}")]
    if config.description:
        head += [_text_line("DESCRIPTION", config.description), _text_line("X-WR-CALDESC", config.description)]
    # Calendar programs that subscribe read these as how often to look for new events.
    head += [_line("REFRESH-INTERVAL;VALUE=DURATION:P1D"), _line("X-PUBLISHED-TTL:P1D")]
    return ("".join(head) + "".join(entries) + _line("END:VCALENDAR")).encode("utf-8")


def _calendar_entry(event: Event, config: SiteConfig, lang: str, words: Words, memo: IdentityMemo) -> str:
    # The catalogue by its fingerprint: each build loads its own Words, equal in all but identity.
    inputs = ("ics", config.base_url, lang, words.__fingerprint__())
    entry = memo.get(event, inputs)
    if entry is None:
        entry = memo.put(event, inputs, calendar_entry(event, _event_url(event, config, lang), config, words, lang))
    return entry


def calendar_entry(event: Event, url: str, config: SiteConfig, words: Words, lang: str) -> str:
    """An event as an all-day VEVENT: from the first day of its date to the day after its end's last day
    (DTEND is exclusive), so a month or a year covers the whole month or year; an ongoing event covers
    its start. Its UID is its slug at the site's host, the same in every build."""
    start, end = event.date, event.end_date
    last = end if isinstance(end, PartialDate) else start
    when = words.span(start, end, event.approximate) + (f" {words.text('date.ongoing')}" if event.ongoing else "")
    language = f";LANGUAGE={event.words_lang or lang}"
    lines = [
        _line("BEGIN:VEVENT"),
        _line(f"UID:{event.slug}@{urlsplit(config.base_url).hostname}"),
        # When this version of the entry was made: its newest update note, else its date; never the build's time.
        _line(f"DTSTAMP:{_day(max(d.first_day() for d in (start, *(u.date for u in event.updates))))}T000000Z"),
        _line(f"DTSTART;VALUE=DATE:{_day(start.first_day())}"),
        _line(f"DTEND;VALUE=DATE:{_day(_after(last.last_day()))}"),
        _text_line("SUMMARY" + language, event.title),
        _text_line("DESCRIPTION" + language, f"{when}\n{event.summary}\n\n{url}" if event.summary else f"{when}\n\n{url}"),
        _line(f"URL;VALUE=URI:{url}"),
        _line("TRANSP:TRANSPARENT"),   # a day in history, not a busy day in the reader's own calendar
        _line("END:VEVENT"),
    ]
    return "".join(lines)


def _day(day: tuple[int, int, int]) -> str:
    return "%04d%02d%02d" % day


def _after(day: tuple[int, int, int]) -> tuple[int, int, int]:
    following = date(*day) + timedelta(days=1)
    return following.year, following.month, following.day


def _text_line(name: str, text: str) -> str:
    """A property whose value is TEXT: backslashes, semicolons, commas and line breaks escaped."""
    escaped = (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
               .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))
    return _line(f"{name}:{escaped}")


def _line(text: str) -> str:
    """A content line, folded after every 75 octets (a CRLF and a space), never inside a character."""
    data = text.encode("utf-8")
    if len(data) <= FOLD_AT:
        return text + "\r\n"
    parts, start, limit = [], 0, FOLD_AT
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:   # a UTF-8 continuation byte: cut before its character instead
            end -= 1
        parts.append(data[start:end])
        start, limit = end, FOLD_AT - 1   # the continuation's leading space counts
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"


# The schema -------------------------------------------------------------------------------------

def timeline_schema(config: SiteConfig) -> bytes:
    """A JSON Schema (draft 2020-12) for timeline.json, its descriptions taken from the front-matter schema."""
    doc = {field.name: field.doc for field in EVENT_FIELDS}
    partial = {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"}
    source = {"type": "object", "additionalProperties": False, "required": ["title", "publisher", "url"],
              "properties": {field.name: {"description": field.doc, **({"$ref": "#/$defs/date"} if field.kind == "date"
                                                                         else {"type": "string"})}
                             for field in SOURCE_FIELDS if field.name in SOURCE_KEYS}}
    event = {
        "type": "object", "additionalProperties": False,
        "required": ["slug", "url", "title", "date", "precision", "approximate", "end_date", "milestone", "actors",
                     "tags", "summary", "sources", "related"],
        "properties": {
            "language": {"description": "The language of the entry's words (sites of several languages only): the "
                                        "edition's, or the original's where it is not translated yet.", "type": "string"},
            "slug": {"description": "The event's name in its URL.", "type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
            "url": {"description": "The event's page.", "type": "string", "format": "uri"},
            "title": {"description": doc["title"], "type": "string", "minLength": 1},
            "date": {"description": doc["date"], "$ref": "#/$defs/date"},
            "precision": {"description": "How precise date is.", "enum": ["day", "month", "year"]},
            "approximate": {"description": doc["approximate"], "type": "boolean"},
            "end_date": {"description": doc["end_date"], "anyOf": [{"$ref": "#/$defs/date"}, {"const": "ongoing"},
                                                                   {"type": "null"}]},
            "milestone": {"description": doc["milestone"], "type": "boolean"},
            "actors": {"description": doc["actors"], "type": "array", "minItems": 1, "items": {"type": "string"}},
            "tags": {"description": doc["tags"], "type": "array", "items": {"type": "string"}},
            "summary": {"description": doc["summary"], "type": "string"},
            "sources": {"description": doc["sources"], "type": "array", "items": {"$ref": "#/$defs/source"}},
            "related": {"description": doc["related"] + " Only links to published events.", "type": "array",
                        "items": {"type": "object", "additionalProperties": False, "required": ["event", "relation"],
                                  "properties": {"event": {"type": "string"}, "relation": {"enum": list(RELATIONS)}}}},
        },
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": urls.absolute(config.base_url, urls.DATA_SCHEMA),
        "title": f"timeline.json of {config.title}",
        "description": "Every published event in timeline order, as the site's timeline.json holds it.",
        "type": "object", "additionalProperties": False, "required": ["events"],
        "properties": {
            "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
            "license": {"description": "The licence of the text and data.", "type": "object", "additionalProperties": False,
                        "required": ["name"], "properties": {"name": {"type": "string"},
                                                             "url": {"type": "string", "format": "uri"}}},
        },
        "$defs": {"date": {"description": "YYYY-MM-DD, YYYY-MM or YYYY, at the date's precision.", **partial},
                  "source": source, "event": event},
    }
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
