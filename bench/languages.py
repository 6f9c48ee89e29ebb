"""A site in two languages against the same site in one: cold and warm builds, alternating, in one run.

    python bench/languages.py [ROUNDS] [EVENTS] [TRANSLATED] [--search]     # defaults: 3 5000 1000

Writes two corpora from the same seed (bench/corpus.py): English only, and English with Russian
(`languages: [en, ru]`, TRANSLATED events translated, the rest falling back to English). Each round builds
both cold (no site/, no .cache/) then both warm (nothing changed), the order of the two swapped every round
so that the machine's drift falls on each alike. Prints each run's wall time and CPU time (user + system,
pool workers included) and the medians' ratios. `--search` builds with the Pagefind index, as `build` does
by default; without it, `--no-search`.
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import run as bench  # noqa: E402


def main() -> None:
    flags = [arg for arg in sys.argv[1:] if arg.startswith("--")]
    rounds, events, translated = (int(value) for value in ([a for a in sys.argv[1:] if not a.startswith("--")]
                                                            + ["3", "5000", "1000"])[:3])
    search = [] if "--search" in flags else ["--no-search"]
    projects = {}
    for name, extra in (("english", []), ("two languages", ["--translated", str(translated)])):
        project = bench.OUT / f"languages-{events}-{name.replace(' ', '-')}"
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), str(events), str(project), *extra],
                       check=True, capture_output=True)
        projects[name] = project
    runs: dict[tuple[str, str], list[bench.Run]] = {}
    for number in range(rounds):
        order = list(projects) if number % 2 == 0 else list(reversed(projects))
        for kind in ("cold", "warm"):
            for name in order:
                project = projects[name]
                if kind == "cold":
                    shutil.rmtree(project / "site", ignore_errors=True)
                    shutil.rmtree(project / ".cache", ignore_errors=True)
                run = bench.timed([sys.executable, str(bench.REPO / "build.py"), "build", "-q", *search], project)
                runs.setdefault((kind, name), []).append(run)
                print(f"round {number + 1} {kind:4} {name:14} wall {run.wall:6.2f} s  cpu {run.cpu:6.2f} s  "
                      f"rss {run.rss_mb:4.0f} MB", flush=True)
    print()
    for kind in ("cold", "warm"):
        english, both = runs[(kind, "english")], runs[(kind, "two languages")]
        wall = statistics.median(r.wall for r in both) / statistics.median(r.wall for r in english)
        cpu = statistics.median(r.cpu for r in both) / statistics.median(r.cpu for r in english)
        pairs = [b.wall / e.wall for e, b in zip(english, both)]
        print(f"{kind}: English {statistics.median(r.wall for r in english):.2f} s, two languages "
              f"{statistics.median(r.wall for r in both):.2f} s; ratio of medians wall {wall:.2f}x, cpu {cpu:.2f}x; "
              f"per round {', '.join(f'{p:.2f}' for p in pairs)}")


if __name__ == "__main__":
    main()
