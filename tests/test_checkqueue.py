"""checkqueue.py against local servers: retries, per-host limits, the delay, the bounded run, the deadline."""
from __future__ import annotations

import time

import pytest

from tests.fakeweb import FakeWeb, article, in_turn, page
from timeline.checkqueue import Politeness, check_all


@pytest.fixture
def web():
    server = FakeWeb()
    yield server
    server.close()


def test_500_then_200_is_retried_and_ok(web):
    web.routes["/flaky"] = in_turn(page("oops", 500), page(article("fine")))
    results = []
    left = check_all([web.url("/flaky")], Politeness(delay=0.01, retries=2, deadline=10), results.append, web.connect_to)
    assert left == [] and [(r.verdict.status, r.attempts) for r in results] == [("ok", 2)]
    assert web.hits["/flaky"] == 2


def test_retries_end_in_a_verdict(web):
    web.routes["/down"] = page("oops", 502)
    results = []
    check_all([web.url("/down")], Politeness(delay=0.01, retries=2, deadline=10), results.append, web.connect_to)
    assert [(r.verdict.status, r.attempts) for r in results] == [("unreachable", 3)] and web.hits["/down"] == 3


def test_one_host_gets_at_most_per_host_requests_at_once():
    web = FakeWeb(latency=0.1, servers=2)  # six workers for two hosts: nothing but the limit keeps one to three
    try:
        for n in range(12):
            web.routes[f"/p{n}"] = page(article(f"page {n}"))
        results = []
        urls = [web.url(f"/p{n}", server) for server in (0, 1) for n in range(12)]
        check_all(urls, Politeness(per_host=3, delay=0, deadline=20), results.append, web.connect_to)
        assert len(results) == 24 and sorted(web.most_active.values()) == [3, 3]
    finally:
        web.close()


def test_the_delay_spaces_the_requests_to_one_host(web):
    for n in range(5):
        web.routes[f"/p{n}"] = page(article(f"page {n}"))
    started = time.monotonic()
    check_all([web.url(f"/p{n}") for n in range(5)], Politeness(per_host=5, delay=0.2, deadline=20), lambda r: None,
              web.connect_to)
    assert time.monotonic() - started >= 0.8  # the fifth starts four delays after the first


def test_three_hundred_sources_at_200_ms_each_take_under_15_s():
    """The bounded run: 300 addresses on 30 hosts (30 names, each sent by a --connect-to rule to a
    loopback address of this machine) that each take 200 ms to answer, with the default politeness."""
    web = FakeWeb(latency=0.2, servers=30)
    try:
        web.routes.update({f"/story/{n}": page(article(f"story {n} " * 30)) for n in range(10)})
        urls = [web.url(f"/story/{n}", server) for server in range(30) for n in range(10)]
        results = []
        started = time.monotonic()
        left = check_all(urls, Politeness(), results.append, web.connect_to)
        seconds = time.monotonic() - started
        print(f"300 sources at 200 ms: {seconds:.2f} s")
        assert left == [] and len(results) == 300 and all(r.verdict.status == "ok" for r in results)
        assert seconds < 15
    finally:
        web.close()


def test_the_overall_deadline_is_honoured_and_what_finished_is_kept():
    web = FakeWeb(latency=0.2)
    try:
        urls = [web.url(f"/slow/{n}") for n in range(300)]
        results = []
        started = time.monotonic()
        left = check_all(urls, Politeness(per_host=2, delay=0, deadline=1.5), results.append, web.connect_to)
        seconds = time.monotonic() - started
        print(f"deadline 1.5 s: returned after {seconds:.2f} s, {len(results)} checked")
        assert seconds < 2.0 and 5 <= len(results) < 300 and len(left) == 300 - len(results)
        assert {r.url for r in results}.isdisjoint(left)
    finally:
        web.close()


def test_an_address_whose_host_cannot_exist_is_judged_dead_not_lost():
    results = []
    left = check_all(["http://exa..mple.com/x", "http://" + "a" * 64 + ".org/"], Politeness(delay=0, deadline=10),
                     results.append)
    assert left == [] and {(r.verdict.status, r.verdict.note) for r in results} == {
        ("dead", "the host name is not a valid one")}
