"""Hashes of word runs, to find copied text without keeping the copied text."""
from __future__ import annotations

import hashlib
import re

RUN = 8


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def run_hashes(text: str, run: int = RUN) -> set[str]:
    tokens = words(text)
    return {hashlib.sha256(" ".join(tokens[i:i + run]).encode()).hexdigest()[:16] for i in range(len(tokens) - run + 1)}


if __name__ == "__main__":
    import sys
    for digest in sorted(run_hashes(sys.stdin.read())):
        print(digest)
