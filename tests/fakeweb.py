"""Local web servers for the source checker's tests: pages, redirects, errors, stalls, drips, a fake Wayback.

Each server listens on a free port of a loopback address, answers from a table of
routes the test sets, counts what it was asked, and is shut down by the test
(stalled answers are released first, so no thread outlives it). Its addresses name
a public-looking host (site0.example.org:PORT), as a source may (content checks
refuse loopback hosts); tests reach it through --connect-to rules (connect_to,
connect_args), which is also what proves the checker follows them.
"""
from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

Route = Callable[[BaseHTTPRequestHandler], None]


def article(words: str, title: str = "A page") -> str:
    return (f"<!doctype html><html><head><title>{title}</title><script>var x = 1;</script></head><body>"
            f"<nav>Home News Sport</nav><article><h1>{title}</h1><p>{words}</p></article>"
            f"<footer>Copyright</footer></body></html>")


def page(text: str = "", code: int = 200, content_type: str = "text/html; charset=utf-8",
         headers: dict | None = None) -> Route:
    body = text.encode("utf-8")

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(code)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    return answer


def redirect(code: int, location: str) -> Route:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(code)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return answer


def in_turn(*routes: Route) -> Route:
    """Each request gets the next answer; the last one repeats."""
    calls = [0]
    lock = threading.Lock()

    def answer(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            index = min(calls[0], len(routes) - 1)
            calls[0] += 1
        routes[index](handler)
    return answer


class FakeWeb:
    """A local web server answering from routes: path -> Route."""

    def __init__(self, latency: float = 0.0, servers: int = 1, names: list[str] | None = None,
                 tls: ssl.SSLContext | None = None):
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.latency = latency
        self.release = threading.Event()        # set at close: every stalled answer ends
        self.active = 0
        self.most_active: Counter[str] = Counter()   # host -> most requests in flight at once
        self.sent: Counter[str] = Counter()     # path -> body bytes written
        self.host_headers: Counter[str] = Counter()   # the Host header of each request
        self.lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []
        self._in_flight: Counter[str] = Counter()
        self.scheme = "https" if tls is not None else "http"
        self.names = names or [f"site{n}.example.org" for n in range(servers)]
        addresses = ["127.0.0.1"] if servers == 1 else [f"127.0.0.{10 + n}" for n in range(servers)]
        for address in addresses:
            server = ThreadingHTTPServer((address, 0), self._handler())
            if tls is not None:
                server.socket = tls.wrap_socket(server.socket, server_side=True)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            self._servers.append(server)

    def url(self, path: str, server: int = 0) -> str:
        return f"{self.scheme}://{self.names[server]}:{self._servers[server].server_address[1]}{path}"

    @property
    def connect_to(self) -> dict[tuple[str, int], tuple[str, int]]:
        """The rules that send each public-looking name to its server (connectto.ConnectTo)."""
        return {(name, server.server_address[1]): server.server_address[:2]
                for name, server in zip(self.names, self._servers)}

    @property
    def connect_args(self) -> list[str]:
        """The same rules as build.py sources options."""
        return [part for (name, port), (address, target) in self.connect_to.items()
                for part in ("--connect-to", f"{name}:{port}:{address}:{target}")]

    def _handler(self):
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _answer(self) -> None:
                path = self.path
                host = self.server.server_address[0]
                with web.lock:
                    web.hits[path] += 1
                    web.host_headers[self.headers.get("Host", "")] += 1
                    web._in_flight[host] += 1
                    web.most_active[host] = max(web.most_active[host], web._in_flight[host])
                try:
                    if web.latency:
                        time.sleep(web.latency)
                finally:
                    # Out of flight before the answer is written: the client may send its next request the
                    # moment it has the answer, before this thread runs again, and would be counted twice.
                    with web.lock:
                        web._in_flight[host] -= 1
                try:
                    route = web.routes.get(path) or web.routes.get(urlsplit(path).path) or page("not here", 404)
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

            do_GET = do_POST = _answer

        return Handler

    def stall(self, after_headers: bool = True) -> Route:
        """Headers (or nothing), then silence until the server is closed."""
        def answer(handler: BaseHTTPRequestHandler) -> None:
            if after_headers:
                handler.send_response(200)
                handler.send_header("Content-Type", "text/html")
                handler.send_header("Content-Length", "1000")
                handler.end_headers()
                handler.wfile.flush()
            self.release.wait(30)
        return answer

    def drip(self, every: float = 0.05) -> Route:
        """A page that comes a byte at a time, never ending while the server is open."""
        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", "100000000")
            handler.end_headers()
            while not self.release.wait(every):
                handler.wfile.write(b"x")
                handler.wfile.flush()
        return answer

    def huge(self, size: int = 50_000_000) -> Route:
        """A page of size bytes, written in 64 KB blocks; counts what was really sent."""
        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            block = (b"<p>" + b"word " * 13100 + b"</p>")[:65536]
            written = 0
            while written < size:
                handler.wfile.write(block)
                written += len(block)
                with self.lock:
                    self.sent[handler.path] += len(block)
        return answer

    def close(self) -> None:
        self.release.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()


def refused_url() -> tuple[str, dict[tuple[str, int], tuple[str, int]]]:
    """An address, and the rule that sends its host to a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://refused.example.org:{port}/gone", {("refused.example.org", port): ("127.0.0.1", port)}


class FakeWayback(FakeWeb):
    """The availability API and Save Page Now 2, as documented, with answers the test chooses."""

    def __init__(self):
        super().__init__(names=["web.archive.example.org"])
        self.captures: dict[str, str] = {}          # url -> timestamp of an existing capture
        self.jobs: dict[str, list[dict]] = {}       # job id -> the status answers in turn
        self.submit: list[Route] = []               # answers to POST /save, in turn (default: accept a job)
        self.saved: list[str] = []                  # urls asked to be saved
        self.auth: list[str | None] = []
        self.routes["/wayback/available"] = self._available
        self.routes["/save"] = self._save

    def _available(self, handler: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlsplit(handler.path).query)
        url = query["url"][0]
        stamp = self.captures.get(url)
        closest = {"closest": {"available": True, "url": f"{self.url('/web')}/{stamp}/{url}", "timestamp": stamp,
                               "status": "200"}} if stamp else {}
        page(json.dumps({"url": url, "archived_snapshots": closest}), content_type="application/json")(handler)

    def _save(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", 0))
        url = parse_qs(handler.rfile.read(length).decode())["url"][0]
        self.auth.append(handler.headers.get("Authorization"))
        turn = len(self.saved)
        self.saved.append(url)
        if turn < len(self.submit):
            return self.submit[turn](handler)
        job = f"spn2-{turn:040d}"
        steps = self.jobs.get("*", [{"status": "pending"}, {"status": "success", "timestamp": "20260501102233"}])
        self.jobs[job] = [dict(step, original_url=url, job_id=job) for step in steps]
        self.routes[f"/save/status/{job}"] = in_turn(*[page(json.dumps(step), content_type="application/json")
                                                       for step in self.jobs[job]])
        page(json.dumps({"url": url, "job_id": job}), content_type="application/json")(handler)
