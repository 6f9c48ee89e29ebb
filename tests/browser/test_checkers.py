"""Independent checkers over the shipped site: axe-core, the Nu Html Checker, Lighthouse."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations, built_and_served, java, node_tool
from tests.conftest import REPO

AXE_PAGES = {
    "timeline": "",
    "timeline filtered": "?actor=nato&actor=russia&tag=expulsions&from=2008&to=2010",
    "event": "events/2009-05-06-lavrov-seeks-normal-partnership/",
    "actor": "actors/sergei-lavrov/",
    "tag": "tags/expulsions/",
    "year": "years/2009/",
    "search results": "search/?q=Lavrov",
    "about": "about/",
    "timeline in Russian": "ru/",
    "timeline in Russian, filtered": "ru/?actor=nato&tag=expulsions",
    "event in Russian": "ru/events/2009-05-06-lavrov-seeks-normal-partnership/",
    "untranslated event in Russian": "ru/events/1990-07-06-london-declaration/",
    "actor in Russian": "ru/actors/sergei-lavrov/",
    "year in Russian": "ru/years/2009/",
    "search results in Russian": "ru/search/?q=Лавров",
    "about in Russian": "ru/about/",
    "timeline newest first": "newest/",
    "timeline newest first, filtered": "?actor=nato&tag=expulsions&order=newest",
    "year newest first": "years/2009/newest/",
    "lanes": "lanes/",
    "lanes filtered": "lanes/?actor=sergei-lavrov&actor=jens-stoltenberg&tag=diplomacy",
    "lanes in Russian": "ru/lanes/",
    "search results by facets": "search/?actor=russia&year=2009",
    "search results in Russian by facets": "ru/search/?q=НАТО&actor=russia",
    "timeline embed, filtered": "embed/?actor=nato&tag=expulsions",
    "event embed": "embed/events/2009-05-06-lavrov-seeks-normal-partnership.html",
    "actor embed": "embed/actors/sergei-lavrov.html",
    "event embed in Russian": "ru/embed/events/1990-07-06-london-declaration.html",
    "topic embed in Russian": "ru/embed/tags/expulsions.html",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_violations(browser, served, name, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(served.url(AXE_PAGES[name]))
        page.wait_for_load_state("networkidle")
        if name.startswith("search results"):
            page.wait_for_selector(".search-result")
        violations = axe_violations(page)
        assert violations == [], violations
    finally:
        context.close()


def test_nu_html_checker_reports_no_errors_on_any_page(served):
    jar = node_tool("vnu-jar", "build", "dist", "vnu.jar")
    completed = subprocess.run([java(), "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html",
                                str(served.root)], capture_output=True, text=True, timeout=300)
    messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
    errors = [(m.get("url", "").rsplit(str(served.root), 1)[-1], m.get("lastLine"), m["message"]) for m in messages]
    assert errors == [], errors[:10]
    pages = list(served.root.rglob("*.html"))
    assert len(pages) > 100


@pytest.mark.parametrize("name, path", [("timeline", ""), ("event", "events/2009-05-06-lavrov-seeks-normal-partnership/"),
                                        ("lanes", "lanes/")])
def test_lighthouse_accessibility_best_practices_and_seo(served, artifacts, name, path):
    report = artifacts / f"lighthouse-{name}.json"
    completed = subprocess.run(
        [str(node_tool(".bin", "lighthouse")), served.url(path), "--quiet", "--output=json", f"--output-path={report}",
         "--only-categories=performance,accessibility,best-practices,seo",
         "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS)],
        capture_output=True, text=True, timeout=240, env={**os.environ, "CHROME_PATH": CHROMIUM})
    assert completed.returncode == 0, completed.stderr[-2000:]
    data = json.loads(report.read_text())
    scores = {key: round(category["score"] * 100) for key, category in data["categories"].items()}
    lcp_ms = data["audits"]["largest-contentful-paint"]["numericValue"]
    # Performance and LCP are timings: recorded for people (test-artifacts/, bench/README.md), not asserted.
    (artifacts / f"lighthouse-{name}-summary.txt").write_text(f"{scores} LCP {lcp_ms:.0f} ms\n")
    print(f"lighthouse {name}: {scores} LCP {lcp_ms:.0f} ms")
    failing = {audit_id: audit["title"] for audit_id, audit in data["audits"].items()
               if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
               and any(audit_id in [ref["id"] for ref in data["categories"][c]["auditRefs"]]
                       for c in ("accessibility", "best-practices", "seo"))}
    assert (scores["accessibility"], scores["best-practices"], scores["seo"]) == (100, 100, 100), failing


DRAFT_PAGES = {
    "draft event": "events/2009-05-07-draft-under-review/",
    "timeline listing a draft": "",
    "year listing a draft": "years/2009/",
    "draft page": "plans/",
}


@pytest.fixture(scope="module")
def served_drafts(tmp_path_factory):
    """The shipped timeline with a draft event and a draft page in the menu, built with --drafts."""
    project = tmp_path_factory.mktemp("drafts")
    shutil.copytree(REPO / "content", project / "content")
    (project / "content/events/2009/2009-05-07-draft-under-review.md").write_text(
        "---\ntitle: A draft under review\ndate: 2009-05-07\nactors: [nato, russia]\ntags: [diplomacy]\n"
        "milestone: true\ndraft: true\n---\nNot yet checked against its sources.\n", encoding="utf-8")
    (project / "content/pages/plans.md").write_text("---\ntitle: Plans\ndraft: true\n---\nWhat comes next.\n")
    with built_and_served(project / "content", project / "site", "--drafts", "--no-search") as site:
        yield site


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(DRAFT_PAGES))
def test_draft_marks_keep_pages_free_of_axe_violations(browser, served_drafts, name, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(served_drafts.url(DRAFT_PAGES[name]))
        page.wait_for_load_state("networkidle")
        assert page.locator(".badge.draft, .draft-notice").count() > 0  # the marks are on the page checked
        violations = axe_violations(page)
        assert violations == [], violations
    finally:
        context.close()


def test_nu_html_checker_reports_no_errors_on_pages_with_drafts(served_drafts):
    jar = node_tool("vnu-jar", "build", "dist", "vnu.jar")
    pages = [str(served_drafts.root / path / "index.html") for path in DRAFT_PAGES.values()]
    completed = subprocess.run([java(), "-jar", str(jar), "--errors-only", "--format", "json", *pages],
                               capture_output=True, text=True, timeout=300)
    messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
    assert [(m.get("url", "").rsplit("/site/", 1)[-1], m.get("lastLine"), m["message"]) for m in messages] == []
