"""The process pool: results in input order, the same as a serial run, and any function, closures included."""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from timeline import workers
from timeline.workers import imap_parallel, map_parallel


def test_results_come_back_in_order_and_equal_a_serial_run():
    jobs = list(range(200))
    assert map_parallel(lambda n: n * n, jobs, enabled=True) == map_parallel(lambda n: n * n, jobs, enabled=False)


def test_the_function_may_close_over_things_that_cannot_be_pickled():
    lock = threading.Lock()  # unpicklable: the function reaches the workers by fork, not by pickle
    words = {"a": "alpha", "b": "beta"}
    assert map_parallel(lambda key: (lock is not None, words[key]), ["a", "b", "a"]) == [
        (True, "alpha"), (True, "beta"), (True, "alpha")]


def test_an_error_in_a_worker_reaches_the_caller():
    def fail(n):
        if n == 3:
            raise ValueError("job 3")
        return n
    with pytest.raises(ValueError, match="job 3"):
        list(imap_parallel(fail, range(6)))


def test_a_caller_that_stops_early_does_not_wait_for_the_jobs_handed_out(monkeypatch):
    # An interrupted build (Ctrl-C, a failure) once waited for every job to finish before it could stop.
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    results = imap_parallel(lambda n: time.sleep(0.1) or n, range(200))  # 10 s of work on two workers
    assert next(results) == 0
    started = time.monotonic()
    results.close()  # what an exception in the caller does to the generator
    # Not even for the chunks of twelve 0.1 s jobs the workers hold (1.2 s each): a job at most.
    assert time.monotonic() - started < 0.6
    assert not pool_threads()   # and the pool is gone: nothing of it runs on into the interpreter's exit


def pool_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if type(thread).__name__ == "_ExecutorManagerThread"]



def test_workers_leave_ctrl_c_to_the_caller(monkeypatch):
    # A terminal's Ctrl-C reaches every process of its group; the caller stops the workers itself.
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    caller = os.getpid()

    def job(number: int) -> int:
        if os.getpid() != caller:
            os.kill(os.getpid(), signal.SIGINT)
        return number
    try:
        assert map_parallel(job, range(8)) == list(range(8))
    except KeyboardInterrupt:
        pytest.fail("a worker's Ctrl-C reached the caller as an error")
