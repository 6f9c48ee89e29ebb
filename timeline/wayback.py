"""The Wayback Machine: find an existing capture of a page, or ask for a new one.

Two documented APIs: the availability API (GET /wayback/available?url=&timestamp=,
which answers the capture closest to a time) and Save Page Now 2 (POST /save with
`Authorization: LOW key:secret`, which answers a job id; GET /save/status/<job>
until it is `success` or `error`). Captures are asked for one at a time; a 429 is
waited out for its Retry-After, and a job is polled every few seconds, all within
the caller's deadline. The base address is configurable (--wayback, or
TIMELINE_WAYBACK_URL) and --connect-to rules apply, so tests talk to a local fake;
by default availability is asked of archive.org and captures of web.archive.org,
as documented.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .connectto import ConnectTo, opener

AVAILABILITY = "https://archive.org/wayback/available"
WEB = "https://web.archive.org"
USER_AGENT = "timeline-sources/1 (archives the sources a news timeline cites)"
MAX_WAIT = 120.0   # a Retry-After longer than this is not waited for


@dataclass(frozen=True)
class Capture:
    url: str       # the archived copy
    day: str       # YYYY-MM-DD it was captured


class ArchiveFailed(Exception):
    """A capture that could not be found or made, and why; stop_all when no further capture can succeed."""

    def __init__(self, message: str, stop_all: bool = False):
        super().__init__(message)
        self.stop_all = stop_all


@dataclass
class Wayback:
    base: str | None = None          # one address for every API (a local fake); None: the real ones
    access_key: str | None = None
    secret_key: str | None = None
    timeout: float = 30.0
    poll_every: float = 5.0          # seconds between looks at a capture job
    capture_limit: float = 180.0     # seconds one capture may take
    connect_to: ConnectTo = field(default_factory=dict)   # --connect-to's rules, as the checker follows them

    @property
    def can_save(self) -> bool:
        return bool(self.access_key and self.secret_key)

    def _endpoint(self, path: str) -> str:
        if self.base is not None:
            return self.base.rstrip("/") + path
        return AVAILABILITY if path == "/wayback/available" else WEB + path

    def memento(self, timestamp: str, url: str) -> str:
        return f"{(self.base or WEB).rstrip('/')}/web/{timestamp}/{url}"

    def closest(self, url: str, day: str | None, ends: float) -> Capture | None:
        """The capture closest to day (YYYY-MM-DD, else the latest) that was a page, or None."""
        query = {"url": url}
        if day:
            query["timestamp"] = day.replace("-", "")
        answer = self._call("GET", self._endpoint("/wayback/available") + "?" + urlencode(query), None, ends)
        closest = (answer.get("archived_snapshots") or {}).get("closest") if isinstance(answer, dict) else None
        if not isinstance(closest, dict) or not closest.get("available") or not str(closest.get("status", "")).startswith("2"):
            return None
        stamp = str(closest.get("timestamp", ""))
        copy = str(closest.get("url", ""))
        if not (stamp[:8].isdigit() and copy.startswith(("http://", "https://"))):
            return None
        if self.base is None and copy.startswith("http://web.archive.org/"):
            copy = "https://" + copy[len("http://"):]
        return Capture(copy, f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}")

    def save(self, url: str, ends: float) -> Capture:
        """Ask for a new capture and wait for it; raises ArchiveFailed."""
        if not self.can_save:
            raise ArchiveFailed("no capture exists; set TIMELINE_WAYBACK_ACCESS_KEY and "
                                "TIMELINE_WAYBACK_SECRET_KEY (archive.org/account/s3.php) to request one")
        ends = min(ends, time.monotonic() + self.capture_limit)
        answer = self._call("POST", self._endpoint("/save"), urlencode({"url": url}).encode(), ends)
        job = answer.get("job_id") if isinstance(answer, dict) else None
        if not job:
            raise _failure(answer, "the capture was refused")
        while True:
            status = self._call("GET", self._endpoint(f"/save/status/{job}"), None, ends)
            state = status.get("status") if isinstance(status, dict) else None
            if state == "success":
                stamp = str(status.get("timestamp", ""))
                if not stamp[:8].isdigit():
                    raise ArchiveFailed("the capture succeeded without a timestamp")
                return Capture(self.memento(stamp, str(status.get("original_url") or url)),
                               f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}")
            if state != "pending":
                raise _failure(status, "the capture failed")
            if time.monotonic() + self.poll_every > ends:
                raise ArchiveFailed(f"the capture was still pending (job {job}); run again later")
            time.sleep(self.poll_every)

    def _call(self, method: str, address: str, body: bytes | None, ends: float):
        """One API call, its 429s waited out (Retry-After) while time allows; the parsed JSON answer."""
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if self.can_save and (method == "POST" or "/save/status/" in address):
            headers["Authorization"] = f"LOW {self.access_key}:{self.secret_key}"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        # No proxy from the environment: the checker (http.client) uses none either, so both see the same network.
        client = opener(self.connect_to)
        while True:
            remaining = ends - time.monotonic()
            if remaining <= 0:
                raise ArchiveFailed("out of time", stop_all=True)
            request = urllib.request.Request(address, data=body, headers=headers, method=method)
            try:
                with client.open(request, timeout=min(self.timeout, remaining)) as response:
                    data = response.read(1_000_000)
            except urllib.error.HTTPError as error:
                if error.code == 429:
                    wait = _seconds(error.headers.get("Retry-After"), self.poll_every)
                    if wait > MAX_WAIT or time.monotonic() + wait > ends:
                        raise ArchiveFailed(f"the archive asks to wait {wait:g} s (429); run again later",
                                            stop_all=True) from None
                    time.sleep(wait)
                    continue
                detail = _json(error.read(100_000))
                raise _failure(detail, f"the archive answered HTTP {error.code}",
                               stop_all=error.code in (401, 403)) from None
            except (OSError, ValueError) as error:  # down or unreachable: the next address would fare no better
                raise ArchiveFailed(f"the archive could not be reached ({error})", stop_all=True) from None
            return _json(data)


def _json(data: bytes):
    try:
        return json.loads(data.decode("utf-8", "replace"))
    except ValueError:
        return None


def _seconds(value: str | None, default: float) -> float:
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


def _failure(answer, fallback: str, stop_all: bool = False) -> ArchiveFailed:
    if isinstance(answer, dict):
        reason = answer.get("message") or answer.get("status_ext")
        ext = str(answer.get("status_ext") or "")
        # The day's or the session's limit: no further capture can succeed in this run.
        stop_all = stop_all or ext in ("error:too-many-daily-captures", "error:user-session-limit")
        if reason:
            return ArchiveFailed(f"{fallback}: {reason}", stop_all)
    return ArchiveFailed(fallback, stop_all)
