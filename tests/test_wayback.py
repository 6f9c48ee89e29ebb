"""wayback.py against a local fake of the availability API and Save Page Now 2."""
from __future__ import annotations

import json
import time

import pytest

from tests.fakeweb import FakeWayback, page
from timeline.wayback import ArchiveFailed, Capture, Wayback

URL = "http://en.rian.ru/russia/20090506/121464032.html"


@pytest.fixture
def archive():
    fake = FakeWayback()
    yield fake
    fake.close()


def client(archive, keys=True, **options) -> Wayback:
    return Wayback(base=archive.url(""), access_key="key" if keys else None, secret_key="secret" if keys else None,
                   poll_every=0.02, connect_to=archive.connect_to, **options)


def later(seconds: float = 10) -> float:
    return time.monotonic() + seconds


def test_an_existing_capture_is_found_closest_to_the_source_date(archive):
    archive.captures[URL] = "20090507083000"
    capture = client(archive).closest(URL, "2009-05-06", later())
    assert capture == Capture(f"{archive.url('/web')}/20090507083000/{URL}", "2009-05-07")
    asked = [path for path in archive.hits if path.startswith("/wayback/available")]
    assert len(asked) == 1 and "timestamp=20090506" in asked[0]
    assert client(archive).closest("https://example.org/never", None, later()) is None


def test_a_capture_is_submitted_polled_and_done(archive):
    archive.jobs["*"] = [{"status": "pending"}, {"status": "pending"}, {"status": "success", "timestamp": "20260501102233"}]
    capture = client(archive).save(URL, later())
    assert capture == Capture(f"{archive.url('')}/web/20260501102233/{URL}", "2026-05-01")
    assert archive.saved == [URL] and archive.auth == ["LOW key:secret"]
    assert sum(archive.hits[path] for path in archive.hits if path.startswith("/save/status/")) == 3


def test_429_is_waited_out_for_its_retry_after(archive):
    archive.submit = [page(json.dumps({"message": "slow down"}), 429, headers={"Retry-After": "1"})]
    started = time.monotonic()
    capture = client(archive).save(URL, later())
    assert capture.day == "2026-05-01" and time.monotonic() - started >= 1.0
    assert archive.saved == [URL, URL]


def test_a_429_longer_than_the_time_left_stops_every_capture(archive):
    archive.submit = [page("{}", 429, headers={"Retry-After": "3600"})]
    with pytest.raises(ArchiveFailed, match="wait 3600 s") as failure:
        client(archive).save(URL, later())
    assert failure.value.stop_all


def test_a_failed_job_says_why(archive):
    archive.jobs["*"] = [{"status": "pending"}, {"status": "error", "status_ext": "error:not-found",
                                                 "message": "The server cannot find the requested resource."}]
    with pytest.raises(ArchiveFailed, match="the capture failed: The server cannot find") as failure:
        client(archive).save(URL, later())
    assert not failure.value.stop_all


def test_the_daily_limit_stops_every_capture(archive):
    archive.submit = [page(json.dumps({"status": "error", "status_ext": "error:too-many-daily-captures",
                                       "message": "This URL has been captured 10 times today."}))]
    with pytest.raises(ArchiveFailed, match="captured 10 times") as failure:
        client(archive).save(URL, later())
    assert failure.value.stop_all


def test_a_job_still_pending_at_the_deadline_is_given_up(archive):
    archive.jobs["*"] = [{"status": "pending"}]
    started = time.monotonic()
    with pytest.raises(ArchiveFailed, match="still pending"):
        client(archive).save(URL, later(0.5))
    assert time.monotonic() - started < 1.5


def test_without_credentials_nothing_is_submitted(archive):
    with pytest.raises(ArchiveFailed, match="TIMELINE_WAYBACK_ACCESS_KEY"):
        client(archive, keys=False).save(URL, later())
    assert archive.saved == []


def test_the_real_endpoints_are_the_documented_ones():
    wayback = Wayback()
    assert wayback._endpoint("/wayback/available") == "https://archive.org/wayback/available"
    assert wayback._endpoint("/save") == "https://web.archive.org/save"
    assert wayback.memento("20090506000000", URL) == f"https://web.archive.org/web/20090506000000/{URL}"


def test_an_archive_that_cannot_be_reached_stops_every_capture():
    from tests.fakeweb import refused_url
    url, connect_to = refused_url()
    wayback = Wayback(base=url.rsplit("/", 1)[0], poll_every=0.02, connect_to=connect_to)
    with pytest.raises(ArchiveFailed, match="could not be reached") as failure:
        wayback.closest(URL, None, later())
    assert failure.value.stop_all
