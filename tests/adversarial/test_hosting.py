"""The built site on a real web server: nginx with the repo's deploy examples, at a root and under /timeline/."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import html5lib
import pytest
from lxml import etree

from tests.conftest import REPO

DEPLOY = REPO / "deploy" / "nginx"


def nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    assert found, "nginx is missing: scripts/system-deps.sh installs Debian's nginx"
    return found


class Nginx:
    """nginx in the foreground with one of deploy/nginx/*.conf, on a loopback port it really got.

    nginx cannot be asked for port 0, so a port is picked and, when another process took it
    before nginx could bind it, nginx says so and another one is tried.
    """

    def __init__(self, example: str, site: Path, work: Path):
        self.work = work
        for _ in range(10):
            self.port = unused_port()
            self.process = self._start(example, site)
            if self._wait_until_listening():
                return
        raise AssertionError("nginx found no free port in ten tries")

    def _start(self, example: str, site: Path) -> subprocess.Popen:
        block = (DEPLOY / example).read_text()
        block = block.replace("listen 80;", f"listen 127.0.0.1:{self.port};").replace("/srv/timeline/site", str(site))
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read a root-owned temp folder
        work = self.work
        temp = "\n".join(f"  {kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (work / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
            f"events {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log off;\n{temp}\n{block}\n}}\n")
        return subprocess.Popen([nginx(), "-p", str(work), "-c", str(work / "nginx.conf")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def _wait_until_listening(self) -> bool:
        """True once nginx accepts connections; False when it could not bind its port (taken meanwhile)."""
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return True
            except OSError:
                if self.process.poll() is not None:
                    error = self.process.stderr.read().decode()
                    assert "Address already in use" in error, error
                    return False
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def unused_port() -> int:
    """A port nothing listens on now (another process may take it before nginx: Nginx retries)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_site(output: Path, base_url: str) -> None:
    completed = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--content", str(REPO / "content"),
                                "--config", str(REPO / "site.yaml"), "--output", str(output), "--base-url", base_url, "-q"],
                               cwd=REPO, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr


def fetch(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def crawl(start: str, base_path: str) -> tuple[dict[str, int], set[str]]:
    """Follow every internal link and asset from the start page; return each URL's status."""
    origin = f"{urlsplit(start).scheme}://{urlsplit(start).netloc}"
    status: dict[str, int] = {}
    pages, queue = set(), [start]
    while queue:
        url = queue.pop()
        if url in status:
            continue
        code, headers, body = fetch(url)
        status[url] = code
        if code != 200 or "text/html" not in headers.get("Content-Type", ""):
            continue
        pages.add(url)
        for element in html5lib.parse(body, namespaceHTMLElements=False).iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if not value or value.startswith(("data:", "mailto:")):
                    continue
                target = urljoin(url, value).split("#")[0]
                if target.startswith(origin + base_path):
                    queue.append(target)
    return status, pages


@pytest.fixture(scope="module", params=[("root.conf", "/"), ("subpath.conf", "/timeline/")], ids=["root", "subpath"])
def hosted(request, tmp_path_factory):
    example, base_path = request.param
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    server = Nginx(example, site, work)  # nginx reads the folder per request: it may be built after the start
    base_url = f"http://127.0.0.1:{server.port}{base_path}"
    build_site(site, base_url)
    yield base_url, base_path, site
    server.stop()


def test_every_internal_link_and_asset_resolves_over_http(hosted):
    base_url, base_path, site = hosted
    status, pages = crawl(base_url, base_path)
    broken = {url: code for url, code in status.items() if code != 200}
    assert broken == {}
    # Every page but 404.html and nothing-links-to-it pages; embeds are linked from no page on purpose (their
    # addresses are in the code to paste): test_open_data_and_embeds_are_served_for_reuse asks for them.
    readers = [page for page in site.rglob("*.html") if "embed" not in page.relative_to(site).parts]
    assert len(pages) >= len(readers) - 2


def test_missing_paths_get_the_sites_404_page(hosted):
    base_url, _, _ = hosted
    for missing in ("no-such-page/", "events/no-such-event/", "static/missing.css"):
        code, _, body = fetch(base_url + missing)
        assert code == 404 and b"Page not found" in body, missing
    # Served at any depth, the 404 page still looks like the site: its stylesheet travels inside it.
    assert re.search(rb"<style>.+\.site-header", fetch(base_url + "events/no-such-event/")[2], re.S)


def test_the_builds_own_record_is_not_served(hosted):
    base_url, _, site = hosted
    assert (site / ".timeline-site").is_file()
    code, _, body = fetch(base_url + ".timeline-site")
    assert code == 404 and b"Page not found" in body


def test_cache_headers_follow_the_deploy_example(hosted):
    base_url, _, site = hosted
    asset = next((site / "static").glob("style.*.css")).name
    assert fetch(base_url + "static/" + asset)[1]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert fetch(base_url)[1]["Cache-Control"] == "no-cache"


def test_open_data_and_embeds_are_served_for_reuse(hosted):
    base_url, _, site = hosted
    types = {"data/events.csv": "text/csv; charset=utf-8", "ru/data/events.ics": "text/calendar; charset=utf-8",
             "data/actors/nato.ics": "text/calendar; charset=utf-8", "data/timeline.schema.json": "application/json",
             "oembed.json": "application/json", "ru/events/1990-07-06-london-declaration/oembed.json": "application/json",
             "embed/host.js": "application/javascript", "embed/": "text/html", "ru/embed/tags/expulsions.html": "text/html"}
    for path, kind in types.items():
        code, headers, body = fetch(base_url + path)
        assert (code, headers["Content-Type"]) == (200, kind), path
        assert headers["Cache-Control"] == "no-cache", path   # pasted elsewhere: a fix must reach every copy
        # Nothing forbids another site to frame the embeds.
        assert "X-Frame-Options" not in headers and "Content-Security-Policy" not in headers, path
    assert fetch(base_url + "data/events.csv")[2] == (site / "data/events.csv").read_bytes()
    embeds = sorted(site.glob("**/embed/**/*.html"))
    assert embeds and all(fetch(base_url + str(page.relative_to(site)).removesuffix("index.html"))[0] == 200
                          for page in embeds[::25])


def test_feeds_parse_without_complaint(hosted):
    base_url, _, site = hosted
    feeds = ["feed.xml"] + [str(p.relative_to(site)) for p in sorted(site.glob("actors/*/feed.xml"))[:10]] \
        + [str(p.relative_to(site)) for p in sorted(site.glob("tags/*/feed.xml"))[:10]]
    for path in feeds:
        code, _, body = fetch(base_url + path)
        feed = feedparser.parse(body)
        assert code == 200 and not feed.bozo, (path, feed.get("bozo_exception"))
        assert all(entry.link.startswith(base_url + "events/") for entry in feed.entries)


def test_sitemap_is_valid_and_every_location_answers(hosted):
    base_url, _, _ = hosted
    code, _, body = fetch(base_url + "sitemap.xml")
    schema = etree.XMLSchema(etree.parse(str(Path(__file__).with_name("sitemap.xsd"))))
    document = etree.fromstring(body)
    assert code == 200 and schema.validate(document), schema.error_log
    locations = [loc.text for loc in document.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) > 100
    assert all(fetch(location)[0] == 200 for location in locations)
