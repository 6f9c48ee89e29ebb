#!/usr/bin/env python3
"""Command line for the timeline generator: build | check | new | import | serve."""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from timeline import pipeline
from timeline import sources as sources_cli
from timeline.dates import DATE_FORMS, parse_date
from timeline.errors import BuildFailed, Problem, display_path, sort_problems, summarize
from timeline.importer import ImportOptions, import_article
from timeline.newevent import create_draft, today
from timeline.output import OutputRefused, folder_label
from timeline.config import base_url_problem
from timeline.hints import did_you_mean
from timeline.schema import is_web_url

COMMANDS = ("build", "check", "new", "serve", "import", "sources")


def utf8_text(text: str, hint: str = "type it in UTF-8 (is the terminal set to another encoding?)") -> str:
    """An argument as given, unless it holds bytes that are not UTF-8 (a Latin-1 terminal, a script's raw bytes).

    Python keeps such bytes as lone surrogates, which no file name, YAML or web address can take, so they
    are a usage error naming the argument, before anything is read or written.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "surrogateescape")
        raise argparse.ArgumentTypeError(f"{shown!r} is not UTF-8; {hint}") from None
    return text


def utf8_name(text: str) -> str:
    return utf8_text(text, "give the file or folder a UTF-8 name")


def utf8_path(text: str) -> Path:
    return Path(utf8_name(text))


def base_url(text: str) -> str:
    text = utf8_text(text)
    wrong = base_url_problem(text)
    if wrong:
        raise argparse.ArgumentTypeError(f'"{text}" {wrong}; give an address such as https://example.org/timeline/')
    return text


def web_url(text: str) -> str:
    if not is_web_url(utf8_text(text)):
        raise argparse.ArgumentTypeError(f'"{text}" is not an absolute http(s) URL such as https://example.org/article')
    return text


def year(text: str) -> int:
    text = utf8_text(text)
    if not (text.isdigit() and len(text) == 4 and int(text) > 0):
        raise argparse.ArgumentTypeError(f'"{text}" is not a year (use YYYY)')
    return int(text)


def port_number(text: str) -> int:
    try:
        port = int(utf8_text(text))
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f'"{text}" is not a port (0 to 65535; 0 picks a free one)')
    return port


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a sourced news timeline into a static site.")
    commands = parser.add_subparsers(dest="command", metavar="{build,check,new,import,serve,sources}")

    def content_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--content", type=utf8_path, default=Path("content"), metavar="DIR", help="content folder (default: content/)")
        sub.add_argument("--config", type=utf8_path, default=None, metavar="FILE", help="site settings (default: site.yaml)")
        sub.add_argument("--drafts", action="store_true", help="include events marked draft: true")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sub.add_argument("--no-cache", action="store_true", help="parse and render everything afresh; do not read or write .cache/")

    build = commands.add_parser("build", help="build content/ into site/ (the default)")
    content_options(build)
    build.add_argument("--output", type=utf8_path, default=Path("site"), metavar="DIR", help="output folder (default: site/)")
    build.add_argument("--base-url", type=base_url, metavar="URL", help="where the site is served, e.g. https://example.org/timeline/")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (quicker local builds)")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    check = commands.add_parser("check", help="validate everything, write nothing")
    content_options(check)

    new = commands.add_parser("new", help="write a new draft event; never overwrites")
    new.add_argument("title", type=utf8_text)
    new.add_argument("--date", type=utf8_text, help=f"date of the event ({DATE_FORMS}; default: today)")
    new.add_argument("--actors", type=utf8_text, default="", help="comma-separated actor ids or aliases")
    new.add_argument("--tags", type=utf8_text, default="", help="comma-separated tags")
    new.add_argument("--content", type=utf8_path, default=Path("content"), metavar="DIR")

    imported = commands.add_parser("import", help="turn a saved news article into a draft event; never overwrites")
    imported.add_argument("file", type=utf8_name, metavar="FILE", help="an .html/.htm page or a plain-text copy; - reads standard input")
    imported.add_argument("--url", type=web_url, help="where the article was published (the source's url)")
    imported.add_argument("--publisher", type=utf8_text, metavar="NAME", help="who published it (default: from the page or the dateline)")
    when = imported.add_mutually_exclusive_group()
    when.add_argument("--date", type=utf8_text, help=f"date of the event ({DATE_FORMS}; default: from the article)")
    when.add_argument("--year", type=year, metavar="YYYY", help="year for a dateline that gives only month and day")
    imported.add_argument("--content", type=utf8_path, default=Path("content"), metavar="DIR")
    imported.add_argument("--dry-run", action="store_true", help="print the draft instead of writing it")

    serve = commands.add_parser("serve", help="preview: build, serve, rebuild on save and reload open pages")
    content_options(serve)
    serve.add_argument("--host", type=utf8_text, default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve.add_argument("--base-url", type=base_url, metavar="URL", help="serve under this URL's path instead of site.yaml's")
    serve.add_argument("--poll", action="store_true", help="poll for changes (network and container mounts)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    sources = commands.add_parser("sources", help="check every source address, record what it answered, archive what is missing")
    sources.add_argument("--content", type=utf8_path, default=Path("content"), metavar="DIR")
    sources.add_argument("--event", type=utf8_text, action="append", default=[], metavar="SLUG", help="only this event's sources (repeatable)")
    sources.add_argument("--older-than", type=sources_cli.age, metavar="AGE", help="only addresses last checked longer ago than this (30d, 12h)")
    sources.add_argument("--archive", action="store_true", help="find or request a Wayback capture of every source without archive_url")
    sources.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    sources.add_argument("--timeout", type=sources_cli.seconds, default=15.0, help="seconds for one request (default 15)")
    sources.add_argument("--deadline", type=sources_cli.seconds, default=600.0, help="seconds for the whole run (default 600)")
    sources.add_argument("--per-host", type=sources_cli.count, default=2, metavar="N", help="requests at once to one host (default 2)")
    sources.add_argument("--delay", type=sources_cli.seconds, default=0.5, help="seconds between requests to one host (default 0.5)")
    sources.add_argument("--retries", type=sources_cli.count, default=2, metavar="N", help="further tries after a timeout or 5xx (default 2)")
    sources.add_argument("--wayback", type=web_url, metavar="URL", help="the archive's address (default: archive.org; or TIMELINE_WAYBACK_URL)")
    return parser


def options_from(args: argparse.Namespace) -> pipeline.Options:
    options = pipeline.Options(
        content_dir=args.content, output_dir=getattr(args, "output", Path("site")),
        config_path=args.config or Path("site.yaml"), config_explicit=args.config is not None,
        base_url=getattr(args, "base_url", None), drafts=args.drafts, strict=args.strict,
        search=not getattr(args, "no_search", False))
    return options if getattr(args, "no_cache", False) else replace(options, cache_dir=pipeline.default_cache_dir(options))


def report(problems: list[Problem]) -> None:
    for problem in sort_problems(problems):
        print(problem.format(), file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    options = options_from(args)
    try:
        result = pipeline.build(options)
    except BuildFailed as failed:
        report(failed.problems)
        print(f"{summarize(failed.problems)}; {folder_label(options.output_dir)} was not changed", file=sys.stderr)
        return 1
    except OutputRefused as refused:
        print(f"error: {refused}; nothing was written", file=sys.stderr)
        return 1
    except OSError as error:  # a full disk, a folder without write permission: the old site stays
        where = f" ({error.filename})" if error.filename else ""
        print(f"error: cannot write the site: {error.strerror or error}{where}; "
              f"{folder_label(options.output_dir)} was not changed", file=sys.stderr)
        return 1
    report(result.problems)
    if not args.quiet:
        print(f"Built {result.events} events, {result.pages} pages in {result.seconds:.2f} s -> {display_path(options.output_dir)}/")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from timeline.serve import ServeOptions, serve
    return serve(options_from(args), ServeOptions(host=args.host, port=args.port, poll=args.poll, open_browser=args.open))


def run_check(args: argparse.Namespace) -> int:
    try:
        result = pipeline.check_site(options_from(args))
    except BuildFailed as failed:
        report(failed.problems)
        print(summarize(failed.problems), file=sys.stderr)
        return 1
    report(result.problems)
    print(f"Checked {result.events} events: {summarize(result.problems)}")
    return 0


def run_new(args: argparse.Namespace) -> int:
    try:
        date = parse_date(args.date) if args.date else today()
    except ValueError as error:
        print(f"error: --date: {error} ({DATE_FORMS})", file=sys.stderr)
        return 2
    names = [name.strip() for name in args.actors.split(",") if name.strip()]
    if not args.title.strip() or not names:
        # Drafts are checked by every build, so a draft without them would break it.
        print('error: give a title and at least one actor: new "Title" --actors nato,russia', file=sys.stderr)
        return 2
    path, problems = create_draft(args.content, args.title, date, names, args.tags.split(","))
    report(problems)
    if path is None:
        return 1
    print(display_path(path))
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        date = parse_date(args.date) if args.date else None
    except ValueError as error:
        print(f"error: --date: {error} ({DATE_FORMS})", file=sys.stderr)
        return 2
    options = ImportOptions(url=args.url, publisher=args.publisher, date=date, year=args.year)
    draft, problems = import_article(args.file, options, args.content, write=not args.dry_run)
    report(problems)
    if draft is None or any(not problem.warning for problem in problems):
        return 1
    if args.dry_run:
        print(f"(dry run: would write {display_path(draft.path)})", file=sys.stderr)
        print(draft.text, end="")
    else:
        print(display_path(draft.path))
    return 0


def run_sources(args: argparse.Namespace) -> int:
    return sources_cli.run_sources(sources_cli.options_from(args))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        hint = did_you_mean(argv[0], COMMANDS)
        print(f"error: unknown command '{argv[0]}'" + (f" ({hint})" if hint else "") + f"; commands: {', '.join(COMMANDS)}",
              file=sys.stderr)
        return 2
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    commands = {"build": run_build, "check": run_check, "new": run_new, "import": run_import, "serve": run_serve,
                "sources": run_sources}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
