"""Interface words in built sites: a Russian site has no English word left, errors are located, and an
edited catalogue reaches every page, in a build with the cache and in the preview."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import html5lib
import yaml

from tests.conftest import REPO, Site, make_site
from timeline.words import SHIPPED

RUSSIAN_SITE = """\
title: Россия и НАТО — хроника
base_url: https://example.org/
description: Отношения России и НАТО по источникам.
language: {language}
author: Редакция
events_per_page: 2
"""
RUSSIAN_ACTORS = """\
nato:
  name: НАТО
  kind: organization
  aliases: [Североатлантический альянс]
  description: Военно-политический союз.
  url: https://www.nato.int/
russia:
  name: Россия
  kind: country
lavrov:
  name: Сергей Лавров
  kind: person
"""
RUSSIAN_TAGS = "diplomacy:\n  name: Дипломатия\n  description: Переговоры и заявления.\n"


def russian_event(title: str, date: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\nactors: [nato, russia, lavrov]\ntags: [diplomacy]\n"
            "summary: Коротко о событии.\n"
            "sources:\n  - title: Сообщение агентства\n    publisher: ТАСС\n    url: https://tass.ru/politika/1\n"
            "    date: 2009-05\n    archive_url: https://web.archive.org/web/2009/https://tass.ru/politika/1\n"
            f"{extra}---\nТекст события.\n")


def russian_site(root: Path, language: str = "ru") -> Site:
    """Russian content with every mark the interface has words for: spans, circa, ongoing, milestones,
    drafts, updates, every relation, pages, an alias and more events than one page lists."""
    site = Site(root)
    site.write("site.yaml", RUSSIAN_SITE.format(language=language))
    site.write("content/actors.yaml", RUSSIAN_ACTORS)
    site.write("content/tags.yaml", RUSSIAN_TAGS)
    events = [("e1", "НАТО лишает аккредитации", "2009-04-29", "milestone: true\naliases: [staryi-adres]\n"),
              ("e2", "Пресс-конференция Лаврова", "2009-05-06", "end_date: 2009-05-08\nrelated:\n"
               "  - event: e1\n    relation: response-to\nupdates:\n  - date: 2024-03-07\n    note: Добавлен источник.\n"),
              ("e3", "Переговоры о договоре", "1996", "approximate: true\nrelated:\n  - event: e2\n    relation: follows\n"),
              ("e4", "Совет Россия — НАТО", "2014-03", "end_date: ongoing\nrelated:\n  - event: e3\n    relation: part-of\n"
               "  - event: e2\n    relation: reverses\n  - event: e1\n    relation: see-also\n"),
              ("e5", "Черновая запись", "2008-12", "end_date: 2009-01\ndraft: true\n")]
    for slug, title, date, extra in events:
        site.write(f"content/events/{slug}.md", russian_event(title, date, extra))
    site.write("content/pages/about.md", "---\ntitle: О хронике\n---\nЧто это за хроника.\n")
    site.write("content/pages/plan.md", "---\ntitle: Планы\ndraft: true\n---\nЕщё не готово.\n")
    return site


def words_of(values) -> set[str]:
    """The Latin words of catalogue values, lower-cased, placeholders left out."""
    found: set[str] = set()
    stack = [values]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        else:
            found.update(word.lower() for word in re.findall(r"[A-Za-z]+", re.sub(r"\{\w+\}", "", value)))
    return found


def english_interface_words() -> set[str]:
    """Every word the English catalogue shows, except names the Russian one keeps too (Atom, JSON)."""
    load = lambda name: yaml.safe_load((SHIPPED / name).read_text(encoding="utf-8"))
    english = words_of(load("en.yaml")) - words_of(load("ru.yaml"))
    assert {"timeline", "search", "events", "draft", "milestone", "c", "since", "january", "updated"} <= english
    return english


READABLE = ("title", "aria-label", "alt", "content", "label", "placeholder")


def visible_text(page: bytes, only_lang: str | None = None) -> str:
    """What a reader (or a screen reader) gets from a page: text and labels, not code, scripts or addresses;
    with only_lang, none of what is marked (or cited) (lang="...") as written in another language, nor the meta tags,
    which repeat a page's content (an untranslated event's summary) where no mark can say its language."""
    document = html5lib.parse(page, namespaceHTMLElements=False)
    parts: list[str] = []
    stack = [(document, False, False)]
    while stack:
        element, hidden, foreign = stack.pop()
        marked = element.get("lang") if element.tag != "html" else None
        # A source's title (<cite>) is in the source's own language, which the link's hreflang says.
        foreign = foreign or (only_lang is not None and (marked not in (None, only_lang) or element.tag == "cite"))
        # An embed code's <textarea> holds HTML to paste (iframe, height, script): code, as <code> is.
        skip = hidden or foreign or element.tag in ("script", "style", "code", "textarea")
        if not skip and element.text:
            parts.append(element.text)
        for name in READABLE if not foreign and not (only_lang and element.tag == "meta") else ():
            if element.get(name) and (element.tag != "meta" or element.get("name") == "description"
                                      or element.get("property") in ("og:title", "og:description", "og:site_name")):
                parts.append(element.get(name))
        meta = element.get("data-pagefind-meta")
        if meta and ":" in meta and not foreign:  # "date:6 мая 2009 г.": a value of its own; "summary" names the element's text
            parts.append(meta.split(":", 1)[1])
        for child in element:
            if child.tail and not skip:
                parts.append(child.tail)
            stack.append((child, skip, foreign))
    return " ".join(parts)


def english_left(text: str, english: set[str]) -> set[str]:
    return {word for word in re.findall(r"[A-Za-z]+", text) if word.lower() in english}


def test_a_russian_site_has_no_english_interface_word_left(tmp_path):
    site = russian_site(tmp_path)
    result = site.run("build", "--no-search", "--drafts", "-q")
    assert result.code == 0, result.err
    english = english_interface_words()
    pages = sorted(site.output.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        left = english_left(visible_text(page.read_bytes()), english)
        assert not left, (page.relative_to(site.output), left)
    feed = ElementTree.parse(site.output / "feed.xml").getroot()
    texts = [element.text or "" for element in feed.iter() if element.tag.split("}")[1] in ("title", "subtitle", "summary", "name")]
    texts += [element.get("label") or "" for element in feed.iter()]
    assert not english_left(" ".join(texts), english)
    # What the words are, where a reader sees them:
    index, event = site.read("index.html"), site.read("events/e2/index.html")
    assert '<time datetime="2009-05-06">6</time>–<time datetime="2009-05-08">8 мая 2009 г.</time>' in index
    assert '<abbr title="около">ок.</abbr> <time datetime="1996">1996 г.</time>' in index
    assert 'с <time datetime="2014-03">марта 2014 г.</time> <span class="ongoing">по настоящее время</span>' in index
    assert "<p>Страница 1 из 3 (5 событий)</p>" in site.read("actors/nato/index.html")
    assert "Обновлено <time datetime=\"2024-03-07\">7 марта 2024 г.</time>:" in event
    assert '<span class="relation">В ответ на</span>' in event and '<span class="relation">Отменено</span>' in event
    assert '"js.share.link_copied":"Ссылка скопирована"' in event
    assert "Столбчатая диаграмма: 5 событий по годам, с 1996 по 2014 г." in index


def test_a_page_rendered_with_lang_ru_through_the_renderer_is_russian(tmp_path):
    """A site whose default language is English renders a page in Russian when its context says lang: ru
    (the fragments it shares with English pages included)."""
    from timeline.memo import Memo
    from timeline.pages import PageSpec, site_pages
    from timeline.pipeline import Options, check
    from timeline.render import Renderer
    from timeline.words import load_catalogues

    site = russian_site(tmp_path, language="en")
    options = Options(content_dir=site.content, config_path=site.root / "site.yaml", drafts=True, parallel=False)
    checked = check(options, Memo())
    catalogues, problems = load_catalogues([SHIPPED], ["en", "ru"])
    assert problems == []
    renderer = Renderer(checked.templates_dir, checked.config, checked.assets.names, checked.assets.inlinable, extra={
        "nav_pages": [(page.slug, page.title) for page in checked.timeline.pages], "draft_pages": ["plan"],
        "all_actors": checked.timeline.actors, "all_tags": checked.timeline.tags}, words=catalogues)
    renderer.begin("test")
    english = english_interface_words()
    for language in ("en", "ru"):  # English first: its fragments are remembered, and must not be reused
        for spec in site_pages(checked.timeline, checked.config, language, catalogues[language]):
            page = renderer.render(PageSpec(spec.path, spec.template, {**spec.context, "lang": language}))
            if spec.path.endswith(".html"):
                left = english_left(visible_text(page), english)
                assert bool(left) == (language == "en"), (language, spec.path, left)


def test_an_unknown_language_is_an_error_at_its_line(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n\nlanguage: de\n")
    result = site.run("build")
    assert result.code == 1
    assert ('site.yaml:4: language: no interface words for "de" (no de.yaml in '
            f'{REPO / "i18n"}) (languages with words: en, ru;') in result.err


def test_a_language_without_a_plural_rule_is_an_error_at_its_line(site):
    site.write("i18n/xx.yaml", (SHIPPED / "en.yaml").read_text(encoding="utf-8"))
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nlanguage: xx\n")
    result = site.run("build")
    assert result.code == 1
    assert 'site.yaml:3: language: "xx" has no plural rule in timeline/plurals.py' in result.err


def test_a_regional_code_uses_its_languages_words(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nlanguage: en-GB\n")
    assert site.run("build", "--no-search", "-q").code == 0
    assert '<html lang="en-GB">' in site.read("index.html") and ">Timeline</a>" in site.read("index.html")


def test_a_word_the_code_needs_missing_from_a_projects_catalogue_is_an_error_at_its_group(site):
    english = (SHIPPED / "en.yaml").read_text(encoding="utf-8")
    site.write("i18n/en.yaml", english.replace('  year: "{year}"\n', "", 1))
    result = site.run("build")
    assert result.code == 1
    line = english.splitlines().index("date:") + 1
    assert f"i18n/en.yaml:{line}: date.year: missing (the build's own code uses it)" in result.err


def test_a_word_a_template_needs_missing_is_an_error_at_the_template_line(site):
    english = (SHIPPED / "en.yaml").read_text(encoding="utf-8")
    site.write("i18n/en.yaml", english.replace("  skip: Skip to content\n", "", 1))
    result = site.run("build")
    assert result.code == 1
    line = next(number for number, text in enumerate((REPO / "templates/base.html").read_text().splitlines(), 1)
                if "site.skip" in text)
    assert (f'templates/base.html:{line}: template: no interface words "site.skip" in i18n/en.yaml '
            "(add site.skip to i18n/en.yaml and to every other language's catalogue; while rendering") in result.err


def test_an_edited_catalogue_reaches_every_page_through_the_cache(site):
    english = (SHIPPED / "en.yaml").read_text(encoding="utf-8")
    site.write("i18n/en.yaml", english)
    assert site.run("build", "--no-search", "-q").code == 0
    assert ">Timeline</a>" in site.read("index.html")
    site.write("i18n/en.yaml", english.replace("  timeline: Timeline\n", "  timeline: Chronology\n", 1))
    assert site.run("build", "--no-search", "-q").code == 0
    pages = list(site.output.rglob("index.html"))
    assert pages and all(">Chronology</a>" in page.read_text() for page in pages if "<nav" in page.read_text())


def test_the_preview_rebuilds_when_a_catalogue_is_saved(tmp_path, tmp_path_factory):
    from tests.serving import ServerProcess
    site = make_site(tmp_path)
    english = (SHIPPED / "en.yaml").read_text(encoding="utf-8")
    catalogue = site.write("i18n/en.yaml", english)
    server = ServerProcess(site.root, "--no-search", tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        catalogue.write_text(english.replace("  timeline: Timeline\n", "  timeline: Chronology\n", 1), encoding="utf-8")
        server.wait_rebuilds(2)
        status, _, body = server.get("events/2009-05-06-lavrov-news-conference/")
        assert status == 200 and b">Chronology</a>" in body
    finally:
        server.stop()
