"""linkcheck.py against local servers: every kind of answer a source address can give."""
from __future__ import annotations

import threading
import time

import pytest

from tests.fakeweb import FakeWeb, article, page, redirect, refused_url
from timeline.linkcheck import MAX_BODY, fetch, judge, same_page


@pytest.fixture
def web():
    server = FakeWeb()
    yield server
    server.close()


def verdict(web, path, timeout=2.0):
    fetched = fetch(web.url(path), timeout, connect_to=web.connect_to)
    return fetched, judge(fetched)


def test_a_page_is_ok_and_its_body_is_read(web):
    web.routes["/ok"] = page(article("text " * 50))
    fetched, judged = verdict(web, "/ok")
    assert (fetched.code, judged.status, fetched.hops) == (200, "ok", ())
    assert b"<article>" in fetched.body and fetched.final_url == web.url("/ok")


def test_a_permanent_redirect_chain_is_moved_with_the_new_address(web):
    web.routes.update({"/old": redirect(301, "/older"), "/older": redirect(308, "/new"), "/new": page(article("x"))})
    fetched, judged = verdict(web, "/old")
    assert judged.status == "moved" and judged.suggestion == web.url("/new")
    assert [code for code, _ in fetched.hops] == [301, 308] and fetched.final_url == web.url("/new")


def test_temporary_redirects_and_same_page_redirects_are_ok(web):
    web.routes.update({"/t": redirect(302, "/t2"), "/t2": redirect(307, "/final"), "/final": page(article("x")),
                       "/slash": redirect(301, "/slash/"), "/slash/": page(article("y"))})
    assert verdict(web, "/t")[1].status == "ok"
    assert verdict(web, "/t")[0].final_url == web.url("/final")
    assert verdict(web, "/slash")[1].status == "ok"  # a trailing slash is the same page
    assert same_page("http://www.example.org/a/", "https://example.org/a") and not same_page("http://x.org/a", "http://x.org/b")


def test_a_redirect_loop_is_caught_and_not_retried(web):
    web.routes.update({"/a": redirect(302, "/b"), "/b": redirect(301, "/a")})
    fetched, judged = verdict(web, "/a")
    assert (judged.status, judged.note, judged.retry) == ("unreachable", "redirect loop", False)
    assert web.hits["/a"] == 1 and web.hits["/b"] == 1


def test_404_and_410_are_dead_and_a_deep_page_sent_to_the_front_page_too(web):
    web.routes.update({"/gone": page("gone", 410), "/deep/story": redirect(301, "/"), "/": page(article("front"))})
    assert verdict(web, "/missing")[1].status == "dead"
    assert verdict(web, "/gone")[1].note == "HTTP 410"
    assert verdict(web, "/deep/story")[1].status == "dead"
    assert "front page" in verdict(web, "/deep/story")[1].note


def test_5xx_is_unreachable_and_worth_a_retry_403_is_not(web):
    web.routes.update({"/down": page("oops", 503, headers={"Retry-After": "7"}), "/no": page("no", 403)})
    fetched, judged = verdict(web, "/down")
    assert (judged.status, judged.retry, fetched.retry_after) == ("unreachable", True, 7.0)
    assert verdict(web, "/no")[1].retry is False


def test_a_stalled_read_and_a_slow_drip_end_at_the_timeout(web):
    web.routes.update({"/stall": web.stall(), "/silent": web.stall(after_headers=False), "/drip": web.drip(0.02)})
    for path in ("/stall", "/silent", "/drip"):
        got = []
        worker = threading.Thread(target=lambda: got.append(verdict(web, path, timeout=0.5)), daemon=True)
        worker.start()
        worker.join(1.5)  # a fetch that ignored its timeout fails here rather than hang the suite
        assert not worker.is_alive() and got, f"{path} was still being read after 1.5 s"
        fetched, judged = got[0]
        assert judged.status == "unreachable" and judged.retry and "within" in fetched.error, path


def test_a_huge_page_is_read_only_as_far_as_the_fingerprint_needs(web):
    web.routes["/big"] = web.huge(50_000_000)
    started = time.monotonic()
    fetched, judged = verdict(web, "/big", timeout=10)
    assert judged.status == "ok" and len(fetched.body) == MAX_BODY
    time.sleep(0.2)  # let the server notice the closed connection
    assert web.sent["/big"] < 12_000_000 and time.monotonic() - started < 5  # socket buffers, not 50 MB


def test_refused_connections_and_unknown_hosts():
    url, connect_to = refused_url()
    refused = judge(fetch(url, 1.0, connect_to=connect_to))
    assert (refused.status, refused.note, refused.retry) == ("unreachable", "connection refused", True)
    unknown = judge(fetch("http://no-such-host.invalid/page", 2.0))  # .invalid never resolves (RFC 6761)
    assert (unknown.status, unknown.note) == ("dead", "the host name does not exist")


def test_an_address_written_with_letters_of_any_script_is_sent_percent_encoded(web):
    web.routes["/de/abzug-des-milit%C3%A4rkontingents/a-1"] = page(article("Abzug"))
    web.routes["/q"] = page(article("query"))
    assert verdict(web, "/de/abzug-des-militärkontingents/a-1")[1].status == "ok"
    assert verdict(web, "/de/abzug-des-milit%C3%A4rkontingents/a-1")[1].status == "ok"  # escapes kept as they are
    assert fetch(web.url("/q?x=Россия"), 2.0, connect_to=web.connect_to).code == 200 and any("%D0%A0" in hit for hit in web.hits)
