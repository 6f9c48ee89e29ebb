"""Wire the stages: config -> content -> timeline -> page specs -> bytes -> staging -> swap."""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator, Protocol

from . import replan, search
from .cache import Loader
from .config import SiteConfig, load_config
from .errors import BuildFailed, Problem, display_path
from .incremental import OutputIndex, PageKeys
from .model import Timeline, build_timeline
from .output import Guarded, Stage, fingerprint_assets, present_files, raise_if_errors, staged_output
from .pages import DataFile, PageSpec, plan_site
from .render import Renderer
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
    config: SiteConfig
    timeline: Timeline
    renderer: Renderer
    asset_copies: list[tuple[bytes, str]]  # (bytes, published path), read once
    problems: list[Problem] = field(default_factory=list)
    templates_dir: Path | None = None
    event_keys: dict[str, str] = field(default_factory=dict)  # shown path -> content key


@dataclass
class BuildResult:
    events: int
    pages: int
    seconds: float
    problems: list[Problem]
    written: int = 0   # files rendered this time (the rest were reused unchanged)


class PageSink(Protocol):
    """Where rendered files go; it may place the previous bytes instead when the input key is unchanged."""

    def reuse(self, path: str, key: str | None) -> bool: ...

    def write(self, path: str, data: bytes, key: str | None) -> None: ...


@dataclass
class Rendered:
    pages: int                                            # HTML pages in the site
    written: int                                          # files rendered (not reused)
    keys: dict[str, str] = field(default_factory=dict)    # path -> input key, for the next build


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the garbage collector less often while building.

    A build keeps every model alive to its end; collecting every 700 new objects
    rescanned them again and again, which made large builds grow faster than
    linearly (40% of plan_site's time at 20,000 events).
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


def check(options: Options, loader: Loader | None = None, changed: frozenset[str] = frozenset()) -> Checked:
    """Read and validate everything; raise BuildFailed listing every problem."""
    loader = loader or Loader(options.cache_dir, options.parallel)
    config, problems = load_config(options.config_path, options.config_explicit)
    if config is not None and options.base_url:
        config = config.with_base_url(options.base_url)
    tree = loader.load(options.content_dir, changed)
    problems += tree.problems
    timeline, found = build_timeline(tree, include_drafts=options.drafts)
    problems += found
    assets, copies = fingerprint_assets(theme_dir(options, "static"))
    renderer = None
    templates_dir = theme_dir(options, "templates")
    if config is not None:
        inlinable = {name: data for name, (data, _) in zip(assets, copies) if name.endswith((".css", ".js"))}
        renderer = Renderer(templates_dir, config, assets, inlinable, fragments=loader.fragments, extra={
            "nav_pages": [(page.slug, page.title) for page in timeline.pages],
            "all_actors": timeline.actors, "all_tags": timeline.tags})
        renderer.env.bytecode_cache = loader.bytecode  # a server's rebuilds recompile only changed templates
        problems += renderer.check_templates()
    if options.strict:
        problems = [replace(p, warning=False) for p in problems]
    raise_if_errors(problems, options.strict)
    return Checked(config, timeline, renderer, copies, problems, templates_dir, dict(loader.keys_by_path))


def plan_render(checked: Checked, previous: replan.Plan | None = None) -> replan.Plan:
    """List the site's files and key each one by what it is made from. Pure: nothing is rendered or written.

    Given the plan of the build before (the server keeps it), an edit that leaves the site's shape
    alone updates that plan instead (replan.py); otherwise every page is planned and keyed.
    """
    page_keys = PageKeys(checked.renderer, checked.event_keys, checked.templates_dir)
    checked.renderer.fragments.begin(page_keys.global_key)
    if previous is not None:
        plan = replan.update(previous, checked.timeline, checked.config, page_keys)
        if plan is not None:
            return plan
    specs, data_files = plan_site(checked.timeline, checked.config)
    return replan.full(checked.timeline, checked.config, specs, data_files, page_keys)


def render_site(checked: Checked, sink: PageSink, parallel: bool = True, planned: replan.Plan | None = None) -> Rendered:
    """Render every planned file into sink, reusing what it still has; collect template errors from all pages."""
    planned = planned or plan_render(checked)
    rendered = Rendered(pages=sum(spec.path.endswith(".html") for spec in planned.specs), written=0,
                        keys={path: key for path, key in planned.keys.items() if key is not None})
    todo = [spec for spec in planned.specs if not sink.reuse(spec.path, planned.keys[spec.path])]
    problems: dict[tuple, Problem] = {}
    global _RENDERING
    _RENDERING = (checked.renderer, todo)
    try:
        results = imap_parallel(_render_one, range(len(todo)), enabled=parallel and len(todo) >= PARALLEL_RENDER_AT)
        for spec, (data, failed) in zip(todo, results):
            for problem in failed:
                problems.setdefault((problem.path, problem.line, problem.message), problem)
            if data is not None and not problems:
                sink.write(spec.path, data, planned.keys[spec.path])
                rendered.written += 1
    finally:
        _RENDERING = None
    if problems:
        raise BuildFailed(list(problems.values()))
    for data_file in planned.data_files:
        key = planned.keys[data_file.path]
        if not sink.reuse(data_file.path, key):
            sink.write(data_file.path, data_file.data, key)
            rendered.written += 1
    return rendered


_RENDERING: tuple[Renderer, list[PageSpec]] | None = None  # what forked render workers read


def _render_one(index: int) -> tuple[bytes | None, list[Problem]]:
    renderer, specs = _RENDERING
    try:
        return renderer.render(specs[index]), []
    except BuildFailed as failed:
        return None, failed.problems


class _WriteOnly:
    """A sink that renders everything and hands each file to write(path, bytes)."""

    def __init__(self, write):
        self._write = write

    def reuse(self, path: str, key: str | None) -> bool:
        return False

    def write(self, path: str, data: bytes, key: str | None) -> None:
        self._write(path, data)


class StageSink:
    """Write into the staging folder; hard-link files whose inputs are unchanged from the previous output."""

    def __init__(self, stage: Stage, index: OutputIndex, output: Path):
        self.stage, self.index, self.output = stage, index, output

    def reuse(self, path: str, key: str | None) -> bool:
        previous = self.index.reusable(self.output, path, key)
        return previous is not None and self.stage.link(previous, path)

    def write(self, path: str, data: bytes, key: str | None) -> None:
        self.stage.write(path, data)


def render_all(checked: Checked, write, parallel: bool = True) -> int:
    """Render every planned file through write(path, bytes); return the number of HTML pages."""
    return render_site(checked, _WriteOnly(write), parallel).pages


def validate(options: Options) -> Checked:
    """Everything build does except writing: parse, cross-check and render in memory."""
    with fewer_collections():
        checked = check(options)
        render_all(checked, lambda path, data: None, options.parallel)
    return checked


def index_site(root: Path, language: str, previous_site: Path | None = None) -> None:
    """Steps that read the finished pages under root: the Pagefind search index.

    build runs them in the staging folder before the swap; serve runs them in
    its own folder after the pages are live, without holding up the reload.
    """
    search.index_site(root, language, previous_site=previous_site)


def build(options: Options, loader: Loader | None = None) -> BuildResult:
    """Build the site into a staging folder and swap it in for the output.

    Files whose inputs are unchanged since the last build (and untouched in the
    output) are hard-linked into the staging folder instead of rendered again.
    """
    with fewer_collections():
        return _build(options, loader)


def _save_cache(save, options: Options, notes: list[Problem]) -> None:
    """Save a cache file; failing only costs the next build time, so it is a warning."""
    try:
        save()
    except OSError as error:
        notes.append(Problem(display_path(options.cache_dir or ".cache"), None,
                             f"the cache was not saved ({error.strerror or error})",
                             "the next build renders everything; delete the path if it is not a folder", warning=True))


def _build(options: Options, loader: Loader | None) -> BuildResult:
    started = time.perf_counter()
    loader = loader or Loader(options.cache_dir, options.parallel)
    checked = check(options, loader)
    notes: list[Problem] = list(checked.problems)
    guarded = Guarded(
        roots=(Path("/"), Path.home(), Path.cwd(), TOOL_ROOT, options.config_path.resolve().parent),
        author_dirs=(options.content_dir, theme_dir(options, "templates"), theme_dir(options, "static")))
    planned = plan_render(checked)
    for data, published in checked.asset_copies:
        planned.keys[published] = PageKeys.data_key(data)
    pages = sum(spec.path.endswith(".html") for spec in planned.specs)
    written = 0
    with staged_output(options.output_dir, guarded, notes,
                       is_current=lambda made: _output_is_current(options, planned, made)) as stage:
        if stage is not None:
            # Read and write the index while holding the output's lock, so a build that runs in between
            # cannot pair this build's page keys with another build's files.
            index = OutputIndex.for_output(options.cache_dir, options.output_dir)
            sink = StageSink(stage, index, options.output_dir)
            for data, published in checked.asset_copies:
                if not sink.reuse(published, planned.keys[published]):
                    stage.write(published, data)
                    written += 1
            written += render_site(checked, sink, options.parallel, planned).written
            if options.search:
                index_site(stage.root, checked.config.language, previous_site=options.output_dir)
            # Signatures taken in the staging folder hold after the swap: a rename keeps inode, size and mtime.
            _save_cache(lambda: index.save(stage.root, {path: key for path, key in planned.keys.items() if key is not None}),
                        options, notes)
    _save_cache(loader.save, options, notes)
    return BuildResult(len(checked.timeline.events), pages, time.perf_counter() - started, notes, written)


def _output_is_current(options: Options, planned: replan.Plan, made: set[str]) -> bool:
    """True when the output holds exactly the files this build would make, each made from the same
    inputs and untouched since: then there is nothing to write, and no staging folder to fill.

    The search bundle is not keyed; it is current when the pages are, as Pagefind would be handed
    the same pages and its previous bundle would be reused file for file.
    """
    index = OutputIndex.for_output(options.cache_dir, options.output_dir)
    if index.file is None or None in planned.keys.values():
        return False
    bundle = {path for path in made if path.startswith(search.BUNDLE + "/")}
    if bool(bundle) != options.search or made != set(planned.keys) | bundle:
        return False
    if any(index.reusable(options.output_dir, path, key) is None for path, key in planned.keys.items()):
        return False
    return present_files(options.output_dir) == made
