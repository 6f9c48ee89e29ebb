"""Faults mid-build: an exception on the Nth page, a full disk, two builds at once."""
from __future__ import annotations

import errno
import subprocess
import time

import pytest

import build
from tests.conftest import build_stopping_at_write
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


def test_two_builds_at_once_do_not_corrupt_the_site(site, built, tmp_path):
    for index in range(30):
        site.event(f"2010-01-01-bulk-{index:03d}", title=f"Bulk {index}", date="2010-01-01")
    ready = tmp_path / "paused"
    # At its 20th write the first build holds the output's lock with a half-filled staging folder, and
    # waits there until the test writes a byte to its standard input.
    pause = f"open({str(ready)!r}, 'w').close()\nos.read(0, 1)"
    first = subprocess.Popen(build_stopping_at_write(20, pause, "--no-search", "--no-cache"), cwd=site.root,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert first.poll() is None and time.monotonic() < deadline, first.stderr.read()
            time.sleep(0.01)
        # The first build is now inside the lock, half-way through writing: the two overlap for certain.
        second = site.run("build", "--no-search")
        assert second.code == 1 and "another build is writing site" in second.err
        assert site.snapshot() == built  # the paused build has not touched the site
    finally:
        first.stdin.write(b"x")
        first.stdin.close()
    assert first.wait(timeout=120) == 0, first.stderr.read()
    assert (site.output / "events/2010-01-01-bulk-029/index.html").is_file()
    assert site.run("build", "--no-search").code == 0
    assert not [p for p in site.root.iterdir() if ".staging-" in p.name]
