"""The search step: Pagefind indexes the built pages, and an unchanged set of pages reuses the last bundle."""
from __future__ import annotations

from timeline import search
from timeline.output import MARKER


def test_the_input_digest_follows_the_pages_and_the_language(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text("<p>one</p>")
    first = search.input_digest(tmp_path, "en")
    assert search.input_digest(tmp_path, "en") == first
    assert search.input_digest(tmp_path, "ru") != first
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind/x.html").write_text("the bundle's own files do not count")
    assert search.input_digest(tmp_path, "en") == first
    (tmp_path / "a/index.html").write_text("<p>two</p>")
    assert search.input_digest(tmp_path, "en") != first


def test_pages_are_indexed_and_the_bundle_is_reused_when_they_did_not_change(site, tmp_path):
    assert site.run("build").code == 0
    bundle = site.output / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / search.INPUT_DIGEST).is_file()
    staging = tmp_path / "staging"
    import shutil
    shutil.copytree(site.output, staging, ignore=shutil.ignore_patterns("pagefind", MARKER))
    search.index_site(staging, "en", previous_site=site.output)
    for path in bundle.rglob("*"):
        if path.is_file():
            assert (staging / path.relative_to(site.output)).read_bytes() == path.read_bytes()


def test_pagefind_that_hangs_is_a_located_error_not_a_traceback(tmp_path, monkeypatch):
    import subprocess

    import pytest

    from timeline.errors import BuildFailed

    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], search.TIMEOUT_SECONDS)
    monkeypatch.setattr(search.subprocess, "run", hang)
    (tmp_path / "index.html").write_text("<p>x</p>")
    with pytest.raises(BuildFailed) as failed:
        search.index_site(tmp_path, "en")
    assert failed.value.problems[0].message == f"Pagefind did not finish in {search.TIMEOUT_SECONDS} s"
