"""Odd input gets a located error or a right result, never a traceback and never invalid output."""
from __future__ import annotations

import os
import subprocess
import sys
import xml.dom.minidom

import html5lib
import pytest

from tests.conftest import REPO, deep_folders, event_text
from timeline.config import base_url_problem
from timeline.files import remove_tree


def run(site, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=site.root, capture_output=True,
                          text=True, timeout=120, **kwargs)


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_file_name_that_is_not_utf8_is_named_and_left_out(site, cache):
    folder = os.fsencode(site.content / "events")
    with open(os.path.join(folder, b"2009-05-07-caf\xe9.md"), "w") as handle:
        handle.write(event_text(title="Latin-1 name"))
    os.mkdir(os.path.join(folder, b"sub\xff"))
    for command in (["check", *cache], ["build", "--no-search", *cache]):
        result = run(site, *command)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "caf\\xe9.md" in result.stderr and "is not UTF-8" in result.stderr
        assert "sub\\xff" in result.stderr


def test_a_thousand_nested_folders_are_walked_without_a_traceback(site):
    folder = str(site.content / "events")
    for _ in range(1000):  # within PATH_MAX: 2,000 characters more
        folder = os.path.join(folder, "d")
        os.mkdir(folder)
    with open(os.path.join(folder, "2009-05-07-deep.md"), "w") as handle:
        handle.write(event_text(title="Deep down", date="2009-05-07"))
    try:
        result = run(site, "build", "--no-search")
        assert result.returncode == 0, result.stderr
        assert (site.output / "events/2009-05-07-deep/index.html").is_file()
    finally:  # removed from the deepest up: a recursive removal (pytest's own) would exhaust Python's stack
        os.unlink(os.path.join(folder, "2009-05-07-deep.md"))
        while folder != str(site.content / "events"):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def test_content_beyond_the_path_length_limit_is_reported_not_skipped(site):
    # Folders are made one level at a time from inside, so the whole path may pass PATH_MAX (4,096).
    here = os.getcwd()
    os.chdir(site.content / "events")
    try:
        for _ in range(40):
            os.mkdir("x" * 200)
            os.chdir("x" * 200)
        with open("2009-05-07-far.md", "w") as handle:
            handle.write(event_text(title="Far away", date="2009-05-07"))
    finally:
        os.chdir(here)
    result = run(site, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot read this folder" in result.stderr and "Checked" not in result.stdout


def test_a_page_in_a_subfolder_of_pages_is_a_page(site):
    site.write("content/pages/guides/method.md", "---\ntitle: How we work\n---\nOur method.\n")
    result = run(site, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    assert "How we work" in (site.output / "method/index.html").read_text()
    assert not (site.output / "events/method").exists()


def test_new_refuses_a_year_folder_that_is_a_file_and_a_title_that_would_break_builds(site):
    (site.content / "events" / "2009").write_text("not a folder")
    result = run(site, "new", "A title", "--date", "2009-05-07", "--actors", "nato")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "events/2009: is a file where a folder is needed; nothing was written" in result.stderr
    (site.content / "events" / "2009").unlink()
    for title in ("Bad\x01title", "Tab\x0bhere", "Nul\x1f"):
        result = run(site, "new", title, "--date", "2009-05-07", "--actors", "nato")
        assert result.returncode == 1 and "contains the control character" in result.stderr, title
    assert not (site.content / "events" / "2009").exists()
    assert run(site, "check", "--drafts").returncode == 0


@pytest.mark.parametrize("junk", ["&#12;", "&#xFFFF;", "&#1;", "&#xD800;", "\x0c", "\x01", "&#0;"])
def test_import_keeps_the_article_around_a_character_xml_cannot_hold(site, tmp_path, junk):
    page = tmp_path / "article.html"
    page.write_text("<html><head><title>NATO and Russia resume talks</title></head><body><article>"
                    f"<p>NATO and Russia agreed on Friday to resume formal talks{junk} after a long pause, officials said.</p>"
                    "<p>Both sides described the meeting as businesslike and agreed to meet again in spring.</p>"
                    "</article></body></html>")
    result = run(site, "import", str(page), "--year", "2009", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "agreed on Friday to resume formal talks" in result.stdout and "businesslike" in result.stdout


@pytest.mark.parametrize("reference", ["&#1;", "&#x0B;", "&#xFFFE;", "&#xFFFF;", "&#0;", "&#xD800;", "&#x1F;"])
def test_character_references_never_make_a_feed_or_page_invalid(site, reference):
    site.event("2009-05-07-refs", title="References", date="2009-05-07",
               body=f"Text {reference} in a paragraph.\n\nA note[^1].\n\n[^1]: With {reference} in it.")
    result = run(site, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    for feed in [site.output / "feed.xml", *site.output.glob("*/*/feed.xml"), site.output / "sitemap.xml"]:
        xml.dom.minidom.parse(str(feed))  # raises on a character XML cannot hold
    page = (site.output / "events/2009-05-07-refs/index.html").read_text()
    assert not any(ch in page for ch in "\x01\x0b\x1f\ufffe\uffff")


@pytest.mark.parametrize("base_url", [
    "https://example.org//cdn.evil.example/", "https://example.org/?", "https://example.org/#",
    "https://user:secret@example.org/", "https://example.org:99999/", "https://example.org:0/",
    "https://example.org/a/../b/", "https://example.org/%2e%2e/", "https://example.org/a%2fb/",
    "https://example.org/./", "https://example.org/a\\b/", "javascript://example.org/",
    "https://example\uff0eorg/", "https://example.org\\.evil.example/", "https://999.1.1.1/", "https://10.1/",
    "https://example.org:80:80/", "https://example.org:+80/", "https://-example.org/", "https://exa<mple.org/",
    "https://[::1/", "https://[not-ip]/", "http://0x7f000001/", "http://example.0x1/", "http://127.1/",
    "http://[fe80::1%25eth0]/",
])
def test_a_base_url_that_would_send_links_elsewhere_is_refused(site, base_url):
    result = run(site, "build", "--base-url", base_url)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    site.write("site.yaml", f"title: T\nbase_url: {base_url!r}\n".replace("'", '"'))
    result = run(site, "check")
    assert result.returncode == 1 and "site.yaml:2: base_url:" in result.stderr, result.stderr
    assert "secret" not in result.stdout


@pytest.mark.parametrize("base_url", [
    "https://example.org/", "http://localhost:8000/", "http://[::1]:8000/", "http://127.0.0.1:8000/sub/",
    "https://\u0445\u0440\u043e\u043d\u0438\u043a\u0430.\u0440\u0444/", "https://example.org/Zeit%20line/",
    "https://a_b.example.org./", "https://example.org/\u0445\u0440\u043e\u043d\u0438\u043a\u0430/",
])
def test_a_base_url_browsers_read_as_written_is_accepted(base_url):
    assert base_url_problem(base_url) is None


def test_a_base_url_with_a_character_no_text_may_hold_is_refused():
    assert base_url_problem("https://ex\ud800ample.org/") and base_url_problem("https://example.org/\udcff/")


def test_ids_written_in_a_text_never_collide_with_the_pages_own(site):
    site.event("2009-05-07-ids", title="Ids", date="2009-05-07",
               body="## Heading {: #main }\n\n## Sources {: #sources-heading }\n\nText[^1], [a link](#main) and "
                    "[a year](#year-2009).\n\n[^1]: A note.")
    site.event("2009-05-08-main", title="Main", date="2009-05-08", extra="slug: main")
    assert run(site, "build", "--no-search").returncode == 0
    for page in ["events/2009-05-07-ids/index.html", "index.html", "years/2009/index.html"]:
        document = html5lib.parse((site.output / page).read_bytes(), namespaceHTMLElements=False)
        ids = [element.get("id") for element in document.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), (page, ids)
        assert next(e for e in document.iter() if e.get("id") == "main").tag == "main"  # the skip link's target
    document = html5lib.parse((site.output / "events/2009-05-07-ids/index.html").read_bytes(),
                              namespaceHTMLElements=False)
    text_links = {e.get("href") for e in document.iter("a") if e.text in ("a link", "a year") or e.text == "1"}
    # a link to the text's own id follows it; a link to anything else on the site stays as written
    assert text_links == {"#text-main", "#year-2009", "#text-fn:1"}, text_links


def test_footnotes_in_the_text_and_in_each_update_note_keep_apart(site):
    site.event("2009-05-07-notes", title="Notes", date="2009-05-07", body="Text[^1].\n\n[^1]: The text's note.",
               extra="""\
               updates:
                 - date: 2024-01-01
                   note: "First correction[^1].\\n\\n[^1]: Its note."
                 - date: 2024-02-01
                   note: "Second correction[^1].\\n\\n[^1]: Its note."
               """)
    assert run(site, "build", "--no-search").returncode == 0
    document = html5lib.parse((site.output / "events/2009-05-07-notes/index.html").read_bytes(),
                              namespaceHTMLElements=False)
    ids = [element.get("id") for element in document.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), ids
    for link in document.iter("a"):  # every footnote link lands on an id of this page
        if (link.get("href") or "").startswith("#"):
            assert link.get("href")[1:] in ids, link.get("href")
    assert {"text-fn:1", "note1-fn:1", "note2-fn:1"} <= set(ids)


def test_static_templates_and_output_folders_of_any_depth_are_walked(site):
    import shutil
    depth = 1200  # past Python's recursion limit, under the system's longest path
    shutil.copytree(REPO / "static", site.root / "static")
    shutil.copytree(REPO / "templates", site.root / "templates")
    try:
        static = deep_folders(site.root / "static", depth)
        (site.root / "static" / static / "deep.txt").write_text("deep")
        templates = deep_folders(site.root / "templates", depth)
        (site.root / "templates" / templates / "unused.html").write_text("{{ site.title }}")
        assert run(site, "build", "--no-search").returncode == 0
        site.output.joinpath(deep_folders(site.output, depth, "f"), "kept.txt").write_text("mine")
        result = run(site, "build", "--no-search")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert (site.output / "static" / static / "deep.txt").read_text() == "deep"
        assert (site.output / "/".join(["f"] * depth) / "kept.txt").read_text() == "mine"
    finally:  # pytest's own clean-up of old temporary folders recurses, and would fail on these
        for folder in ("static", "templates", "site"):
            remove_tree(site.root / folder)
