"""Words in templates: each language's environment, and the words read once when a template compiles."""
from __future__ import annotations

import pytest

from timeline.config import SiteConfig
from timeline.errors import BuildFailed
from timeline.fragments import MemoryBytecodeCache
from timeline.pages import PageSpec
from timeline.render import Renderer
from timeline.words import SHIPPED, load_catalogues


@pytest.fixture(scope="module")
def catalogues():
    found, problems = load_catalogues([SHIPPED], ["en", "ru"])
    assert problems == []
    return found


def renderer(tmp_path, catalogues, templates: dict[str, str], bytecode=None) -> Renderer:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Renderer(folder, SiteConfig("T", "https://example.org/"), {}, words=catalogues, bytecode=bytecode)


def test_a_word_without_values_is_compiled_into_the_template(tmp_path, catalogues):
    page = renderer(tmp_path, catalogues, {"p.html": "{{ t('site.skip') }}|{{ tn('count.events', n) }}"})
    english = page.environment("en").compile("{{ t('site.skip') }}|{{ tn('count.events', n) }}", raw=True)
    assert "Skip to content" in english and "'site.skip'" not in english and "'count.events'" in english
    assert "Перейти к содержанию" in page.environment("ru").compile("{{ t('site.skip') }}", raw=True)
    assert page.render(PageSpec("p.html", "p.html", {"n": 21, "lang": "ru"})) == "Перейти к содержанию|21 событие".encode()
    assert page.render(PageSpec("p.html", "p.html", {"n": 21})) == b"Skip to content|21 events"


def test_values_are_escaped_unless_markup_and_a_word_that_needs_one_is_an_error_at_its_line(tmp_path, catalogues):
    page = renderer(tmp_path, catalogues, {
        "p.html": "{% set b %}<b>{{ name }}</b>{% endset %}{{ t('event.updated', date=b) }} {{ t('event.updated', date=name) }}",
        "q.html": "<p>\n{{ t('event.updated') }}</p>"})
    assert page.render(PageSpec("p.html", "p.html", {"name": "<x>"})) == (
        b"Updated <b>&lt;x&gt;</b>: Updated &lt;x&gt;:")
    with pytest.raises(BuildFailed) as failed:
        page.render(PageSpec("q.html", "q.html"))
    [problem] = failed.value.problems
    assert problem.line == 2 and problem.message == 'template: the interface words "event.updated" (i18n/en.yaml) need a value for {date}'


def test_languages_share_compiled_templates_without_mixing_their_words(tmp_path, catalogues):
    bytecode = MemoryBytecodeCache()
    templates = {"p.html": "{{ t('site.search') }}"}
    for _ in range(2):  # the second time from the remembered bytecode, as the preview's rebuilds do
        page = renderer(tmp_path, catalogues, templates, bytecode)
        assert [page.render(PageSpec("p.html", "p.html", {"lang": code})) for code in ("en", "ru", "en")] == [
            b"Search", "Поиск".encode(), b"Search"]


def test_a_page_in_a_language_the_site_lacks_is_an_error(tmp_path, catalogues):
    page = renderer(tmp_path, catalogues, {"p.html": "{{ t('site.search') }}"})
    with pytest.raises(BuildFailed) as failed:
        page.render(PageSpec("p.html", "p.html", {"lang": "de"}))
    assert failed.value.problems[0].message == 'template: no interface words for the language "de"'
