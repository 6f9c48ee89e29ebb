"""Save-to-reload through two real servers, this checkout's and another's, paired edit by edit.

    python bench/paired_serve.py 30 ../other-checkout

Each server watches its own copy of the 5,000-event corpus (bench/out/corpus-5000, made by
run.py), so only one rebuilds at a time; the edits alternate between the two (and which goes
first alternates too), and the ratio of each pair is taken, so the machine's drift cancels out.
"""
from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import run as bench  # noqa: E402

CORPUS = BENCH / "out" / "corpus-5000"


class Served:
    """A real `build.py serve` on a copy of the corpus, with its event stream open."""

    def __init__(self, tool: Path, project: Path):
        shutil.copytree(CORPUS / "content", project / "content")
        shutil.copy(CORPUS / "site.yaml", project / "site.yaml")
        self.project = project
        self.process = subprocess.Popen([sys.executable, str(tool / "build.py"), "serve", "--port", "0", "--no-search",
                                         "--no-cache"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
        url = next(line.split()[1] for line in self.process.stdout if line.startswith("Serving "))
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()
        self.events = urllib.request.urlopen(url + "__serve/events", timeout=60)
        self.build = json.loads(self.events.readline()[6:])["build"]
        self.events.readline()

    def timed_edit(self, edit, number: int) -> float:
        """Milliseconds from the save to the reload event."""
        time.sleep(0.3)  # let the previous rebuild's file events pass
        bench._files[self.project] = sorted((self.project / "content" / "events").rglob("*.md"))
        started = time.perf_counter()
        edit(self.project, number)
        while True:
            line = self.events.readline()
            if line.startswith(b"data: ") and json.loads(line[6:])["build"] != self.build:
                self.build = json.loads(line[6:])["build"]
                return (time.perf_counter() - started) * 1000

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def main() -> None:
    count, other = int(sys.argv[1]), Path(sys.argv[2]).resolve()
    work = Path(tempfile.mkdtemp(prefix="paired-serve-"))
    servers = {"this": Served(BENCH.parent, work / "this"), "other": Served(other, work / "other")}
    try:
        for kind, edit in bench.EDITS.items():
            times: dict[str, list[float]] = {"this": [], "other": []}
            for number in range(count):
                for name in (["this", "other"] if number % 2 == 0 else ["other", "this"]):
                    times[name].append(servers[name].timed_edit(edit, 7000 + number))
            ratios = [a / b for a, b in zip(times["this"], times["other"])]
            print(f"{kind} edits: this {statistics.median(times['this']):.1f} ms, other "
                  f"{statistics.median(times['other']):.1f} ms (medians); median paired ratio "
                  f"{statistics.median(ratios):.3f} (n={count})", flush=True)
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
