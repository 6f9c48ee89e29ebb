"""Markdown renders with the promised extensions and nothing live survives sanitizing."""
import html5lib
import hypothesis
import pytest

from timeline.markup import first_paragraph_summary, render_markdown, render_text

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">a</a>',
    '<a href="&#106;&#97;vascript:alert(1)">a</a>',
    '<a href="java\tscript:alert(1)">a</a>',
    '<a href="java&#9;script:alert(1)">a</a>',
    '<a href="java&NewLine;script:alert(1)">a</a>',
    '<a href=" \x01javascript:alert(1)">a</a>',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    '<a href="vbscript:msgbox(1)">a</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">a</a>',
    "[md link](javascript:alert(1))",
    "[md link](DATA:text/html,x)",
    "<iframe src=https://evil.example></iframe>",
    "<object data=x></object><embed src=x>",
    "<style>body{display:none}</style>",
    "<svg><script>alert(1)</script><a xlink:href='javascript:alert(1)'>x</a></svg>",
    '<p style="background:url(javascript:alert(1))" onclick="x()">p</p>',
    "<form action=https://evil.example><input name=x></form>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="#" onmouseover="alert(1)">hover</a>',
    "<base href=https://evil.example/>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
]
LIVE_ATTRIBUTES = ("style", "src", "srcdoc", "action", "formaction", "background", "xlink:href")


@pytest.mark.parametrize("payload", HOSTILE)
def test_nothing_live_survives(payload):
    fragment = html5lib.parseFragment(render_markdown(f"Before.\n\n{payload}\n\nAfter."), namespaceHTMLElements=False)
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("script", "iframe", "object", "embed", "style", "form", "input", "meta", "base", "link", "svg", "math", "img")
        for name, value in element.attrib.items():
            assert not name.startswith("on") and name not in LIVE_ATTRIBUTES, (name, value)
            if name in ("href", "cite"):
                as_browser_reads_it = "".join(ch for ch in value if ord(ch) > 32).lower()
                assert as_browser_reads_it.startswith(("http://", "https://", "mailto:", "#", "/")) \
                    or ":" not in as_browser_reads_it.split("/")[0], value


def test_extensions_footnotes_tables_attr_lists_and_smart_quotes():
    html = render_markdown('# Heading {: #named }\n\n"Quoted" -- text[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Note.')
    assert '<h2 id="text-named">Heading</h2>' in html  # headings start below the page's own h1; ids are the text's own
    assert "“Quoted” – text" in html
    assert '<td>1</td>' in html
    assert 'href="#text-fn:1"' in html and '<li id="text-fn:1">' in html


def test_template_syntax_in_content_stays_literal():
    assert "{{ 7*7 }}" in render_markdown("Total: {{ 7*7 }} {% raw %}")


def test_summary_from_first_paragraph():
    assert first_paragraph_summary(render_markdown("Some *emphasis* & [a link](https://e.org).\n\nMore.")) == \
        "Some emphasis & a link."


@pytest.mark.parametrize("payload", HOSTILE)
def test_whatever_the_sanitizer_drops_is_reported_at_its_line(payload):
    html, dropped = render_text(f"Before.\n\n{payload}\n\nAfter.")
    assert dropped and all(piece.line == 2 for piece in dropped), dropped
    assert all("is left out of the page" in piece.message and piece.hint for piece in dropped)


@pytest.mark.parametrize("text, expected", [
    ("Intro.\n\n![A map](map.png)", [(2, '<img alt="A map" src="map.png"> is left out of the page')]),
    ("A <custom-tag>word</custom-tag>.", [(0, "<custom-tag> is left out of the page")]),
    ("Text\n{: .note }", [(1, 'class="note" in <p> is left out of the page')]),
    ('<a href="https://e.org/" target="_blank">x</a>', [(0, 'target="_blank" in <a> is left out of the page')]),
    ("[a](https://e.org/) [b](javascript:x)\n\n[c](javascript:x)",
     [(0, 'href="javascript:x" in <a> is left out of the page'), (2, 'href="javascript:x" in <a> is left out of the page')]),
    ("<!DOCTYPE html>\n\n<?php echo 1; ?>", [(0, "<!DOCTYPE html> is left out of the page"), (2, "<?php echo 1; ?> is left out of the page")]),
    ("<svg><a href=x>in svg</a></svg>", [(0, "<svg> is left out of the page")]),  # what it swallows is not named again
])
def test_dropped_pieces_are_named_as_written(text, expected):
    assert [(piece.line, piece.message) for piece in render_text(text)[1]] == expected


@pytest.mark.parametrize("text", [
    "Plain *emphasis*, **strong**, `code`, <abbr title=\"x\">abbr</abbr>, H<sub>2</sub>O and [a link](https://e.org/).",
    '# Heading {: #named }\n\nA note[^1] and [back](#named).\n\n[^1]: The note.',
    "| left | right |\n|:--|--:|\n| 1 | 2 |",
    "> quoted\n\n1. one\n2. two\n\n- [mail](mailto:a@e.org)\n\n***",
    "Text <!-- a curator's comment holding <img src=x> is no content --> more.",
    '<a href="https://e.org/?a=1&amp;b=2" title="T &amp; U">x</a> <q cite="https://e.org/">q</q>',
])
def test_nothing_is_reported_when_nothing_is_lost(text):
    assert render_text(text)[1] == []


def test_table_alignment_survives():
    assert '<td style="text-align:right">2</td>' in render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")


def test_a_text_full_of_dropped_pieces_names_twenty_and_counts_the_rest():
    body = "\n\n".join(f"![map {number}](map{number}.png)" for number in range(500))
    dropped = render_text(body)[1]
    assert len(dropped) == 21 and [piece.line for piece in dropped[:3]] == [0, 2, 4]
    assert (dropped[20].line, dropped[20].message) == (40, "and 480 more pieces from here on are left out of the page")


# Text made of what the inline patterns look for, in every arrangement: backticks, escapes, brackets,
# image marks, angle brackets, entities, emphasis marks, line breaks, footnote marks.
_PIECES = ["word", " ", "`", "``", "\\", "[", "]", "(", ")", "![", "<", ">", "&", "&amp;", ";", "*", "**", "_",
           "  \n", "\n", "[^1]", "http://x.org", "a@b.org", "<b>", "</b>", "#", "'", '"', "--", "\n\n- ",
           "\n\n> ", "\n\n[^1]: note", "\n\n[r]: http://y.org", "{: #id }", "|a|b|\n|-|-|\n|c|d|"]


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(hypothesis.strategies.lists(hypothesis.strategies.sampled_from(_PIECES), max_size=40))
def test_patterns_passed_over_for_want_of_their_characters_make_the_same_html_as_all_run(pieces):
    """markup.py skips an inline pattern over text that lacks every string it needs (PATTERN_NEEDS): the
    HTML must be Python-Markdown's own, with every pattern run everywhere."""
    import markdown

    from timeline import markup
    text = "".join(pieces)
    plain = markdown.Markdown(extensions=[*markup.EXTENSIONS, markup._TypographyExtension(),
                                          markup._DemoteHeadingsExtension()], output_format="html")
    assert markup._converter().convert(text) == plain.convert(text)
    markup._converter().reset()
