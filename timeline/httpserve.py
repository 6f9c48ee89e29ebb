"""The preview server's HTTP side: files of the current build from memory, the reload script, the event stream.

Only this module opens a listening socket. Each request path is read by
addressing.py, so no spelling of a path reaches anything but the build's own
files. It answers only requests addressed to a name it is served on (or that
name none), and holds at most MAX_EVENT_STREAMS reload streams, one thread each,
at once.
"""
from __future__ import annotations

import errno
import json
import logging
import mimetypes
import selectors
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .addressing import folder_location, host_name, request_path

log = logging.getLogger(__name__)

EVENTS_PATH = "/__serve/events"
RELOAD_SCRIPT = """(function () {
  var built = %(build)d, overlay = null;
  function show(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "timeline-serve-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2em;" +
        "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap";
      document.documentElement.appendChild(overlay);
    }
    overlay.textContent = "The last rebuild failed; showing the last good build.\\n\\n" + errors.join("\\n");
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function listen() {
    var source = new EventSource("%(events)s");
    source.onmessage = function (message) {
      var status = JSON.parse(message.data);
      document.documentElement.dataset.serveConnected = "true";
      if (status.errors.length) { show(status.errors); return; }
      hide();
      if (status.build !== built) { source.close(); location.reload(); }
    };
    source.onerror = function () {
      // A refused stream (503: too many open pages) is closed for good, not retried: ask again later.
      if (source.readyState === EventSource.CLOSED) { setTimeout(listen, %(retry)d * 1000); }
    };
  }
  listen();
})();
"""


def inject(html: bytes, build: int) -> bytes:
    """Put the reload script before the last </body> (or at the end), in this response only."""
    script = RELOAD_SCRIPT % {"build": build, "events": EVENTS_PATH, "retry": STREAM_RETRY_SECONDS}
    tag = f'<script>{script}</script>'.encode()
    at = html.lower().rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
IDLE_SECONDS = 30            # an idle keep-alive connection is closed after this; the event stream is exempt
MAX_EVENT_STREAMS = 32       # open pages listening for reloads at once: each holds a thread while it is open
STREAM_RETRY_SECONDS = 5     # a page refused a stream asks again after this long
KEEP_ALIVE_SECONDS = 15      # a quiet stream gets a comment this often, so proxies and browsers keep it
HANG_UP_CHECK_SECONDS = 1.0  # how soon a closed page's stream, and its place under the cap, is given up
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
# A reader across a network (--host 0.0.0.0) can also vanish with its network: these errors name no subclass.
DISCONNECT_ERRNOS = {errno.ENOTCONN, errno.ENETRESET, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EHOSTDOWN}


class PreviewHTTPServer(ThreadingHTTPServer):
    """Serves state.current (a livereload.ServerState) under base_path, and at the root too; a missing
    file gets the site's own not_found page when it has one, as static hosts do.

    It answers only requests addressed to a name it is served on: a page on another site that points
    a host name of its own at 127.0.0.1 (DNS rebinding) cannot read the preview, drafts included.
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state, base_path: str = "/", not_found: str = "404.html"):
        self.state = state
        self.base_path = base_path or "/"
        self.not_found_page = not_found
        self.event_streams = threading.BoundedSemaphore(MAX_EVENT_STREAMS)
        self.stopped = threading.Event()
        self.wake_reader, self.wake_writer = socket.socketpair()
        super().__init__(address, Handler)
        self.socket.setblocking(False)  # a connection gone between select and accept must not block the loop
        host = self.server_address[0]
        self.any_host = host in ("0.0.0.0", "::")  # served to the network on purpose: every name is its own
        self.host_names = {host.lower()} | (LOOPBACK_NAMES if host in LOOPBACK_NAMES or host.startswith("127.") else set())

    def accepts_host(self, header: str | None) -> bool:
        """Whether a Host header names this server; no header at all is accepted.

        A browser always sends Host, so a request without one (an HTTP/1.0 client, curl -0, a
        simple script) cannot be a page rebinding a name of its own: refusing it protects nothing.
        """
        if self.any_host or header is None:
            return True
        return host_name(header) in self.host_names

    def serve_until_stopped(self) -> None:
        """Accept connections, each handled in a thread of its own, until stop_serving().

        socketserver's serve_forever notices shutdown() only at its next poll; a byte on a socket
        pair wakes this loop at once, so Ctrl-C stops the preview without waiting for a poll.
        """
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self.wake_reader, selectors.EVENT_READ)
            while not self.stopped.is_set():
                for key, _ in selector.select():
                    if key.fileobj is self.socket and not self.stopped.is_set():
                        self._handle_request_noblock()

    def stop_serving(self) -> None:
        self.stopped.set()
        try:
            self.wake_writer.send(b"\0")
        except OSError:  # closed already: the loop has ended
            pass

    def server_close(self) -> None:
        super().server_close()
        self.wake_reader.close()
        self.wake_writer.close()

    def handle_error(self, request, client_address) -> None:
        """A reader who went away mid-request or mid-response is no error; anything else is, and is shown."""
        if is_disconnect(sys.exc_info()[1]):
            return
        super().handle_error(request, client_address)


def is_disconnect(error: BaseException | None) -> bool:
    return isinstance(error, DISCONNECTS) or isinstance(error, OSError) and error.errno in DISCONNECT_ERRNOS


class Handler(BaseHTTPRequestHandler):
    server_version = "timeline-serve"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    server: PreviewHTTPServer

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or [None]
        if len(hosts) > 1:  # which one would count is anyone's guess: RFC 9112 says refuse
            self.send_error(HTTPStatus.BAD_REQUEST, "More than one Host header")
            return False
        if not self.server.accepts_host(hosts[0]):
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "This preview answers only to the names it is served on")
            return False
        return True

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows rebuilds and problems
        log.debug(format, *args)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self.stream_events()
        else:
            self.respond(head=False)

    def respond(self, head: bool) -> None:
        current = self.server.state.settled()
        relative = request_path(self.path, self.server.base_path)
        if current is None:  # no good build yet: a page that shows the errors and reloads when fixed
            page = inject(b"<!doctype html><title>No build yet</title><body><p>No good build yet.</p></body>", 0)
            return self.send_bytes(HTTPStatus.SERVICE_UNAVAILABLE, page, "text/html; charset=utf-8", head)
        if relative is None:
            return self.not_found(current, head)
        name = relative + "index.html" if relative.endswith("/") or relative == "" else relative
        data = current.files.get(name)
        if data is None and f"{name}/index.html" in current.files:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", folder_location(self.server.base_path, name))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if data is None:
            return self.not_found(current, head)
        self.send_file(HTTPStatus.OK, name, data, current.number, head)

    def not_found(self, current, head: bool) -> None:
        name = self.server.not_found_page
        page = current.files.get(name)
        if page is None:
            return self.send_bytes(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", head)
        self.send_file(HTTPStatus.NOT_FOUND, name, page, current.number, head)

    def send_file(self, status: HTTPStatus, name: str, data: bytes, build: int, head: bool) -> None:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject(data, build)
        if kind.startswith("text/") or kind in ("application/json", "application/xml", "image/svg+xml", "application/javascript"):
            kind += "; charset=utf-8"
        self.send_bytes(status, data, kind, head)

    def send_bytes(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def stream_events(self) -> None:
        """Server-Sent Events for one open page, up to MAX_EVENT_STREAMS at once; past that, 503."""
        if not self.server.event_streams.acquire(blocking=False):
            return self.refuse_stream()
        try:
            self.send_events()
        finally:
            self.server.event_streams.release()

    def refuse_stream(self) -> None:
        # A stream ties up a thread for as long as its page stays open; the page's script asks again later.
        body = b"Too many open pages are listening for reloads; this one will ask again.\n"
        self.send_response(HTTPStatus.SERVICE_UNAVAILABLE)
        self.send_header("Retry-After", str(STREAM_RETRY_SECONDS))
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(body)

    def send_events(self) -> None:
        """The build number and errors now, then on every change, until the page goes or the server stops."""
        state = self.server.state
        self.connection.settimeout(None)  # an open page listens for as long as it is open
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        last, quiet_since = None, time.monotonic()
        try:
            while not self.reader_gone():
                status = state.status()
                if status != last:
                    self.write_event(f"data: {json.dumps(status)}\n\n")
                    last, quiet_since = status, time.monotonic()
                elif time.monotonic() - quiet_since >= KEEP_ALIVE_SECONDS:
                    self.write_event(": keep-alive\n\n")
                    quiet_since = time.monotonic()
                with state.condition:
                    if state.stopping:
                        return
                    if state.status() == last:
                        state.condition.wait(HANG_UP_CHECK_SECONDS)
        except OSError:  # the page went away mid-write
            return

    def write_event(self, text: str) -> None:
        self.wfile.write(text.encode())
        self.wfile.flush()

    def reader_gone(self) -> bool:
        """Whether the page hung up, found without waiting: a write into a closed connection can still
        succeed, so a closed page would otherwise hold its thread and its place until a second write."""
        self.connection.setblocking(False)
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except BlockingIOError:  # nothing to read: still listening
            return False
        except OSError:  # reset
            return True
        finally:
            self.connection.setblocking(True)
