"""Faults mid-build: an exception on the Nth page, a full disk, two builds at once."""
from __future__ import annotations

import errno
import subprocess
import sys

import pytest

import build
from tests.conftest import REPO
from timeline import output, render


def snapshot_and_leftovers(site):
    return site.snapshot(), sorted(p.name for p in site.root.iterdir() if ".staging-" in p.name or ".old-" in p.name)


@pytest.fixture
def built(site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)
    assert build.main(["build", "--no-search"]) == 0
    capsys.readouterr()
    return site.snapshot()


def fail_on_call(number: int, error: BaseException):
    calls = {"count": 0}

    def wrapper(original):
        def failing(*args, **kwargs):
            calls["count"] += 1
            if calls["count"] == number:
                raise error
            return original(*args, **kwargs)
        return failing
    return wrapper


@pytest.mark.parametrize("page_number", [1, 5, 12])
def test_an_exception_on_the_nth_page_leaves_the_site(site, built, monkeypatch, page_number):
    site.event("2009-05-07-new", title="New event")  # so the build has something new to write
    monkeypatch.setattr(render.Renderer, "render", fail_on_call(page_number, RuntimeError("boom"))(render.Renderer.render))
    with pytest.raises(RuntimeError, match="boom"):
        build.main(["build", "--no-search"])
    assert snapshot_and_leftovers(site) == (built, [])


@pytest.mark.parametrize("write_number", [1, 7])
def test_a_full_disk_is_reported_and_leaves_the_site(site, built, monkeypatch, capsys, write_number):
    site.event("2009-05-07-new", title="New event")
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(output.Stage, "write", fail_on_call(write_number, full)(output.Stage.write))
    assert build.main(["build", "--no-search"]) == 1
    err = capsys.readouterr().err
    assert "error: cannot write the site: No space left on device; site/ was not changed" in err
    assert "Traceback" not in err
    assert snapshot_and_leftovers(site) == (built, [])


def test_two_builds_at_once_do_not_corrupt_the_site(site, built):
    for index in range(150):
        site.event(f"2010-01-01-bulk-{index:03d}", title=f"Bulk {index}", date="2010-01-01", body="Text. " * 200)
    command = [sys.executable, str(REPO / "build.py"), "build", "--no-search"]
    first = subprocess.Popen(command, cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [(p.wait(timeout=120), p.stderr.read()) for p in (first, second)]
    codes = sorted(code for code, _ in results)
    assert codes[0] == 0, results
    if codes[1] == 1:  # the other one was refused while the first held the lock
        assert any("another build is writing site" in err for code, err in results if code == 1)
    assert (site.output / "events/2010-01-01-bulk-149/index.html").is_file()
    assert site.run("build", "--no-search").code == 0
    assert not [p for p in site.root.iterdir() if ".staging-" in p.name]
