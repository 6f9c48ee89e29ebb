"""The `sources` command: check every source address, record what it answered, archive what is missing.

It reads the content as the build does, checks the addresses (checkqueue.py),
compares each page's text with the last check (pagetext.py), writes
content/sources.yaml (linkrecords.py) and reports each dead, moved, drifted or
unreachable source with its event file and line. With --archive it finds or
requests Wayback captures (wayback.py) and writes them into the event files
(frontedit.py). The records are written also when the deadline passes or Ctrl-C
stops the run: what was checked is kept.
"""
from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

from .checkqueue import Checked, Politeness, check_all
from .connectto import ConnectTo, rules
from .content import MAX_FILE_BYTES, Event
from .errors import Problem, display_path, sort_problems
from .files import FileRefused, read_file
from .frontedit import EditRefused, add_source_keys
from .hints import did_you_mean
from .linkrecords import LinkRecord, checked_stamp, records_path, write_atomically, write_records
from .loader import allowed_folders, load_content
from .pagetext import decode_page, drifted, fingerprint, main_text
from .schema import without_forbidden_characters
from .wayback import ArchiveFailed, Capture, Wayback

REPORTED = ("dead", "moved", "drifted", "unreachable")


@dataclass(frozen=True)
class Citation:
    """One source of one event, where it is written."""

    path: str
    line: int
    slug: str
    index: int
    url: str
    archive_url: str | None
    date: str | None


@dataclass(frozen=True)
class SourcesOptions:
    content_dir: Path = Path("content")
    project: Path | None = None
    events: tuple[str, ...] = ()
    older_than: timedelta | None = None
    archive: bool = False
    dry_run: bool = False
    politeness: Politeness = Politeness()
    wayback: Wayback = field(default_factory=Wayback)
    connect_to: ConnectTo = field(default_factory=dict)


def wayback_from_environment(base: str | None, delay: float, connect_to: ConnectTo | None = None) -> Wayback:
    """The archive client: its address from --wayback or TIMELINE_WAYBACK_URL, credentials from the environment."""
    return Wayback(base=base or os.environ.get("TIMELINE_WAYBACK_URL") or None,
                   access_key=os.environ.get("TIMELINE_WAYBACK_ACCESS_KEY") or None,
                   secret_key=os.environ.get("TIMELINE_WAYBACK_SECRET_KEY") or None,
                   poll_every=max(0.01, 5 * delay), connect_to=dict(connect_to or {}))


def age(text: str) -> timedelta:
    """--older-than's value (argparse type)."""
    try:
        return parse_age(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def seconds(text: str) -> float:
    """--timeout's, --deadline's and --delay's value (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86400:  # NaN fails this too
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of seconds (0 to 86400)')
    return value


def count(text: str) -> int:
    """--per-host's and --retries' value (argparse type)."""
    if not (text.isascii() and text.isdigit()) or int(text) > 1000:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number from 0 to 1000')
    return int(text)


def options_from(args: argparse.Namespace) -> SourcesOptions:
    """The command line's options (build.py sources)."""
    politeness = Politeness(timeout=max(args.timeout, 0.1), per_host=max(args.per_host, 1), delay=args.delay,
                            retries=args.retries, deadline=args.deadline)
    connect_to = rules(args.connect_to)
    return SourcesOptions(args.content, None, tuple(args.event), args.older_than, args.archive, args.dry_run,
                          politeness, wayback_from_environment(args.wayback, args.delay, connect_to), connect_to)


def parse_age(text: str) -> timedelta:
    """'30d', '12h', '90m', '2w' -> a timedelta; ValueError otherwise."""
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    number, unit = text[:-1], text[-1:]
    if unit not in units or not number.isdigit():
        raise ValueError(f'"{text}" is not an age (use a number and m, h, d or w: 30d)')
    return timedelta(**{units[unit]: int(number)})


def citations_of(events: list[Event]) -> list[Citation]:
    return [Citation(event.path, line, event.slug, index, source.url, source.archive_url,
                     source.date.iso() if source.date else None)
            for event in events for index, (source, line) in enumerate(zip(event.sources, event.source_lines))]


def due(url: str, records: dict[str, LinkRecord], older_than: timedelta | None, now: datetime) -> bool:
    """Whether url needs a check: never checked, or (with --older-than) last checked before that age."""
    record = records.get(url)
    return record is None or older_than is None or record.checked_at() <= now - older_than


def new_record(checked: Checked, previous: LinkRecord | None, now: datetime) -> LinkRecord:
    """What to record of a check, drift judged against the previous record's fingerprint."""
    fetched, verdict = checked.fetched, checked.verdict
    status, note = verdict.status, verdict.note
    print_ = None
    if status in ("ok", "moved") and fetched.body and _is_text(fetched.content_type):
        print_ = fingerprint(main_text(decode_page(fetched.body, fetched.content_type)))
        bits = drifted(previous.fingerprint if previous else None, print_)
        if bits is not None:
            status, note = "drifted", (f"the text changed ({bits} of 64 bits differ from "
                                       f"{previous.checked_day.iso()}'s check)" + (f"; {note}" if note else ""))
    elif previous is not None:
        print_ = previous.fingerprint  # kept, so the text is compared with the last one read
    if status == "unreachable" and checked.attempts > 1:
        note = f"{note}, {checked.attempts} tries"
    final = fetched.final_url if fetched.final_url and fetched.final_url != fetched.url else None
    return LinkRecord(status, checked_stamp(now), fetched.code, _clean(final), print_, _clean(note))


def _clean(text: str | None) -> str | None:
    """Text a server sent (a Location, an error) made fit for the records file, which refuses control
    characters and empty values: a record must never make the file every build reads unreadable."""
    if text is None:
        return None
    cleaned = " ".join(without_forbidden_characters(text).split())[:500]
    return cleaned or None


def _is_text(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind in ("", "text/html", "application/xhtml+xml", "text/plain")


def report_lines(citations: list[Citation], records: dict[str, LinkRecord], checked: set[str]) -> list[str]:
    """One line per citation of a checked address that is not ok: file:line: status: address (why)."""
    lines = []
    for citation in citations:
        for label, url in (("", citation.url), ("archive_url ", citation.archive_url)):
            record = records.get(url) if url in checked else None
            if record is None or record.status not in REPORTED:
                continue
            detail = record.note or (f"HTTP {record.code}" if record.code else "")
            if record.status == "moved" and record.final_url:
                detail = f"now {record.final_url}; cite that instead"
            lines.append((citation.path, citation.line,
                          f"{citation.path}:{citation.line}: {record.status}: {label}{url}" + (f" ({detail})" if detail else "")))
    return [text for _, _, text in sorted(lines)]


def run_sources(options: SourcesOptions, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Check, record, report and (with --archive) archive; the exit code."""
    started = time.monotonic()
    ends = started + options.politeness.deadline
    tree = load_content(options.content_dir, project=options.project)
    shown_records = display_path(records_path(options.content_dir))
    broken = [p for p in tree.problems if p.path == shown_records and not p.warning]
    if broken:
        for problem in sort_problems(broken):
            print(problem.format(), file=err)
        print(f"error: {shown_records} cannot be read, so it is not written over; fix it or delete it", file=err)
        return 1
    unreadable = {p.path for p in tree.problems if not p.warning and p.path != shown_records}
    if unreadable:
        print(f"note: {len(unreadable)} file(s) with errors are left out (run build.py check)", file=err)
    unknown = [slug for slug in options.events if slug not in {event.slug for event in tree.events}]
    if unknown:
        hint = did_you_mean(unknown[0], [event.slug for event in tree.events])
        print(f'error: --event: no event with slug "{unknown[0]}"' + (f" ({hint})" if hint else ""), file=err)
        return 2
    events = [e for e in tree.events if not options.events or e.slug in options.events]
    citations = citations_of(events)
    records = dict(tree.link_records)
    now = datetime.now(timezone.utc)
    addresses = list(dict.fromkeys(url for c in citations for url in (c.url, c.archive_url) if url))
    todo = [url for url in addresses if due(url, records, options.older_than, now)]
    print(f"Checking {len(todo)} of {len(addresses)} addresses...", file=err)
    done: set[str] = set()

    def record(checked: Checked) -> None:
        records[checked.url] = new_record(checked, records.get(checked.url), datetime.now(timezone.utc))
        done.add(checked.url)

    interrupted = False
    left: list[str] = []
    try:
        left = check_all(todo, replace(options.politeness, deadline=max(0.0, ends - time.monotonic())), record,
                         options.connect_to)
    except KeyboardInterrupt:
        interrupted = True
        left = [url for url in todo if url not in done]
    if not unreadable and not options.events:  # every cited address is known: drop records of the others
        cited = set(addresses)
        records = {url: value for url, value in records.items() if url in cited}
    if options.dry_run:
        print(f"(dry run: {shown_records} not written)", file=err)
    elif done or records != tree.link_records:
        write_records(options.content_dir, records)
    for line in report_lines(citations, records, done):
        print(line, file=out)
    counts = {status: sum(records[url].status == status for url in done) for status in ("ok", *REPORTED)}
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    tail = f"; {len(left)} not checked ({'interrupted' if interrupted else 'deadline passed'})" if left else ""
    print(f"Checked {len(done)} addresses: {summary}{tail}. Records: {shown_records}", file=out)
    if interrupted:
        return 130
    if not options.archive:
        return 0
    return archive(citations, records, options, ends, out, err)


def archive(citations: list[Citation], records: dict[str, LinkRecord], options: SourcesOptions, ends: float,
            out: TextIO, err: TextIO) -> int:
    """Find or request a capture of every source without an archive_url and write it into its file."""
    wanted = [c for c in citations if c.archive_url is None]
    by_url: dict[str, list[Citation]] = {}
    for citation in wanted:
        by_url.setdefault(citation.url, []).append(citation)
    captures: dict[str, Capture] = {}
    failed = 0
    try:
        for url, cited in by_url.items():
            first = cited[0]
            try:
                capture = options.wayback.closest(url, first.date, ends)
                dead = records.get(url) is not None and records[url].status == "dead"
                if capture is None and dead:
                    raise ArchiveFailed("the page is dead and the archive has no copy of it")
                captures[url] = capture or options.wayback.save(url, ends)
            except ArchiveFailed as failure:
                failed += 1
                for citation in cited:
                    print(f"{citation.path}:{citation.line}: not archived: {url} ({failure})", file=out)
                if failure.stop_all:
                    break
            time.sleep(min(options.politeness.delay, max(0.0, ends - time.monotonic())))
    except KeyboardInterrupt:
        print("interrupted: writing the captures found so far", file=err)
    refused = write_captures([c for c in wanted if c.url in captures], captures, options, out, err)
    print(f"Archived {len(captures)} addresses{' (dry run: no file changed)' if options.dry_run else ''}; "
          f"{failed} not archived.", file=out)
    return 1 if refused else 0


def write_captures(citations: list[Citation], captures: dict[str, Capture], options: SourcesOptions,
                   out: TextIO, err: TextIO) -> int:
    """Edit each event file once, with all its new archive_urls; return how many files were refused."""
    by_file: dict[str, list[Citation]] = {}
    for citation in citations:
        by_file.setdefault(citation.path, []).append(citation)
    inside = allowed_folders(options.content_dir, options.project)
    refused = 0
    for path, items in sorted(by_file.items()):
        try:
            if os.path.islink(path):
                raise EditRefused("it is a symbolic link; edit the file it points to")
            before = os.stat(path)
            original = read_file(path, MAX_FILE_BYTES, inside).decode("utf-8")
            text = original
            for citation in sorted(items, key=lambda c: c.index):
                capture = captures[citation.url]
                text = add_source_keys(text, path, citation.index, citation.url,
                                       {"archive_url": capture.url, "archive_date": capture.day})
            if options.dry_run:
                out.writelines(difflib.unified_diff(original.splitlines(True), text.splitlines(True), path, path))
                continue
            after = os.stat(path)
            if (after.st_mtime_ns, after.st_size, after.st_ino) != (before.st_mtime_ns, before.st_size, before.st_ino):
                raise EditRefused("it changed while the archive was asked; run again")
            write_atomically(Path(path), text.encode("utf-8"))
            for citation in items:
                print(f"{citation.path}:{citation.line}: archived: {citation.url} -> {captures[citation.url].url}",
                      file=out)
        except (EditRefused, FileRefused, OSError, UnicodeDecodeError) as reason:
            refused += 1
            print(Problem(path, items[0].line, f"not edited: {reason}").format(), file=err)
    return refused
