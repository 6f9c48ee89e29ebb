"""Did-you-mean hints: the nearest name, found as fast among 500,000 names as among five."""
from __future__ import annotations

from timeline.hints import Suggester, did_you_mean


def test_the_nearest_name_or_none():
    assert did_you_mean("actor", ["actors", "tags"]) == "did you mean actors?"
    assert did_you_mean("zzz", ["actors"]) is None


def test_a_suggester_over_many_names_finds_what_the_full_comparison_finds():
    slugs = [f"{1991 + n % 34}-{n % 12 + 1:02d}-{n % 28 + 1:02d}-talks-{word}-{n}"
             for n, word in enumerate(["summit", "treaty", "council", "border"] * 2500)]
    suggest = Suggester(slugs)
    for n in range(0, 10_000, 997):
        typo = slugs[n][:-2] + "x" + slugs[n][-1:]
        assert suggest(typo) == did_you_mean(typo, slugs[max(0, n - 50):n + 50]) == f"did you mean {slugs[n]}?"
    assert suggest("nothing-like-any-of-them") is None


def test_a_few_names_are_all_compared():
    assert Suggester(["nato", "russia"])("natto") == "did you mean nato?"
