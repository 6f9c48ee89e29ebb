"""The renderer: links under the base path, inline assets that cannot end their element, located template errors."""
from __future__ import annotations

import os
import pytest

from timeline.config import SiteConfig
from timeline.errors import BuildFailed
from timeline.pages import PageSpec
from timeline.render import Renderer


def renderer(tmp_path, templates: dict[str, str], base_url: str = "https://example.org/timeline/") -> Renderer:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in templates.items():
        (folder / name).write_text(text)
    config = SiteConfig(title="T", base_url=base_url)
    return Renderer(folder, config, {"app.js": "static/app.0123456789.js"},
                    {"app.js": b'var a = "</script><!--";', "style.css": b'a::after{content:"</style>"}'})


def test_links_honour_the_base_path_and_come_from_paths(tmp_path):
    page = renderer(tmp_path, {"p.html": "{{ url(paths.actor('nato')) }} {{ abs_url(paths.event('x')) }} "
                                         "{{ asset('app.js') }} {{ url() }}"})
    assert page.render(PageSpec("p.html", "p.html")) == (
        b"/timeline/actors/nato/ https://example.org/timeline/events/x/ /timeline/static/app.0123456789.js /timeline/")


def test_inline_assets_cannot_close_their_element(tmp_path):
    page = renderer(tmp_path, {"p.html": "<script>{{ inline_asset('app.js') }}</script><style>{{ inline_asset('style.css') }}</style>"})
    html = page.render(PageSpec("p.html", "p.html")).decode()
    assert html == '<script>var a = "<\\/script><\\!--";</script><style>a::after{content:"<\\/style>"}</style>'


def test_an_undefined_name_is_an_error_at_its_template_line(tmp_path):
    page = renderer(tmp_path, {"base.html": "<h1>\n{% block main %}{% endblock %}\n</h1>",
                               "p.html": '{% extends "base.html" %}{% block main %}\n\n{{ no_such_name }}{% endblock %}'})
    with pytest.raises(BuildFailed) as failed:
        page.render(PageSpec("x/index.html", "p.html"))
    [problem] = failed.value.problems
    assert problem.path.endswith("templates/p.html") and problem.line == 3
    assert problem.message == 'template: "no_such_name" is not defined'
    assert problem.hint.startswith("this template has: abs_url, abs_url_in, asset, autonym, cached, inline_asset, js_words, lang, "
                                   "page_path, page_url, paths, site, t, tn, url, url_in;")
    assert problem.hint.endswith("; while rendering x/index.html")


def test_a_missing_attribute_names_the_template_expression_and_what_exists_not_a_python_class(tmp_path):
    page = renderer(tmp_path, {"p.html": "<p>\n{{ site.editor_email }}</p>"})
    with pytest.raises(BuildFailed) as failed:
        page.render(PageSpec("p.html", "p.html"))
    [problem] = failed.value.problems
    assert (problem.line, problem.message) == (2, 'template: "site.editor_email" is not defined')
    assert "SiteConfig" not in problem.format() and "object" not in problem.format()
    assert problem.hint.startswith("site has: author, base_path, base_url, description, edition, editions, events_per_page, "
                                   "feed_entries, language, languages, license, license_url, multilingual, params, require_archive, "
                                   "timeline_budget_kb, timeline_split_at, title, translations; a value of your own goes in site.yaml "
                                   "under params: and is read as site.params.editor_email")


@pytest.mark.parametrize("written, expression", [
    ("{{ event.sources[0].titel }}", "event.sources[0]"),
    ('{{ event["titel"] }}', "event"),
    ("{% for s in event.sources %}{{ s.titel }}{% endfor %}", "s"),
    ("{{ event . titel }}", "event"),
    ("{{ event.sources | map(attribute='x') | list }}{{ (event).titel }}", "event"),  # not on the line: found by value
])
def test_the_expression_is_read_off_the_template_line(tmp_path, written, expression):
    page = renderer(tmp_path, {"p.html": written})
    event = {"title": "T", "sources": [{"title": "S", "url": "https://e.org/"}]}
    with pytest.raises(BuildFailed) as failed:
        page.render(PageSpec("p.html", "p.html", {"event": event}))
    [problem] = failed.value.problems
    assert problem.message == f'template: "{expression}.titel" is not defined'
    assert problem.hint.startswith(f"{expression} has: sources, title;" if expression == "event" else f"{expression} has: title, url;")


def test_a_missing_param_says_where_to_add_it_and_lists_the_params_there_are(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "p.html").write_text("{{ site.params.footer }}|{{ site.params.contact }}")
    config = SiteConfig(title="T", base_url="https://example.org/", params={"footer": "F", "links": []})
    page = Renderer(folder, config, {})
    with pytest.raises(BuildFailed) as failed:
        page.render(PageSpec("p.html", "p.html"))
    [problem] = failed.value.problems
    assert problem.message == 'template: "site.params.contact" is not defined'
    assert problem.hint.startswith("site.params has: footer, links; add contact: under params: in site.yaml")


def test_a_name_used_as_if_it_had_parts_says_what_it_is(tmp_path):
    page = renderer(tmp_path, {"p.html": "{{ events.first }}"})
    with pytest.raises(BuildFailed) as failed:
        page.render(PageSpec("p.html", "p.html", {"events": [1, 2]}))
    [problem] = failed.value.problems
    assert problem.message == 'template: "events.first" is not defined: events has no named parts'
    assert problem.hint.startswith("it is a list of 2: loop over it")


@pytest.mark.parametrize("text, line, message, hint", [
    ("<ul>\n{% for x in xs %}\n<li>{{ x }}\n</ul>\n", 2,
     "template: {% for %} opened at line 2 is never closed", "add {% endfor %} where it ends"),
    ("{% block main %}\n{% if a %}\n{% if b %}x{% endif %}\n\n{% endblock %}\n", 4,
     "template: {% endblock %} at line 5 comes before the {% if %} opened at line 2 is closed",
     "add {% endif %} before it, or remove the stray tag"),
    ("{% set x %}\nmany\nlines\n", 1, "template: {% set %} opened at line 1 is never closed",
     "add {% endset %} where it ends"),
    ("{% set y = 1 %}{% macro m() %}\n{% set x = 2 %}\n", 1,
     "template: {% macro %} opened at line 1 is never closed", "add {% endmacro %} where it ends"),
    ("a\n{% endif %}\n", 2, "template: {% endif %} closes nothing: no {% if %} is open here",
     "remove it, or open the block before it"),
])
def test_an_unclosed_block_is_reported_where_it_began(tmp_path, text, line, message, hint):
    page = renderer(tmp_path, {"p.html": text})
    [problem] = page.check_templates()
    assert (problem.line, problem.message, problem.hint) == (line if "comes before" not in message else 5, message, hint)


def test_every_syntax_error_is_found_before_rendering(tmp_path):
    page = renderer(tmp_path, {"a.html": "{% if %}", "b.html": "fine", "c.html": "\n{{ x }"})
    found = sorted((p.path.rsplit("/", 1)[1], p.line) for p in page.check_templates())
    assert found == [("a.html", 1), ("c.html", 2)]


def test_text_is_escaped_and_filters_format_events(tmp_path):
    page = renderer(tmp_path, {"p.html": "{{ text }}"})
    assert page.render(PageSpec("p.html", "p.html", {"text": "<b>&"})) == b"&lt;b&gt;&amp;"


def test_a_template_removed_or_replaced_after_it_was_read_is_read_again_not_an_error(tmp_path, monkeypatch):
    import jinja2
    from timeline import render
    (tmp_path / "page.html").write_text("one")
    loader = render.TemplateFiles(str(tmp_path))
    source, _, uptodate = loader.get_source(jinja2.Environment(), "page.html")
    assert source == "one" and uptodate()
    (tmp_path / "page.html").write_text("two")
    os.utime(tmp_path / "page.html", ns=(1, 1))
    assert uptodate() is False
    real_read = render.read_file

    def read_then_removed(path, *args, **kwargs):  # an editor's save removes the file just after it is read
        data = real_read(path, *args, **kwargs)
        os.unlink(path)
        return data
    monkeypatch.setattr(render, "read_file", read_then_removed)
    source, _, uptodate = loader.get_source(jinja2.Environment(), "page.html")
    assert source == "two" and uptodate() is False
