"""Time builds of generated corpora and print a table, beside Hugo measured in the same run.

    python bench/run.py                      # 1,000 and 5,000 events, with Hugo
    python bench/run.py --sizes 20000 --no-hugo
    python bench/run.py --latency            # also save-to-reload latency through the real server
    python bench/run.py --sizes 5000 --against ../other-checkout   # this code against another, alternating
    python bench/run.py --speed              # issue 19's table: 5,000 and 20,000 events, search, every preview edit

Each build runs as its own process; wall time, CPU time (user + system, with
any worker processes) and peak RSS (the largest single process) come from
wait4(). Ours and Hugo's runs alternate. Corpora and outputs go to bench/out/.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import hugo_site  # noqa: E402
import pelican_site  # noqa: E402


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    files: int = 0


def timed(command: list[str], cwd: Path) -> Run:
    # Write out what the last run and the folders' removal left dirty before the clock starts: otherwise
    # each run pays for the one before it (three rounds of cold builds grew from 8 to 16 s without this).
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out = process.stdout.read().decode()
    err = process.stderr.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}\n{err}")
    children = usage.ru_utime + usage.ru_stime
    return Run(wall, children, usage.ru_maxrss / 1024)


def hugo_binary() -> str | None:
    try:
        import hugo
    except ImportError:
        return shutil.which("hugo")
    path = Path(hugo.__path__[0]) / "binaries" / "hugo"
    return str(path) if path.exists() else shutil.which("hugo")


def pelican_binary() -> str | None:
    found = shutil.which("pelican") or Path(sys.executable).with_name("pelican")
    return str(found) if found and Path(found).exists() else None


def pelican_cold(corpus_project: Path, count: int, pelican: str) -> Run:
    project = OUT / f"pelican-{count}"
    if not (project / "content").is_dir():
        pelican_site.convert(corpus_project, project)
    shutil.rmtree(project / "output", ignore_errors=True)
    return timed([pelican, "content", "-o", "output", "-s", "pelicanconf.py", "-q"], project)


def our_build(project: Path, *extra: str, search: bool = False, tool: Path = REPO) -> Run:
    return timed([sys.executable, str(tool / "build.py"), "build", "-q", *([] if search else ["--no-search"]), *extra],
                 project)


def written_files(project: Path) -> int:
    index = sorted((project / ".cache").glob("output-*.json"))
    return len(json.loads(index[0].read_text())["files"]) if index else 0


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.rss_mb for r in runs))


def edit_event(project: Path, number: int) -> Path:
    # The file list is taken once: listing 5,000 files on every edit would count in the timings.
    path = corpus_files_cache(project)[len(corpus_files_cache(project)) // 2]
    # The previous edit's sentence is replaced, not added to: a file that grew with every run
    # would make each measured rebuild parse a longer body than the last.
    text = path.read_text().split(EDIT_MARK)[0].rstrip("\n")
    # The clock makes every edit a change, even one that repeats an earlier run's number.
    path.write_text(text + f"\n\n{EDIT_MARK}, number {number} ({time.time_ns()}).\n")
    return path


def retitle_event(project: Path, number: int) -> Path:
    """Give an event in the middle a new title: it may move in its day's order, so every page is planned."""
    path = corpus_files_cache(project)[len(corpus_files_cache(project)) // 3]
    lines = path.read_text().split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    lines[index] = f"title: {RETITLE_MARK} {number} {time.time_ns()}"
    path.write_text("\n".join(lines))
    return path


EDITS = {"body": edit_event, "title": retitle_event}
RETITLE_MARK = "Retitled for the benchmark"
EDIT_MARK = "An edit for the benchmark"


_files: dict[Path, list[Path]] = {}


def corpus_files_cache(project: Path) -> list[Path]:
    if project not in _files:
        _files[project] = sorted((project / "content" / "events").rglob("*.md"))
    return _files[project]


def prepared_corpus(count: int) -> Path:
    """bench/out/corpus-<count>, generated when missing, with this checkout's templates."""
    project = OUT / f"corpus-{count}"
    if not (project / "content").is_dir() or len(corpus_files_cache(project)) != count:
        corpus.generate(count, project)
        _files.pop(project, None)
    shutil.copytree(REPO / "templates", project / "templates", dirs_exist_ok=True)
    return project


def prepared_hugo(count: int, project: Path) -> Path:
    """bench/out/hugo-<count>, the corpus as a Hugo project, made when missing or older than hugo_site.py."""
    hugo_project = OUT / f"hugo-{count}"
    config = hugo_project / "hugo.toml"
    if not config.is_file() or config.stat().st_mtime < (BENCH / "hugo_site.py").stat().st_mtime:
        hugo_site.convert(project, hugo_project)
    return hugo_project


def bench_size(count: int, repeat: int, hugo: str | None) -> dict:
    project = prepared_corpus(count)
    row: dict = {"events": count}
    cold, warm, hcold, hwarm = [], [], [], []
    hugo_project = prepared_hugo(count, project) if hugo else None
    for _ in range(repeat):
        for folder in ("site", ".cache"):
            shutil.rmtree(project / folder, ignore_errors=True)
        cold.append(our_build(project))
        warm.append(our_build(project))
        if hugo_project:
            shutil.rmtree(hugo_project / "public", ignore_errors=True)
            shutil.rmtree(hugo_project / "resources", ignore_errors=True)
            hcold.append(timed([hugo, "--quiet", "-d", "public"], hugo_project))
            hwarm.append(timed([hugo, "--quiet", "-d", "public"], hugo_project))
    row["cold"], row["warm"] = median(cold), median(warm)
    row["pages"] = written_files(project)
    largest = max((project / "site").rglob("*.html"), key=lambda page: page.stat().st_size)
    row["largest"] = (largest.relative_to(project / "site").as_posix(), largest.stat().st_size)
    edited = []
    for number in range(repeat):
        edit_event(project, number)
        edited.append(our_build(project))
    row["edit"] = median(edited)
    template = project / "templates" / "event.html"
    original = template.read_text()
    try:
        template.write_text(original.replace("</article>", "<!-- edited for the benchmark --></article>", 1))
        row["template"] = our_build(project)
    finally:
        template.write_text(original)
    row["serve_edit_ms"] = serve_edit_ms(project, repeat)
    if hugo_project:
        row["hugo_cold"], row["hugo_warm"] = median(hcold), median(hwarm)
    return row


def serve_edit_ms(project: Path, repeat: int) -> float:
    """One edited event rebuilt by the preview's pipeline (in memory), median of several edits, in ms."""
    code = f"""
import sys, time, statistics
sys.path.insert(0, {str(REPO)!r}); sys.path.insert(0, {str(BENCH)!r})
from pathlib import Path
from timeline import pipeline
from timeline.serve import PreviewSite
import run
project = Path({str(project)!r})
options = pipeline.Options(content_dir=project / "content", config_path=project / "site.yaml",
                           output_dir=project / "unused", search=False, cache_dir=project / ".cache")
site = PreviewSite(options)
site.rebuild()
times = []
for number in range({max(repeat, 5)}):
    path = run.edit_event(project, 100 + number)
    started = time.perf_counter()
    built = site.rebuild(frozenset([str(path.resolve())]))
    times.append(time.perf_counter() - started)
    assert built.files is not None
print(statistics.median(times) * 1000)
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def reload_latency_ms(count: int, edits: int = 9, kind: str = "body", tool: Path = REPO) -> list[float]:
    """Save-to-reload through the real server: file written -> reload event received on /__serve/events."""
    project = OUT / f"corpus-{count}"
    server = subprocess.Popen([sys.executable, str(tool / "build.py"), "serve", "--port", "0", "--no-search"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for line in server.stdout:
            if line.startswith("Serving "):
                url = line.split()[1]
                break
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        events = urllib.request.urlopen(url + "__serve/events", timeout=60)
        build = json.loads(events.readline()[6:])["build"]
        events.readline()
        latencies = []
        for number in range(edits):
            time.sleep(0.3)  # let the previous rebuild's quiet period and file events pass
            started = time.perf_counter()
            EDITS[kind](project, 200 + number)
            while True:
                line = events.readline()
                if line.startswith(b"data: "):
                    status = json.loads(line[6:])
                    if status["build"] != build:
                        build = status["build"]
                        break
            latencies.append((time.perf_counter() - started) * 1000)
        return latencies
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--latency", action="store_true", help="measure save-to-reload latency through the server")
    parser.add_argument("--pelican", action="store_true", help="also time one cold Pelican build per size")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="compare with another checkout of this tool instead (cold, warm, serve edits)")
    parser.add_argument("--edits", type=int, default=None,
                        help="edits of each kind per server run (--against: 5; --speed: 9)")
    parser.add_argument("--speed", action="store_true",
                        help="the speed table of issue 19 (sizes 5000 and 20000 unless --sizes): builds with and "
                             "without search beside Hugo and Hugo + Pagefind, every kind of preview edit")
    args = parser.parse_args()
    if args.speed:
        import speed
        sizes = args.sizes if "--sizes" in sys.argv else [5000, 20000]
        speed.main(sizes, args.repeat, args.edits or 9, None if args.no_hugo else hugo_binary())
        return
    if args.against:
        import speed
        for count in args.sizes:
            speed.compare(count, args.against, args.repeat, args.edits or 5)
        return
    hugo = None if args.no_hugo else hugo_binary()
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, Hugo: {'yes' if hugo else 'no'}")
    print("| events | build | wall s | CPU s | peak RSS MB | ms/event | vs Hugo |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for count in args.sizes:
        row = bench_size(count, args.repeat if count < 20000 else 1, hugo)
        for label, key, hugo_key in (("cold", "cold", "hugo_cold"), ("warm (nothing changed)", "warm", "hugo_warm"),
                                     ("one event edited", "edit", None), ("one template edited", "template", None)):
            run = row[key]
            ratio = f"{run.wall / row[hugo_key].wall:.2f}x" if hugo_key and hugo_key in row else ""
            print(f"| {count:,} | {label} | {run.wall:.2f} | {run.cpu:.2f} | {run.rss_mb:.0f} | "
                  f"{run.wall / count * 1000:.2f} | {ratio} |", flush=True)
        print(f"| {count:,} | serve: one event edited | {row['serve_edit_ms'] / 1000:.3f} | | | | |")
        for label, key in (("Hugo cold", "hugo_cold"), ("Hugo warm", "hugo_warm")):
            if key in row:
                run = row[key]
                print(f"| {count:,} | {label} | {run.wall:.2f} | {run.cpu:.2f} | {run.rss_mb:.0f} | "
                      f"{run.wall / count * 1000:.2f} | |", flush=True)
        if args.pelican and pelican_binary():
            run = pelican_cold(OUT / f"corpus-{count}", count, pelican_binary())
            print(f"| {count:,} | Pelican cold | {run.wall:.2f} | {run.cpu:.2f} | {run.rss_mb:.0f} | "
                  f"{run.wall / count * 1000:.2f} | ours {row['cold'].wall / run.wall:.2f}x |", flush=True)
        print(f"<!-- {count}: {row['pages']} files in the site; largest HTML page {row['largest'][0]}, "
              f"{row['largest'][1] / 1024:.0f} KB -->", flush=True)
    if args.latency:
        for count in args.sizes:
            if count <= 5000:
                latencies = reload_latency_ms(count)
                print(f"save-to-reload at {count:,} events: median {statistics.median(latencies):.0f} ms, "
                      f"min {min(latencies):.0f}, max {max(latencies):.0f} ({len(latencies)} edits)", flush=True)


if __name__ == "__main__":
    main()
