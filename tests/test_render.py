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
    assert "no_such_name" in problem.message and problem.hint == "while rendering x/index.html"


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
