"""Source links as readers get them when sources.yaml records dead ones: axe and the Nu checker find nothing."""
from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
import threading

import pytest

from tests.browser.conftest import SiteHandler, SiteServer, java, node_tool
from tests.conftest import REPO
from timeline.content import parse_event
from timeline.frontedit import add_source_keys
from timeline.linkrecords import LinkRecord, records_text

SLUG = "2009-05-06-lavrov-seeks-normal-partnership"


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """The shipped timeline with this event's first source dead without a copy, its second dead with
    one, and its third alive with one."""
    project = tmp_path_factory.mktemp("marked")
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "site.yaml", project / "site.yaml")
    path = project / "content/events/2009" / f"{SLUG}.md"
    text = path.read_text()
    event, _ = parse_event(text, str(path))
    first, second, third = event.sources[:3]
    for index, source in ((1, second), (2, third)):
        text = add_source_keys(text, str(path), index, source.url, {
            "archive_url": f"https://web.archive.org/web/20090507000000/{source.url}", "archive_date": "2009-05-07"})
    path.write_text(text)
    dead = LinkRecord("dead", "2026-05-01T10:00:00Z", 404, None, None, "HTTP 404")
    (project / "content/sources.yaml").write_text(records_text({first.url: dead, second.url: dead}))
    output = project / "site"
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(output)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    completed = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--base-url", base, "--no-search", "-q"],
                               cwd=project, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield output, base
    server.shutdown()
    server.server_close()


def test_the_three_kinds_of_source_link_are_there(marked):
    html = (marked[0] / "events" / SLUG / "index.html").read_text()
    assert html.count("Link unavailable:") == 1 and html.count('class="source-original"') == 1
    assert html.count("data-versionurl=") == 1 and html.count("data-originalurl=") == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_marked_sources(browser, marked, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(marked[1] + f"events/{SLUG}/")
        page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    finally:
        context.close()


def test_nu_html_checker_finds_no_errors_on_marked_sources(marked):
    page = marked[0] / "events" / SLUG / "index.html"
    completed = subprocess.run([java(), "-jar", str(node_tool("vnu-jar", "build", "dist", "vnu.jar")), "--errors-only",
                                "--format", "json", str(page)], capture_output=True, text=True, timeout=120)
    assert json.loads(completed.stderr or '{"messages": []}')["messages"] == []
