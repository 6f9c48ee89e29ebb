"""Fetch source addresses: follow redirects one by one, read only what a fingerprint needs, never hang.

The standard library's http.client does the HTTP: each redirect is seen (so a
permanent move is told from a temporary one, and a loop is caught), at most
MAX_BODY bytes of a page are read and the connection is then closed, and every
request has a wall-clock limit enforced by shutting its socket down, which also
ends a server that sends a byte a second. Only name lookup cannot be cut short;
the caller's overall deadline covers it (checkqueue.py). --connect-to rules
(connectto.py) send a host's requests to another address, the request unchanged.
"""
from __future__ import annotations

import errno
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urljoin, urlsplit

from .connectto import ConnectTo, reroute

MAX_BODY = 1_000_000     # the main text of any news page is in its first megabyte
MAX_REDIRECTS = 10
PERMANENT = (301, 308)
USER_AGENT = "timeline-sources/1 (checks the sources a news timeline cites; one request at a time per host)"
_SAFE = "/%:@!$&'()*+,;=-._~"   # characters a path or query may hold as they are (RFC 3986)
_DNS_GONE = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)}


@dataclass(frozen=True)
class Fetched:
    """What one attempt at an address gave."""

    url: str
    code: int | None = None                      # the last answer's HTTP status
    final_url: str | None = None                 # where redirects led
    hops: tuple[tuple[int, str], ...] = ()       # (status, next address) of each redirect
    body: bytes = b""
    content_type: str = ""
    error: str | None = None                     # why no answer came, in words
    gone: bool = False                           # the error says the host does not exist
    retry_after: float | None = None             # seconds the server asked for (429, 503)

    @property
    def permanent_target(self) -> str | None:
        """Where the leading permanent redirects lead: the address to cite instead."""
        target = None
        for code, location in self.hops:
            if code not in PERMANENT:
                break
            target = location
        return target


def fetch(url: str, timeout: float, user_agent: str = USER_AGENT, connect_to: ConnectTo | None = None) -> Fetched:
    """GET url and follow its redirects, all within timeout seconds; connect_to reroutes hosts (each hop's own)."""
    started = time.monotonic()
    hops: list[tuple[int, str]] = []
    seen = {url}
    current = url
    while True:
        remaining = timeout - (time.monotonic() - started)
        if remaining <= 0:
            return Fetched(url, hops=tuple(hops), error=f"no answer within {timeout:g} s")
        answer = _get(current, remaining, user_agent, connect_to)
        if answer.error is not None or answer.code not in (301, 302, 303, 307, 308) or not answer.location:
            return Fetched(url, answer.code, current, tuple(hops), answer.body, answer.content_type, answer.error,
                           answer.gone, answer.retry_after)
        target = urljoin(current, answer.location)
        hops.append((answer.code, target))
        if urlsplit(target).scheme not in ("http", "https"):
            return Fetched(url, answer.code, current, tuple(hops), error=f"redirects to a {urlsplit(target).scheme or 'bad'} address")
        if target in seen:
            return Fetched(url, answer.code, current, tuple(hops), error="redirect loop")
        if len(hops) > MAX_REDIRECTS:
            return Fetched(url, answer.code, current, tuple(hops), error=f"more than {MAX_REDIRECTS} redirects")
        seen.add(target)
        current = target


@dataclass
class _Answer:
    code: int | None = None
    location: str | None = None
    body: bytes = b""
    content_type: str = ""
    error: str | None = None
    gone: bool = False
    retry_after: float | None = None


def _get(url: str, timeout: float, user_agent: str, connect_to: ConnectTo | None) -> _Answer:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return _Answer(error="the address has a bad port")
    host = parts.hostname or ""
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    target = reroute(connection, connect_to)
    # The wall clock: a socket timeout only limits each wait, and a slow drip never waits that long.
    fired = threading.Event()
    watchdog = threading.Timer(timeout, _cut, (connection, fired))
    watchdog.daemon = True
    watchdog.start()
    try:
        # Addresses are written as people read them (…/militärkontingents…); the request line takes
        # them percent-encoded as UTF-8, as a browser sends them. Existing escapes are kept.
        path = quote(parts.path or "/", safe=_SAFE) + (f"?{quote(parts.query, safe=_SAFE + '?')}" if parts.query else "")
        connection.request("GET", path, headers={
            "User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Encoding": "identity", "Connection": "close"})
        response = connection.getresponse()
        answer = _Answer(response.status, response.getheader("Location"),
                         content_type=response.getheader("Content-Type") or "",
                         retry_after=_retry_after(response.getheader("Retry-After")))
        if 200 <= response.status < 300:
            chunks, size = [], 0
            while size < MAX_BODY:
                chunk = response.read1(min(65536, MAX_BODY - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            answer.body = b"".join(chunks)
        if fired.is_set():  # cut off: what came is not the page
            return _Answer(error=f"no answer within {timeout:.3g} s")
        return answer
    except socket.gaierror as error:
        if target is not None:  # the rule's address, not the source's host: says nothing of the source
            return _Answer(error=f"--connect-to's address {target[0]} could not be looked up")
        return _Answer(error=f"the host name {'does not exist' if error.errno in _DNS_GONE else 'could not be looked up'}",
                       gone=error.errno in _DNS_GONE)
    except UnicodeError:  # a label longer than 63 letters, or empty: no such host can exist
        return _Answer(error="the host name is not a valid one", gone=True)
    except ssl.SSLError as error:
        return _Answer(error=f"TLS: {error.reason or error}")
    except (OSError, http.client.HTTPException) as error:
        if fired.is_set() or isinstance(error, TimeoutError):
            return _Answer(error=f"no answer within {timeout:.3g} s")
        if getattr(error, "errno", None) == errno.ECONNREFUSED:
            return _Answer(error="connection refused")
        return _Answer(error=f"connection failed ({type(error).__name__}: {error})")
    finally:
        watchdog.cancel()
        connection.close()


def _cut(connection: http.client.HTTPConnection, fired: threading.Event) -> None:
    """End a request from outside: shutting the socket down wakes a thread blocked reading it."""
    fired.set()
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@dataclass(frozen=True)
class Verdict:
    status: str                 # ok, moved, dead, unreachable
    note: str | None = None
    suggestion: str | None = None   # for moved: the address to cite instead
    retry: bool = False         # worth another try before judging


def judge(fetched: Fetched) -> Verdict:
    """What an attempt says of an address."""
    if fetched.error is not None:
        if fetched.gone:
            return Verdict("dead", fetched.error)
        deterministic = fetched.error.startswith(("redirect loop", "more than", "redirects to", "TLS"))
        return Verdict("unreachable", fetched.error, retry=not deterministic)
    code = fetched.code
    if code in (404, 410):
        return Verdict("dead", f"HTTP {code}" + (f" at {fetched.final_url}" if fetched.hops else ""))
    if code >= 500 or code in (408, 429):
        return Verdict("unreachable", f"HTTP {code}", retry=True)
    if code >= 400:
        return Verdict("unreachable", f"HTTP {code} (the server refuses the checker; try it in a browser)")
    if code >= 300:
        return Verdict("unreachable", f"HTTP {code} without a Location")
    if fetched.hops and _front_page(fetched.url, fetched.final_url):
        return Verdict("dead", f"redirects to the front page {fetched.final_url}")
    target = fetched.permanent_target
    if target is not None and not same_page(fetched.url, target):
        return Verdict("moved", f"permanent redirect to {target}", suggestion=target)
    return Verdict("ok")


def same_page(first: str, second: str) -> bool:
    """Whether two addresses name one page: http and https, www., a default port, a trailing slash aside."""
    return _page_key(first) == _page_key(second)


def _page_key(url: str) -> tuple:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return host, parts.path.rstrip("/") or "/", parts.query


def _front_page(original: str, final: str | None) -> bool:
    """A deep address redirected to the site's root: the page is gone (a soft 404)."""
    return final is not None and urlsplit(original).path.strip("/") != "" and urlsplit(final).path.strip("/") == ""
