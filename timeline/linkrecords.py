"""content/sources.yaml: what each source address answered when `build.py sources` last checked it.

The file is written by that command and read by every build, offline, so that a
source recorded dead links to its archived copy. It is plain YAML under version
control: one entry per address, sorted, each field on its own line, so a re-check
shows in `git diff` as the lines that changed. Reading it is pure (parse_records);
load_records only reads the bytes, through files.read_file like every input.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

from . import schema
from .fieldread import read_mapping
from .links import is_web_url
from . import yamlread as yr
from .dates import PartialDate, parse_date
from .errors import Problem, display_path
from .files import FileRefused, read_file

RECORDS_FILE = "sources.yaml"
RECORDS_LIMIT = 50_000_000      # about 200,000 addresses; a content file's 2 MB would hold 8,000
RECORDS_VALUES = 2_000_000      # the YAML values that many entries hold
CHECKED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
HEADER = """\
# What each source address answered when `build.py sources` last checked it.
# Written by that command, read by every build (offline): a source recorded dead
# links to its archived copy. Keep it under version control; edit it only to delete
# entries (a deleted entry is checked afresh next time).
"""


@dataclass(frozen=True)
class LinkRecord:
    """The last check of one address."""

    status: str                     # one of schema.LINK_STATUSES
    checked: str                    # UTC, YYYY-MM-DDTHH:MM:SSZ
    code: int | None = None         # HTTP status of the last answer; None when none came
    final_url: str | None = None    # where redirects led, when elsewhere
    fingerprint: str | None = None  # pagetext.fingerprint of the page's main text
    note: str | None = None         # what went wrong, in words

    def checked_at(self) -> datetime:
        return datetime.strptime(self.checked, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)

    @property
    def checked_day(self) -> PartialDate:
        return parse_date(self.checked[:10])


def is_checked_stamp(text: str) -> bool:
    if not CHECKED.fullmatch(text):
        return False
    try:
        datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:  # 2026-02-30
        return False
    return True


def checked_stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_records(text: str, path: str) -> tuple[dict[str, LinkRecord], list[Problem]]:
    """The records file's text -> address -> LinkRecord, or located problems."""
    node, problems = yr.load_mapping(text, path, max_nodes=RECORDS_VALUES)
    if node is None:
        return {}, problems
    records: dict[str, LinkRecord] = {}
    for key_node, value_node in node.value:
        line = yr.line_of(key_node, 0)
        url = key_node.value if yr.is_scalar(key_node, yr.STR) else None
        if not isinstance(url, str) or not is_web_url(url):
            problems.append(Problem(path, line, f"{url or 'a key'}: expected a source address (http or https)"))
            continue
        if not isinstance(value_node, yr.yaml.MappingNode):
            problems.append(Problem(path, line, f"{url}: expected status, checked, ... found {yr.kind_name(value_node)}"))
            continue
        values, lines, found = read_mapping(value_node, schema.LINK_RECORD_FIELDS, path, 0, f"{url}: ")
        if "checked" in values and not is_checked_stamp(values["checked"]):
            found.append(Problem(path, lines["checked"], f'{url}: checked: "{values["checked"]}" is not a UTC time',
                                 "write it as YYYY-MM-DDTHH:MM:SSZ"))
        if "fingerprint" in values and not re.fullmatch(r"[0-9a-f]{16}", values["fingerprint"]):
            found.append(Problem(path, lines["fingerprint"], f"{url}: fingerprint: is not 16 hexadecimal digits",
                                 "delete the line; the next check writes it again"))
        problems += found
        if not found:
            records[url] = LinkRecord(**values)
    return records, problems


def records_text(records: dict[str, LinkRecord]) -> str:
    """The records file for these records: sorted by address, every value on its own line, quoted where
    YAML would read it as something other than text (a timestamp, a number of hex digits)."""
    out = [HEADER]
    for url in sorted(records):
        record = records[url]
        out.append(f"{_quoted(url)}:\n")
        for field in fields(LinkRecord):
            value = getattr(record, field.name)
            if value is None:
                continue
            shown = str(value) if isinstance(value, int) or field.name == "status" else _quoted(value)
            out.append(f"  {field.name}: {shown}\n")
    return "".join(out)


# Characters YAML may not hold raw (DEL, C1 controls), or reads as line breaks (NEL, U+2028, U+2029), and a BOM: escaped.
_NOT_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar; letters of every script stay readable.
    return _NOT_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(text, ensure_ascii=False))


def records_path(content_dir: Path) -> Path:
    return content_dir / RECORDS_FILE


def load_records(content_dir: Path, inside: tuple[Path, ...] = ()) -> tuple[bytes | None, list[Problem]]:
    """The records file's bytes (None when there is none), read like every content file."""
    path = records_path(content_dir)
    if not os.path.lexists(path):
        return None, []
    try:
        return read_file(path, RECORDS_LIMIT, inside), []
    except FileRefused as refused:
        return None, [Problem(display_path(path), refused.line, refused.message, refused.hint)]
    except OSError as error:
        return None, [Problem(display_path(path), None, f"cannot read: {error.strerror}")]


def decode_records(data: bytes, path: str) -> tuple[dict[str, LinkRecord], list[Problem]]:
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return {}, [Problem(path, line, "file is not UTF-8", "write it again with build.py sources")]
    bad = schema.FORBIDDEN_CHARACTERS.search(text)
    if bad:
        return {}, [Problem(path, text.count("\n", 0, bad.start()) + 1,
                            f"file contains the control character U+{ord(bad.group()):04X}")]
    return parse_records(text, path)


def read_records(content_dir: Path, inside: tuple[Path, ...] = ()) -> tuple[dict[str, LinkRecord], list[Problem]]:
    data, problems = load_records(content_dir, inside)
    if data is None:
        return {}, problems
    return decode_records(data, display_path(records_path(content_dir)))


def write_records(content_dir: Path, records: dict[str, LinkRecord]) -> Path:
    """Replace the records file in one step (a new file renamed over it): never half a file."""
    path = records_path(content_dir)
    write_atomically(path, records_text(records).encode("utf-8"))
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Put data at path through a temporary file in the same folder, keeping the old file's mode."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def source_problems(events, require_archive: bool) -> list[Problem]:
    """What `check` says about sources: a source recorded dead without an archived copy is a warning
    (an error when site.yaml has require_archive: true, which also makes every missing archive_url one).
    A dead source with a copy is not reported: the site shows the copy, and `sources` lists it."""
    problems: list[Problem] = []
    for event in events:
        if event.draft:
            continue
        for index, (source, line) in enumerate(zip(event.sources, event.source_lines)):
            if source.dead and not source.archived:
                why = source.record.note or (f"HTTP {source.record.code}" if source.record.code else "no answer")
                problems.append(Problem(event.path, line, f"sources[{index}]: {source.url} was dead when checked on "
                                        f"{source.record.checked_day.iso()} ({why}) and has no archived copy",
                                        "run build.py sources --archive, or cite another page", not require_archive))
            elif require_archive and source.archive_url is None:
                problems.append(Problem(event.path, line, f"sources[{index}]: {source.url} has no archive_url "
                                        "(site.yaml requires one)", "run build.py sources --archive"))
    return problems
