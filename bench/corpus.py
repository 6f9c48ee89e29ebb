"""Generate a deterministic timeline project of N events with the shape of real content.

    python bench/corpus.py 5000 bench/out/corpus-5000 [--seed 1]

About 30 actors and 40 tags; each event has 1-4 actors, 1-3 tags, a 200-400 word
body with links, emphasis, quotes and lists, 1-3 sources, a date between 1991
and 2024 (some spans, some month or year precision), some milestones and some
related links to earlier events.
"""
from __future__ import annotations

import argparse
import sys
import random
import shutil
from pathlib import Path

WORDS = ("alliance minister talks summit treaty forces border missile defence council ambassador statement "
         "sanctions exercise troops pipeline security cooperation partnership enlargement membership agreement "
         "withdrawal deployment inspection verification protest warning response meeting delegation proposal "
         "government parliament military naval air ground regional strategic nuclear conventional").split()
KINDS = ("country", "organization", "person")
RELATIONS = ("response-to", "follows", "part-of", "reverses", "see-also")
SITE = """title: Generated timeline
base_url: https://bench.example.org/
description: A generated corpus for benchmarks.
"""


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    style = rng.random()
    if style < 0.15:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    elif style < 0.25:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    elif style < 0.40:
        i = rng.randrange(len(words) - 1)
        words[i] = f"[{words[i]} {words[i + 1]}](https://example.com/{rng.randrange(10**6)})"
        del words[i + 1]
    elif style < 0.50:
        i = rng.randrange(len(words) - 2)
        words[i] = f'"{words[i]}'
        words[i + 2] = f'{words[i + 2]}"'
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", " - a claim it denied.", "..."])


def body(rng: random.Random) -> str:
    target = rng.randint(200, 400)
    blocks, count = [], 0
    while count < target:
        roll = rng.random()
        if roll < 0.12:
            items = [sentence(rng, 4, 9) for _ in range(rng.randint(2, 4))]
            blocks.append("\n".join(f"- {item}" for item in items))
        elif roll < 0.2:
            blocks.append("> " + " ".join(sentence(rng) for _ in range(2)))
        else:
            blocks.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 5))))
        count += len(blocks[-1].split())
    return "\n\n".join(blocks)


RU_WORDS = ["альянс", "переговоры", "заявление", "министр", "договор", "саммит", "высылка", "сотрудничество",
            "безопасность", "учения", "расширение", "диалог", "представительство", "санкции"]


def translation(rng: random.Random, number: int, version: str) -> str:
    """A Russian translation file of event number, stamped with the original's version."""
    words = lambda n: " ".join(rng.choice(RU_WORDS) for _ in range(n))  # noqa: E731
    body = "\n\n".join(words(rng.randint(40, 80)).capitalize() + "." for _ in range(rng.randint(3, 5)))
    return "\n".join(["---", f"title: Событие {number}, {words(4)}", f"summary: {words(12).capitalize()}.",
                      f"translated_from: \"{version}\"", "---", body, ""])


def generate(count: int, root: Path, seed: int = 1, translated: int = 0) -> Path:
    """Write site.yaml and content/ for count events under root (replacing what was there); with translated,
    the site is in English and Russian and that many events (spread evenly) have a Russian translation."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    events_dir = root / "content" / "events"
    events_dir.mkdir(parents=True)
    (root / "content" / "pages").mkdir()
    (root / "site.yaml").write_text(SITE)
    actors = [f"actor-{i:02d}" for i in range(30)]
    tags = [f"topic-{i:02d}" for i in range(40)]
    (root / "content" / "actors.yaml").write_text("".join(
        f"{a}:\n  name: Actor {a[-2:]}\n  kind: {KINDS[i % 3]}\n  description: Generated actor {i}.\n  aliases: [Alias {i}]\n"
        for i, a in enumerate(actors)))
    (root / "content" / "tags.yaml").write_text("".join(
        f"{t}:\n  name: Topic {t[-2:]}\n  description: Generated topic {i}.\n" for i, t in enumerate(tags)))
    (root / "content" / "pages" / "about.md").write_text("---\ntitle: About\n---\nA generated timeline.\n")
    slugs: list[str] = []
    for number in range(count):
        year = rng.randint(1991, 2024)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        precision = rng.random()
        date = f"{year}" if precision < 0.03 else f"{year}-{month:02d}" if precision < 0.1 else f"{year}-{month:02d}-{day:02d}"
        slug = f"{year}-{month:02d}-{day:02d}-event-{number:05d}"
        lines = ["---", f"title: Event {number} on {rng.choice(WORDS)} and {rng.choice(WORDS)}", f"date: {date}",
                 f"actors: [{', '.join(rng.sample(actors, rng.randint(1, 4)))}]",
                 f"tags: [{', '.join(rng.sample(tags, rng.randint(1, 3)))}]"]
        if rng.random() < 0.05 and precision >= 0.1:
            lines.append(f"end_date: {min(year + rng.randint(0, 3), 2024)}-12-31")
        if rng.random() < 0.05:
            lines.append("milestone: true")
        lines.append("sources:")
        for index in range(rng.randint(1, 3)):
            lines += [f"  - title: Report {index} on event {number}", f"    publisher: {rng.choice(['Reuters', 'TASS', 'AP', 'NATO'])}",
                      f"    url: https://news.example.com/{number}/{index}"]
        if slugs and rng.random() < 0.15:
            lines += ["related:", f"  - event: {rng.choice(slugs)}", f"    relation: {rng.choice(RELATIONS)}"]
        lines += ["---", body(rng), ""]
        folder = events_dir / str(year)
        folder.mkdir(exist_ok=True)
        (folder / f"{slug}.md").write_text("\n".join(lines))
        slugs.append(slug)
    if translated:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from timeline.content import parse_event
        with open(root / "site.yaml", "a") as settings:
            settings.write("languages: [en, ru]\n")
        step = max(1, count // translated)
        for path in sorted(events_dir.rglob("*.md"))[::step][:translated]:
            event, _ = parse_event(path.read_text(), str(path))
            path.with_name(f"{path.stem}.ru.md").write_text(translation(rng, int(path.stem[-5:]), event.version))
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("root", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--translated", type=int, default=0, metavar="N",
                        help="publish in English and Russian, with N events translated (the rest fall back)")
    args = parser.parse_args()
    generate(args.count, args.root, args.seed, args.translated)


if __name__ == "__main__":
    main()
