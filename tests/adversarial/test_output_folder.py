"""The output folder as readers and owners meet it: always there, its attributes kept, no orphans left."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time

from tests.conftest import REPO, build_stopping_at_write


def test_readers_never_find_the_site_missing_during_builds(site):
    assert site.run("build", "--no-search").code == 0
    missing, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            if not os.path.isfile(site.output / "index.html"):
                missing.append(time.monotonic())

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        for number in range(12):
            site.event(f"2010-01-{number + 1:02d}-change", title=f"Change {number}", date=f"2010-01-{number + 1:02d}")
            assert site.run("build", "--no-search").code == 0
    finally:
        stop.set()
        poller.join()
    assert missing == []  # the new tree replaced the old in one step, every time
    assert not [p for p in site.root.iterdir() if ".staging-" in p.name or ".old-" in p.name]


def test_the_folders_mode_setgid_bit_and_owner_survive_a_build(site):
    assert site.run("build", "--no-search").code == 0
    os.chmod(site.output, 0o2771)
    owner = (4242, 4343) if os.geteuid() == 0 else (os.geteuid(), os.getegid())
    os.chown(site.output, *owner)
    site.event("2009-05-07-new", title="A new event", date="2009-05-07")
    assert site.run("build", "--no-search").code == 0
    info = os.stat(site.output)
    assert stat.S_IMODE(info.st_mode) == 0o2771 and (info.st_uid, info.st_gid) == owner
    if os.geteuid() == 0:  # files made inside a setgid folder take its group
        assert os.stat(site.output / "index.html").st_gid == owner[1]


KILLED_IN_THE_POOL = """
import os, signal, sys
sys.path.insert(0, {repo!r})
import build
from timeline import loader, workers
loader.PARALLEL_PARSE_AT = 1
real = workers.imap_parallel
def imap_parallel(function, jobs, enabled=True):
    for number, result in enumerate(real(function, jobs, enabled)):
        if number == 5:  # the pool's workers are running: the build is killed outright
            os.kill(os.getpid(), signal.SIGKILL)
        yield result
workers.imap_parallel = imap_parallel
loader.map_parallel = lambda function, jobs, enabled=True: list(imap_parallel(function, jobs, enabled))
sys.exit(build.main(["build", "--no-search", "--no-cache"]))
"""


def workers_marked(mark: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/environ", "rb") as handle:
                    if mark.encode() in handle.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


def test_pool_workers_die_with_a_build_killed_mid_parse(site):
    for index in range(40):
        site.event(f"2010-01-01-bulk-{index:03d}", title=f"Bulk {index}", date="2010-01-01")
    mark = f"TIMELINE_TEST_MARK={os.getpid()}-{time.monotonic_ns()}"
    env = dict(os.environ, TIMELINE_TEST_MARK=mark.split("=", 1)[1])
    process = subprocess.run([sys.executable, "-c", KILLED_IN_THE_POOL.format(repo=str(REPO))], cwd=site.root,
                             env=env, capture_output=True, timeout=60)
    assert process.returncode == -signal.SIGKILL, process.stderr
    deadline = time.monotonic() + 10
    while workers_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers_marked(mark) == []


def test_a_read_only_output_folder_is_filled_writable_and_left_read_only(site, tmp_path):
    # Root may write anywhere, so what is checked is the stage's mode while pages are written:
    # the owner's write bit must be on then, or any other user's build fails at its first page.
    assert site.run("build", "--no-search").code == 0
    os.chmod(site.output, 0o2555)
    seen = tmp_path / "mode"
    action = f"open({str(seen)!r}, 'w').write(str(os.stat(self.root).st_mode & 0o7777))"
    site.event("2009-05-07-new", title="A new event", date="2009-05-07")
    result = subprocess.run(build_stopping_at_write(3, action, "--no-search"), cwd=site.root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(seen.read_text()) & stat.S_IWUSR and int(seen.read_text()) & stat.S_ISGID
    assert stat.S_IMODE(os.stat(site.output).st_mode) == 0o2555
    assert (site.output / "events/2009-05-07-new/index.html").is_file()


def without_privileges(command: list[str]) -> list[str]:
    """The command as a user whom file modes bind: root keeps its uid but loses every capability."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--", *command]


def build_command(*args: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "build", "--no-search", *args]


def test_privileges_are_really_dropped_for_the_tests_below(tmp_path):
    shut = tmp_path / "shut"
    shut.mkdir(mode=0o555)
    result = subprocess.run(without_privileges(["touch", str(shut / "x")]), capture_output=True)
    assert result.returncode != 0 and not (shut / "x").exists()


def test_builds_into_a_read_only_output_folder_leave_no_old_site_behind(site):
    assert subprocess.run(without_privileges(build_command()), cwd=site.root).returncode == 0
    os.chmod(site.output, 0o555)
    for number in range(2):
        site.event(f"2009-05-0{7 + number}-new", title=f"New event {number}", date=f"2009-05-0{7 + number}")
        result = subprocess.run(without_privileges(build_command()), cwd=site.root, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in site.root.glob(".site.*")) == [".site.lock"]
    assert stat.S_IMODE(os.stat(site.output).st_mode) == 0o555
    assert (site.output / "events/2009-05-08-new/index.html").is_file()


def test_an_unreadable_folder_in_the_output_stops_the_build_and_loses_nothing(site):
    assert site.run("build", "--no-search").code == 0
    private = site.output / "private"
    private.mkdir()
    (private / "notes.txt").write_text("mine")
    private.chmod(0)
    try:
        site.event("2009-05-07-new", title="A new event", date="2009-05-07")
        result = subprocess.run(without_privileges(build_command()), cwd=site.root, capture_output=True, text=True)
        assert result.returncode == 1 and "site/private/: cannot be read" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    finally:
        private.chmod(0o755)
    assert (private / "notes.txt").read_text() == "mine"
    assert not (site.output / "events/2009-05-07-new").exists()  # the site was not changed
