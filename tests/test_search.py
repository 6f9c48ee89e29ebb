"""The search step: Pagefind is handed the marked pages from memory and makes the index it makes of the
folder; an unchanged set of pages keeps the last bundle; Pagefind's failures are located errors."""
from __future__ import annotations

import gzip
import stat
import sys
import textwrap
from pathlib import Path

import pytest

from timeline import search, searchservice
from timeline.errors import BuildFailed
from timeline.output import Stage


def decoded(folder: Path) -> dict[str, bytes]:
    """A search bundle's files by path, Pagefind's gzipped ones unpacked."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(folder).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return files


def test_the_input_digest_follows_the_pages_and_the_language():
    pages = {"events/a/index.html": "key-a", "events/b/index.html": "key-b"}
    first = search.input_digest("en", pages)
    assert search.input_digest("en", dict(reversed(pages.items()))) == first   # the order given does not count
    assert search.input_digest("ru", pages) != first
    assert search.input_digest(None, pages) != first
    assert search.input_digest("en", {**pages, "events/b/index.html": "key-c"}) != first
    assert search.input_digest("en", {"events/a/index.html": "key-a"}) != first
    assert search.page_identity("key", b"x") == "key" and search.page_identity(None, b"x") != search.page_identity(None, b"y")


@pytest.mark.parametrize("fixture", ["site", "bilingual_site"])
def test_the_index_is_the_one_pagefind_makes_of_the_built_folder(fixture, request):
    """Search results come from the fragments (title, excerpt, URL, filters, meta) and from the word
    index (which words find which pages, stemmed by each language). Pagefind run over the built
    folder, as the build did before, makes the same fragments and words; only the page numbers in its
    word index may differ, as it numbers pages in the order it meets them."""
    site = request.getfixturevalue(fixture)
    assert site.run("build", "--no-cache").code == 0
    from_memory = decoded(site.output / "pagefind")
    folder = site.root / "by-folder"
    import shutil
    import subprocess
    shutil.copytree(site.output, folder, ignore=shutil.ignore_patterns("pagefind"))
    language = [] if fixture == "bilingual_site" else ["--force-language", "en"]
    subprocess.run([searchservice.pagefind_binary(), "--site", str(folder), "--output-subdir", "pagefind", "--silent",
                    *language], check=True)
    from_folder = decoded(folder / "pagefind")
    fragments = {path: data for path, data in from_memory.items() if path.startswith("fragment/")}
    assert fragments and fragments == {path: data for path, data in from_folder.items() if path.startswith("fragment/")}
    urls = {data[data.index(b'"url":'):].split(b'"')[3].decode() for data in fragments.values()}
    assert urls == {f"/{path.relative_to(site.output).parent.as_posix()}/" for path in site.output.rglob("index.html")
                    if b"data-pagefind-body" in path.read_bytes()}
    assert set(from_memory) - {search.INPUT_DIGEST} >= {path for path in from_folder if not path.startswith(
        ("filter/", "index/", "pagefind.", "pagefind-entry"))}   # the script, the styles, the wasm of each language
    assert ({path.split("_")[0] for path in from_memory if path.startswith(("filter/", "index/"))}
            == {path.split("_")[0] for path in from_folder if path.startswith(("filter/", "index/"))})


def test_an_unchanged_set_of_marked_pages_keeps_the_bundle_and_a_changed_one_is_indexed_again(site):
    assert site.run("build").code == 0
    bundle = site.output / "pagefind"
    first = decoded(bundle)
    site.write("content/pages/about.md", "---\ntitle: About\n---\nWhat this is, said again.\n")  # no mark: not searched
    assert site.run("build").code == 0
    assert "said again" in site.read("about/index.html")
    assert decoded(bundle) == first   # byte for byte: the last bundle, not a new run of Pagefind
    site.event("2009-05-06-lavrov-news-conference", title="Lavrov news conference", actors="[Sergey Lavrov, russia]",
               body="The platypus question was raised.")
    assert site.run("build").code == 0
    fragments = [data for path, data in decoded(bundle).items() if path.startswith("fragment/")]
    assert len(fragments) == 3 and any(b"platypus question" in data for data in fragments)


def fake_pagefind(tmp_path: Path, monkeypatch, script: str) -> None:
    """Put a program of our own where the Pagefind binary is looked for (PAGEFIND_BINARY_PATH, which the
    pagefind package reads first)."""
    program = tmp_path / "fake-pagefind"
    program.write_text(f"#!{sys.executable}\nimport sys, base64, json\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))


def test_pagefind_that_hangs_is_a_located_error_not_a_traceback(tmp_path, monkeypatch):
    fake_pagefind(tmp_path, monkeypatch, "import time\ntime.sleep(60)")
    monkeypatch.setattr(searchservice, "TIMEOUT_SECONDS", 0.5)
    with pytest.raises(BuildFailed) as failed:
        searchservice.PagefindService("en")
    assert failed.value.problems[0].message == "Pagefind did not finish in 0.5 s"
    assert failed.value.problems[0].hint == "build with --no-search to skip the search index"


SERVICE = """
import os, time
def answer(message_id, payload):
    sys.stdout.buffer.write(base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()) + b",")
    sys.stdout.flush()
pending = b""
while chunk := sys.stdin.buffer.read1(1 << 16):
    pending += chunk
    *messages, pending = pending.split(b",")
    for message in messages:
        request = json.loads(base64.b64decode(message))
        kind = request["payload"]["type"]
        if kind == "NewIndex":
            answer(request["message_id"], {"type": "NewIndex", "index_id": 0})
"""


def fake_service(handlers: str) -> str:
    """A program speaking Pagefind's service protocol: it opens an index, and handlers (elif branches on
    kind, with request and answer() at hand) take every other request."""
    return SERVICE + textwrap.indent(textwrap.dedent(handlers).strip("\n"), " " * 8) + "\n"


ANSWER = fake_service("""
    elif kind == "AddFile":
        ANSWER_PAGE
    else:
        answer(request["message_id"], {"type": "GetFiles", "files": []})
""")


@pytest.mark.parametrize("behaviour, message", [
    ("sys.exit(3)", "Pagefind failed: it stopped (exit 3)"),
    ('answer(request["message_id"], {"type": "Error", "message": "Unsupported\\nencoding"})',
     "Pagefind failed: Unsupported encoding"),
])
def test_pagefind_that_fails_or_refuses_a_page_is_a_located_error(tmp_path, monkeypatch, behaviour, message):
    fake_pagefind(tmp_path, monkeypatch, ANSWER.replace("ANSWER_PAGE", behaviour))
    service = searchservice.PagefindService("en")
    with pytest.raises(BuildFailed) as failed:
        service.add_page("events/a/index.html", b"<html><body>x</body></html>")
        service.files()
    assert failed.value.problems[0].message == message
    assert service.process.poll() is not None   # nothing left running


WASM = bytes(range(256)) * 4000
LATE_WRITER = fake_service("""
    elif kind == "WriteFiles":   # as Pagefind does: the answer first, the last bytes reach the file later
        folder = request["payload"]["output_path"]
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "wasm.en.pagefind"), "wb") as file:
            WASM = bytes(range(256)) * 4000
            file.write(WASM[:1000])
            answer(request["message_id"], {"type": "WriteFiles", "output_path": folder})
            time.sleep(1)
            file.write(WASM[1000:])
    elif kind == "GetFiles":
        WASM = bytes(range(256)) * 4000
        answer(request["message_id"], {"type": "GetFiles", "files": [
            {"path": "wasm.en.pagefind", "content": base64.b64encode(WASM).decode()}]})
""")


def test_the_bundle_is_whole_though_pagefind_answers_before_its_writes_end(tmp_path, monkeypatch):
    fake_pagefind(tmp_path, monkeypatch, LATE_WRITER)
    index = search.SiteIndex(Stage(tmp_path / "stage"), "en", None)
    index.placed("events/a/index.html", "key-a", True, b"<html><body data-pagefind-body>a</body></html>")
    index.finish()
    assert (tmp_path / "stage/pagefind/wasm.en.pagefind").read_bytes() == WASM


ESCAPES = ["../escaped.js", "fragment/../../escaped", "ESCAPED_ABSOLUTE", "a//escaped", "escaped\0.js",
           "pagefind\\..\\escaped"]


@pytest.mark.parametrize("name", ESCAPES)
def test_a_bundle_file_not_named_inside_its_folder_is_refused_before_anything_is_written(tmp_path, monkeypatch, name):
    name = name.replace("ESCAPED_ABSOLUTE", str(tmp_path / "escaped"))
    fake_pagefind(tmp_path, monkeypatch, fake_service(f"""
    elif kind == "GetFiles":
        answer(request["message_id"], {{"type": "GetFiles", "files": [
            {{"path": "pagefind.js", "content": ""}}, {{"path": {name!r}, "content": ""}}]}})
"""))
    index = search.SiteIndex(Stage(tmp_path / "stage"), "en", None)
    index.placed("events/a/index.html", "key-a", True, b"<html><body data-pagefind-body>a</body></html>")
    with pytest.raises(BuildFailed) as failed:
        index.finish()
    assert failed.value.problems[0].message == f"Pagefind named a file {name!r}, not a plain path inside its folder"
    assert not [path for path in tmp_path.rglob("*escaped*") if path.is_file()]
    assert not (tmp_path / "stage/pagefind/pagefind.js").exists()   # the names are all checked first


def test_a_build_without_pagefind_says_how_to_get_it_or_go_without(site, monkeypatch):
    monkeypatch.setattr(searchservice, "pagefind_binary", lambda: None)
    with pytest.raises(BuildFailed) as failed:
        searchservice.PagefindService("en")
    assert (failed.value.problems[0].message, failed.value.problems[0].hint) == (
        "Pagefind is not installed", "pip install -r requirements.txt, or build with --no-search")


def test_a_pagefind_that_cannot_be_started_is_a_located_error(tmp_path, monkeypatch):
    program = tmp_path / "not-a-program"
    program.write_text("plain text, not executable")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    with pytest.raises(BuildFailed) as failed:
        searchservice.PagefindService("en")
    assert failed.value.problems[0].message == "Pagefind could not be started: Permission denied"
