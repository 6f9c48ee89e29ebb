"""The speed table of issue 19: builds as users run them beside Hugo (and Hugo followed by Pagefind), and
every kind of edit in the preview, from the save to the reload event and to the page served.

    python bench/run.py --speed                          # 5,000 and 20,000 events (the whole table)
    python bench/run.py --speed --sizes 5000 --repeat 3 --edits 9

Builds (each its own process, wall time, CPU and peak RSS from wait4()), alternating ours and Hugo's
in each round: our cold build without search, Hugo's cold build, Pagefind over Hugo's pages, our warm
build (nothing changed), Hugo's warm build, our default cold build (with search), and it again warm.

The preview: a real `build.py serve` (with search, as users run it) on the corpus; each edit is saved,
then timed to the reload event on /__serve/events and, separately, to the first HTTP GET of the
edited page that returns the new text (a deleted event: 404). Kinds: the words of one event, a retitle,
a re-date (to another year), an event added, an event deleted. Hugo's `hugo server` gets the words edit
and the retitle, timed to the page served the same way. Peak memory of the server: VmHWM at the end.
"""
from __future__ import annotations

import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import run as bench
from run import OUT, REPO, Run, corpus_files_cache, our_build, timed

SEARCH_MARK = "Searchable platypus"


# Edits: each changes one file as an author would and says which page shows it, and how to know the
# new version is served. corpus_files_cache lists the events once, so the lists stay put.

@dataclass
class Edit:
    path: Path            # the file saved (or deleted)
    page: str             # the URL path of the page that shows the change, under the site's root
    served: object        # (status, body) -> True once the new version is served


def event_page(path: Path) -> str:
    return f"events/{path.stem}/"


def body_edit(project: Path, number: int) -> Edit:
    path = bench.edit_event(project, number)
    marker = path.read_text().split(bench.EDIT_MARK)[1].split("\n")[0]
    return Edit(path, event_page(path), lambda status, body: bench.EDIT_MARK.encode() + marker.encode() in body)


def title_edit(project: Path, number: int) -> Edit:
    path = bench.retitle_event(project, number)
    title = next(line for line in path.read_text().split("\n") if line.startswith("title: "))[7:]
    return Edit(path, event_page(path), lambda status, body: title.encode() in body)


def date_edit(project: Path, number: int) -> Edit:
    """Another date, in another year each time: the event moves between year pages and neighbours."""
    path = corpus_files_cache(project)[2 * len(corpus_files_cache(project)) // 3]
    day = f"{1992 + number % 30}-0{1 + number % 9}-{10 + number % 18}"
    path.write_text(re.sub(r"(?m)^date: .*$", f"date: {day}", path.read_text(), count=1))
    return Edit(path, event_page(path), lambda status, body: f'datetime:{day}"'.encode() in body)


def add_edit(project: Path, number: int) -> Edit:
    slug = f"2003-07-{10 + number % 18:02d}-added-for-the-benchmark-{number}"
    path = project / "content" / "events" / "2003" / f"{slug}.md"
    model = corpus_files_cache(project)[0].read_text().split("---\n")
    front = re.sub(r"(?m)^title: .*$", f"title: Added for the benchmark {number}", model[1])
    front = re.sub(r"(?m)^date: .*$", f"date: {slug[:10]}", front)
    front = re.sub(r"(?ms)^related:.*", "", front)
    path.write_text("---\n" + front + "---\n" + model[2])
    return Edit(path, f"events/{slug}/", lambda status, body: status == 200 and b"Added for the benchmark" in body)


def delete_edit(project: Path, number: int) -> Edit:
    slug = f"2003-07-{10 + number % 18:02d}-added-for-the-benchmark-{number}"
    path = project / "content" / "events" / "2003" / f"{slug}.md"
    path.unlink()
    return Edit(path, f"events/{slug}/", lambda status, body: status == 404)


PREVIEW_EDITS = {"words": body_edit, "retitle": title_edit, "re-date": date_edit, "add": add_edit, "delete": delete_edit}


class Served:
    """A real server on a project: ours (`build.py serve`) or Hugo's, with a keep-alive HTTP connection."""

    def __init__(self, command: list[str], cwd: Path, ready: str, events: bool):
        self.process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        url = None
        for line in self.process.stdout:
            self.lines.append(line)
            if ready in line:
                url = re.search(r"http://[^\s/]+(/\S*)?", line).group(0)
                break
        if url is None:
            raise SystemExit(f"{' '.join(command)} did not start:\n{''.join(self.lines[-20:])}")
        self.base = url if url.endswith("/") else url + "/"
        threading.Thread(target=lambda: [self.lines.append(line) for line in self.process.stdout], daemon=True).start()
        parts = urlsplit(self.base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.builds: list[tuple[float, int]] = []    # (when, build number) of each reload event
        self.condition = threading.Condition()
        if events:
            stream = urllib.request.urlopen(self.base + "__serve/events", timeout=600)
            threading.Thread(target=self._listen, args=(stream,), daemon=True).start()

    def _listen(self, stream) -> None:
        for line in stream:
            if line.startswith(b"data: "):
                with self.condition:
                    self.builds.append((time.perf_counter(), json.loads(line[6:])["build"]))
                    self.condition.notify_all()

    def get(self, page: str) -> tuple[int, bytes]:
        path = urlsplit(self.base).path + page
        try:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # the server closed an idle connection: open another
            self.connection.request("GET", path)
            response = self.connection.getresponse()
            return response.status, response.read()

    def measure(self, make_edit, project: Path, number: int) -> tuple[float | None, float]:
        """Save one edit; (ms to the reload event or None, ms to the new page served)."""
        with self.condition:
            seen = len(self.builds)
        started = time.perf_counter()
        edit = make_edit(project, number)
        deadline = started + 120
        while True:
            status, body = self.get(edit.page)
            if edit.served(status, body):
                served = time.perf_counter() - started
                break
            if time.perf_counter() > deadline:
                raise SystemExit(f"{edit.page} never showed the edit")
            time.sleep(0.001)
        reload = None
        with self.condition:
            if self.condition.wait_for(lambda: len(self.builds) > seen, timeout=10 if self.builds else 0):
                reload = self.builds[seen][0] - started
        return (None if reload is None else reload * 1000), served * 1000

    def peak_rss_mb(self) -> float:
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
            return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        except (OSError, AttributeError):
            return 0.0

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def preview_rows(project: Path, edits: int, tool: Path = REPO, search: bool = True) -> dict:
    """Each kind of edit through our server: medians and ranges, and the server's peak memory."""
    server = Served([sys.executable, str(tool / "build.py"), "serve", "--port", "0", *([] if search else ["--no-search"])],
                    project, "Serving ", True)
    try:
        time.sleep(5)  # the first search index is made after the first build: let it start
        return edit_rows(server, PREVIEW_EDITS, project, edits, 500)
    finally:
        server.stop()


def hugo_preview_rows(hugo_project: Path, hugo: str, edits: int) -> dict:
    server = Served([hugo, "server", "--port", str(free_port()), "--bind", "127.0.0.1", "--disableLiveReload"],
                    hugo_project, "Web Server is available at", False)
    _files.pop(hugo_project, None)
    try:
        return edit_rows(server, {"words": hugo_body_edit, "retitle": hugo_title_edit}, hugo_project, edits, 700)
    finally:
        server.stop()


def edit_rows(server: Served, kinds: dict, project: Path, edits: int, first_number: int) -> dict:
    """`edits` edits of each kind through a server, a second apart (an author reads before saving again,
    and the rebuild's and the index's work settles): {kind: [(reload ms, served ms), ...]}, and its peak RSS."""
    rows: dict = {}
    for kind, make_edit in kinds.items():
        measured = []
        for number in range(edits):
            time.sleep(1.0)
            measured.append(server.measure(make_edit, project, first_number + number))
        rows[kind] = measured
    rows["peak_rss_mb"] = server.peak_rss_mb()
    return rows


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_files: dict[Path, list[Path]] = {}


def hugo_event(project: Path, share: int) -> tuple[Path, str]:
    if project not in _files:
        _files[project] = sorted((project / "content" / "events").rglob("*.md"))
    path = _files[project][len(_files[project]) // share]
    return path, f"events/{path.parent.name}/{path.stem}/"


def hugo_body_edit(project: Path, number: int) -> Edit:
    path, page = hugo_event(project, 2)
    text = path.read_text().split(bench.EDIT_MARK)[0].rstrip("\n")
    marker = f", number {number} ({time.time_ns()})."
    path.write_text(text + f"\n\n{bench.EDIT_MARK}{marker}\n")
    return Edit(path, page, lambda status, body: marker.encode() in body)


def hugo_title_edit(project: Path, number: int) -> Edit:
    path, page = hugo_event(project, 3)
    title = f"{bench.RETITLE_MARK} {number} {time.time_ns()}"
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", path.read_text(), count=1))
    return Edit(path, page, lambda status, body: title.encode() in body)


def pagefind_command() -> list[str]:
    from pagefind.service import get_executable
    return [str(get_executable())]


def build_rows(count: int, repeat: int, hugo: str | None, tool: Path = REPO) -> dict[str, list[Run]]:
    project = bench.prepared_corpus(count)
    rows: dict[str, list[Run]] = {}

    def add(name: str, result: Run) -> None:
        rows.setdefault(name, []).append(result)

    hugo_project = bench.prepared_hugo(count, project) if hugo else None
    for _ in range(repeat):
        clear(project, "site", ".cache")
        add("cold", our_build(project, tool=tool))
        if hugo_project:
            clear(hugo_project, "public", "resources")
            add("hugo cold", timed([hugo, "--quiet", "-d", "public"], hugo_project))
            add("pagefind over hugo", timed([*pagefind_command(), "--site", "public", "--silent"], hugo_project))
        add("warm", our_build(project, tool=tool))
        if hugo_project:
            add("hugo warm", timed([hugo, "--quiet", "-d", "public"], hugo_project))
        clear(project, "site", ".cache")
        add("search cold", our_build(project, search=True, tool=tool))
        add("search warm", our_build(project, search=True, tool=tool))
    return rows


def clear(project: Path, *folders: str) -> None:
    for folder in folders:
        shutil.rmtree(project / folder, ignore_errors=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {cpu}, {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def report(count: int, rows: dict[str, list[Run]], preview: dict, hugo_preview: dict) -> None:
    def wall(name: str) -> list[float]:
        return [run.wall for run in rows.get(name, [])]

    def peak(*names: str) -> float:
        return max((run.rss_mb for name in names for run in rows.get(name, [])), default=0.0)

    hugo_search = [h + p for h, p in zip(wall("hugo cold"), wall("pagefind over hugo"))]
    print(f"\n### {count:,} events ({len(wall('cold'))} alternating rounds; wall seconds, median and range)\n")
    print("| | ours | Hugo | ratio (medians) | ours: peak RSS MB, CPU s |")
    print("|---|---|---|---|---|")
    for label, ours, theirs in (("cold build, no search", "cold", wall("hugo cold")),
                                ("warm build, nothing changed", "warm", wall("hugo warm")),
                                ("default build, with search (Hugo + Pagefind)", "search cold", hugo_search),
                                ("default build again, nothing changed", "search warm", [])):
        values = wall(ours)
        ratio = f"{median(values) / median(theirs):.2f}x" if theirs else ""
        cpu = median([run.cpu for run in rows[ours]])
        print(f"| {label} | {median(values):.2f} ({spread(values)}) | "
              f"{f'{median(theirs):.2f} ({spread(theirs)})' if theirs else ''} | {ratio} | "
              f"{peak(ours):.0f}, {cpu:.1f} |")
    if rows.get("hugo cold"):
        print(f"\nHugo: peak RSS {peak('hugo cold', 'hugo warm'):.0f} MB; Pagefind over Hugo's pages alone: "
              f"{median(wall('pagefind over hugo')):.2f} s ({spread(wall('pagefind over hugo'))}), "
              f"peak {peak('pagefind over hugo'):.0f} MB")
    if preview:
        print(f"\nPreview (`build.py serve`, with search), {len(preview['words'])} edits of each kind, ms: "
              "median (min–max)\n")
        print("| edit | save to page served | save to reload event | Hugo server, save to page served |")
        print("|---|---|---|---|")
        for kind in PREVIEW_EDITS:
            served = [s for _, s in preview[kind]]
            reloads = [r for r, _ in preview[kind] if r is not None]
            theirs = [s for _, s in hugo_preview.get(kind, [])]
            print(f"| {kind} | {median(served):.0f} ({min(served):.0f}–{max(served):.0f}) | "
                  f"{f'{median(reloads):.0f} ({min(reloads):.0f}–{max(reloads):.0f})' if reloads else ''} | "
                  f"{f'{median(theirs):.0f} ({min(theirs):.0f}–{max(theirs):.0f})' if theirs else ''} |")
        print(f"\nServer peak RSS: ours {preview['peak_rss_mb']:.0f} MB"
              + (f", Hugo's {hugo_preview['peak_rss_mb']:.0f} MB" if hugo_preview else ""))


def compare(count: int, other: Path, rounds: int, edits: int) -> None:
    """This checkout against another (an older commit's worktree, say) on the same corpus, alternating the
    two in each round: cold, warm and default (with search) builds, then the preview with `edits` edits of
    each kind, each timed from the save to the page served. Each tool builds with its own shipped
    templates. Prints medians and the ratio this/other."""
    project = bench.prepared_corpus(count)
    tools = {"this": REPO, "other": other.resolve()}
    samples: dict[tuple[str, str], list[float]] = {}
    print(f"# {machine()}", flush=True)
    def build(name: str, label: str, result: Run) -> None:
        samples.setdefault((name, f"{label}, wall s"), []).append(result.wall)
        samples.setdefault((name, f"{label}, CPU s"), []).append(result.cpu)

    for _ in range(rounds):
        for name, tool in tools.items():
            clear(project, "templates", "site", ".cache")
            build(name, "cold build", our_build(project, tool=tool))
            build(name, "warm build", our_build(project, tool=tool))
            clear(project, "site", ".cache")
            build(name, "default build (search)", our_build(project, search=True, tool=tool))
            rows = preview_rows(project, edits, tool)
            for kind in PREVIEW_EDITS:
                samples.setdefault((name, f"preview {kind}, save to served ms"), []).extend(s for _, s in rows[kind])
    print(f"| {count:,} events | this | other ({other}) | this / other |")
    print("|---|---:|---:|---:|")
    for measure in dict.fromkeys(measure for _, measure in samples):
        ours, theirs = (median(samples[(name, measure)]) for name in tools)
        print(f"| {measure} (median of {len(samples[('this', measure)])}) | {ours:.2f} | {theirs:.2f} | "
              f"{ours / theirs:.2f} |", flush=True)
    print(f"(after: {machine()})")


def main(sizes: list[int], repeat: int, edits: int, hugo: str | None, tool: Path = REPO) -> None:
    print(f"# {machine()}; Hugo: {subprocess.run([hugo, 'version'], capture_output=True, text=True).stdout.split()[1] if hugo else 'no'}; "
          f"Pagefind {__import__('timeline.searchservice', fromlist=['x']).pagefind_version()}", flush=True)
    for count in sizes:
        rounds = repeat
        rows = build_rows(count, rounds, hugo, tool)
        project = OUT / f"corpus-{count}"
        preview = preview_rows(project, edits, tool)
        hugo_preview = hugo_preview_rows(OUT / f"hugo-{count}", hugo, edits) if hugo else {}
        report(count, rows, preview, hugo_preview)
        print(f"\n(after: {machine()})", flush=True)
