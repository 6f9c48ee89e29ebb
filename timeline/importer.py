"""The `import` command: a saved news article -> a draft event for a curator to finish.

compose_draft is pure: it decides what the draft says and where it belongs.
import_article does the command's I/O around it: it reads actors.yaml and
tags.yaml, and writes the draft only where no file is.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from .content import Actor, Tag, decode, parse_event
from .datelines import checked_date
from .dates import PartialDate
from .decoding import decode_marked, looks_like_html, xml_safe_text
from .errors import Problem, display_path
from .extract import Article, extract_html, extract_text
from .files import FileRefused, read_stream
from .loader import load_registries, read_bytes
from .markup import shorten
from .mentions import ActorMatcher, find_quotations, suggest_tags
from .newevent import draft_file, new_event_path, write_new_event, write_refusal, yaml_date, yaml_string
from .reimport import earlier_drafts, read_record, record_line, sign
from .scaffold import PLACEHOLDER, SUMMARY_PROMPT

INCOMPLETE_FOLDER = "_incomplete"  # starts with "_": the build skips it
INPUT_LIMIT = 10_000_000  # a saved page with its pictures inline; an article's text is far less
MAX_ACTORS = 6
MAX_TAGS = 3


@dataclass(frozen=True)
class ImportOptions:
    url: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    year: int | None = None


@dataclass(frozen=True)
class Draft:
    """The file to write: where, what, and what the curator should know."""

    path: Path
    text: str
    problems: tuple[Problem, ...]
    title_part: str = ""              # the file name after the date, as every import of this headline names it
    replaces: tuple[Path, ...] = ()   # earlier drafts of the same article, unedited: removed once this is written


# ---- reading the input -------------------------------------------------------------

def read_article(data: bytes, name: str, url: str | None = None) -> tuple[Article | None, list[Problem]]:
    """Bytes of an .html page or a text copy -> the article, or why it cannot be read."""
    if name.lower().endswith((".html", ".htm", ".xhtml")) or looks_like_html(data):
        return extract_html(data, url), []
    text = decode_marked(data)  # UTF-16 or UTF-32 as Notepad saves it, or UTF-8 with a mark
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None, decode(data, name)[1]  # where the first undecodable byte is, as for every file
    # A copied text may carry stray control characters; they become spaces rather than cost the article.
    return extract_text(xml_safe_text(text.replace("\r\n", "\n").replace("\r", "\n"))), []


# ---- the draft -----------------------------------------------------------------------

@dataclass(frozen=True)
class DateChoice:
    """The event's date, where it came from, and whether it is the article's publication date."""

    date: PartialDate | None
    origin: str
    published: bool
    placeholder: str = ""


def choose_date(article: Article, options: ImportOptions) -> DateChoice:
    """Options first, then the page's date, then the dateline; never a guessed year."""
    if options.date:
        return DateChoice(options.date, "the date given", False)
    dateline = article.dateline
    if article.published and options.year in (None, article.published.year):
        return DateChoice(article.published, article.published_from or "the article", True)
    if dateline and dateline.month and (dateline.year or options.year):
        date = checked_date(dateline.year or options.year, dateline.month, dateline.day)
        if date:
            origin = f'the dateline "{dateline.described()}"' + ("" if dateline.year else " and the year given")
            return DateChoice(date, origin, True)
    if options.year:
        return DateChoice(PartialDate(options.year), "the year given; the article gives no day or month", False)
    month = f"{dateline.month:02d}" if dateline and dateline.month else "MM"
    day = f"{dateline.day:02d}" if dateline and dateline.day and dateline.month else "DD"
    return DateChoice(None, "", False, f"YYYY-{month}-{day}")


def draft_text(title: str, date: PartialDate | None, placeholder: str, actors: list[str], tags: list[str],
               source: dict[str, str], notes: list[str], comment: str) -> str:
    """Front matter for the draft, the usual prompt, and the article in a comment the build drops."""
    lines = [f"title: {yaml_string(title)}"]
    if date:
        lines.append(f"date: {yaml_date(date)}")
    else:
        lines.append(f'date: "{placeholder}"    # no year found: write the date, then move this file to events/<year>/')
    lines.append(f"actors: [{', '.join(actors)}]" + ("" if actors else "    # none found: name at least one"))
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    lines.append(f"# summary: {SUMMARY_PROMPT}    # write it here and remove the #")
    complete_source = all(source.get(key) for key in ("title", "publisher", "url"))
    prefix = "" if complete_source else "# "
    if not complete_source:
        missing = [key for key in ("publisher", "url") if not source.get(key)]
        lines.append(f"# No {' or '.join(missing)} was found: add it, then remove the # from these lines.")
    lines.append(f"{prefix}sources:")
    entries = [(key, source.get(key) or PLACEHOLDER) for key in ("title", "publisher", "url", "date", "language")
               if key in ("title", "publisher", "url") or source.get(key)]
    for position, (key, value) in enumerate(entries):
        shown = value if key == "date" else yaml_string(value)
        lines.append(f"{prefix}{'  - ' if position == 0 else '    '}{key}: {shown}")
    lines.append("draft: true")
    return draft_file(lines, {"title", "date", "actors", "tags", "summary", "sources", "draft"},
                      comment_block(notes, comment))


def comment_block(notes: list[str], text: str) -> str:
    """An HTML comment: Markdown passes it through and the sanitizer drops it, so it is never published.

    A comment ends at the first '--' followed by '>', so runs of hyphens become a dash.
    """
    body = "\n".join(notes) + "\n\n" + text
    body = re.sub(r"-{2,}", "—", body)
    return "<!-- Imported article, for the curator only: the build never publishes this comment.\n\n" + body.strip() + "\n-->"


def reference_block(file: str, url: str | None = None) -> tuple[str | None, list[Problem]]:
    """A saved article as a comment for a translator (`import FILE --translate SLUG --lang CODE`): the same
    story in the translation's language, to read beside the original, never copied; None if it cannot be read."""
    data, problems = read_input(file)
    if data is None:
        return None, problems
    article, problems = read_article(data, input_name(file), url)
    if article is None:
        return None, problems
    url = url or article.url
    notes = [record_line(article.text, url), "",
             "The same story in the language of this translation, to read beside the original: write the",
             "translation in our own words (a short quotation marked and attributed at most). If it is a source,",
             "add it to the original's sources, with its language.",
             f"Headline: {article.title or 'not found'}", f"Publisher: {article.publisher or 'not found'}",
             f"Address: {url or 'not given (--url)'}", "", "Article text:"]
    return comment_block(notes, article.text), problems


def compose_draft(article: Article, options: ImportOptions, actors: dict[str, Actor], tags: dict[str, Tag],
               content_dir: Path, input_name: str) -> Draft:
    """Decide the draft's front matter, body and file; say what the curator must still do."""
    problems: list[Problem] = []

    def warn(message: str, hint: str | None = None) -> None:
        problems.append(Problem(input_name, None, message, hint, warning=True))

    title = article.title
    if not title:
        title = shorten(article.paragraphs[0], 80) if article.paragraphs else "Imported article"
        warn("no headline found", "the title is the start of the first paragraph; rewrite it")
    choice = choose_date(article, options)
    date = choice.date
    if date is None:
        warn("no year found in the article; the date is left for you to fill in",
             "pass --year YYYY or --date YYYY-MM-DD, or write the date in the draft")
    matcher = ActorMatcher(actors)
    searchable = "\n\n".join([title, *article_without_dateline(article)])
    ranked = matcher.ranked(searchable)
    if not ranked:
        warn("no actor from actors.yaml is named in the article", "add at least one to actors:")
    scored_tags = suggest_tags(searchable, tags)
    url = options.url or article.url
    if not url:
        warn("no URL for the source", "pass --url or add it to the draft")
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    publisher = options.publisher or article.publisher or host or None
    source = {"title": title, "publisher": publisher or "", "url": url or "",
              "date": date.iso() if date and choice.published else "", "language": article.language or ""}
    notes = [record_line(article.text, url), "",
             f"Date: {date.iso()}, from {choice.origin}" if date else "Date: not found",
             f"Publisher: {publisher or 'not found'}",
             "Actors named (mentions): " + (", ".join(f"{a} {n}" for a, n in ranked) or "none"),
             "Tags suggested (score): " + (", ".join(f"{t} {n:g}" for t, n in scored_tags) or "none"),
             "", "Quotations:"]
    quotations = find_quotations(list(article.paragraphs), matcher)
    notes += [f"- {q.speaker or 'speaker not named'}: “{q.text}”" for q in quotations] or ["- none"]
    notes += ["", "Article text:"]
    text = sign(draft_text(title, date, choice.placeholder, [a for a, _ in ranked[:MAX_ACTORS]],
                           [t for t, _ in scored_tags[:MAX_TAGS]], source, notes, article.text))

    # The real parser decides: a draft it accepts goes into the tree, any other waits where the build skips it.
    dated = new_event_path(content_dir, title, date or PartialDate(1))
    title_part = dated.name.removeprefix((date or PartialDate(1)).iso() + "-")
    if date is not None:
        found = [p for p in parse_event(text, display_path(dated))[1] if not p.warning]
        if not found:
            return Draft(dated, text, tuple(problems), title_part)
        reasons = "; ".join(problem.message for problem in found)
    else:
        reasons = "no date"
    path = content_dir / "events" / INCOMPLETE_FOLDER / (dated.name if date else choice.placeholder + dated.name[4:])
    warn(f"the draft is not complete ({reasons}), so it goes to {display_path(path.parent)}/, which the build skips",
         "finish it, then move it to events/<year>/ named <date>-<title>.md")
    return Draft(path, text, tuple(problems), title_part)


def article_without_dateline(article: Article) -> list[str]:
    """The paragraphs to search for actors: the dateline's city is where the story was filed, not who acted."""
    dateline = article.dateline.text if article.dateline else None
    return [p[len(dateline):] if dateline and p.startswith(dateline) else p for p in article.paragraphs]


def input_name(file: str) -> str:
    """How problems name the input: its path, or <stdin> for "-"."""
    return "<stdin>" if file == "-" else display_path(file)


def read_input(file: str) -> tuple[bytes | None, list[Problem]]:
    """The saved article's bytes: a regular file (read like every input file), or standard input for "-";
    at most INPUT_LIMIT either way, so /dev/zero or an endless pipe is refused, not read for ever."""
    if file != "-":
        return read_bytes(file, INPUT_LIMIT)
    try:
        return read_stream(sys.stdin.buffer, INPUT_LIMIT), []
    except FileRefused as refused:
        return None, [Problem(input_name(file), None, refused.message, refused.hint)]
    except OSError as error:
        return None, [Problem(input_name(file), None, f"cannot read: {error.strerror}")]


def import_article(file: str, options: ImportOptions, content_dir: Path,
                   write: bool = True) -> tuple[Draft | None, list[Problem]]:
    """Read a saved article and compose its draft; write the draft unless write is False.

    An error among the problems means nothing was written (or, with write False, would be);
    warnings say what the curator must still do.
    """
    data, problems = read_input(file)
    if data is None:
        return None, problems
    name = input_name(file)
    registries = load_registries(content_dir)
    problems = list(registries.problems)
    article, found = read_article(data, name, options.url)
    problems += found
    if problems or article is None:
        return None, problems
    draft = compose_draft(article, options, registries.actors, registries.tags, content_dir, name)
    problems = list(draft.problems)
    # A dry run answers as the real run would: the same refusal, the same earlier drafts.
    refusal = write_refusal(draft.path) if not write else None
    if refusal:
        return draft, problems + [refusal]
    record = read_record(draft.text)[0]
    unedited, edited = earlier_drafts(content_dir, draft.path, draft.title_part, record, INCOMPLETE_FOLDER)
    refusal = write_new_event(draft.path, draft.text) if write else None
    if refusal:
        return draft, problems + [refusal]
    for path in edited:
        problems.append(Problem(display_path(path), None, "an earlier draft of this article, edited since it was "
                                f"imported, is left as it is beside {display_path(draft.path)}",
                                "keep one of the two", warning=True))
    removed = []
    for path in unedited:
        try:
            if write:
                path.unlink()
                if path.parent.name == INCOMPLETE_FOLDER and not any(path.parent.iterdir()):
                    path.parent.rmdir()  # the import made it; empty, it would only puzzle
            removed.append(path)
        except OSError as error:
            problems.append(Problem(display_path(path), None, f"an earlier draft of this article; cannot remove it: "
                                    f"{error.strerror}", "remove it yourself", warning=True))
    return replace(draft, replaces=tuple(removed)), problems
