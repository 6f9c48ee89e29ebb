"""A site in several languages, through the real CLI: translations, fallback, URLs, alternates, errors."""
from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest
import yaml

from tests.conftest import RU_LAVROV, SITE, event_text, make_site, words_version_of

ATOM, XML = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}"
LAVROV = "events/2009-05-06-lavrov-news-conference/"
WITHDRAWS = "events/2009-04-29-nato-withdraws-accreditation/"


@pytest.fixture
def built(bilingual_site):
    result = bilingual_site.run("build", "--no-search", "--no-cache")
    assert result.code == 0, result.err
    assert result.err == ""
    return bilingual_site


def test_each_language_has_every_page_the_default_has(built):
    files = {path for path in built.snapshot()}
    english = {path for path in files if path.endswith(".html") and not path.startswith("ru/") and path != "404.html"}
    assert english, files
    for path in english:
        assert f"ru/{path}" in files, path
    assert "ru/timeline.json" in files and "ru/feed.xml" in files
    assert not any(path.startswith(("ru/ru/", "en/", "ru/static/", "ru/pagefind/")) for path in files)
    assert "ru/sitemap.xml" not in files and "ru/robots.txt" not in files


def test_pages_say_their_language_and_link_their_alternates(built):
    for path, lang in [(f"{LAVROV}index.html", "en"), (f"ru/{LAVROV}index.html", "ru"), ("ru/index.html", "ru"),
                       ("ru/actors/nato/index.html", "ru"), ("ru/about/index.html", "ru")]:
        html = built.read(path)
        assert f'<html lang="{lang}">' in html, path
        neutral = path.removeprefix("ru/").removesuffix("index.html")
        assert f'<link rel="alternate" hreflang="en" href="https://example.org/{neutral}">' in html
        assert f'<link rel="alternate" hreflang="ru" href="https://example.org/ru/{neutral}">' in html
        assert f'<link rel="alternate" hreflang="x-default" href="https://example.org/{neutral}">' in html
        assert f'<link rel="canonical" href="https://example.org/{"ru/" if lang == "ru" else ""}{neutral}">' in html
    assert re.findall(r'href="(/ru/[^"]*)"', built.read("index.html")) == ["/ru/"]


def test_the_switch_leads_to_the_same_page_in_the_other_language(built):
    english, russian = built.read(f"{LAVROV}index.html"), built.read(f"ru/{LAVROV}index.html")
    assert f'<a href="/ru/{LAVROV}" hreflang="ru" lang="ru">Русский</a>' in english
    assert f'<a href="/{LAVROV}" hreflang="en" lang="en">English</a>' in russian
    assert '<span aria-current="true" lang="ru">Русский</span>' in russian


def test_a_translated_event_shows_its_words_and_keeps_the_originals_structure(built):
    page = built.read(f"ru/{LAVROV}index.html")
    assert "<h1>Пресс-конференция Лаврова</h1>" in page
    assert "Первый абзац текста о Лаврове." in page and "First paragraph" not in page
    assert "Добавлен второй источник." in page and "Added a second source." not in page
    assert 'href="https://example.com/a"' in page                      # the sources are the original's
    assert f'href="/ru/{WITHDRAWS}"' in page                            # related, in the same language
    assert re.search(r'href="/ru/actors/sergei-lavrov/"[^>]*>Сергей Лавров</a>', page)  # actors by their Russian names
    assert "untranslated" not in page and "без перевода" not in page and "Перевод ещё не готов" not in page


def test_an_untranslated_event_is_listed_and_shown_in_its_original_words_marked(built):
    timeline = built.read("ru/index.html")
    item = re.search(r'<li class="event[^"]*" id="2009-04-29-nato-withdraws-accreditation".*?</li>', timeline, re.S).group()
    assert f'<a href="/ru/{WITHDRAWS}" lang="en">NATO withdraws accreditation</a>' in item
    assert '<span class="badge untranslated">без перевода</span>' in item
    page = built.read(f"ru/{WITHDRAWS}index.html")
    assert 'class="untranslated-notice"' in page
    assert '<h1 lang="en">NATO withdraws accreditation</h1>' in page
    assert '<div class="body" lang="en">' in page
    english = built.read(f"{WITHDRAWS}index.html")
    assert "untranslated" not in english and '<h1 lang="en">' not in english and '<div class="body" lang' not in english


def test_actor_and_tag_pages_hold_every_event_in_every_language(built):
    for path in ["actors/nato/index.html", "actors/russia/index.html", "tags/diplomacy/index.html", "years/2009/index.html"]:
        english = re.findall(r'<li class="event[^"]*" id="([^"]+)"', built.read(path))
        russian = re.findall(r'<li class="event[^"]*" id="([^"]+)"', built.read(f"ru/{path}"))
        assert russian == english and english, path
    assert "<h1>НАТО</h1>" in built.read("ru/actors/nato/index.html")
    assert "Атлантический альянс." in built.read("ru/actors/nato/index.html")
    assert "<h1>NATO</h1>" in built.read("actors/nato/index.html")
    # A name actors.yaml or tags.yaml gives in English only says so, wherever a Russian page shows it.
    assert '<h1 lang="en">Russia</h1>' in built.read("ru/actors/russia/index.html")
    assert '<figcaption><span lang="en">Russia</span>: события по годам.</figcaption>' in built.read("ru/actors/russia/index.html")
    assert re.search(r'<a href="/ru/tags/diplomacy/" lang="en">Diplomacy</a>', built.read("ru/tags/index.html"))
    assert re.search(r'<a class="chip actor" href="/ru/actors/russia/"[^>]* lang="en">Russia</a>', built.read(f"ru/{LAVROV}index.html"))
    assert '<h1>Russia</h1>' in built.read("actors/russia/index.html") and 'lang="en">Diplomacy' not in built.read("tags/index.html")


def test_the_about_page_is_translated_and_an_untranslated_page_falls_back(built, bilingual_site):
    assert "<h1>О сайте</h1>" in built.read("ru/about/index.html")
    bilingual_site.write("content/pages/sources.md", "---\ntitle: Sources\n---\nHow we cite.\n")
    assert bilingual_site.run("build", "--no-search", "--no-cache").code == 0
    page = built.read("ru/sources/index.html")
    assert 'class="untranslated-notice"' in page and '<h1 lang="en">Sources</h1>' in page


def test_feeds_timeline_json_and_sitemap_per_language(built):
    feed = built.read("ru/feed.xml")
    assert 'xml:lang="ru"' in feed and "<title>Пресс-конференция Лаврова</title>" in feed
    assert '<title xml:lang="en">NATO withdraws accreditation</title>' in feed
    entry = ElementTree.fromstring(feed.encode()).find(f"{ATOM}entry[{ATOM}title='NATO withdraws accreditation']")
    summary = entry.find(f"{ATOM}summary")  # the date in Russian, the untranslated words marked English
    assert summary.get("type") == "xhtml" and summary[0][0].get(f"{XML}lang") == "en"
    assert "".join(summary.itertext()).startswith("29 апреля 2009 г.: ") and summary[0][0].text
    assert entry.find(f"{ATOM}content").get(f"{XML}lang") == "en"
    assert f"<id>https://example.org/ru/{LAVROV}</id>" in feed
    data = json.loads(built.read("ru/timeline.json"))["events"]
    by_slug = {entry["slug"]: entry for entry in data}
    assert by_slug["2009-05-06-lavrov-news-conference"]["title"] == "Пресс-конференция Лаврова"
    assert by_slug["2009-05-06-lavrov-news-conference"]["language"] == "ru"
    assert by_slug["2009-04-29-nato-withdraws-accreditation"]["language"] == "en"
    assert by_slug["2009-05-06-lavrov-news-conference"]["url"] == f"https://example.org/ru/{LAVROV}"
    assert [e["slug"] for e in data] == [e["slug"] for e in json.loads(built.read("timeline.json"))["events"]]
    sitemap = built.read("sitemap.xml")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entry = re.search(rf"<url><loc>https://example.org/ru/{LAVROV}</loc>.*?</url>", sitemap).group()
    assert f'<xhtml:link rel="alternate" hreflang="en" href="https://example.org/{LAVROV}"/>' in entry
    assert f'<xhtml:link rel="alternate" hreflang="ru" href="https://example.org/ru/{LAVROV}"/>' in entry
    locs = re.findall("<loc>([^<]+)</loc>", sitemap)
    russian = [loc for loc in locs if loc.startswith("https://example.org/ru/")]
    assert sorted(loc.replace("/ru/", "/", 1) for loc in russian) == sorted(set(locs) - set(russian))


def test_a_subpath_base_url_gets_the_language_once(bilingual_site):
    assert bilingual_site.run("build", "--no-search", "--no-cache", "--base-url", "https://example.org/timeline/").code == 0
    page = bilingual_site.read(f"ru/{LAVROV}index.html")
    assert f'href="/timeline/ru/{WITHDRAWS}"' in page
    assert "/ru/ru/" not in page and "/timeline/timeline/" not in page
    search = bilingual_site.read("ru/search/index.html")
    assert 'data-pagefind="/timeline/pagefind/pagefind.js"' in search and 'data-base="/timeline/"' in search


def test_languages_en_alone_builds_the_same_bytes_as_no_languages(tmp_path):
    plain, declared = make_site(tmp_path / "plain"), make_site(tmp_path / "declared")
    declared.write("site.yaml", SITE + "languages: [en]\n")
    for fixture in (plain, declared):
        assert fixture.run("build", "--no-search", "--no-cache").code == 0
    assert plain.snapshot() == declared.snapshot()


# Each invalid translation: the file's text, and the problem expected at file:line.
INVALID = [
    ("content/events/2009-05-06-lavrov-news-conference.ru.md", "---\ntitle: Лавров\ndate: 2009-05-06\n---\nТекст.\n",
     ":3: date: a translation holds only words; date comes from the original"),
    ("content/events/2009-05-06-lavrov-news-conference.ru.md", "---\ntitle: Лавров\nactors: [nato]\nmilestone: true\n---\nТекст.\n",
     ":3: actors: a translation holds only words; actors comes from the original"),
    ("content/events/2009-05-06-no-such-event.ru.md", "---\ntitle: Лавров\n---\nТекст.\n",
     ':1: no event with slug "2009-05-06-no-such-event" to translate'),
    ("content/events/2009-05-06-lavrov-news-conference.de.md", "---\ntitle: Lawrow\n---\nText.\n",
     ":1: a translation into \"de\", which site.yaml's languages do not list"),
    ("content/pages/about.de.md", "---\ntitle: Über\n---\nText.\n",
     ":1: a translation into \"de\", which site.yaml's languages do not list"),
    ("content/pages/contact.ru.md", "---\ntitle: Контакты\n---\nТекст.\n", ':1: no page with slug "contact" to translate'),
    ("content/pages/about.ru.md", "---\ntitle: О сайте\nmenu: false\n---\nТекст.\n",
     ":3: menu: a translation holds only words; menu comes from the original"),
    ("content/events/2009-05-06-lavrov-news-conference.en.md", "---\ntitle: Lavrov\n---\nText.\n",
     ':1: "en" is the site\'s default language'),
    ("content/events/2009-05-06-lavrov-news-conference.ru.md", "---\ntitle: \"...\"\n---\nТекст.\n",
     ':2: title: "..." is a placeholder'),
]


@pytest.mark.parametrize("path, text, expected", INVALID)
def test_invalid_translations_are_errors_at_their_file_and_line(bilingual_site, path, text, expected):
    bilingual_site.write(path, text)
    result = bilingual_site.run("check")
    assert result.code == 1
    assert f"{path}{expected}" in result.err, result.err


def test_a_language_code_site_yaml_cannot_read_is_an_error_at_its_line(site):
    site.write("site.yaml", SITE + "languages: [en, 'ru ru']\n")
    result = site.run("check")
    assert result.code == 1 and 'site.yaml:4: languages: "ru ru" is not a language code' in result.err
    site.write("site.yaml", SITE + "language: en\nlanguages: [ru, en]\n")
    result = site.run("check")
    assert result.code == 1 and 'site.yaml:4: language: "en" is not the first of languages (ru)' in result.err


def test_a_name_in_another_language_must_be_text_by_language_code(bilingual_site):
    bilingual_site.write("content/actors.yaml", "nato:\n  name: NATO\n  kind: organization\n  names: НАТО\n")
    result = bilingual_site.run("check")
    assert "content/actors.yaml:4: nato.names: expected a mapping of language codes to text" in result.err


def test_check_prints_coverage_and_warns_when_an_original_changed_after_its_translation(bilingual_site):
    result = bilingual_site.run("check")
    assert result.code == 0 and result.err == ""
    assert "ru: 1 of 3 events translated, 1 of 1 pages" in result.out
    original = bilingual_site.content / "events/2009-05-06-lavrov-news-conference.md"
    before = words_version_of(original)
    original.write_text(original.read_text().replace("Second paragraph.", "Second paragraph, corrected."))
    result = bilingual_site.run("check")
    after = words_version_of(original)
    assert result.code == 0
    assert (f"content/events/2009-05-06-lavrov-news-conference.ru.md:7: warning: translated_from: the original "
            f"(content/events/2009-05-06-lavrov-news-conference.md) has changed since this translation ({before}, now {after})"
            f" (bring the translation up to date, then set translated_from: {after})") in result.err
    assert bilingual_site.run("check", "--strict").code == 1
    # A structural edit (a new source) is not the words: it leaves the translation current.
    bilingual_site.write("content/events/2009-05-06-lavrov-news-conference.ru.md", RU_LAVROV.format(version=after))
    assert bilingual_site.run("check", "--strict").code == 0


def test_new_translate_starts_a_draft_that_cannot_be_published_unfinished(bilingual_site):
    result = bilingual_site.run("new", "--translate", "2009-04-29-nato-withdraws-accreditation", "--lang", "ru")
    assert result.code == 0, result.err
    path = bilingual_site.root / result.out.strip()
    assert path == bilingual_site.content / "events/2009-04-29-nato-withdraws-accreditation.ru.md"
    text = path.read_text()
    original = bilingual_site.content / "events/2009-04-29-nato-withdraws-accreditation.md"
    assert f"translated_from: \"{words_version_of(original)}\"" in text and "draft: true" in text
    assert '# title: "NATO withdraws accreditation"' in text and "First paragraph of the body." in text
    assert bilingual_site.run("check", "--strict").code == 0          # a draft: readers still see the original
    assert bilingual_site.run("check").out.count("1 of 3 events translated") == 1
    path.write_text(text.replace("draft: true\n", ""))
    result = bilingual_site.run("check")
    assert result.code == 1
    assert 'title: "..." is a placeholder' in result.err and "still holds the prompt" in result.err
    again = bilingual_site.run("new", "--translate", "2009-04-29-nato-withdraws-accreditation", "--lang", "ru")
    assert again.code == 1 and "already exists" in again.err
    wrong = bilingual_site.run("new", "--translate", "2009-04-29-nato-withdraws-accreditation", "--lang", "de")
    assert wrong.code == 1 and '--lang: "de" is not one of the site\'s other languages (ru)' in wrong.err
    missing = bilingual_site.run("new", "--translate", "2009-04-29-nato-withdraws", "--lang", "ru")
    assert missing.code == 1 and 'no event or page with slug "2009-04-29-nato-withdraws"' in missing.err


def test_import_translate_starts_a_draft_with_the_article_beside_it_never_published(bilingual_site):
    from tests.test_importer import FIXTURES
    slug = "2009-04-29-nato-withdraws-accreditation"
    article = str(FIXTURES / "russian.html")
    url = "https://vestnik.example.ru/2009/05/06/lavrov/"
    dry = bilingual_site.run("import", article, "--translate", slug, "--lang", "ru", "--url", url, "--dry-run")
    assert dry.code == 0, dry.err
    path = bilingual_site.content / f"events/{slug}.ru.md"
    assert not path.exists() and f"(dry run: would write content/events/{slug}.ru.md)" in dry.err
    result = bilingual_site.run("import", article, "--translate", slug, "--lang", "ru", "--url", url)
    assert result.code == 0, result.err
    assert bilingual_site.root / result.out.strip() == path and path.read_text() == dry.out
    text = path.read_text()
    assert "draft: true" in text and '# title: "NATO withdraws accreditation"' in text
    assert "Headline: Лавров: Россия не отказывается от диалога с НАТО" in text and f"Address: {url}" in text
    assert "Мы готовы к равноправному разговору" in text        # the article, in the comment, for the translator
    for flags in (("--drafts",), ()):                              # never published, not even in the preview's view
        assert bilingual_site.run("build", "--no-search", "--no-cache", *flags).code == 0
        assert not any("равноправному" in (bilingual_site.output / name).read_text(errors="replace")
                       for name in bilingual_site.snapshot())
    assert 'class="untranslated-notice"' in bilingual_site.read(f"ru/events/{slug}/index.html")  # still a draft
    again = bilingual_site.run("import", article, "--translate", slug, "--lang", "ru", "--dry-run")
    assert again.code == 1 and "already exists; nothing was written" in again.err
    usage = bilingual_site.run("import", article, "--translate", slug)
    assert usage.code == 2 and "import FILE --translate SLUG --lang CODE" in usage.err
    missing = bilingual_site.run("import", article, "--translate", "2009-04-29", "--lang", "ru")
    assert missing.code == 1 and 'no event or page with slug "2009-04-29"' in missing.err


def test_a_draft_translation_is_shown_only_with_drafts(bilingual_site):
    path = bilingual_site.content / "events/2009-05-06-lavrov-news-conference.ru.md"
    path.write_text(path.read_text().replace("translated_from", "draft: true\ntranslated_from"))
    assert bilingual_site.run("build", "--no-search", "--no-cache").code == 0
    assert 'class="untranslated-notice"' in bilingual_site.read(f"ru/{LAVROV}index.html")
    assert bilingual_site.run("build", "--no-search", "--no-cache", "--drafts").code == 0
    assert "<h1>Пресс-конференция Лаврова</h1>" in bilingual_site.read(f"ru/{LAVROV}index.html")


SITE_IN_RUSSIAN = """\
author: The editors
params: {footer: Every entry is sourced.}
translations:
  ru:
    title: Тестовая хроника
    description: Проверка.
    params: {footer: У каждой записи есть источники.}
"""


def test_russian_pages_say_no_english_interface_word_outside_what_is_marked_english(bilingual_site):
    """Every word of a Russian page is Russian, the label and banner of an untranslated event, the language
    switch and the site's own words included; English is left only where it is marked lang="en": an untranslated
    event, an actor or topic actors.yaml names in English only, the author site.yaml gives in English only."""
    from tests.test_words_site import english_interface_words, english_left, visible_text
    bilingual_site.write("site.yaml", SITE + "languages: [en, ru]\n" + SITE_IN_RUSSIAN)
    result = bilingual_site.run("build", "--no-search", "--no-cache")
    assert result.code == 0 and result.err == "", result.err
    # Left aside: words of marked English (checked above by only_lang), and the actor's other spellings, which
    # are names as sources write them, in whatever language ("North Atlantic Treaty Organization").
    english = english_interface_words()
    actors = yaml.safe_load((bilingual_site.content / "actors.yaml").read_text(encoding="utf-8"))
    spellings = sorted((alias for actor in actors.values() for alias in actor.get("aliases", [])), key=len, reverse=True)
    pages = sorted(path for path in bilingual_site.snapshot() if path.startswith("ru/") and path.endswith(".html"))
    assert {f"ru/{WITHDRAWS}index.html", "ru/index.html", "ru/actors/russia/index.html", "ru/tags/index.html"} <= set(pages)
    for path in pages:
        text = visible_text((bilingual_site.output / path).read_bytes(), only_lang="ru")
        for spelling in spellings:
            text = text.replace(spelling, "")
        assert not english_left(text, english), (path, english_left(text, english))
    page = bilingual_site.read(f"ru/{WITHDRAWS}index.html")
    assert "<strong>Перевод ещё не готов</strong>: текст показан в оригинале, на английском языке." in page
    assert '<nav class="language-switch" aria-label="Язык">' in page


def test_the_sites_own_words_come_from_translations_else_are_marked_as_the_defaults(bilingual_site):
    bilingual_site.write("site.yaml", SITE + "languages: [en, ru]\n" + SITE_IN_RUSSIAN)
    assert bilingual_site.run("build", "--no-search", "--no-cache").code == 0
    russian, english = bilingual_site.read("ru/index.html"), bilingual_site.read("index.html")
    assert "<title>Тестовая хроника</title>" in russian and '<meta name="description" content="Проверка.">' in russian
    assert "<h1>Тестовая хроника</h1>" in russian and '<p class="lead">Проверка.</p>' in russian
    assert '<p>Тестовая хроника · <span lang="en">The editors</span> · ' in russian
    assert "<p>У каждой записи есть источники.</p>" in russian
    assert "<title>Тестовая хроника</title>" in bilingual_site.read("ru/feed.xml")
    assert "<title>Test Timeline</title>" in english and "<p>Every entry is sourced.</p>" in english
    assert "Тестовая" not in english and "Test Timeline" not in russian
    bilingual_site.write("site.yaml", SITE + "languages: [en, ru]\n")
    assert bilingual_site.run("build", "--no-search", "--no-cache").code == 0
    russian = bilingual_site.read("ru/index.html")
    assert '<h1 lang="en">Test Timeline</h1>' in russian and '<p class="lead" lang="en">A test.</p>' in russian


@pytest.mark.parametrize("text, expected", [
    ("languages: [en, ru]\ntranslations:\n  de: {title: Zeitleiste}\n",
     'site.yaml:6: translations: "de" is not one of the other languages of the site'),
    ("languages: [en, ru]\ntranslations:\n  en: {title: Timeline}\n",
     'site.yaml:6: translations: "en" is not one of the other languages of the site'),
    ("languages: [en, ru]\ntranslations:\n  ru:\n    titel: Хроника\n",
     "site.yaml:7: translations.ru.titel: unknown key"),
    ("languages: [en, ru]\ntranslations:\n  ru: Хроника\n",
     "site.yaml:6: translations.ru: expected key: value pairs, found text"),
    ("translations:\n  ru: {title: Хроника}\n",
     'site.yaml:5: translations: "ru" is not one of the other languages of the site (add languages: [<default>, <code>] first)'),
])
def test_translations_in_site_yaml_are_checked_at_their_line(site, text, expected):
    site.write("site.yaml", SITE + text)
    result = site.run("check")
    assert result.code == 1 and expected in result.err, result.err


def test_a_source_date_that_ends_with_a_point_is_not_given_a_second_one(bilingual_site):
    text = event_text(title="Dated source", date="2009-05-07").replace(
        "    url: https://example.com/a", "    url: https://example.com/a\n    date: 2009-05-06")
    bilingual_site.write("content/events/2009-05-07-dated-source.md", text)
    assert bilingual_site.run("build", "--no-search", "--no-cache").code == 0
    english = bilingual_site.read("events/2009-05-07-dated-source/index.html")
    russian = bilingual_site.read("ru/events/2009-05-07-dated-source/index.html")
    assert re.search(r'Reuters, <time datetime="2009-05-06">6 May 2009</time>\.</li>', english)
    assert re.search(r'Reuters, <time datetime="2009-05-06">6 мая 2009 г\.</time></li>', russian)
