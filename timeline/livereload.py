"""A live-reload preview server that knows nothing of what it serves (MkDocs' LiveReloadServer is the model).

It is handed a rebuild(changed_paths) callable, which returns every file of the
site in memory, and the folders and files to watch:

- The watcher (watch.py) notes changed paths under one Condition. One builder
  thread waits for a short calm, rebuilds, and publishes the result whole, by
  swapping one reference, so a reader never sees half a build. When more
  changes arrive while a rebuild runs, its result is thrown away unpublished and
  the next rebuild waits for a longer calm: a burst of saves becomes one build.
- Two counters, changes wanted and changes done: a request that arrives during
  a rebuild waits for it (bounded), or gets the last complete build.
- The HTTP side serves the current build from memory, the site's own 404.html
  for a missing file, and injects the reload script into HTML responses only;
  /__serve/events streams the build number and errors (Server-Sent Events), so
  open pages reload after a good build and show the errors of a failed one.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from .errors import plural, visible
from .httpserve import PreviewHTTPServer

log = logging.getLogger(__name__)

QUIET_SECONDS = 0.1          # a burst of file events becomes one rebuild after this much calm
SETTLE_SECONDS = 0.01        # a single save starts a rebuild after this much calm; a burst that outlasts it
                             # throws that rebuild away and waits for QUIET_SECONDS of calm
REQUEST_WAIT_SECONDS = 5.0   # a request during a rebuild waits at most this long, then gets the last good build
STOP_WAIT_SECONDS = 1.0      # stop() waits at most this long for the serving and watching threads (they end at once)


@dataclass(frozen=True)
class Built:
    """What one rebuild hands the server."""

    files: Mapping[str, bytes] | None     # every file of the site by path; None: the rebuild failed
    summary: str = ""                     # what the rebuild did, or a failed one's count of errors, for the terminal
    errors: tuple[str, ...] = ()          # a failed rebuild's errors, shown over every open page
    messages: tuple[str, ...] = ()        # lines for the terminal's error stream


@dataclass(frozen=True)
class Published:
    """A build being served: its number (1, 2, ...) and its files."""

    number: int
    files: Mapping[str, bytes]


@dataclass
class ServerState:
    """What the builder thread, the watcher and the request threads share, under one Condition.

    wanted counts changes seen; done counts changes a finished rebuild has taken
    in. A request waits (bounded) while done < wanted, then reads `current`,
    which is only ever replaced whole.
    """

    condition: threading.Condition = field(default_factory=threading.Condition)
    wanted: int = 0
    done: int = 0
    changed: set[str] = field(default_factory=set)
    last_change: float = 0.0
    current: Published | None = None
    errors: tuple[str, ...] = ()   # the last rebuild's errors; empty when it was good
    stopping: bool = False

    def note_change(self, path: str) -> None:
        with self.condition:
            self.wanted += 1
            self.changed.add(path)
            self.last_change = time.monotonic()
            self.condition.notify_all()

    def settled(self) -> Published | None:
        """The newest complete build, waiting a little for a rebuild that is under way."""
        deadline = time.monotonic() + REQUEST_WAIT_SECONDS
        with self.condition:
            while self.done < self.wanted and not self.stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.condition.wait(remaining)
            return self.current

    def status(self) -> dict:
        with self.condition:
            return {"build": self.current.number if self.current else 0, "errors": list(self.errors)}

    def add_files(self, number: int, files: Mapping[str, bytes]) -> bool:
        """Serve more files with build `number` (a search index made after it), if it is still current."""
        with self.condition:
            if self.current is None or self.current.number != number:
                return False
            self.current = Published(number, {**self.current.files, **files})
            self.condition.notify_all()
            return True


class BuildLoop(threading.Thread):
    """Wait for changes, let them settle, rebuild, publish."""

    def __init__(self, state: ServerState, rebuild: Callable[[frozenset[str]], Built], out=sys.stdout,
                 on_publish: Callable[[Published], None] | None = None):
        super().__init__(name="livereload-builder", daemon=True)
        self.state, self.rebuild, self.out, self.on_publish = state, rebuild, out, on_publish
        self.published = 0
        self.output = threading.Lock()   # held while a line is printed; see quiet()

    def run(self) -> None:
        # A save is one or a few file events within milliseconds: rebuild after a short settle.
        # When more events arrive while that rebuild reads the files (a git checkout, a slow
        # editor), it is thrown away and the next one waits for the full quiet period.
        calm_needed = SETTLE_SECONDS
        while True:
            with self.state.condition:
                while self.state.done >= self.state.wanted and not self.state.stopping:
                    self.state.condition.wait()
                while not self.state.stopping:
                    calm = time.monotonic() - self.state.last_change
                    if calm >= calm_needed:
                        break
                    self.state.condition.wait(calm_needed - calm)
                if self.state.stopping:
                    return
                target, changed = self.state.wanted, frozenset(self.state.changed)
                self.state.changed.clear()
            started = time.perf_counter()
            built = self.build(changed)
            with self.state.condition:
                discarded = self.state.wanted != target
                if discarded:  # inputs changed while it read them: it may mix old and new files
                    self.state.changed |= changed  # read again next time, whatever their timestamps say
            if discarded:
                calm_needed = QUIET_SECONDS
                continue
            calm_needed = SETTLE_SECONDS
            self.publish(built, target, changed, time.perf_counter() - started)

    def build(self, changed: frozenset[str]) -> Built:
        try:
            return self.rebuild(changed)
        except Exception as error:  # a bug, not the author's mistake: say so and keep serving
            with self.output:
                if not self.state.stopping:
                    log.exception("rebuild failed")
            message = f"build: internal error: {type(error).__name__}: {error}"
            return Built(None, errors=(message,), messages=(message,))

    def publish(self, built: Built, target: int, changed: frozenset[str], seconds: float) -> Published | None:
        """Make a rebuild's result current (or its errors visible) and say so on the terminal; once the
        server is stopping, a rebuild that was under way is dropped unseen and unsaid."""
        with self.output:
            return self._publish(built, target, changed, seconds)

    def _publish(self, built: Built, target: int, changed: frozenset[str], seconds: float) -> Published | None:
        with self.state.condition:
            if self.state.stopping:
                return None
            published = None
            if built.files is not None:
                self.published += 1
                published = self.state.current = Published(self.published, built.files)
            self.state.errors = () if published else built.errors
            self.state.done = max(self.state.done, target)
            self.state.condition.notify_all()
        what = describe(changed)
        for line in built.messages:
            print(line, file=sys.stderr)
        if published is None:
            serving = "still serving the last good build" if self.published else "nothing to serve until it builds"
            print(f"Rebuild failed ({what}): {built.summary or plural(len(built.errors), 'error')}; {serving}",
                  file=self.out, flush=True)
            return None
        print(f"Rebuilt #{published.number} ({what}): {built.summary}, in {seconds * 1000:.0f} ms",
              file=self.out, flush=True)
        if self.on_publish is not None:
            self.on_publish(published)
        return published

    def quiet(self) -> None:
        """Wait for a line being printed; none is printed after this, once state.stopping is set.

        The builder is a daemon thread that stop() does not wait for, and a daemon thread caught
        holding the terminal's buffer when Python exits makes the exit fail."""
        with self.output:
            pass


def describe(changed: frozenset[str]) -> str:
    if not changed:
        return "start"
    names = sorted(visible(os.path.relpath(path)) for path in changed)  # a name may hold terminal escapes
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


class LiveReloadServer:
    """Bind, build, serve and rebuild on change until stop(); the site is whatever rebuild returns."""

    def __init__(self, host: str, port: int, base_path: str = "/", not_found: str = "404.html"):
        self.state = ServerState()
        self.http = PreviewHTTPServer((host, port), self.state, base_path, not_found)  # binds now: OSError if it cannot
        self.loop: BuildLoop | None = None
        self._observer = None
        self._http_thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.http.server_address[:2]
        return f"http://{host if ':' not in host else '[' + host + ']'}:{port}{self.http.base_path}"

    def start(self, rebuild: Callable[[frozenset[str]], Built], folders: list[Path], files: list[Path],
              poll: bool = False, out=sys.stdout, on_publish: Callable[[Published], None] | None = None) -> None:
        """Build once, then watch, rebuild and serve in background threads."""
        from .watch import start_watching
        self.loop = BuildLoop(self.state, rebuild, out, on_publish)
        started = time.perf_counter()
        self.loop.publish(self.loop.build(frozenset()), 0, frozenset(), time.perf_counter() - started)
        self._observer = start_watching(folders, files, self.state.note_change, poll)
        self.loop.start()
        self._http_thread = threading.Thread(target=self.http.serve_until_stopped, name="livereload-http", daemon=True)
        self._http_thread.start()

    def wait(self) -> None:
        """Block until the HTTP thread ends (Ctrl-C raises KeyboardInterrupt here)."""
        while self._http_thread is not None and self._http_thread.is_alive():
            self._http_thread.join(0.5)

    def stop(self) -> None:
        """Stop at once: open event streams end, serving and watching end, and a rebuild under way is
        not waited for (it writes nothing; its result is dropped, unseen)."""
        with self.state.condition:
            self.state.stopping = True
            self.state.condition.notify_all()
        if self.loop is not None:
            self.loop.quiet()
        if self._observer is not None:
            self._observer.stop()
        self.http.stop_serving()
        if self._http_thread is not None:
            self._http_thread.join(STOP_WAIT_SECONDS)
        self.http.server_close()
        if self._observer is not None:
            self._observer.join(STOP_WAIT_SECONDS)
