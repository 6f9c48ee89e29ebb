"""Destinations: memory keeps the previous bytes only for equal keys; the output index trusts only untouched files."""
from __future__ import annotations

import os

import pytest

from timeline.sinks import InMemory, Nowhere, OutputIndex, SiteFiles


def test_memory_reuses_previous_bytes_only_for_the_same_key():
    previous = SiteFiles({"a.html": b"old a", "b.html": b"old b"}, {"a.html": "k1", "b.html": "k2"})
    sink = InMemory(previous)
    assert sink.reuse("a.html", "k1") and sink.files["a.html"] == b"old a"
    assert not sink.reuse("b.html", "changed") and "b.html" not in sink.files
    assert not sink.reuse("c.html", "k3") and not sink.reuse("a.html", None)
    sink.write("b.html", b"new b", "changed")
    with pytest.raises(ValueError, match="written twice"):
        sink.write("b.html", b"again", "changed")


def test_memory_result_has_the_plans_keys():
    class Plan:
        keys = {"a.html": "k1", "b.html": None}
    destination = InMemory()
    with destination.open(None, Plan()) as sink:
        sink.write("a.html", b"a", "k1")
        sink.write("b.html", b"b", None)
    assert destination.result.files == {"a.html": b"a", "b.html": b"b"}
    assert destination.result.keys == {"a.html": "k1"}  # an unkeyed file is never reused


def test_nowhere_keeps_nothing():
    with Nowhere().open(None, None) as sink:
        assert not sink.reuse("a.html", "k")
        sink.write("a.html", b"a", "k")


def test_the_output_index_trusts_only_untouched_files_with_the_same_key(tmp_path):
    output = tmp_path / "site"
    output.mkdir()
    (output / "a.html").write_text("a")
    (output / "b.html").write_text("b")
    index = OutputIndex.for_output(tmp_path / ".cache", output)
    index.save(output, {"a.html": "k1", "b.html": "k2"})
    again = OutputIndex.for_output(tmp_path / ".cache", output)
    assert again.reusable(output, "a.html", "k1") == output / "a.html"
    assert again.reusable(output, "a.html", "other") is None
    with open(output / "b.html", "r+") as handle:  # edited by hand: same size, new time
        handle.write("B")
    os.utime(output / "b.html", ns=(1, 1))
    assert again.reusable(output, "b.html", "k2") is None
    assert OutputIndex.for_output(None, output).reusable(output, "a.html", "k1") is None  # no cache: no reuse


def test_a_damaged_index_is_an_empty_one(tmp_path):
    output = tmp_path / "site"
    output.mkdir()
    index = OutputIndex.for_output(tmp_path / ".cache", output)
    index.save(output, {})
    index.file.write_text('{"salt": 1, "files": [')
    assert OutputIndex.for_output(tmp_path / ".cache", output).entries == {}
