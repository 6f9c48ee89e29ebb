"""Run the real `build.py serve` in a subprocess on a free port and talk to it."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import REPO

INJECTED = re.compile(rb"<script>\(function \(\) \{\n  var built = .*?</script>", re.S)


class ServerProcess:
    """`python build.py serve --port 0` in a project folder, with its output lines collected as they come."""

    def __init__(self, root: Path, *args: str, tmpdir: Path | None = None):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        if tmpdir is not None:
            env["TMPDIR"] = str(tmpdir)
        self.process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", *args],
                                        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.changed = threading.Condition()
        for stream, sink in ((self.process.stdout, self.lines), (self.process.stderr, self.errors)):
            threading.Thread(target=self._collect, args=(stream, sink), daemon=True).start()
        line = self.wait_for(lambda lines: any(l.startswith("Serving ") for l in lines), timeout=60)
        self.url = next(l for l in line if l.startswith("Serving ")).split()[1]

    def _collect(self, stream, sink: list[str]) -> None:
        for line in stream:
            with self.changed:
                sink.append(line.rstrip("\n"))
                self.changed.notify_all()

    def wait_for(self, predicate, timeout: float = 20, stream: str = "lines") -> list[str]:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not predicate(getattr(self, stream)):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"timed out; stdout={self.lines} stderr={self.errors}")
                self.changed.wait(min(remaining, 0.2))
            return list(getattr(self, stream))

    @property
    def rebuilds(self) -> list[str]:
        with self.changed:
            return [l for l in self.lines if l.startswith(("Rebuilt", "Rebuild failed"))]

    def wait_rebuilds(self, count: int, timeout: float = 20) -> list[str]:
        self.wait_for(lambda lines: len([l for l in lines if l.startswith(("Rebuilt", "Rebuild failed"))]) >= count,
                      timeout)
        return self.rebuilds

    def no_more_rebuilds(self, count: int, settle: float = 0.6) -> bool:
        """True when no rebuild beyond count starts within settle seconds (the quiet period is 0.1 s)."""
        try:
            self.wait_rebuilds(count + 1, timeout=settle)
        except AssertionError:
            return True
        return False

    def get(self, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.url.rstrip("/") + "/" + path.lstrip("/"), method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def status(self) -> dict:
        """The first message of the event stream: the current build number and errors."""
        with urllib.request.urlopen(self.url.rstrip("/") + "/__serve/events", timeout=10) as response:
            for raw in response:
                if raw.startswith(b"data: "):
                    return json.loads(raw[6:])
        raise AssertionError("no event")

    def raw(self, target: bytes) -> bytes:
        """Send a request line exactly as given and return the whole response."""
        host, port = self.url.split("//")[1].split("/")[0].split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + f"{host}:{port}".encode()
                               + b"\r\nConnection: close\r\n\r\n")
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def stop(self, stop_signal: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(stop_signal)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("the server did not stop on Ctrl-C")


def open_stream(address) -> tuple[socket.socket, bytes]:
    """Ask for the event stream; return the connection and what came until the first event or the end."""
    connection = socket.create_connection(address, timeout=10)
    connection.sendall(b"GET /__serve/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    received = b""
    while b"data: " not in received:
        chunk = connection.recv(4096)
        if not chunk:
            break
        received += chunk
    return connection, received


def strip_injected(data: bytes) -> bytes:
    return INJECTED.sub(b"", data)


def served_after_edits_equals_a_fresh_build(site, server: ServerProcess, edits, folder: Path) -> list[str]:
    """Make each edit and wait for its rebuild; then build the site afresh into folder and check that the
    server answers every one of its files with the same bytes (the reload script aside). Returns the
    fresh build's files, relative to folder."""
    for number, edit in enumerate(edits, start=2):
        edit()
        server.wait_rebuilds(number)
        assert server.rebuilds[-1].startswith(f"Rebuilt #{number}"), server.rebuilds
    fresh = site.run("build", "--output", str(folder), "--no-cache", "--no-search", "--base-url", server.url)
    assert fresh.code == 0, fresh.err
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != ".timeline-site")
    for relative in files:
        status, _, body = server.get(relative)
        assert status == 200, relative
        assert strip_injected(body) == (folder / relative).read_bytes(), relative
    return files
