"""Typographic quotes, dashes and ellipses, as a reader sees them in a rendered body."""
import pytest

from timeline.markup import render_markdown
from timeline.typography import smarten


@pytest.mark.parametrize("source, shown", [
    ('He said "yes".', "He said “yes”."),
    ("It's the '80s and the 1990's.", "It’s the ’80s and the 1990’s."),
    ("""He said, "'Quoted' words in a larger quote.\"""", "He said, “‘Quoted’ words in a larger quote.”"),
    ("Before -- after --- end...", "Before – after — end…"),
    ('Dashed--"quoted" and (\'parens\')', "Dashed–“quoted” and (‘parens’)"),
    ('"*emphasis*" and **"bold"** and "end **bold**"', "“<em>emphasis</em>” and <strong>“bold”</strong> and “end <strong>bold</strong>”"),
    ("5'10\" tall", "5’10” tall"),
    ('Say "hi"! Or \'yes\'? "Well..." he said.', "Say “hi”! Or ‘yes’? “Well…” he said."),
])
def test_prose_gets_typographic_marks(source, shown):
    assert render_markdown(source) == f"<p>{shown}</p>"


def test_code_and_escapes_keep_straight_quotes():
    assert render_markdown('A `code "span" -- x` then \\"escaped\\" and "real".') == (
        '<p>A <code>code "span" -- x</code> then "escaped" and “real”.</p>')
    assert render_markdown('    print("hi") -- ok') == '<pre><code>print("hi") -- ok\n</code></pre>'


def test_link_text_and_titles_follow_the_text_around_them():
    assert render_markdown('["quoted" title](https://example.org) "after"') == (
        '<p><a href="https://example.org" rel="noopener noreferrer">“quoted” title</a> “after”</p>')


def test_each_block_starts_afresh():
    # The quote opening the second item follows a block boundary, not the first item's last word.
    assert render_markdown('- one\n- "two"\n\n> "Block," he said.') == (
        "<ul>\n<li>one</li>\n<li>“two”</li>\n</ul>\n<blockquote>\n<p>“Block,” he said.</p>\n</blockquote>")


def test_a_run_carries_the_character_before_it():
    assert smarten('" word', "x") == ("” word", "d")
    assert smarten('"word', " ") == ("“word", "d")
    assert smarten("no marks", "") == ("no marks", "s")
