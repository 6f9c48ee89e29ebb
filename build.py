#!/usr/bin/env python3
"""Command line for the timeline generator: build | check | new (serve and import are reserved)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timeline import pipeline
from timeline.content import load_content, tag_slug
from timeline.dates import DATE_FORMS, parse_date
from timeline.errors import BuildFailed, Problem, display_path, sort_problems, summarize
from timeline.newevent import new_event_path, new_event_text, resolve_actors, today, write_new_event
from timeline.output import OutputRefused
from timeline.schema import is_web_url

COMMANDS = ("build", "check", "new", "serve", "import")


def base_url(text: str) -> str:
    if not is_web_url(text):
        raise argparse.ArgumentTypeError(f'"{text}" is not an absolute http(s) URL such as https://example.org/timeline/')
    return text


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a sourced news timeline into a static site.")
    commands = parser.add_subparsers(dest="command", metavar="{build,check,new}")

    def content_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--content", type=Path, default=Path("content"), metavar="DIR", help="content folder (default: content/)")
        sub.add_argument("--config", type=Path, default=None, metavar="FILE", help="site settings (default: site.yaml)")
        sub.add_argument("--drafts", action="store_true", help="include events marked draft: true")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")

    build = commands.add_parser("build", help="build content/ into site/ (the default)")
    content_options(build)
    build.add_argument("--output", type=Path, default=Path("site"), metavar="DIR", help="output folder (default: site/)")
    build.add_argument("--base-url", type=base_url, metavar="URL", help="where the site is served, e.g. https://example.org/timeline/")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (quicker local builds)")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    check = commands.add_parser("check", help="validate everything, write nothing")
    content_options(check)

    new = commands.add_parser("new", help="write a new draft event; never overwrites")
    new.add_argument("title")
    new.add_argument("--date", help=f"date of the event ({DATE_FORMS}; default: today)")
    new.add_argument("--actors", default="", help="comma-separated actor ids or aliases")
    new.add_argument("--tags", default="", help="comma-separated tags")
    new.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")

    for reserved in ("serve", "import"):
        commands.add_parser(reserved, help=argparse.SUPPRESS, add_help=False).add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def options_from(args: argparse.Namespace) -> pipeline.Options:
    return pipeline.Options(
        content_dir=args.content, output_dir=getattr(args, "output", Path("site")),
        config_path=args.config or Path("site.yaml"), config_explicit=args.config is not None,
        base_url=getattr(args, "base_url", None), drafts=args.drafts, strict=args.strict,
        search=not getattr(args, "no_search", False))


def report(problems: list[Problem]) -> None:
    for problem in sort_problems(problems):
        print(problem.format(), file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    options = options_from(args)
    try:
        result = pipeline.build(options)
    except BuildFailed as failed:
        report(failed.problems)
        print(f"{summarize(failed.problems)}; {display_path(options.output_dir)}/ was not changed", file=sys.stderr)
        return 1
    except OutputRefused as refused:
        print(f"error: {refused}; nothing was written", file=sys.stderr)
        return 1
    report(result.problems)
    if not args.quiet:
        print(f"Built {result.events} events, {result.pages} pages in {result.seconds:.2f} s -> {display_path(options.output_dir)}/")
    return 0


def run_check(args: argparse.Namespace) -> int:
    try:
        checked = pipeline.validate(options_from(args))
    except BuildFailed as failed:
        report(failed.problems)
        print(summarize(failed.problems), file=sys.stderr)
        return 1
    report(checked.problems)
    print(f"Checked {len(checked.timeline.events)} events: {summarize(checked.problems)}")
    return 0


def run_new(args: argparse.Namespace) -> int:
    try:
        date = parse_date(args.date) if args.date else today()
    except ValueError as error:
        print(f"error: --date: {error} ({DATE_FORMS})", file=sys.stderr)
        return 2
    names = [name.strip() for name in args.actors.split(",") if name.strip()]
    tree = load_content(args.content)
    actors, problems = resolve_actors(names, tree.actors)
    if problems:
        report(problems)
        return 1
    tags = list(dict.fromkeys(tag_slug(t) for t in args.tags.split(",") if tag_slug(t)))
    path = new_event_path(args.content, args.title, date)
    problem = write_new_event(path, new_event_text(args.title, date, actors, tags))
    if problem:
        report([problem])
        return 1
    print(display_path(path))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    if args.command in ("serve", "import"):
        print(f"error: '{args.command}' is not available yet in this version", file=sys.stderr)
        return 2
    return {"build": run_build, "check": run_check, "new": run_new}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
