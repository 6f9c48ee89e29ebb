"""The preview server under hostile or careless clients and authors: nothing leaks, nothing garbles, it keeps up."""
from __future__ import annotations

import os
import select
import shutil
import socket
import struct
import time

import pytest
from urllib.parse import quote

from tests.conftest import REPO, event_text
from tests.serving import ServerProcess, open_stream


@pytest.fixture
def server(site, tmp_path_factory):
    process = ServerProcess(site.root, "--no-search", tmpdir=tmp_path_factory.mktemp("servetmp"))
    yield process
    process.stop()


def request(server, target: bytes, host: bytes | None, version: bytes = b"HTTP/1.1", *hosts: bytes) -> bytes:
    """A GET with the Host header given (none for None, and more for hosts), and the whole response."""
    address = server.url.split("//")[1].split("/")[0]
    name, port = address.split(":")
    with socket.create_connection((name, int(port)), timeout=10) as connection:
        head = b"GET " + target + b" " + version + b"\r\n"
        head += b"".join(b"Host: " + value + b"\r\n" for value in ([host] if host is not None else []) + list(hosts))
        connection.sendall(head + b"Connection: close\r\n\r\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("host", [b"evil.example", b"evil.example:8000", b"127.0.0.1.evil.example", b"localhost.evil",
                                  b"0.0.0.0", b"[::2]", b"", b"localhost:abc", b"localhost:80:80", b"localhost:",
                                  b"localhost:8000.evil.example", b"127.0.0.1:0", b"[::1]:99999", b"[::1]x"])
def test_a_page_on_another_host_name_cannot_read_the_preview(site, server, host):
    site.event("2009-05-07-secret", title="SECRET DRAFT", date="2009-05-07", extra="draft: true")
    for target in (b"/", b"/events/2009-04-29-nato-withdraws-accreditation/", b"/__serve/events", b"/timeline.json"):
        response = request(server, target, host)
        assert response.startswith(b"HTTP/1.1 421") or response.startswith(b"HTTP/1.0 421"), (host, response[:80])
        assert b"SECRET" not in response and b"NATO withdraws" not in response


@pytest.mark.parametrize("host", [b"127.0.0.1", b"localhost", b"LOCALHOST", b"[::1]"])
def test_the_names_it_is_served_on_are_answered(server, host):
    port = server.url.split(":")[2].split("/")[0].encode()
    assert request(server, b"/", host + b":" + port).startswith(b"HTTP/1.1 200")
    assert request(server, b"/", host).startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize("version", [b"HTTP/1.0", b"HTTP/1.1"])
def test_a_request_without_a_host_header_is_answered(server, version):
    # curl -0 and simple tools send none; a browser always does, so no rebinding page can omit it
    response = request(server, b"/events/2009-04-29-nato-withdraws-accreditation/", None, version)
    assert response.startswith(b"HTTP/1.1 200") and b"NATO withdraws" in response


def test_two_host_headers_are_refused(server):
    response = request(server, b"/", b"127.0.0.1", b"HTTP/1.1", b"evil.example")
    assert response.startswith(b"HTTP/1.1 400") and b"NATO withdraws" not in response


RESET = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends a reset, not a goodbye
TLS_HELLO = bytes.fromhex("16030100a5010000a10303") + bytes(range(256)) * 2  # a browser trying https:// here


def hang_up(connection: socket.socket, how: str) -> None:
    if how == "reset":
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
    elif how == "shutdown":
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


def get_head(address: str, path: str, method: str = "GET") -> bytes:
    return f"{method} {path} HTTP/1.1\r\nHost: {address}\r\n\r\n".encode()


def drop(address: str, sent: bytes, read: int, how: str) -> None:
    """Connect, send, read a little (0: nothing), hang up."""
    name, port = address.split(":")
    connection = socket.create_connection((name, int(port)), timeout=10)
    if sent:
        connection.sendall(sent)
    if read:
        assert connection.recv(read)
    hang_up(connection, how)


def dropped_stream(address: str, how: str) -> None:
    """An open page listening for reloads goes away."""
    name, port = address.split(":")
    connection, received = open_stream((name, int(port)))
    assert b"data: " in received
    hang_up(connection, how)


def dropped_during_a_rebuild(site, server, address: str, how: str) -> None:
    """Readers go away while their requests wait for a rebuild; the server answers them after it."""
    template = site.root / "templates" / "event.html"
    template.write_text(template.read_text().replace(  # a slow template: the rebuild takes a second or more
        "{% block main %}", "{% block main %}{% for i in range(10000000) %}{% endfor %}"))
    name, port = address.split(":")
    waiting = []
    deadline = time.monotonic() + 20
    while len(waiting) < 5:
        assert time.monotonic() < deadline, "no request ever waited for the rebuild"
        connection = socket.create_connection((name, int(port)), timeout=10)
        connection.sendall(get_head(address, "/events/2009-04-29-nato-withdraws-accreditation/"))
        readable, _, _ = select.select([connection], [], [], 0.1)
        if readable:  # answered from the last build: the rebuild has not begun
            connection.close()
        else:
            waiting.append(connection)
    for connection in waiting:
        hang_up(connection, how)
    server.wait_rebuilds(2, timeout=60)


WAYS_TO_DROP = {
    "reset mid request line": lambda address: drop(address, b"GET /eve", 0, "reset"),
    "reset mid headers": lambda address: drop(address, b"GET / HTTP/1.1\r\nHost: " + address.encode(), 0, "reset"),
    "reset before a byte": lambda address: drop(address, b"", 0, "reset"),
    "reset mid response of a large file": lambda address: drop(address, get_head(address, "/static/big.bin"), 100, "reset"),
    "closed without reading a large file (broken pipe)": lambda address: drop(address, get_head(address, "/static/big.bin"), 0, "close"),
    "shut down mid response": lambda address: drop(address, get_head(address, "/static/big.bin"), 100, "shutdown"),
    "reset after HEAD of a large file": lambda address: drop(address, get_head(address, "/static/big.bin", "HEAD"), 0, "reset"),
    "reset during the reload stream": lambda address: dropped_stream(address, "reset"),
    "closed during the reload stream": lambda address: dropped_stream(address, "close"),
    "TLS hello, then closed": lambda address: drop(address, TLS_HELLO, 0, "close"),
    "TLS hello, then reset": lambda address: drop(address, TLS_HELLO, 0, "reset"),
    "garbage past the longest request line, then reset": lambda address: drop(address, bytes(range(1, 256)) * 300, 0, "reset"),
}


@pytest.mark.parametrize("way", [*WAYS_TO_DROP, "reset while waiting for a rebuild", "closed while waiting for a rebuild"])
def test_a_reader_who_drops_the_connection_is_never_an_error(site, tmp_path_factory, way):
    """A disconnect once printed a 15-line ConnectionResetError traceback, 5 times out of 5."""
    shutil.copytree(REPO / "static", site.root / "static")
    shutil.copytree(REPO / "templates", site.root / "templates")
    (site.root / "static" / "big.bin").write_bytes(os.urandom(8_000_000))  # more than the socket buffers hold
    server = ServerProcess(site.root, "--no-search", tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        address = server.url.split("//")[1].split("/")[0]
        if way in WAYS_TO_DROP:
            for _ in range(5):
                WAYS_TO_DROP[way](address)
        else:
            dropped_during_a_rebuild(site, server, address, "reset" if way.startswith("reset") else "close")
        assert server.get("")[0] == 200  # still serving
        assert len(server.get("static/big.bin")[2]) == 8_000_000
    finally:
        code = server.stop()
    assert code == 0
    assert server.errors == []  # no traceback, no error line: the whole standard error is empty


def test_idle_connections_do_not_pile_up_and_many_readers_are_served(site, server):
    address = server.url.split("//")[1].split("/")[0]
    name, port = address.split(":")
    idle = [socket.create_connection((name, int(port)), timeout=10) for _ in range(150)]  # each holds a thread
    try:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=32) as pool:
            statuses = list(pool.map(lambda _: server.get("")[0], range(64)))
        assert statuses == [200] * 64
    finally:
        for connection in idle:
            connection.close()


@pytest.mark.parametrize("poll", [False, True])
def test_deleting_and_making_content_again_keeps_the_preview_following(site, tmp_path_factory, poll):
    server = ServerProcess(site.root, "--no-search", *(["--poll"] if poll else []),
                           tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        saved = tmp_path_factory.mktemp("saved") / "content"
        shutil.copytree(site.content, saved)
        shutil.rmtree(site.content)
        server.wait_rebuilds(2, timeout=30)
        shutil.copytree(saved, site.content)
        server.wait_for(lambda lines: lines and lines[-1].startswith("Rebuilt"), timeout=30)
        time.sleep(0.5)
        site.event("2009-05-07-after", title="Made after the folder came back", date="2009-05-07")
        server.wait_for(lambda lines: any("2009-05-07-after.md" in line for line in lines), timeout=30)
        assert b"Made after the folder came back" in server.get("events/2009-05-07-after/")[2]
    finally:
        server.stop()


def test_redirects_to_folders_with_any_name_are_plain_ascii(site, tmp_path_factory):
    shutil.copytree(REPO / "static", site.root / "static")
    for folder in ("с пробелом", "naïve dir", "a b"):
        (site.root / "static" / folder).mkdir()
        (site.root / "static" / folder / "index.html").write_text("<p>x</p>")
    server = ServerProcess(site.root, "--no-search", tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        for folder, expected in (("с пробелом", b"/static/%D1%81%20%D0%BF%D1%80%D0%BE%D0%B1%D0%B5%D0%BB%D0%BE%D0%BC/"),
                                 ("naïve dir", b"/static/na%C3%AFve%20dir/"), ("a b", b"/static/a%20b/")):
            target = quote("/static/" + folder).encode()  # as a browser sends it
            response = request(server, target, server.url.split("//")[1].split("/")[0].encode())
            assert response.startswith(b"HTTP/1.1 301"), response[:60]
            assert b"\r\nLocation: " + expected + b"\r\n" in response
        assert not [line for line in server.errors if "Traceback" in line]
    finally:
        server.stop()


def test_file_names_with_terminal_escapes_are_shown_escaped(site, server):
    name = "2009-05-07-\x1b[31mred\x1b[0m.md"
    (site.content / "events" / name).write_text(event_text(title="Escape", date="2009-05-07"))
    rebuilds = server.wait_rebuilds(2)
    assert "\x1b" not in "\n".join(server.lines + server.errors)
    assert "\\u001b[31mred" in rebuilds[-1]
    os.unlink(site.content / "events" / name)
