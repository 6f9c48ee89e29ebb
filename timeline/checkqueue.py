"""Check many addresses at once, politely: a few requests per host, a delay between them, retries, a deadline.

Worker threads take the next address whose host has a free slot and has waited
its delay; a failure worth retrying (a timeout, a 5xx, a 429) goes back in the
queue for later (after the server's Retry-After, or a growing pause). The caller's
thread only waits for results, so the overall deadline and Ctrl-C are honoured
at once: what finished is returned, and workers still inside a request are left
to end on their own (they are daemon threads with a timeout of their own).
"""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from .connectto import ConnectTo
from .linkcheck import Fetched, Verdict, fetch, judge

MAX_RETRY_WAIT = 60.0    # a Retry-After longer than this is not waited for


@dataclass(frozen=True)
class Politeness:
    timeout: float = 15.0        # seconds for one request, redirects included
    per_host: int = 2            # requests in flight to one host
    delay: float = 0.5           # seconds between the starts of two requests to one host
    retries: int = 2             # further tries of an address that timed out or answered 5xx/429
    deadline: float = 600.0      # seconds for the whole run
    workers: int = 16


@dataclass(frozen=True)
class Checked:
    url: str
    fetched: Fetched
    verdict: Verdict
    attempts: int


@dataclass
class _Host:
    active: int = 0
    next_start: float = 0.0
    waiting: list = field(default_factory=list)   # [(not_before, url, attempt)]


class _Queue:
    def __init__(self, urls: list[str], politeness: Politeness):
        self.politeness = politeness
        self.hosts: dict[str, _Host] = {}
        for url in urls:
            self.hosts.setdefault(_host_key(url), _Host()).waiting.append((0.0, url, 1))
        self.condition = threading.Condition()
        self.stopped = False
        self.left = len(urls)

    def take(self) -> tuple[str, int] | None:
        """The next address a worker may fetch now, waiting until there is one; None when all is done."""
        with self.condition:
            while not self.stopped and self.left:
                now = time.monotonic()
                soonest = None
                for key, host in self.hosts.items():
                    if not host.waiting or host.active >= self.politeness.per_host:
                        continue
                    not_before, url, attempt = host.waiting[0]
                    ready = max(not_before, host.next_start)
                    if ready <= now:
                        host.waiting.pop(0)
                        host.active += 1
                        host.next_start = now + self.politeness.delay
                        return url, attempt
                    soonest = ready if soonest is None else min(soonest, ready)
                self.condition.wait(None if soonest is None else soonest - now)
            return None

    def done(self, url: str, again_after: float | None, attempt: int) -> None:
        """A worker finished url: count it, or put it back to try again after again_after seconds."""
        with self.condition:
            host = self.hosts[_host_key(url)]
            host.active -= 1
            if again_after is None:
                self.left -= 1
            else:
                host.waiting.append((time.monotonic() + again_after, url, attempt + 1))
                host.waiting.sort(key=lambda item: item[0])
            self.condition.notify_all()

    def stop(self) -> None:
        with self.condition:
            self.stopped = True
            self.condition.notify_all()


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower()


def check_all(urls: list[str], politeness: Politeness, on_result: Callable[[Checked], None],
              connect_to: ConnectTo | None = None) -> list[str]:
    """Check every address, calling on_result (in this thread) as each is judged; return those left
    unchecked when the deadline passed. KeyboardInterrupt stops the workers and is raised again, after
    every result that had arrived was handed to on_result. connect_to: --connect-to's rules; politeness
    is still per host as the address names it."""
    unique = list(dict.fromkeys(urls))
    work = _Queue(unique, politeness)
    results: queue.Queue[Checked] = queue.Queue()
    finished: set[str] = set()

    def worker() -> None:
        while True:
            taken = work.take()
            if taken is None:
                return
            url, attempt = taken
            try:
                fetched = fetch(url, politeness.timeout, connect_to=connect_to)
            except Exception as error:  # noqa: BLE001 - one odd address must not cost the run its result
                fetched = Fetched(url, error=f"could not be checked ({type(error).__name__}: {error})")
            verdict = judge(fetched)
            again = None
            if verdict.retry and attempt <= politeness.retries:
                wait = fetched.retry_after if fetched.retry_after is not None else politeness.delay * 2 ** attempt
                again = wait if wait <= MAX_RETRY_WAIT else None
            if again is None:
                results.put(Checked(url, fetched, verdict, attempt))
            work.done(url, again, attempt)

    count = min(politeness.workers, max(1, len(work.hosts) * politeness.per_host))
    for _ in range(count):
        threading.Thread(target=worker, daemon=True, name="source-check").start()
    ends = time.monotonic() + politeness.deadline
    total = len(unique)
    try:
        while len(finished) < total:
            remaining = ends - time.monotonic()
            if remaining <= 0:
                break
            try:
                checked = results.get(timeout=min(remaining, 0.25))
            except queue.Empty:
                continue
            finished.add(checked.url)
            on_result(checked)
    finally:
        work.stop()
    return [url for url in unique if url not in finished]
