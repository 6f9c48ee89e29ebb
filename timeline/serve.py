"""The preview server: build into a private folder, rebuild on save, reload open pages, show errors in them.

Three parts, in the shape of MkDocs' livereload:

- SiteBuilder turns the inputs into a Generation (every file of the site, in
  memory, by path) and rebuilds incrementally: unchanged files are not read
  again and pages whose input key is unchanged keep their bytes, so each
  generation equals what a full build would write.
- The watcher only notes what changed under a Condition; one builder thread
  waits for a short calm and rebuilds, and throws the rebuild away (then waits
  for a longer calm) if more changes arrived while it ran. A generation is
  published whole by swapping one reference, so a reader never sees half a build.
- The HTTP handler serves the current generation, injecting the reload script
  into HTML responses only; /__serve/events streams build numbers and errors.

The pages are also mirrored into a temporary folder for the search indexer,
after the reload has been sent.
"""
from __future__ import annotations

import json
import logging
import mimetypes
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import webbrowser
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

from . import pipeline, replan
from .cache import Loader
from .errors import BuildFailed, Problem, sort_problems

log = logging.getLogger(__name__)

QUIET_SECONDS = 0.1          # a burst of file events becomes one rebuild after this much calm
SETTLE_SECONDS = 0.01        # a single save starts a rebuild after this much calm; a burst that outlasts it
                             # throws that rebuild away and waits for QUIET_SECONDS of calm
REQUEST_WAIT_SECONDS = 5.0   # a request during a rebuild waits at most this long, then gets the last good build
EVENTS_PATH = "/__serve/events"
JUNK_SUFFIXES = (".swp", ".swx", ".swo", ".swpx", "~", ".tmp", ".bck", ".bak", ".part", ".crdownload")
WATCHED_KINDS = {"created", "modified", "moved", "deleted"}
SEARCH_BUNDLE = "pagefind/"


# ---- building --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Generation:
    """One complete build: every file of the site by path, and the input key of each."""

    number: int
    files: dict[str, bytes]
    keys: dict[str, str]


@dataclass
class Outcome:
    """What one rebuild did, for the terminal line."""

    generation: Generation | None
    problems: list[Problem]
    written: int = 0     # files rendered afresh
    reused: int = 0      # files kept from the previous build
    seconds: float = 0.0
    discarded: bool = False  # inputs changed while it ran: nothing was published


class MemorySink:
    """Collect a build's files in memory, keeping the previous bytes of pages whose inputs are unchanged."""

    def __init__(self, previous: Generation | None):
        self.previous = previous
        self.files: dict[str, bytes] = {}

    def reuse(self, path: str, key: str | None) -> bool:
        if self.previous is None or key is None or self.previous.keys.get(path) != key:
            return False
        data = self.previous.files.get(path)
        if data is None:
            return False
        self.files[path] = data
        return True

    def write(self, path: str, data: bytes, key: str | None) -> None:
        if path in self.files:
            raise ValueError(f"{path} would be written twice")
        self.files[path] = data


class SiteBuilder:
    """Build the site into memory, again and again, each time equal to a fresh full build."""

    def __init__(self, options: pipeline.Options):
        self.options = options
        self.loader = Loader(options.cache_dir, parallel=options.parallel)
        self.current: Generation | None = None
        self.number = 0
        self.language = "en"
        self.attempted = False  # a build has been tried: the server's threads may be running now
        self.plan: replan.Plan | None = None  # the last published build's plan, for the next edit to update

    def rebuild(self, changed: frozenset[str] = frozenset(), still_current=lambda: True) -> Outcome:
        """Build from the inputs as they are now; on success the result becomes current.

        still_current() is asked at the end: when it says the inputs changed while the build read
        them, the build may mix old and new files, so it is thrown away and nothing changes here.
        """
        started = time.perf_counter()
        with pipeline.fewer_collections():
            outcome = self._rebuild(changed, started, still_current)
        if outcome.generation is None and not outcome.discarded and not still_current():
            return replace(outcome, problems=[], discarded=True)  # failed half-way through an editor's save
        return outcome

    def _rebuild(self, changed: frozenset[str], started: float, still_current) -> Outcome:
        try:
            checked = pipeline.check(self.options, self.loader, changed)
            first, self.attempted = not self.attempted, True
            if not first:
                self.loader.parallel = False
            sink = MemorySink(self.current)
            for data, published in checked.asset_copies:
                sink.write(published, data, None)
            # Forking is safe only before the server's threads start: pools for the first build alone.
            plan = pipeline.plan_render(checked, self.plan)
            rendered = pipeline.render_site(checked, sink, parallel=first and self.options.parallel, planned=plan)
        except BuildFailed as failed:
            return Outcome(None, failed.problems, seconds=time.perf_counter() - started)
        except OSError as error:
            return Outcome(None, [Problem(str(error.filename or "?"), None, f"cannot read: {error.strerror}")],
                           seconds=time.perf_counter() - started)
        if not still_current():
            return Outcome(None, [], seconds=time.perf_counter() - started, discarded=True)
        self.number += 1
        self.plan = plan
        self.language = checked.config.language
        if self.current is not None:  # keep the last search index until the indexer has caught up
            for path, data in self.current.files.items():
                if path.startswith(SEARCH_BUNDLE) and path not in sink.files:
                    sink.files[path] = data
        self.current = Generation(self.number, sink.files, rendered.keys)
        if self.number == 1:
            self.loader.save()  # later rebuilds keep their parses in memory
        return Outcome(self.current, checked.problems, rendered.written, len(rendered.keys) - rendered.written,
                       time.perf_counter() - started)


# ---- shared state ------------------------------------------------------------------------------

class ServerState:
    """What the builder thread, the watcher and the request threads share, under one Condition.

    wanted counts changes seen; done counts changes a finished rebuild has taken
    in. A request waits (bounded) while done < wanted, then reads `generation`,
    which is only ever replaced whole.
    """

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.wanted = 0
        self.done = 0
        self.changed: set[str] = set()
        self.last_change = 0.0
        self.generation: Generation | None = None
        self.problems: list[Problem] = []   # errors of the last rebuild; empty when it was good
        self.stopping = False

    def note_change(self, path: str) -> None:
        with self.condition:
            self.wanted += 1
            self.changed.add(path)
            self.last_change = time.monotonic()
            self.condition.notify_all()

    def settled_generation(self) -> Generation | None:
        """The newest complete build, waiting a little for a rebuild that is under way."""
        deadline = time.monotonic() + REQUEST_WAIT_SECONDS
        with self.condition:
            while self.done < self.wanted and not self.stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.condition.wait(remaining)
            return self.generation

    def status(self) -> dict:
        with self.condition:
            return {"build": self.generation.number if self.generation else 0,
                    "errors": [p.format() for p in sort_problems(self.problems) if not p.warning]}


# ---- watching ----------------------------------------------------------------------------------

def is_editor_junk(path: str) -> bool:
    """Swap, backup and temporary files editors write beside the real one."""
    name = os.path.basename(path)
    return (name.endswith(JUNK_SUFFIXES) or name.startswith((".#", ".")) or name == "4913"
            or (name.startswith("#") and name.endswith("#")))


def watched_roots(options: pipeline.Options) -> list[tuple[Path, bool]]:
    """(folder, recursive) pairs: content, templates, static, and the config file's folder."""
    roots = [(options.content_dir.resolve(), True),
             (pipeline.theme_dir(options, "templates").resolve(), True),
             (pipeline.theme_dir(options, "static").resolve(), True),
             (options.config_path.resolve().parent, False)]
    return [(folder, recursive) for folder, recursive in roots if folder.is_dir()]


class ChangeHandler:
    """Turn watchdog events into noted changes: inputs only, editor junk dropped, moves seen from both ends."""

    def __init__(self, state: ServerState, options: pipeline.Options):
        self.state = state
        self.config_path = str(options.config_path.resolve())
        self.recursive_roots = [str(folder) for folder, recursive in watched_roots(options) if recursive]

    def dispatch(self, event) -> None:
        if event.event_type not in WATCHED_KINDS or (event.is_directory and event.event_type == "modified"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = os.fsdecode(raw) if raw else ""
            if path and self.is_input(path):
                self.state.note_change(path)

    def is_input(self, path: str) -> bool:
        if is_editor_junk(path):
            return False
        if path == self.config_path:
            return True
        return any(path == root or path.startswith(root + os.sep) for root in self.recursive_roots)


def start_watching(state: ServerState, options: pipeline.Options, poll: bool):
    if poll:
        from watchdog.observers.polling import PollingObserver as Observer
    else:
        from watchdog.observers import Observer
    observer = Observer(timeout=0.2) if poll else Observer()
    handler = ChangeHandler(state, options)
    for folder, recursive in watched_roots(options):
        observer.schedule(handler, str(folder), recursive=recursive)
    observer.daemon = True
    observer.start()
    return observer


# ---- the builder thread ------------------------------------------------------------------------

class BuildLoop(threading.Thread):
    """Wait for changes, let them settle, rebuild, publish; then mirror the pages for the search index."""

    def __init__(self, state: ServerState, builder: SiteBuilder, mirror: Path | None, out=sys.stdout):
        super().__init__(name="timeline-builder", daemon=True)
        self.state, self.builder, self.mirror, self.out = state, builder, mirror, out
        self.mirrored: dict[str, bytes] = {}
        self.index_thread: threading.Thread | None = None
        self.index_lock = threading.Lock()
        self.index_pending = False

    def run(self) -> None:
        # A save is one or a few file events within milliseconds: rebuild after a short settle.
        # When more events arrive while that rebuild reads the files (a git checkout, a slow
        # editor), it is thrown away and the next one waits for the full quiet period.
        calm_needed = SETTLE_SECONDS
        while True:
            with self.state.condition:
                while self.state.done >= self.state.wanted and not self.state.stopping:
                    self.state.condition.wait()
                if self.state.stopping:
                    return
                while not self.state.stopping:
                    calm = time.monotonic() - self.state.last_change
                    if calm >= calm_needed:
                        break
                    self.state.condition.wait(calm_needed - calm)
                if self.state.stopping:
                    return
                target, changed = self.state.wanted, frozenset(self.state.changed)
                self.state.changed.clear()
            try:
                outcome = self.builder.rebuild(changed, still_current=lambda: self._unchanged_since(target))
            except Exception as error:  # a bug, not the author's mistake: say so and keep serving
                log.exception("rebuild failed")
                outcome = Outcome(None, [Problem("build", None, f"internal error: {type(error).__name__}: {error}")])
            if outcome.discarded:
                with self.state.condition:
                    self.state.changed |= changed  # read again next time, whatever their timestamps say
                calm_needed = QUIET_SECONDS
                continue
            calm_needed = SETTLE_SECONDS
            self.publish(outcome, target, changed)

    def _unchanged_since(self, target: int) -> bool:
        with self.state.condition:
            return self.state.wanted == target

    def publish(self, outcome: Outcome, target: int, changed: frozenset[str]) -> None:
        with self.state.condition:
            if outcome.generation is not None:
                self.state.generation = outcome.generation
                self.state.problems = []
            else:
                self.state.problems = outcome.problems
            self.state.done = max(self.state.done, target)
            self.state.condition.notify_all()
        what = describe(changed)
        if outcome.generation is None:
            for problem in sort_problems(outcome.problems):
                print(problem.format(), file=sys.stderr)
            errors = [p for p in outcome.problems if not p.warning]
            print(f"Rebuild failed ({what}): {len(errors)} error(s); still serving the last good build", file=self.out, flush=True)
            return
        print(f"Rebuilt #{outcome.generation.number} ({what}): {outcome.written} files rendered, "
              f"{outcome.reused} unchanged, in {outcome.seconds * 1000:.0f} ms", file=self.out, flush=True)
        self.after_publish(outcome.generation)

    def after_publish(self, generation: Generation) -> None:
        """Mirror the pages into the private folder and index them for search, off the reload's path."""
        if self.mirror is None or not self.builder.options.search:
            return
        with self.index_lock:
            self.index_pending = True
            if self.index_thread is not None:
                return  # the running indexer sees index_pending and indexes the newest build next
            self.index_thread = threading.Thread(target=self._index, name="timeline-search", daemon=True)
            self.index_thread.start()

    def _index(self) -> None:
        while True:
            with self.index_lock:  # decide to stop and say so in one step, so no publish is missed
                if not self.index_pending or self.state.stopping:
                    self.index_thread = None
                    return
                self.index_pending = False
            generation = self.state.generation
            if generation is None:
                continue
            try:
                self._sync_mirror(generation)
                bundle = self.mirror / SEARCH_BUNDLE
                shutil.rmtree(bundle, ignore_errors=True)
                pipeline.index_site(self.mirror, self.builder.language, previous_site=None)
                extra = {str(p.relative_to(self.mirror)): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
            except (BuildFailed, OSError) as error:
                problems = error.problems if isinstance(error, BuildFailed) else [Problem("search", None, str(error))]
                for problem in problems:
                    print(problem.format(), file=sys.stderr)
                continue
            with self.state.condition:
                if self.state.generation is generation:
                    self.state.generation = replace(generation, files={**generation.files, **extra})
            # Later rebuilds keep serving this index until theirs is ready (see SiteBuilder._rebuild).
            current = self.builder.current
            if current is not None and current.number == generation.number:
                self.builder.current = replace(current, files={**current.files, **extra})

    def _sync_mirror(self, generation: Generation) -> None:
        """Make the mirror folder hold the generation's pages (the search bundle is the indexer's own)."""
        for path in set(self.mirrored) - set(generation.files):
            (self.mirror / path).unlink(missing_ok=True)
            del self.mirrored[path]
        for path, data in generation.files.items():
            if path.startswith(SEARCH_BUNDLE):
                continue
            if self.mirrored.get(path) is not data:
                target = self.mirror / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                self.mirrored[path] = data


def describe(changed: frozenset[str]) -> str:
    if not changed:
        return "start"
    names = sorted(os.path.relpath(path) for path in changed)
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


# ---- HTTP --------------------------------------------------------------------------------------

RELOAD_SCRIPT = """(function () {
  var built = %(build)d, overlay = null;
  function show(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "timeline-serve-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2em;" +
        "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap";
      document.documentElement.appendChild(overlay);
    }
    overlay.textContent = "The last rebuild failed; showing the last good build.\\n\\n" + errors.join("\\n");
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var source = new EventSource("%(events)s");
  source.onmessage = function (message) {
    var status = JSON.parse(message.data);
    document.documentElement.dataset.serveConnected = "true";
    if (status.errors.length) { show(status.errors); return; }
    hide();
    if (status.build !== built) { source.close(); location.reload(); }
  };
})();
"""


def inject(html: bytes, build: int) -> bytes:
    """Put the reload script before the last </body> (or at the end), in this response only."""
    tag = f'<script>{RELOAD_SCRIPT % {"build": build, "events": EVENTS_PATH}}</script>'.encode()
    at = html.lower().rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


def request_path(target: str, base_path: str) -> str | None:
    """Map a request target to a site file path ("" or ending in "/" for a folder), or None when unsafe.

    Each segment is percent-decoded exactly once. A segment that decodes to a
    slash, backslash, NUL or other control character, invalid UTF-8, or "..",
    is refused rather than interpreted, so no spelling of a path can climb out.
    """
    raw = target.split("#", 1)[0].split("?", 1)[0]
    if not raw.startswith("/"):
        raw = urlsplit(raw).path  # absolute-form targets: http://host/path
    segments = []
    for encoded in raw.split("/"):
        decoded = unquote_to_bytes(encoded)
        if b"/" in decoded or b"\\" in decoded or any(byte < 0x20 or byte == 0x7f for byte in decoded):
            return None
        try:
            segment = decoded.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if segment == "..":
            return None
        if segment not in ("", "."):
            segments.append(segment)
    prefix = [part for part in base_path.split("/") if part]
    if prefix and segments[:len(prefix)] == prefix:
        segments = segments[len(prefix):]
    path = "/".join(segments)
    return path + "/" if path and raw.endswith("/") else path


class Handler(BaseHTTPRequestHandler):
    server_version = "timeline-serve"
    protocol_version = "HTTP/1.1"
    state: ServerState
    base_path: str

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows rebuilds and problems
        log.debug(format, *args)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self.stream_events()
        else:
            self.respond(head=False)

    def respond(self, head: bool) -> None:
        generation = self.state.settled_generation()
        relative = request_path(self.path, self.base_path)
        if generation is None:  # no good build yet: a page that shows the errors and reloads when fixed
            page = inject(b"<!doctype html><title>No build yet</title><body><p>No good build yet.</p></body>", 0)
            return self.send_bytes(HTTPStatus.SERVICE_UNAVAILABLE, page, "text/html; charset=utf-8", head)
        if relative is None:
            return self.not_found(generation, head)
        name = relative + "index.html" if relative.endswith("/") or relative == "" else relative
        data = generation.files.get(name)
        if data is None and f"{name}/index.html" in generation.files:
            location = self.base_path + name + "/"
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", "/" + location.lstrip("/"))  # never "//host"
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if data is None:
            return self.not_found(generation, head)
        self.send_file(HTTPStatus.OK, name, data, generation, head)

    def not_found(self, generation: Generation, head: bool) -> None:
        page = generation.files.get("404.html")
        if page is None:
            return self.send_bytes(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", head)
        self.send_file(HTTPStatus.NOT_FOUND, "404.html", page, generation, head)

    def send_file(self, status: HTTPStatus, name: str, data: bytes, generation: Generation, head: bool) -> None:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject(data, generation.number)
        if kind.startswith("text/") or kind in ("application/json", "application/xml", "image/svg+xml", "application/javascript"):
            kind += "; charset=utf-8"
        self.send_bytes(status, data, kind, head)

    def send_bytes(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def stream_events(self) -> None:
        """Server-Sent Events: the build number and errors now, then on every change."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        last = None
        try:
            while True:
                status = self.state.status()
                if status != last:
                    self.wfile.write(f"data: {json.dumps(status)}\n\n".encode())
                    self.wfile.flush()
                    last = status
                with self.state.condition:
                    if self.state.stopping:
                        return
                    if self.state.status() == last:
                        self.state.condition.wait(15)
                if self.state.status() == last:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


# ---- the command -----------------------------------------------------------------------------

@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    poll: bool = False
    open_browser: bool = False


def serve(options: pipeline.Options, serve_options: ServeOptions, out=sys.stdout) -> int:
    """Build, serve and rebuild until Ctrl-C; return the exit code."""
    if serve_options.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {serve_options.host}: this server is for previewing only, "
              "not for publishing", file=sys.stderr)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    workdir = Path(tempfile.mkdtemp(prefix="timeline-serve-"))
    try:
        return _serve(options, serve_options, workdir, out)
    except KeyboardInterrupt:  # during the first build
        print("Stopping", file=out, flush=True)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _serve(options: pipeline.Options, serve_options: ServeOptions, workdir: Path, out) -> int:
    state = ServerState()
    try:
        httpd = Server((serve_options.host, serve_options.port), Handler)
    except OSError as error:
        print(f"error: cannot listen on {serve_options.host}:{serve_options.port}: {error.strerror}", file=sys.stderr)
        return 1
    host, port = httpd.server_address[:2]
    base_url = options.base_url or _configured_base_url(options)
    base_path = urlsplit(base_url).path if base_url else "/"
    local = f"http://{host if ':' not in host else '[' + host + ']'}:{port}{base_path or '/'}"
    options = replace(options, base_url=local, output_dir=workdir / "site")
    Handler.state, Handler.base_path = state, base_path or "/"
    builder = SiteBuilder(options)
    loop = BuildLoop(state, builder, workdir / "site", out)
    first = builder.rebuild()
    loop.publish(first, 0, frozenset())
    observer = start_watching(state, options, serve_options.poll)
    loop.start()
    server_thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                     name="timeline-http", daemon=True)
    server_thread.start()
    print(f"Serving {local} (Ctrl-C stops)", file=out, flush=True)
    if serve_options.open_browser:
        webbrowser.open(local)
    try:
        while server_thread.is_alive():
            server_thread.join(0.5)
    except KeyboardInterrupt:
        print("Stopping", file=out, flush=True)
    finally:
        with state.condition:
            state.stopping = True
            state.condition.notify_all()
        observer.stop()
        httpd.shutdown()
        httpd.server_close()
        observer.join(5)
        loop.join(5)
        if loop.index_thread is not None:
            loop.index_thread.join(30)
    return 0


def _configured_base_url(options: pipeline.Options) -> str | None:
    from .config import load_config
    config, _ = load_config(options.config_path, options.config_explicit)
    return config.base_url if config else None
