"""The one pipeline: check -> plan -> render -> destination. `build`, `check` and `serve` all run it.

check() reads and validates everything (settings, content, timeline, static
files, templates) and raises BuildFailed with every problem before anything is
planned; plan.py lists and keys the files; write_files() renders what the
destination does not already hold; the destination (sinks.py) decides where the
bytes go: the output folder, memory, or nowhere. What is remembered from one
build to the next is in the Memo the caller passes (memo.py).
"""
from __future__ import annotations

import gc
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from . import permalinks
from . import urls
from .assets import Assets, read_assets
from .config import SiteConfig, load_config
from .content import ContentTree
from .editions import Edition, build_editions
from .errors import BuildFailed, Problem, raise_if_errors
from .linkrecords import source_problems
from .loader import load_content
from .memo import Memo
from .model import Timeline, build_timeline
from .output import Guarded, marker_value
from .permalinks import Published, dropped_urls, published_urls
from .plan import Plan, plan_build
from .render import Renderer, templates_digest
from .schema import MENU_PAGES
from .sinks import Nowhere, StagedOutput, save_warning
from .words import Catalogues, load_catalogues
from .workers import imap_parallel

TOOL_ROOT = Path(__file__).resolve().parent.parent
PARALLEL_RENDER_AT = 1500  # fewer pages than this render faster in one process than a pool starts


@dataclass(frozen=True)
class Options:
    content_dir: Path = Path("content")
    output_dir: Path = Path("site")
    config_path: Path = Path("site.yaml")
    config_explicit: bool = False
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    search: bool = True             # index the pages with Pagefind
    cache_dir: Path | None = None   # parsed files and page keys are kept here; None: no cache
    parallel: bool = True           # use a process pool for large cold builds


@dataclass
class Checked:
    """Everything read and validated, ready to plan."""

    config: SiteConfig
    tree: ContentTree
    timeline: Timeline
    renderer: Renderer
    assets: Assets
    templates_dir: Path
    templates_digest: str                                    # every template's name and bytes, hashed
    problems: list[Problem] = field(default_factory=list)   # warnings only (errors were raised)
    published: dict[str, Published] = field(default_factory=dict)   # URLs for readers to link, and whose
    editions: list[Edition] = field(default_factory=list)           # the site in each language, the default first


@dataclass
class Result:
    config: SiteConfig
    timeline: Timeline
    pages: int                # HTML pages in the site
    written: int              # files rendered or copied this time
    reused: int               # files kept from the previous build
    seconds: float
    problems: list[Problem]   # warnings
    checked: int = 0          # events read and checked, drafts among them, whether published or not
    drafts: int = 0           # drafts among the events checked
    notes: list[str] = field(default_factory=list)   # what the author should know that is no problem
    coverage: list[str] = field(default_factory=list)   # each other language's share of translated events and pages

    @property
    def events(self) -> int:
        """Events published: drafts too when they were asked for."""
        return len(self.timeline.events)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the garbage collector less often while building.

    A build keeps every model alive to its end; collecting every 700 new objects
    rescanned them again and again, which made large builds grow faster than
    linearly (40% of planning's time at 20,000 events).
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def default_cache_dir(options: Options) -> Path:
    """.cache/ beside the config file: the project's folder."""
    return options.config_path.resolve().parent / ".cache"


def theme_dir(options: Options, name: str) -> Path:
    """templates/ and static/ beside the config file, else the ones shipped with the tool."""
    local = options.config_path.resolve().parent / name
    return local if local.is_dir() else TOOL_ROOT / name


def catalogue_dirs(options: Options) -> list[Path]:
    """Where each language's catalogue is looked for: i18n/ beside the config file, then the shipped one.
    A project may hold only the catalogues it changes or adds."""
    local, shipped = options.config_path.resolve().parent / "i18n", TOOL_ROOT / "i18n"
    return [local, shipped] if local.is_dir() and local != shipped else [shipped]


def guarded(options: Options) -> Guarded:
    """What the output folder must never replace or lie in."""
    return Guarded(roots=(Path("/"), Path.home(), Path.cwd(), TOOL_ROOT, options.config_path.resolve().parent),
                   author_dirs=(options.content_dir, theme_dir(options, "templates"), theme_dir(options, "static"),
                                *catalogue_dirs(options)))


def check(options: Options, memo: Memo, changed: frozenset[str] = frozenset()) -> Checked:
    """Read and validate everything; raise BuildFailed listing every problem."""
    config, problems = load_config(options.config_path, options.config_explicit)
    if config is not None and options.base_url:
        config = config.with_base_url(options.base_url)
    tree = load_content(options.content_dir, memo.files, changed, parallel=options.parallel,
                        project=options.config_path.resolve().parent)
    problems += tree.problems
    timeline, found = build_timeline(tree, options.drafts, memo.checks)
    problems += found
    editions: list[Edition] = []
    if config is not None:  # without settings, no language is declared: the translations wait for them
        editions, found = build_editions(timeline, tree, config.editions, options.drafts, memo.editions)
        problems += found
    # The URLs the output's last build published, from its marker (read outside the lock: a build
    # finishing meanwhile only makes the comparison one build old). The preview builds into a folder
    # of its own that has no marker, so it compares with nothing.
    published = published_urls(timeline, options.content_dir)
    problems += dropped_urls(permalinks.decode(marker_value(options.output_dir, permalinks.MARKER_KEY)), published,
                             tree, options.content_dir)
    problems += source_problems(timeline.events, config is not None and config.require_archive)
    assets = read_assets(theme_dir(options, "static"))
    problems += assets.problems
    templates_dir = theme_dir(options, "templates")
    renderer = None
    if config is not None:
        words, found = load_catalogues(catalogue_dirs(options), config.editions, options.config_path)
        problems += found
        if all(code in words for code in config.editions):  # else that is the problem said, and nothing can be rendered
            renderer = _renderer(config, editions, templates_dir, assets, memo, words)
            problems += renderer.check_templates()
    if options.strict:
        problems = [replace(p, warning=False) for p in problems]
    raise_if_errors(problems, options.strict)
    return Checked(config, tree, timeline, renderer, assets, templates_dir, templates_digest(templates_dir), problems,
                   published, editions)


def _renderer(config: SiteConfig, editions: list[Edition], templates_dir: Path, assets: Assets, memo: Memo,
              words: Catalogues) -> Renderer:
    """The renderer of the site's pages in every language, each language with its own menu, actors and topics."""
    return Renderer(templates_dir, config, assets.names, assets.inlinable, extras={
        edition.lang: {
            "nav_pages": [(page.slug, page.title) for page in edition.timeline.pages if page.menu][:MENU_PAGES],
            "draft_pages": sorted(page.slug for page in edition.timeline.pages if page.draft),
            "all_actors": edition.timeline.actors, "all_tags": edition.timeline.tags}
        for edition in editions}, fragments=memo.fragments, bytecode=memo.bytecode, words=words)


def write_files(checked: Checked, plan: Plan, sink, parallel: bool = True) -> int:
    """Give sink every file of the plan, rendering the pages it cannot reuse; return how many were
    rendered or copied. Template errors are collected from every page before anything fails."""
    renderer = checked.renderer
    renderer.begin(plan.global_key)
    todo = [spec for spec in plan.specs if not sink.reuse(spec.path, plan.keys[spec.path])]
    problems: dict[tuple, Problem] = {}
    written = 0

    def render(index: int) -> tuple[bytes | None, list[Problem]]:
        weighed = plan.weighed.get(todo[index].path)   # rendered already, to decide whether the timeline splits
        if weighed is not None:
            return weighed, []
        try:
            return renderer.render(todo[index]), []
        except BuildFailed as failed:
            return None, failed.problems

    # closing: a failed write ends the pool here and now, not whenever the generator is collected.
    pooled = parallel and len(todo) >= PARALLEL_RENDER_AT
    with closing(imap_parallel(render, range(len(todo)), enabled=pooled)) as results:
        for spec, (data, failed) in zip(todo, results, strict=True):
            for problem in failed:
                problems.setdefault((problem.path, problem.line, problem.message), problem)
            if data is not None and not problems:
                sink.write(spec.path, data, plan.keys[spec.path])
                written += 1
    if problems:
        raise BuildFailed(list(problems.values()))
    for data_file in plan.data_files:
        key = plan.keys[data_file.path]
        if not sink.reuse(data_file.path, key):
            sink.write(data_file.path, data_file.data, key)
            written += 1
    return written


def run(options: Options, memo: Memo, destination, changed: frozenset[str] = frozenset()) -> Result:
    """Check, plan, render into destination; the memo remembers the plan for the next run.

    changed names files known to have been written since the memo's last run (the preview's watcher).
    """
    started = time.perf_counter()
    with fewer_collections():
        checked = check(options, memo, changed)
        plan = plan_build(checked, memo)
        with destination.open(checked, plan) as sink:
            written = 0 if sink is None else write_files(checked, plan, sink, options.parallel)
        memo.last_plan = plan
    notes = getattr(destination, "notes", [])
    events = checked.tree.events
    return Result(checked.config, checked.timeline, plan.html_pages, written, len(plan.keys) - written,
                  time.perf_counter() - started, checked.problems + notes,
                  checked=len(events), drafts=sum(1 for event in events if event.draft),
                  coverage=[edition.coverage() for edition in checked.editions if not edition.default])


def build(options: Options, memo: Memo | None = None) -> Result:
    """Build the site into the output folder, through a staging folder swapped in when complete.

    Files whose inputs are unchanged since the last build (and untouched in the output) are
    hard-linked into the staging folder instead of rendered again; when nothing changed at all,
    the output is left as it is.
    """
    memo = memo if memo is not None else Memo.on_disk(options.cache_dir)
    destination = StagedOutput(options.output_dir, guarded(options), options.cache_dir, options.search)
    result = run(options, memo, destination)
    save_warning(memo.files.save, options.cache_dir, result.problems)
    result.notes += robots_notes(result.config.base_url)
    return result


def robots_notes(base_url: str) -> list[str]:
    """Crawlers ask for /robots.txt at a host's root only: one under a subpath is written, but never read."""
    parts = urlsplit(base_url)
    if parts.path in ("", "/"):
        return []
    root = f"{parts.scheme}://{parts.netloc}/robots.txt"
    return [f"note: crawlers read only {root}, never {base_url}{urls.ROBOTS}; "
            f"to have them find this site's pages, add \"Sitemap: {base_url}{urls.SITEMAP}\" to {root}"]


def check_site(options: Options, memo: Memo | None = None) -> Result:
    """Everything build does except writing: parse, cross-check and render every page in memory."""
    memo = memo if memo is not None else Memo.on_disk(options.cache_dir)
    return run(options, memo, Nowhere())
