"""The process pool: results in input order, the same as a serial run, and any function, closures included."""
from __future__ import annotations

import threading

import pytest

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
