"""Save-to-served in the preview of a two-language site: is an edit to a translation as quick as one to English?

    python bench/serve_languages.py [EDITS] [EVENTS] [TRANSLATED]      # defaults: 9 5000 1000

Writes the corpus (bench/corpus.py, `--translated`) to a temporary folder, starts a real `build.py serve`
on it and, edit by edit, rotating the three kinds so the machine's drift falls on each alike:

- english: a sentence appended to the body of an untranslated event; timed until both its English page and
  its Russian fallback page (the English words under a banner) are served with the sentence;
- translation: a sentence appended to the body of a translation (<slug>.ru.md); timed until its Russian
  page is served with it;
- original: a sentence appended to the English original of a translated event; timed until its English page
  is served with it (its Russian page keeps the translation; `check` would now call it stale).

Each time runs from the file's save to the HTTP answer that holds the new words (polled every 5 ms), so it
includes the watcher, the rebuild and the serving. Prints the median and the range per kind.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def main() -> None:
    edits, events, translated = (int(value) for value in (sys.argv[1:] + ["9", "5000", "1000"][len(sys.argv) - 1:])[:3])
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "corpus"
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), str(events), str(project),
                        "--translated", str(translated)], check=True, capture_output=True)
        originals = sorted(project.glob("content/events/*/*.md"))
        translations = [path for path in originals if path.name.endswith(".ru.md")]
        translated_slugs = {path.name.removesuffix(".ru.md") for path in translations}
        english = [path for path in originals if not path.name.endswith(".ru.md") and path.stem not in translated_slugs]
        with_translation = [path for path in originals if path.stem in translated_slugs]
        server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--no-search"],
                                  cwd=project, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            base = next(line.split()[1] for line in server.stdout if line.startswith("Serving "))
            threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
            times: dict[str, list[float]] = {"english": [], "translation": [], "original": []}
            for number in range(edits):
                for kind in _rotated(list(times), number):
                    if kind == "english":
                        path = english[number * 37 % len(english)]
                        pages = [f"events/{path.stem}/", f"ru/events/{path.stem}/"]
                    elif kind == "translation":
                        path = translations[number * 37 % len(translations)]
                        pages = [f"ru/events/{path.name.removesuffix('.ru.md')}/"]
                    else:
                        path = with_translation[number * 37 % len(with_translation)]
                        pages = [f"events/{path.stem}/"]
                    times[kind].append(_timed_edit(base, path, pages, f"Bench edit {kind} {number}"))
            for kind, values in times.items():
                print(f"{kind:12} median {statistics.median(values) * 1000:6.0f} ms   "
                      f"range {min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms   ({len(values)} edits)")
        finally:
            server.terminate()
            server.wait(10)


def _rotated(kinds: list[str], number: int) -> list[str]:
    shift = number % len(kinds)
    return kinds[shift:] + kinds[:shift]


def _timed_edit(base: str, path: Path, pages: list[str], sentence: str) -> float:
    """Append sentence to path's body; seconds until every page in pages is served with it."""
    time.sleep(0.3)  # the watcher's previous event settled, so this save starts a rebuild of its own
    started = time.perf_counter()
    with open(path, "a", encoding="utf-8") as file:
        file.write(f"\n{sentence}.\n")
    waiting = list(pages)
    while waiting:
        if time.perf_counter() - started > 30:
            raise SystemExit(f"{waiting[0]} never showed {sentence!r}")
        try:
            with urllib.request.urlopen(base + waiting[0], timeout=5) as answer:
                if sentence in answer.read().decode("utf-8"):
                    waiting.pop(0)
                    continue
        except OSError:
            pass
        time.sleep(0.005)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
