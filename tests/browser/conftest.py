"""The shipped timeline, built once, served on a free loopback port, seen through Chromium."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts"


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the built folder like a static host: index.html for folders, the site's 404 page,
    and text compressed with gzip as every production host does (the README's nginx example too)."""

    # Keep-alive, as every production host offers: Lighthouse's simulation charges HTTP/1.0's
    # fresh connection per request as extra round trips no reader would pay.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSIBLE or not path.is_file():
            return super().do_GET()  # folders without a slash get their redirect, missing files the 404 page
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer(http.server.ThreadingHTTPServer):
    # Keep-alive connections park a thread each until the browser hangs up; closing the server
    # must not wait for them (they are daemon threads and end with the process).
    block_on_close = False


class Served:
    def __init__(self, root: Path, base: str):
        self.root, self.base = root, base

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    @functools.cached_property
    def timeline(self) -> dict:
        return json.loads((self.root / "timeline.json").read_text())


@contextlib.contextmanager
def built_and_served(content: Path, output: Path, *build_args: str) -> Iterator[Served]:
    """Build content into output with the real CLI for the address it will be served at, then serve it."""
    # Bound before the build, which needs the address: port 0 gives a port no other process can take.
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(output)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    completed = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--content", str(content),
                                "--config", str(REPO / "site.yaml"), "--output", str(output), "--base-url", base,
                                "-q", *build_args], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(output, base)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def axe_violations(page) -> list:
    """Run axe-core on the page as it is now: each violation's rule, impact and first few targets."""
    page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.fixture(scope="package")
def served(tmp_path_factory) -> Served:
    with built_and_served(REPO / "content", tmp_path_factory.mktemp("shipped") / "site") as site:
        yield site


# Package scope: Playwright's event loop and the site server end with the browser tests, before any
# later test forks worker processes in this process (a fork beside a live loop can hang the parent).
@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="package")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def node_tool(*parts: str) -> Path:
    """A checker installed by `npm ci` (package.json); a missing one is a set-up error, not a skip."""
    path = REPO.joinpath("node_modules", *parts)
    assert path.exists(), f"{path} is missing: run `npm ci` in {REPO} (scripts/test.sh does)"
    return path


def java() -> str:
    found = shutil.which("java")
    assert found, "java is missing: install a JRE (scripts/test.sh does on Debian)"
    return found
