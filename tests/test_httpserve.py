"""The preview's HTTP side: the script goes in HTML only once; idle connections, the stream cap, disconnects."""
from __future__ import annotations

import errno
import io
import os
import socket
import threading
import time

import pytest

from tests.serving import open_stream
from timeline.httpserve import EVENTS_PATH, inject

CHRONICLE = "/%D1%85%D1%80%D0%BE%D0%BD%D0%B8%D0%BA%D0%B0"  # /хроника as a browser sends it


def test_the_script_goes_before_the_last_body_end_or_at_the_end():
    page = inject(b"<html><body><p>a</body></p></BODY></html>", 7)
    assert page.count(EVENTS_PATH.encode()) == 1 and page.index(b"var built = 7") < page.rindex(b"</BODY>")
    assert page.index(b"<script>") > page.index(b"</p>")
    bare = inject(b"no body here", 1)
    assert bare.startswith(b"no body here<script>")


@pytest.mark.parametrize("base_path, prefix", [("/Zeit%20line/", "/Zeit%20line"), ("/хроника/", CHRONICLE)])
def test_a_served_site_under_an_encoded_base_path_answers_and_redirects(base_path, prefix):
    from timeline.livereload import Built, LiveReloadServer

    server = LiveReloadServer("127.0.0.1", 0, base_path)
    files = {"events/x/index.html": b"<p>the event</p>", "index.html": b"<p>home</p>"}
    server.start(lambda changed: Built(files, "2 files"), [], [], out=open(os.devnull, "w"))
    try:
        host, port = server.http.server_address[:2]
        status, _, body = send(host, port, prefix + "/events/x/")
        assert status == 200 and b"the event" in body
        status, headers, _ = send(host, port, prefix + "/events/x")
        assert status == 301 and headers["Location"] == prefix + "/events/x/"
    finally:
        server.stop()


def send(host: str, port: int, target: str) -> tuple[int, dict, bytes]:
    """A GET of target exactly as given, not following redirects."""
    import http.client
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_an_idle_connection_is_closed_and_the_event_stream_is_not(monkeypatch):
    from timeline.httpserve import Handler
    from timeline.livereload import Built, LiveReloadServer

    monkeypatch.setattr(Handler, "timeout", 0.3)
    server = LiveReloadServer("127.0.0.1", 0)
    server.start(lambda changed: Built({"index.html": b"<p>x</p>"}, "1 file"), [], [], out=open(os.devnull, "w"))
    try:
        address = server.http.server_address
        idle = socket.create_connection(address, timeout=5)
        assert idle.recv(1) == b""  # closed by the server, not held open with a thread for ever
        stream = socket.create_connection(address, timeout=5)
        stream.sendall(b"GET /__serve/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        while b"data: " not in received:  # the headers and the first event may come in two pieces
            chunk = stream.recv(4096)
            assert chunk, received
            received += chunk
        stream.settimeout(1.0)
        with pytest.raises(socket.timeout):
            stream.recv(1)  # still open after the idle limit: an open page keeps listening
        stream.close()
    finally:
        server.stop()


def test_past_the_cap_an_event_stream_gets_503_and_closing_one_makes_room():
    from timeline.httpserve import MAX_EVENT_STREAMS, STREAM_RETRY_SECONDS
    from timeline.livereload import Built, LiveReloadServer

    server = LiveReloadServer("127.0.0.1", 0)
    server.start(lambda changed: Built({"index.html": b"<p>x</p>"}, "1 file"), [], [], out=io.StringIO())
    streams = []
    try:
        address = server.http.server_address
        for _ in range(MAX_EVENT_STREAMS):
            streams.append(open_stream(address))
            assert streams[-1][1].startswith(b"HTTP/1.1 200"), streams[-1][1]
        refused, answer = open_stream(address)
        refused.close()
        assert answer.startswith(b"HTTP/1.1 503") and f"\r\nRetry-After: {STREAM_RETRY_SECONDS}\r\n".encode() in answer
        streams.pop()[0].close()  # a page is closed: its place is given up within a second or so
        deadline = time.monotonic() + 10
        while True:
            connection, answer = open_stream(address)
            streams.append((connection, answer))
            if answer.startswith(b"HTTP/1.1 200") or time.monotonic() > deadline:
                break
            streams.pop()[0].close()
            time.sleep(0.05)  # nothing here to await: the server notices the hang-up by its own check
        assert answer.startswith(b"HTTP/1.1 200"), answer
    finally:
        for connection, _ in streams:
            connection.close()
        server.stop()



class UnreadableState:
    """Stands in for the server's state: reading the build raises what a reader's vanishing raises."""

    def __init__(self, error: BaseException):
        self.error = error

    def settled(self):
        raise self.error


@pytest.mark.parametrize("error, reported", [
    (ConnectionAbortedError(errno.ECONNABORTED, "Software caused connection abort"), False),
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), False),
    (BrokenPipeError(errno.EPIPE, "Broken pipe"), False),
    (TimeoutError("timed out"), False),
    (OSError(errno.EHOSTUNREACH, "No route to host"), False),   # a reader on a network that went away
    (OSError(errno.ENETUNREACH, "Network is unreachable"), False),
    (OSError(errno.ENOTCONN, "Transport endpoint is not connected"), False),
    (OSError(errno.ENOSPC, "No space left on device"), True),     # not a reader's doing: shown
    (ValueError("a bug"), True),
], ids=lambda value: (getattr(value, "strerror", None) or repr(value)) if isinstance(value, BaseException)
    else ("shown" if value else "quiet"))
def test_only_a_reader_going_away_is_left_unreported(capfd, error, reported):
    from timeline.httpserve import PreviewHTTPServer
    server = PreviewHTTPServer(("127.0.0.1", 0), UnreadableState(error))
    thread = threading.Thread(target=server.serve_until_stopped, daemon=True)
    thread.start()
    try:
        with socket.create_connection(server.server_address, timeout=10) as connection:
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert connection.recv(100) == b""  # the request failed; its error was handled before the close
    finally:
        server.stop_serving()
        thread.join(5)
        server.server_close()
    shown = capfd.readouterr().err
    assert ("Traceback" in shown and type(error).__name__ in shown) == reported, shown
    assert bool(shown) == reported
