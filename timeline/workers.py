"""Spread pure work over the machine's cores with a process pool, only when it pays.

Workers are forked, so they start with the parent's modules and data already
loaded, and the function is handed to them at the fork, unpickled: it may be a
closure over a renderer. Each job and its result must pickle. Results come back
in input order, so a parallel run produces exactly what a serial one would.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


def worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def imap_parallel(function: Callable[[Job], Result], jobs: Iterable[Job], enabled: bool = True) -> Iterator[Result]:
    """Yield function(job) for each job in order, computed in forked workers when enabled and possible."""
    jobs = list(jobs)
    workers = min(worker_count(), len(jobs))
    if not enabled or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, jobs)
        return
    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    context = multiprocessing.get_context("fork")
    given_up = context.RawValue(ctypes.c_bool, False)  # shared with the workers by the fork
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_install, initargs=(function, os.getpid(), given_up)) as pool:
        try:
            yield from pool.map(_call_installed, jobs, chunksize=chunk)
        except BaseException:
            # Failed, interrupted (Ctrl-C), or left by a caller that wants no more: the jobs not yet
            # started are dropped, and those in chunks the workers hold end at once; then the pool is
            # waited for. (Killing the workers instead can leave the pool's feeder thread blocked for
            # good; not waiting leaves its manager thread running into the interpreter's exit, where
            # it races the exit's own wake-up and prints "Bad file descriptor".)
            given_up.value = True
            pool.shutdown(wait=True, cancel_futures=True)
            raise


_installed: Callable | None = None  # set only inside a worker process, by _install at its start
_given_up = None                     # likewise: true once the parent wants no more results
_PR_SET_PDEATHSIG = 1


def _install(function: Callable, parent: int, given_up) -> None:
    """Start a worker: keep the function, and die with the parent even when it is killed outright."""
    global _installed, _given_up
    _installed, _given_up = function, given_up
    # Ctrl-C in a terminal reaches every process of its group: the parent, which stops the workers, is
    # the one to act on it. A worker's KeyboardInterrupt would surface inside nh3's or another library's
    # callback as an "Exception ignored" traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # Linux: the kernel sends this worker SIGKILL when the process that forked it dies
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _call_installed(job):
    return None if _given_up.value else _installed(job)


def map_parallel(function: Callable[[Job], Result], jobs: Iterable[Job], enabled: bool = True) -> list[Result]:
    """Return [function(job) for job in jobs], in forked workers when enabled and possible."""
    return list(imap_parallel(function, jobs, enabled))
