"""Property tests: for any input, a model or located problems, never another exception, never live HTML."""
from __future__ import annotations

import html5lib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adversarial.test_hostile_content import live_parts
from timeline.config import parse_config
from timeline.content import decode, parse_actors, parse_event, parse_tags
from timeline.dates import parse_date
from timeline.markup import render_markdown

# Bounded and reproducible in CI: the same examples every run.
BOUNDED = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow])
YAML_ALPHABET = st.sampled_from(list("abc019 :-,[]{}&*!|>#'\"\n\t\\%@`?.") + ["---", "title", "date", "actors", "2009-05-06",
                                                                             "!!python/object", "&a", "*a", "\u202e", "\x00"])
yamlish = st.lists(YAML_ALPHABET, max_size=60).map("".join)
markdownish = st.lists(st.sampled_from(["<script>", "</script>", "<a href=", "javascript:", "java\tscript:", "&#106;", "<img",
                                        " onerror=", "'", '"', ">", "<svg", "<iframe", "[x](", ")", "*", "`", "\n\n",
                                        "<style>", "data:text/html,", "<!--", "-->", "&", "#", "<", "\u202e", "{{ 7*7 }}"]),
                       max_size=40).map("".join)


def assert_located(problems, path="e.md"):
    assert problems
    for problem in problems:
        assert problem.path == path and (problem.line is None or problem.line >= 1) and problem.message


@BOUNDED
@given(st.one_of(st.text(), yamlish, st.builds(lambda fm, body: f"---\n{fm}\n---\n{body}", yamlish, markdownish)))
def test_any_text_is_an_event_or_located_problems(text):
    event, problems = parse_event(text, "e.md")
    if event is None:
        assert_located(problems)
    else:
        assert problems == [] and event.title and event.actors and event.sources


@BOUNDED
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_located(data):
    text, problems = decode(data, "e.md")
    if text is None:
        assert_located(problems)
    else:
        parse_event(text, "e.md")


@BOUNDED
@given(st.one_of(st.text(), yamlish))
def test_yaml_files_never_raise(text):
    for parse in (parse_actors, parse_tags, parse_config):
        value, problems = parse(text, "e.md")
        if problems:
            assert_located(problems)


@BOUNDED
@given(st.text(max_size=30))
def test_any_date_text_parses_or_says_why(text):
    try:
        date = parse_date(text)
    except ValueError as error:
        assert str(error)
    else:
        assert parse_date(date.iso()) == date


@BOUNDED
@given(st.one_of(markdownish, st.text()))
def test_rendering_never_emits_anything_live(text):
    document = html5lib.parseFragment(render_markdown(text), namespaceHTMLElements=False)
    assert live_parts(document) == []


SEGMENTS = st.sampled_from(["", ".", "..", "a", "B-1", "x_y~z", "v1.2", "index.html", "old.html", "events",
                             "2009-05-06-x", "actors", "Static", "page", "feed.xml", "404", ".git", "%2e%2e", "a b", "х",
                             "a\\b", "?q", "#f", "http:", "\u202e", "\x00"])
pathish = st.builds(lambda lead, parts, tail: lead + "/".join(parts) + tail, st.sampled_from(["", "/", "//"]),
                    st.lists(SEGMENTS, max_size=5), st.sampled_from(["", "/"]))


@BOUNDED
@given(st.one_of(st.text(max_size=40), pathish))
def test_any_alias_is_refused_or_a_plain_path_inside_the_site_clear_of_its_own(text):
    from timeline import urls
    from timeline.aliases import RESERVED_FOLDERS, AliasRefused, alias_url
    from timeline.output import is_plain_relative
    for slug_url in (urls.event, urls.page):
        try:
            url = alias_url(text, slug_url)
        except AliasRefused as refused:
            assert refused.message
            continue
        path = urls.file_path(url)
        assert is_plain_relative(path) and path.isascii() and path.isprintable() and path != urls.file_path(urls.HOME)
        assert not any(part.startswith(".") for part in path.split("/"))
        assert path.split("/")[0].casefold() not in RESERVED_FOLDERS
