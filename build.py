#!/usr/bin/env python3
"""Command line for the timeline generator: build | check | new | import | serve | sources."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Only light modules here: `--help` and `--version` must answer at once, and on a Python without the
# packages they must still work. Each command imports the pipeline (Jinja2, Markdown, nh3, YAML) itself.
from timeline import __version__, urls
from timeline.dates import DATE_FORMS, parse_date
from timeline.errors import Problem, display_path, plural, sort_problems, summarize
from timeline.hints import did_you_mean
from timeline.usage import EXAMPLES, content_folder_missing, setup_hint

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
    from timeline.config import base_url_problem
    text = utf8_text(text)
    wrong = base_url_problem(text)
    if wrong:
        raise argparse.ArgumentTypeError(f'"{text}" {wrong}; give an address such as https://example.org/timeline/')
    return text


def web_url(text: str) -> str:
    from timeline.links import is_web_url
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


def connect_rule(text: str) -> str:
    """--connect-to's value, checked here so a mistake is a usage error naming the option."""
    from timeline.connectto import parse_rule
    try:
        parse_rule(utf8_text(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def command_parser(commands, name: str, help: str) -> argparse.ArgumentParser:
    return commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".", epilog=EXAMPLES[name],
                               formatter_class=argparse.RawDescriptionHelpFormatter)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a sourced news timeline into a static site.",
                                     epilog=EXAMPLES[None], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="{build,check,new,import,serve,sources}")

    def content_options(sub: argparse.ArgumentParser, drafts: bool = True) -> None:
        sub.add_argument("--content", type=utf8_path, default=Path("content"), metavar="DIR", help="content folder (default: content/)")
        sub.add_argument("--config", type=utf8_path, default=None, metavar="FILE", help="site settings (default: site.yaml)")
        if drafts:
            sub.add_argument("--drafts", action="store_true", help="include events and pages marked draft: true, each marked DRAFT")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sub.add_argument("--no-cache", action="store_true", help="parse and render everything afresh; do not read or write .cache/")

    build = command_parser(commands, "build", "build content/ into site/ (the default)")
    content_options(build)
    build.add_argument("--output", type=utf8_path, default=Path("site"), metavar="DIR", help="output folder (default: site/)")
    build.add_argument("--base-url", type=base_url, metavar="URL", help="where the site is served, e.g. https://example.org/timeline/")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (quicker local builds)")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    check = command_parser(commands, "check", "validate everything, write nothing")
    content_options(check)

    new = command_parser(commands, "new", "write a new draft event, or start a translation; never overwrites")
    new.add_argument("title", type=utf8_text, nargs="?", help="the event's title, in quotes")
    new.add_argument("--actors", type=utf8_text, metavar="IDS",
                     help="required for an event: comma-separated actor ids or aliases from actors.yaml")
    new.add_argument("--translate", type=utf8_text, metavar="SLUG",
                     help="instead: start a draft translation of this event or page, beside it (with --lang)")
    new.add_argument("--lang", type=utf8_text, metavar="CODE", help="the translation's language, one of site.yaml's languages")
    new.add_argument("--config", type=utf8_path, default=None, metavar="FILE", help="site settings (default: site.yaml)")
    new.add_argument("--date", type=utf8_text, help=f"date of the event ({DATE_FORMS}; default: today)")
    new.add_argument("--tags", type=utf8_text, default="", metavar="TAGS", help="comma-separated tags")
    new.add_argument("--content", type=utf8_path, default=Path("content"), metavar="DIR", help="content folder (default: content/)")

    imported = command_parser(commands, "import", "turn a saved news article into a draft event; never overwrites")
    imported.add_argument("file", type=utf8_name, metavar="FILE", help="an .html/.htm page or a plain-text copy; - reads standard input")
    imported.add_argument("--url", type=web_url, help="where the article was published (the source's url)")
    imported.add_argument("--publisher", type=utf8_text, metavar="NAME", help="who published it (default: from the page or the dateline)")
    when = imported.add_mutually_exclusive_group()
    when.add_argument("--date", type=utf8_text, help=f"date of the event ({DATE_FORMS}; default: from the article)")
    when.add_argument("--year", type=year, metavar="YYYY", help="year for a dateline that gives only month and day")
    imported.add_argument("--content", type=utf8_path, default=Path("content"), metavar="DIR", help="content folder (default: content/)")
    imported.add_argument("--dry-run", action="store_true",
                          help="print the draft and any refusal, exactly as the real run would, but write nothing")
    imported.add_argument("--translate", type=utf8_text, metavar="SLUG",
                          help="instead: start a draft translation of this event or page, with the article (the same "
                               "story in that language) in a comment beside it for reference (with --lang)")
    imported.add_argument("--lang", type=utf8_text, metavar="CODE", help="the translation's language, one of site.yaml's languages")
    imported.add_argument("--config", type=utf8_path, default=None, metavar="FILE", help="site settings, for its languages (default: site.yaml)")

    serve = command_parser(commands, "serve", "preview: build, serve, rebuild on save and reload open pages")
    content_options(serve, drafts=False)
    # The preview shows what the author is writing: drafts by default, each marked DRAFT.
    shown = serve.add_mutually_exclusive_group()
    shown.add_argument("--drafts", dest="drafts", action="store_true", default=True, help="show drafts, each marked DRAFT (the default)")
    shown.add_argument("--no-drafts", dest="drafts", action="store_false", help="leave drafts out: the site as it will be published")
    serve.add_argument("--host", type=utf8_text, default=urls.PREVIEW_HOST, help=f"address to listen on (default: {urls.PREVIEW_HOST})")
    serve.add_argument("--port", type=port_number, default=urls.PREVIEW_PORT, help=f"port (default: {urls.PREVIEW_PORT}; 0 picks a free one)")
    serve.add_argument("--base-url", type=base_url, metavar="URL", help="serve under this URL's path instead of site.yaml's")
    serve.add_argument("--poll", action="store_true", help="poll for changes (network and container mounts)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    sources = command_parser(commands, "sources", "check every source address, record what it answered, archive what is missing")
    sources.add_argument("--content", type=utf8_path, default=Path("content"), metavar="DIR", help="content folder (default: content/)")
    sources.add_argument("--event", type=utf8_text, action="append", default=[], metavar="SLUG", help="only this event's sources (repeatable)")
    sources.add_argument("--older-than", type=sources_option("age"), metavar="AGE", help="only addresses last checked longer ago than this (30d, 12h)")
    sources.add_argument("--archive", action="store_true", help="find or request a Wayback capture of every source without archive_url")
    sources.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    sources.add_argument("--timeout", type=sources_option("seconds"), default=15.0, help="seconds for one request (default 15)")
    sources.add_argument("--deadline", type=sources_option("seconds"), default=600.0, help="seconds for the whole run (default 600)")
    sources.add_argument("--per-host", type=sources_option("count"), default=2, metavar="N", help="requests at once to one host (default 2)")
    sources.add_argument("--delay", type=sources_option("seconds"), default=0.5, help="seconds between requests to one host (default 0.5)")
    sources.add_argument("--retries", type=sources_option("count"), default=2, metavar="N", help="further tries after a timeout or 5xx (default 2)")
    sources.add_argument("--wayback", type=web_url, metavar="URL", help="the archive's address (default: archive.org; or TIMELINE_WAYBACK_URL)")
    sources.add_argument("--connect-to", type=connect_rule, action="append", default=[], metavar="HOST:PORT:ADDRESS:PORT",
                         help="connect to ADDRESS:PORT for addresses naming HOST:PORT, still asking for HOST "
                              "(split-horizon DNS, a staging mirror; repeatable, as curl's option)")
    return parser


def sources_option(name: str):
    """An argparse type from timeline.sources, imported only when the sources command's options are read."""
    def convert(text: str):
        from timeline import sources
        return getattr(sources, name)(text)
    convert.__name__ = name
    return convert


def options_from(args: argparse.Namespace):
    from dataclasses import replace
    from timeline import pipeline
    options = pipeline.Options(
        content_dir=args.content, output_dir=getattr(args, "output", Path("site")),
        config_path=args.config or Path("site.yaml"), config_explicit=args.config is not None,
        base_url=getattr(args, "base_url", None), drafts=args.drafts, strict=args.strict,
        search=not getattr(args, "no_search", False))
    return options if getattr(args, "no_cache", False) else replace(options, cache_dir=pipeline.default_cache_dir(options))


def report(problems: list[Problem]) -> None:
    for problem in sort_problems(problems):
        print(problem.format(), file=sys.stderr)


def events_counted(events: int, drafts: int, left_out: bool = False) -> str:
    """"64 events (2 drafts)": how many events, and how many of them (or, left out, besides them) are drafts."""
    if not drafts:
        return plural(events, "event")
    return f"{plural(events, 'event')} ({plural(drafts, 'draft')}{' left out' if left_out else ''})"


def run_build(args: argparse.Namespace) -> int:
    from timeline import pipeline
    from timeline.errors import BuildFailed
    from timeline.output import OutputRefused, folder_label
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
        events = events_counted(result.events, result.drafts, left_out=not options.drafts)
        warned = f"; {summarize(result.problems)}" if result.problems else ""
        print(f"Built {events}, {plural(result.pages, 'page')} in {result.seconds:.2f} s "
              f"-> {display_path(options.output_dir)}/{warned}")
        for note in result.notes:
            print(note)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from timeline.serve import ServeOptions, serve
    return serve(options_from(args), ServeOptions(host=args.host, port=args.port, poll=args.poll, open_browser=args.open))


def run_check(args: argparse.Namespace) -> int:
    from timeline import pipeline
    from timeline.errors import BuildFailed
    try:
        result = pipeline.check_site(options_from(args))
    except BuildFailed as failed:
        report(failed.problems)
        print(summarize(failed.problems), file=sys.stderr)
        return 1
    report(result.problems)
    print(f"Checked {events_counted(result.checked, result.drafts)}: {summarize(result.problems)}")
    for line in result.coverage:
        print(line)
    return 0


def run_new(args: argparse.Namespace) -> int:
    if args.translate is not None or args.lang is not None:
        return run_new_translation(args)
    if args.title is None or args.actors is None:
        missing = "title" if args.title is None else "--actors"
        print(f"build.py new: error: the following arguments are required: {missing}", file=sys.stderr)
        return 2
    from timeline.newevent import create_draft, today
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
    print_preview(args.content, path)
    return 0


def run_new_translation(args: argparse.Namespace) -> int:
    from timeline.config import load_config
    from timeline.newtranslation import create_translation
    if not args.translate or not args.lang or args.title is not None or args.actors is not None:
        print("error: start a translation with: new --translate SLUG --lang CODE (no title or actors)", file=sys.stderr)
        return 2
    config_path = args.config or Path("site.yaml")
    config, problems = load_config(config_path, args.config is not None)
    if config is None:
        report(problems)
        return 1
    path, _, problems = create_translation(args.content, config, args.translate.strip(), args.lang.strip())
    report(problems)
    if path is None:
        return 1
    print(display_path(path))
    return 0


def run_import_translation(args: argparse.Namespace) -> int:
    """import FILE --translate SLUG --lang CODE: a draft translation with the article beside it, in a comment."""
    from timeline.config import load_config
    from timeline.importer import reference_block
    from timeline.newtranslation import create_translation
    if not args.translate or not args.lang or args.publisher or args.date or args.year is not None:
        print("error: start a translation from an article with: import FILE --translate SLUG --lang CODE [--url URL]",
              file=sys.stderr)
        return 2
    config, problems = load_config(args.config or Path("site.yaml"), args.config is not None)
    if config is None:
        report(problems)
        return 1
    reference, problems = reference_block(args.file, args.url)
    if reference is None:
        report(problems)
        return 1
    path, text, found = create_translation(args.content, config, args.translate.strip(), args.lang.strip(),
                                           reference, write=not args.dry_run)
    report(problems + found)
    if path is None:
        return 1
    if args.dry_run:
        print(f"(dry run: would write {display_path(path)})", file=sys.stderr)
        print(text, end="")
    else:
        print(display_path(path))
    return 0


def print_preview(content_dir: Path, path: Path) -> None:
    # On standard error, so that standard output stays the path alone: `$EDITOR "$(build.py new ...)"`.
    from timeline.newevent import preview_url
    url = preview_url(content_dir, path)
    if url:
        print(f"Preview: {url} (while build.py serve runs on its default port)", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    from timeline.importer import ImportOptions, import_article
    try:
        date = parse_date(args.date) if args.date else None
    except ValueError as error:
        print(f"error: --date: {error} ({DATE_FORMS})", file=sys.stderr)
        return 2
    if args.translate is not None or args.lang is not None:
        return run_import_translation(args)
    options = ImportOptions(url=args.url, publisher=args.publisher, date=date, year=args.year)
    draft, problems = import_article(args.file, options, args.content, write=not args.dry_run)
    report(problems)
    if draft is None or any(not problem.warning for problem in problems):
        return 1
    for earlier in draft.replaces:
        print(f"{display_path(earlier)}: {'would be removed' if args.dry_run else 'removed'}: an earlier draft "
              "of the same article, not edited since it was imported", file=sys.stderr)
    if args.dry_run:
        print(f"(dry run: would write {display_path(draft.path)})", file=sys.stderr)
        print(draft.text, end="")
    else:
        print(display_path(draft.path))
        print_preview(args.content, draft.path)
    return 0


def run_sources(args: argparse.Namespace) -> int:
    from timeline import sources
    return sources.run_sources(sources.options_from(args))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return run_command(argv)
    except ModuleNotFoundError as error:
        # A package of ours missing is a bug; any other is an environment without the requirements.
        if not error.name or error.name.partition(".")[0] == "timeline":
            raise
        print(setup_hint(error.name, argv), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # The output is swapped in whole or not at all (output.py), and a staging folder is removed on
        # the way out: an interrupted build leaves the last site, so there is nothing to show but that.
        print("interrupted: nothing was changed", file=sys.stderr)
        return 130


def run_command(argv: list[str]) -> int:
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        hint = did_you_mean(argv[0], COMMANDS)
        print(f"error: unknown command '{argv[0]}'" + (f" ({hint})" if hint else "") + f"; commands: {', '.join(COMMANDS)}",
              file=sys.stderr)
        return 2
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv = ["build", *argv]
    args = make_parser().parse_args(argv)
    missing = content_folder_missing(args.content)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    commands = {"build": run_build, "check": run_check, "new": run_new, "import": run_import, "serve": run_serve,
                "sources": run_sources}
    return commands[args.command](args)


if __name__ == "__main__":
    status = main()
    if status == 130:
        # Interrupted: the output is already as it was. Python 3.11's exit hook for process pools would
        # wake a pool the interruption already shut down, through a closed pipe, and print an
        # "Exception ignored" traceback after our one line; there is nothing left for exit hooks to do.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
