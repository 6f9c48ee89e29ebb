"""Did-you-mean hints: the nearest of the names an author could have meant."""
from __future__ import annotations

import difflib

MOST_SHARING = 1000  # a piece found in more choices than this is not indexed


def did_you_mean(word: str, choices) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]}?" if close else None




class Suggester:
    """did_you_mean over one set of choices, asked again and again (every broken link of a big site).

    Comparing a word with every choice costs the number of choices each time: 200 broken links among
    50,000 slugs took minutes. Past a few hundred choices, only the choices sharing the most
    three-letter pieces with the word are compared in full; pieces found in many choices ("200",
    "nat") tell little and are not indexed, which also keeps each question's cost from growing with
    the number of choices.
    """

    COMPARE_ALL_UP_TO = 300
    SHORTLIST = 50

    def __init__(self, choices) -> None:
        self.choices = list(dict.fromkeys(choices))
        self._index: dict[str, list[int]] | None = None

    def __call__(self, word: str) -> str | None:
        if len(self.choices) <= self.COMPARE_ALL_UP_TO:
            return did_you_mean(word, self.choices)
        counts: dict[int, int] = {}
        for piece in _pieces(word):
            for position in self._pieces_index().get(piece, ()):
                counts[position] = counts.get(position, 0) + 1
        best = sorted(counts, key=lambda position: -counts[position])[:self.SHORTLIST]
        return did_you_mean(word, [self.choices[position] for position in sorted(best)])

    def _pieces_index(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for position, choice in enumerate(self.choices):
                for piece in _pieces(choice):
                    index.setdefault(piece, []).append(position)
            common = max(50, min(MOST_SHARING, len(self.choices) // 20))
            self._index = {piece: positions for piece, positions in index.items() if len(positions) <= common}
        return self._index


def _pieces(word: str) -> set[str]:
    word = word.casefold()
    return {word[i:i + 3] for i in range(max(1, len(word) - 2))}
