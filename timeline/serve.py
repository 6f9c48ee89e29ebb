"""The `serve` command: the pipeline built into memory, handed to the live-reload server, plus search.

PreviewSite.rebuild runs the one pipeline (pipeline.run) into memory with a Memo
kept for the server's life: an edited file is parsed again alone, the last plan
is updated when only an event's words changed, and a page whose input key is
unchanged keeps its bytes, so each build equals what a full build would write.
livereload.py watches, rebuilds, serves and reloads; it knows nothing of this.

Search: once the author pauses, Pagefind is handed the newest build's marked
pages from memory and returns the index, off the reload's path and at a lower
priority; the newest index is served with every later build until the next one
is ready.
"""
from __future__ import annotations

import signal
import sys
import tempfile
import threading
import time
import webbrowser
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from . import search, urls
from .config import load_config
from .errors import BuildFailed, Problem, plural, sort_problems, summarize
from .files import remove_tree
from .livereload import STOP_WAIT_SECONDS, Built, LiveReloadServer, Published, ServerState
from .memo import Memo
from .pipeline import Options, catalogue_dirs, run, theme_dir
from .searchservice import PagefindService
from .sinks import InMemory, SiteFiles, save_warning


@dataclass
class ServeOptions:
    host: str = urls.PREVIEW_HOST
    port: int = urls.PREVIEW_PORT
    poll: bool = False
    open_browser: bool = False


class Abandoned(Exception):
    """The server is stopping: the rebuild under way is given up."""


class PreviewDestination(InMemory):
    """Memory, refusing more pages once the server is stopping: a rebuild under way then ends within a
    page, instead of rendering on to its end while Ctrl-C waits (it is a daemon thread, but one that
    holds the interpreter's lock slows every step of stopping and of Python's exit)."""

    def __init__(self, previous: SiteFiles | None, stopping: Callable[[], bool]):
        super().__init__(previous)
        self.stopping = stopping

    def write(self, path: str, data: bytes, key: str | None) -> None:
        if self.stopping():
            raise Abandoned
        super().write(path, data, key)


class PreviewSite:
    """The site built into memory, again and again, each time equal to a fresh full build."""

    def __init__(self, options: Options, stopping: Callable[[], bool] = lambda: False):
        self.options = options
        self.stopping = stopping
        self.memo = Memo.on_disk(options.cache_dir)
        self.previous: SiteFiles | None = None
        self.language: str | None = "en"   # the one language the search index is made in; None: each page says
        self.attempted = False   # a build was tried: the server's threads may be running, and the cache saved
        self.search_files: dict[str, bytes] = {}   # the newest search index, served until a newer one
        self.lock = threading.Lock()

    def rebuild(self, changed: frozenset[str] = frozenset()) -> Built:
        """Build from the inputs as they are now."""
        # Forking is safe only before the server's threads start: a process pool for the first try alone,
        # whether or not it succeeds.
        first, self.attempted = not self.attempted, True
        options = self.options if first else replace(self.options, parallel=False)
        destination = PreviewDestination(self.previous, self.stopping)
        try:
            result = run(options, self.memo, destination, changed)
        except Abandoned:
            return Built(None)
        except BuildFailed as failed:
            return failed_build(failed.problems)
        except OSError as error:
            return failed_build([Problem(str(error.filename or "?"), None, f"cannot read: {error.strerror}")])
        notes: list[Problem] = []
        if first:  # later rebuilds keep their parses in memory
            save_warning(self.memo.files.save, self.options.cache_dir, notes)
        self.previous = destination.result
        self.language = search.index_language(result.config)
        with self.lock:  # the newest search index goes with every build until a newer one is made
            files = {**self.search_files, **destination.result.files} if self.search_files else destination.result.files
        return Built(files, f"{plural(result.written, 'file')} rendered, {result.reused} unchanged",
                     messages=tuple(p.format() for p in notes))


def failed_build(problems: list[Problem]) -> Built:
    ordered = sort_problems(problems)
    return Built(None, summarize(problems), errors=tuple(p.format() for p in ordered if not p.warning),
                 messages=tuple(p.format() for p in ordered))


INDEX_CALM_SECONDS = 1.0   # indexing starts after this long without a save: a run of edits is indexed once


class SearchIndexer:
    """Index each published build's marked pages with Pagefind, from memory, one build at a time.

    Pagefind runs at a lower priority than the rebuilds, in a process of its own that stop() kills.
    It starts once the author has not saved for INDEX_CALM_SECONDS, and a save while it is handed the
    pages stops it: the next index is the newest build's, and no rebuild waits for the indexer. A build
    whose marked pages are the very bytes the last index was made from (an edit that changed no page
    search reads: a template's footer, a page without the mark) is not indexed again.
    """

    def __init__(self, site: PreviewSite, state: ServerState, service=PagefindService):
        self.site, self.state, self.make_service = site, state, service
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.pending: Published | None = None
        self.service = None                          # Pagefind, while it indexes
        self.indexed: dict[str, bytes] | None = None  # the marked pages of the last index, by path
        self.marks: dict[str, tuple[bytes, bool]] = {}  # path -> (bytes, marked?), so a page is looked at once

    def publish(self, published: Published) -> None:
        with self.lock:
            self.pending = published
            if self.thread is None:  # else the running indexer sees pending and indexes the newest build next
                self.thread = threading.Thread(target=self._index, name="timeline-search", daemon=True)
                self.thread.start()

    def _index(self) -> None:
        while True:
            with self.lock:  # decide to stop and say so in one step, so no publish is missed
                published, self.pending = self.pending, None
                if published is None or self.state.stopping:
                    self.thread = None
                    return
            if not self._calm():
                self._later(published)
                continue
            pages = self._marked(published.files)
            if self.indexed is not None and pages.keys() == self.indexed.keys() and all(
                    data is self.indexed[path] for path, data in pages.items()):
                files = self.site.search_files   # the same pages: the last index is theirs
            else:
                try:
                    files = self._make_index(pages)
                except BuildFailed as failed:
                    if not self.state.stopping:  # else Pagefind was stopped with the server: no error of the author's
                        for problem in failed.problems:
                            print(problem.format(), file=sys.stderr)
                    continue
                if files is None:
                    self._later(published)
                    continue
                self.indexed = pages
            with self.site.lock:  # later rebuilds serve this index until theirs is ready
                self.site.search_files = files
            self.state.add_files(published.number, files)  # and the build it was made for, if still current

    def _calm(self) -> bool:
        """Wait until no save has come for INDEX_CALM_SECONDS and none is being rebuilt; False when a newer
        build came meanwhile (it is indexed instead) or the server stops."""
        state = self.state
        with state.condition:
            while not state.stopping:
                quiet = time.monotonic() - state.last_change
                if state.done >= state.wanted and quiet >= INDEX_CALM_SECONDS:
                    break
                state.condition.wait(max(INDEX_CALM_SECONDS - quiet, 0.05))
        return not self._interrupted()

    def _interrupted(self) -> bool:
        """A save not yet rebuilt, a newer build to index, or the server stopping."""
        state = self.state
        return state.stopping or state.done < state.wanted or self.pending is not None

    def _later(self, published: Published) -> None:
        """Index this build when calm comes, unless a newer one is waiting (a failed rebuild publishes none)."""
        with self.lock:
            if self.pending is None and not self.state.stopping:
                self.pending = published

    def _marked(self, files) -> dict[str, bytes]:
        """The pages Pagefind would index of a build (every HTML page when none is marked)."""
        marks = {}
        for path, data in files.items():
            if path.endswith(".html") and not path.startswith(urls.SEARCH_BUNDLE):
                known = self.marks.get(path)
                marks[path] = known if known is not None and known[0] is data else (
                    data, search.is_searchable(path, data))
        self.marks = marks
        marked = {path: data for path, (data, is_marked) in marks.items() if is_marked}
        return marked or {path: data for path, (data, _) in marks.items()}

    def _make_index(self, pages: dict[str, bytes]) -> dict[str, bytes] | None:
        """The index of pages, its files by path in the site; None when a save or the server's end came
        while Pagefind was handed the pages."""
        with self.lock:
            if self.state.stopping:
                return None
            service = self.service = self.make_service(self.site.language, background=True)
        try:
            for path, data in pages.items():
                if self._interrupted():
                    return None
                service.add_page(path, data)
            return {urls.SEARCH_BUNDLE + path: data for path, data in service.files().items()}
        finally:
            with self.lock:
                self.service = None
            service.close()

    def stop(self) -> None:
        """End indexing at once, once state.stopping is set: Pagefind is killed, not waited for."""
        with self.lock:
            service = self.service
        if service is not None:
            service.close()
        thread = self.thread
        if thread is not None:
            thread.join(STOP_WAIT_SECONDS)


def serve(options: Options, serve_options: ServeOptions, out=sys.stdout) -> int:
    """Build, serve and rebuild until Ctrl-C; return the exit code."""
    if serve_options.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {serve_options.host}: this server is for previewing only, "
              "not for publishing", file=sys.stderr)
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    workdir = Path(tempfile.mkdtemp(prefix="timeline-serve-"))
    try:
        return _serve(options, serve_options, workdir, out)
    except KeyboardInterrupt:  # before the server was made
        print("Stopping", file=out, flush=True)
        return 0
    finally:
        remove_tree(workdir)
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _hold_interrupts() -> None:
    """Stopping takes a moment; a second Ctrl-C (people press it twice) must not cut it short halfway,
    leaving Pagefind running or the temporary folder behind, with a traceback."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _serve(options: Options, serve_options: ServeOptions, workdir: Path, out) -> int:
    config, _ = load_config(options.config_path, options.config_explicit)
    base_url = options.base_url or (config.base_url if config else None)
    try:
        server = LiveReloadServer(serve_options.host, serve_options.port, urlsplit(base_url).path if base_url else "/",
                                  urls.NOT_FOUND)
    except OSError as error:
        print(f"error: cannot listen on {serve_options.host}:{serve_options.port}: {error.strerror}", file=sys.stderr)
        return 1
    local = server.url
    site = PreviewSite(replace(options, base_url=local, output_dir=workdir / "site"), lambda: server.state.stopping)
    indexer = SearchIndexer(site, server.state)
    folders = [options.content_dir, theme_dir(options, "templates"), theme_dir(options, "static"), *catalogue_dirs(options)]
    code = 0
    try:
        server.start(site.rebuild, folders, [options.config_path], serve_options.poll, out,
                     on_publish=indexer.publish if options.search else None)
        drafts = "drafts shown, marked DRAFT" if options.drafts else "drafts left out"
        print(f"Serving {local} ({drafts}; Ctrl-C stops)", file=out, flush=True)
        if serve_options.open_browser:
            webbrowser.open(local)
        server.wait()
    except KeyboardInterrupt:
        print("Stopping", file=out, flush=True)
    except OSError as error:  # the watcher could not start: too many watches, an unreadable folder
        print(f"error: cannot watch for changes: {error.strerror or error}"
              + ("" if serve_options.poll else "; try --poll"), file=sys.stderr)
        code = 1
    finally:
        _hold_interrupts()
        server.stop()
        indexer.stop()
    return code
