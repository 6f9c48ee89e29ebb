"""The shipped timeline's Russian pages (languages: [en, ru], under /ru/), in Chromium: what the scripts say
is Russian, with the count's form the language's rule picks."""
from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import threading

import pytest

from tests.browser.conftest import Served, SiteHandler, SiteServer, java, node_tool
from tests.conftest import REPO
from timeline.plurals import category

FOUND = {"one": "событие", "few": "события", "many": "событий"}


@pytest.fixture(scope="module")
def russian(tmp_path_factory) -> Served:
    root = tmp_path_factory.mktemp("russian")
    config = REPO / "site.yaml"
    assert "languages: [en, ru]" in config.read_text(encoding="utf-8")
    output = root / "site"
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(output)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    completed = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--content", str(REPO / "content"),
                                "--config", str(config), "--output", str(output), "--base-url", base, "-q"],
                               cwd=REPO, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(output / "ru", base + "ru/")
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_the_filter_form_and_its_count_speak_russian(page, russian):
    total = len(russian.timeline["events"])
    page.goto(russian.url("?actor=nato&from=2009&to=2009"))
    page.wait_for_function("document.getElementById('filter-status').textContent.startsWith('Показано')")
    shown = page.eval_on_selector_all("#timeline li.event:not([hidden])", "els => els.length")
    # After "из" the whole number phrase is genitive: из 21 события, из 144 событий.
    noun = "события" if category("ru", total) == "one" else "событий"
    # НАТО is the actor's Russian name in the shipped actors.yaml (names: {ru: ...}).
    assert page.locator("#filter-status").inner_text() == f"Показано {shown} из {total} {noun} (НАТО, 2009–2009)."
    assert page.locator(".filter-panel summary").inner_text() == "Отбор по участникам, темам и годам"
    assert page.locator(".filter-clear").inner_text() == "Сбросить отбор"


def test_search_counts_its_results_in_russian(page, russian):
    page.goto(russian.url("search/?q=NATO"))
    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('Найдено')")
    status = page.locator("#search-status").inner_text()
    count = int(re.match(r"Найдено (\d+) ", status).group(1))
    assert status.startswith(f"Найдено {count} {FOUND[category('ru', count)]}")


def test_copy_link_says_so_in_russian(browser, russian):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(russian.url("events/2009-05-06-lavrov-seeks-normal-partnership/"))
        page.click("button.copy-link")
        page.wait_for_function("document.querySelector('button.copy-link').textContent === 'Ссылка скопирована'")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["?actor=nato&from=2009&to=2009", "events/2009-05-06-lavrov-seeks-normal-partnership/",
                                  "actors/sergei-lavrov/", "search/?q=Lavrov", "404.html"])
def test_axe_finds_no_violations_in_the_russian_interface(browser, russian, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(russian.url(path))
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == [], violations
    finally:
        context.close()


def test_nu_html_checker_reports_no_errors_in_the_russian_interface(russian):
    jar = node_tool("vnu-jar", "build", "dist", "vnu.jar")
    completed = subprocess.run([java(), "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html",
                                str(russian.root)], capture_output=True, text=True, timeout=300)
    messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
    assert [(m.get("url", "").rsplit(str(russian.root), 1)[-1], m["message"]) for m in messages] == []
