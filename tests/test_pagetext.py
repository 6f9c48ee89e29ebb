"""pagetext.py: a page's main text and a fingerprint that tells an edit from another text."""
from __future__ import annotations

import random

from timeline.pagetext import DRIFT_BITS, decode_page, distance, drifted, fingerprint, main_text

random.seed(18)
VOCABULARY = [f"word{n}" for n in range(3000)]


def prose(count: int = 400) -> list[str]:
    return [random.choice(VOCABULARY) for _ in range(count)]


def test_main_text_leaves_out_scripts_navigation_and_takes_the_article():
    page = ("<html><head><title>T</title><style>p{}</style><script>if (a < b) x()</script></head><body>"
            "<nav>Home | World</nav><header>Site</header><article><h1>Head</h1><p>One &amp; two</p>"
            "<!-- ad --><aside>Most read</aside><p>three</p></article><footer>(c)</footer></body></html>")
    assert main_text(page) == "Head One & two three"


def test_main_text_of_a_page_without_an_article_is_all_its_readable_text():
    assert main_text("<body><nav>menu</nav><p>Just <b>this</b></p><form>search</form></body>") == "Just this"
    assert main_text("plain text,\n  as sent") == "plain text, as sent"


def test_unclosed_and_misnested_tags_cost_linear_time():
    main_text("<script>" * 20000 + "<p>" + "word " * 100000)  # would be quadratic with a regex per element


def test_an_edit_moves_few_bits_and_another_text_many():
    words = prose()
    edited = list(words)
    edited[100], edited[300] = "changed", "also"
    original = fingerprint(" ".join(words))
    assert distance(original, fingerprint(" ".join(edited))) <= DRIFT_BITS
    assert drifted(original, fingerprint(" ".join(edited))) is None
    assert drifted(original, fingerprint(" ".join(prose()))) > DRIFT_BITS


def test_too_little_text_has_no_fingerprint_and_unknowns_never_drift():
    assert fingerprint("Page not found") is None
    assert drifted(None, "0" * 16) is None and drifted("f" * 16, None) is None


def test_fingerprints_are_stable_and_case_blind():
    text = " ".join(prose())
    assert fingerprint(text) == fingerprint(text.upper()) and len(fingerprint(text)) == 16


def test_decoding_follows_the_declared_charset():
    assert decode_page("Привет".encode("cp1251"), "text/html; charset=windows-1251") == "Привет"
    assert decode_page(b'<meta charset="koi8-r">' + "мир".encode("koi8-r")).endswith("мир")
    assert decode_page(b"\xff caf\xc3\xa9", "text/html; charset=nonsense") == "\ufffd café"
