"""Whatever lands in the tree, the tool reads only regular files, never more than their limit, never waits.

A FIFO, a device, a socket or a link out of the project put where the tool reads (content, settings,
templates, static files, an article to import, the cache, the output folder's records) is a located
error or warning, never a hang and never a file read whole.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from tests.conftest import REPO, event_text
from tests.serving import ServerProcess

SECONDS = 30  # a hang shows as a timeout long before the suite's own


def special(kind: str, path, outside) -> None:
    """Put a special file of this kind at path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        os.symlink("/dev/zero", path)
    elif kind == "random":
        os.symlink("/dev/urandom", path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "folder":
        path.mkdir()
    elif kind == "outside":
        target = outside / path.name
        target.write_text(path.name and event_text(title="From outside the project"))
        os.symlink(target, path)


def run(site, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=site.root, capture_output=True,
                          text=True, timeout=SECONDS)


KINDS = ["fifo", "zero", "random", "socket", "outside"]
PLACES = ["content/events/2009-05-07-odd.md", "content/pages/odd.md", "content/actors.yaml", "content/tags.yaml",
          "site.yaml", "templates/page.html"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("place", PLACES)
def test_check_and_build_refuse_it_with_its_name_and_never_wait(site, tmp_path_factory, place, kind):
    if place.startswith("templates/"):
        import shutil
        shutil.copytree(REPO / "templates", site.root / "templates")
    special(kind, site.root / place, tmp_path_factory.mktemp("outside"))
    for command in ("check", "build"):
        options = ["--no-search"] if command == "build" else []
        result = run(site, command, *options, *(["--config", "site.yaml"] if place == "site.yaml" else []))
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        line = next((l for l in result.stderr.splitlines() if l.startswith(place)), "")
        assert any(word in line for word in ("FIFO", "device", "socket", "outside the")), result.stderr
        assert "Traceback" not in result.stderr
    assert not (site.root / "site").exists() or (site.root / "site/index.html").is_file()


@pytest.mark.parametrize("kind", ["fifo", "zero", "socket", "outside", "inside"])
def test_a_static_file_that_is_not_a_plain_file_is_not_published_and_the_build_says_so(site, tmp_path_factory, kind):
    import shutil
    shutil.copytree(REPO / "static", site.root / "static")
    if kind == "inside":
        os.symlink("style.css", site.root / "static/odd.txt")
    else:
        special(kind, site.root / "static" / "odd.txt", tmp_path_factory.mktemp("outside"))
    result = run(site, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    assert not (site.root / "site/static/odd.txt").exists()
    assert "static/odd.txt: warning:" in result.stderr and "it is not published" in result.stderr, result.stderr
    assert run(site, "build", "--no-search", "--strict").returncode == 1


def test_a_static_file_whose_name_is_not_utf8_is_named_in_a_warning_not_published(site):
    import shutil
    shutil.copytree(REPO / "static", site.root / "static")
    (site.root / "static").joinpath(os.fsdecode(b"caf\xe9.txt")).write_text("x")
    result = run(site, "build", "--no-search")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "has a name that is not UTF-8" in result.stderr
    assert os.listdir(site.root / "site/static") and all(name.isascii() for name in os.listdir(site.root / "site/static"))


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_a_lock_file_that_is_not_a_plain_file_is_refused_never_followed_or_waited_on(site, tmp_path, kind):
    lock = site.root / ".site.lock"
    victim = tmp_path / "victim"
    if kind == "link":
        os.symlink(victim, lock)
    else:
        os.mkfifo(lock)
    result = run(site, "build", "--no-search")
    assert result.returncode == 1 and ".site.lock is not a plain file" in result.stderr, result.stderr
    assert not victim.exists()
    lock.unlink()
    assert run(site, "build", "--no-search").returncode == 0


def test_a_link_planted_as_the_caches_gitignore_is_never_written_through(site, tmp_path):
    victim = tmp_path / "victim"
    (site.root / ".cache").mkdir()
    os.symlink(victim, site.root / ".cache/.gitignore")
    assert run(site, "build", "--no-search").returncode == 0
    assert not victim.exists() and next((site.root / ".cache").glob("content-*.pickle"))


@pytest.mark.parametrize("kind", ["fifo", "zero", "random", "folder", "socket"])
def test_import_refuses_it_and_stdin_stops_at_its_limit(site, tmp_path, kind):
    special(kind, tmp_path / "article.html", tmp_path)
    result = run(site, "import", str(tmp_path / "article.html"))
    assert result.returncode == 1 and "article.html" in result.stderr and "Traceback" not in result.stderr
    with open("/dev/zero", "rb") as zero:
        endless = subprocess.run([sys.executable, str(REPO / "build.py"), "import", "-"], cwd=site.root, stdin=zero,
                                 capture_output=True, text=True, timeout=SECONDS)
    assert endless.returncode == 1 and "<stdin>: file is more than 10 MB; the limit is 10 MB" in endless.stderr


@pytest.mark.parametrize("record", ["cache", "index", "marker", "search digest"])
def test_the_tools_own_records_replaced_by_a_fifo_cost_a_rebuild_not_a_hang(site, record):
    assert run(site, "build").returncode == 0
    paths = {"cache": next((site.root / ".cache").glob("content-*.pickle")),
             "index": next((site.root / ".cache").glob("output-*.json")),
             "marker": site.root / "site/.timeline-site",
             "search digest": site.root / "site/pagefind/.input-digest"}
    special("fifo", paths[record], None)
    site.event("2009-05-07-new", title="A new event", date="2009-05-07")
    result = run(site, "build")
    if record == "marker":  # no readable marker: the folder is not known to be ours, so it is refused
        assert result.returncode == 1 and "was not made by this tool" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert (site.root / "site/events/2009-05-07-new/index.html").is_file()


def test_a_hand_edited_marker_or_a_planted_link_publishes_nothing_from_outside(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-9f2c")
    assert run(site, "build").returncode == 0
    marker = site.root / "site/.timeline-site"
    recorded = json.loads(marker.read_text())
    recorded["files"] += ["../secret.txt", str(secret), "pagefind/../../../secret.txt"]
    marker.write_text(json.dumps(recorded))
    os.symlink(secret, site.root / "site/leak.txt")
    os.symlink(tmp_path, site.root / "site/leakdir")
    os.symlink(secret, site.root / "site/pagefind/pagefind-entry.json.link")
    site.event("2009-05-07-new", title="A new event", date="2009-05-07")
    result = run(site, "build")
    assert result.returncode == 0, result.stderr
    for path in (site.root / "site").rglob("*"):
        assert not path.is_symlink(), path
        if path.is_file():
            assert b"SECRET-9f2c" not in path.read_bytes(), path
    assert "leak.txt" in result.stderr and "not carried into the new site" in result.stderr
    assert secret.read_text() == "SECRET-9f2c"


def test_a_fifo_under_the_preview_is_an_error_on_the_page_and_removing_it_recovers(site, tmp_path_factory):
    server = ServerProcess(site.root, "--no-search", tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        fifo = site.content / "events/2009-05-07-pipe.md"
        os.mkfifo(fifo)
        server.wait_rebuilds(2)
        assert server.rebuilds[-1].startswith("Rebuild failed")
        assert any("2009-05-07-pipe.md" in error and "FIFO" in error for error in server.status()["errors"])
        fifo.unlink()
        site.event("2009-05-07-after", title="After the pipe", date="2009-05-07")
        server.wait_rebuilds(3)
        assert server.rebuilds[-1].startswith("Rebuilt"), server.rebuilds
        assert server.get("events/2009-05-07-after/")[0] == 200
    finally:
        server.stop()
