"""Wire the stages: config -> content -> timeline -> page specs -> bytes -> staging -> swap."""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import SiteConfig, load_config
from .content import load_content
from .errors import BuildFailed, Problem
from .model import Timeline, build_timeline
from .output import Guarded, fingerprint_assets, raise_if_errors, staged_output
from .pages import plan_site
from .render import Renderer
from . import search

TOOL_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Options:
    content_dir: Path = Path("content")
    output_dir: Path = Path("site")
    config_path: Path = Path("site.yaml")
    config_explicit: bool = False
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    search: bool = True


@dataclass
class Checked:
    config: SiteConfig
    timeline: Timeline
    renderer: Renderer
    asset_copies: list
    problems: list[Problem] = field(default_factory=list)


@dataclass
class BuildResult:
    events: int
    pages: int
    seconds: float
    problems: list[Problem]


def theme_dir(options: Options, name: str) -> Path:
    """templates/ and static/ beside the config file, else the ones shipped with the tool."""
    local = options.config_path.resolve().parent / name
    return local if local.is_dir() else TOOL_ROOT / name


def check(options: Options) -> Checked:
    """Read and validate everything; raise BuildFailed listing every problem."""
    config, problems = load_config(options.config_path, options.config_explicit)
    if config is not None and options.base_url:
        config = config.with_base_url(options.base_url)
    tree = load_content(options.content_dir)
    problems += tree.problems
    timeline, found = build_timeline(tree, include_drafts=options.drafts)
    problems += found
    assets, copies = fingerprint_assets(theme_dir(options, "static"))
    renderer = None
    if config is not None:
        renderer = Renderer(theme_dir(options, "templates"), config, assets, extra={
            "nav_pages": [(page.slug, page.title) for page in timeline.pages],
            "all_actors": timeline.actors, "all_tags": timeline.tags})
        problems += renderer.check_templates()
    if options.strict:
        problems = [replace(p, warning=False) for p in problems]
    raise_if_errors(problems, options.strict)
    return Checked(config, timeline, renderer, copies, problems)


def render_all(checked: Checked, write) -> int:
    """Render every planned file through write(path, bytes); collect template errors from all pages."""
    specs, data_files = plan_site(checked.timeline, checked.config)
    problems: dict[tuple, Problem] = {}
    pages = 0
    for spec in specs:
        try:
            data = checked.renderer.render(spec)
        except BuildFailed as failed:
            for problem in failed.problems:
                problems.setdefault((problem.path, problem.line, problem.message), problem)
            continue
        write(spec.path, data)
        pages += spec.path.endswith(".html")
    if problems:
        raise BuildFailed(list(problems.values()))
    for data_file in data_files:
        write(data_file.path, data_file.data)
    return pages


def validate(options: Options) -> Checked:
    """Everything build does except writing: parse, cross-check and render in memory."""
    checked = check(options)
    render_all(checked, lambda path, data: None)
    return checked


def build(options: Options) -> BuildResult:
    """Build the site into a staging folder and swap it in for the output."""
    started = time.perf_counter()
    checked = check(options)
    notes: list[Problem] = list(checked.problems)
    guarded = Guarded(
        roots=(Path("/"), Path.home(), Path.cwd(), TOOL_ROOT, options.config_path.resolve().parent),
        author_dirs=(options.content_dir, theme_dir(options, "templates"), theme_dir(options, "static")))
    with staged_output(options.output_dir, guarded, notes) as stage:
        for source, published in checked.asset_copies:
            stage.copy(source, published)
        pages = render_all(checked, stage.write)
        if options.search:
            search.index_site(stage.root, checked.config.language, previous_site=options.output_dir)
    return BuildResult(len(checked.timeline.events), pages, time.perf_counter() - started, notes)
