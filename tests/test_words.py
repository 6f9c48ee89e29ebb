"""Interface words: catalogues, plural forms, dates in each language, and located errors."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from timeline.catalogues import parse_catalogue
from timeline.chart import overview_svg
from timeline.dates import PartialDate, parse_date
from timeline.plurals import category
from timeline.words import SHIPPED, load_catalogues, shipped

EN, RU = (SHIPPED / "en.yaml").read_text(encoding="utf-8"), (SHIPPED / "ru.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ru():
    return shipped("ru")


@pytest.fixture(scope="module")
def en():
    return shipped("en")


@pytest.mark.parametrize("n, russian, english", [
    (0, "many", "other"), (1, "one", "one"), (2, "few", "other"), (4, "few", "other"), (5, "many", "other"),
    (11, "many", "other"), (12, "many", "other"), (14, "many", "other"), (21, "one", "other"), (22, "few", "other"),
    (25, "many", "other"), (101, "one", "other"), (111, "many", "other"), (112, "many", "other"), (1000, "many", "other"),
    (-1, "one", "one"), (1.5, "other", "other"), ("1.0", "other", "other"), ("2.5", "other", "other"),
])
def test_plural_categories_follow_cldr(n, russian, english):
    assert (category("ru", n), category("en", n), category("en-GB", n)) == (russian, english, english)


@pytest.mark.parametrize("n, russian, english", [
    (1, "1 событие", "1 event"), (2, "2 события", "2 events"), (5, "5 событий", "5 events"),
    (21, "21 событие", "21 events"), (11, "11 событий", "11 events"), (111, "111 событий", "111 events"),
    (0, "0 событий", "0 events"), (1.5, "1.5 события", "1.5 events"),
])
def test_counts_take_their_languages_form(ru, en, n, russian, english):
    assert (ru.count("count.events", n), en.count("count.events", n)) == (russian, english)


def span(words, start: str, end: str | None = None, approximate: bool = False) -> str:
    return words.span(parse_date(start), None if end is None else end if end == "ongoing" else parse_date(end), approximate)


@pytest.mark.parametrize("start, end, approximate, text", [
    ("2009-05-06", None, False, "6 мая 2009 г."),
    ("2009-05", None, False, "май 2009 г."),
    ("2009", None, False, "2009 г."),
    ("2009-05-06", "2009-05-08", False, "6–8 мая 2009 г."),
    ("2009-04-30", "2009-05-06", False, "30 апреля – 6 мая 2009 г."),
    ("2008-12-30", "2009-01-06", False, "30 декабря 2008 г. – 6 января 2009 г."),
    ("2009-03", "2009-05", False, "март – май 2009 г."),
    ("2008-12", "2009-01", False, "декабрь 2008 г. – январь 2009 г."),
    ("2008", "2009", False, "2008–2009 гг."),
    ("2010", "2011-06", False, "2010 г. – июнь 2011 г."),
    ("2011-02-03", "2011-05", False, "3 февраля 2011 г. – май 2011 г."),
    ("2022-02-24", "ongoing", False, "с 24 февраля 2022 г."),
    ("2014-03", "ongoing", False, "с марта 2014 г."),
    ("2015", "ongoing", False, "с 2015 г."),
    ("1996", None, True, "ок. 1996 г."),
    ("1996-05-06", None, True, "ок. 6 мая 1996 г."),
    ("1997-03", None, True, "ок. марта 1997 г."),
    ("2009-03", "2009-05", True, "ок. марта – мая 2009 г."),
    ("2008", "2009", True, "ок. 2008–2009 гг."),
])
def test_russian_dates_at_every_precision_span_and_circa(ru, start, end, approximate, text):
    assert span(ru, start, end, approximate) == text


@pytest.mark.parametrize("start, end, text", [
    ("2009-05-06", None, "6 May 2009"), ("2009-05", None, "May 2009"), ("2009", None, "2009"),
    ("1994-01-10", "1994-01-11", "10–11 January 1994"), ("1999-03-24", "1999-06-10", "24 March – 10 June 1999"),
    ("2008-08-19", "2009-03-05", "19 August 2008 – 5 March 2009"), ("2014-04-01", "ongoing", "since 1 April 2014"),
    ("2007-07", "2007-12", "July – December 2007"), ("2008-12", "2009-01", "December 2008 – January 2009"),
    ("2008", "2009", "2008 – 2009"), ("2010", "2011-06", "2010 – June 2011"), ("2015", "ongoing", "since 2015"),
])
def test_english_dates_read_as_they_always_have(en, start, end, text):
    assert span(en, start, end) == text
    assert span(en, start, end, approximate=True) == f"c. {text}"


def test_each_date_of_a_span_is_its_own_part_for_a_time_element(ru):
    assert ru.span_parts(parse_date("2009-05-06"), parse_date("2009-05-08")) == [
        ("2009-05-06", "6"), (None, "–"), ("2009-05-08", "8 мая 2009 г.")]
    assert ru.span_parts(parse_date("2008"), parse_date("2009")) == [("2008", "2008"), (None, "–"), ("2009", "2009"),
                                                                      (None, " гг.")]
    assert ru.span_parts(parse_date("2014-03"), "ongoing") == [(None, "с "), ("2014-03", "марта 2014 г.")]


def write_catalogues(folder: Path, en_text: str = EN, ru_text: str = RU) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.yaml").write_text(en_text, encoding="utf-8")
    (folder / "ru.yaml").write_text(ru_text, encoding="utf-8")
    return folder


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_the_shipped_catalogues_agree():
    catalogues, problems = load_catalogues([SHIPPED], ["en", "ru"])
    assert problems == [] and sorted(catalogues) == ["en", "ru"]
    assert set(catalogues["en"].entries) == set(catalogues["ru"].entries)


def test_a_key_missing_in_another_language_is_an_error_naming_key_file_and_line(tmp_path):
    folder = write_catalogues(tmp_path / "i18n", ru_text=RU.replace("  search: Поиск\n", "", 1))
    _, problems = load_catalogues([folder], ["en", "ru"])
    [problem] = problems
    assert problem.path.endswith("i18n/ru.yaml") and problem.line == line_of(RU, "site:")
    assert problem.message == "site.search: missing"
    assert problem.hint == f"{folder / 'en.yaml'}:{line_of(EN, '  search: Search')} has it"


@pytest.mark.parametrize("old, new, message", [
    ('  events: {one: "{n} событие", few: "{n} события", many: "{n} событий", other: "{n} события"}',
     '  events: {one: "{n} событие", many: "{n} событий", other: "{n} события"}', "count.events: no few form"),
    ("  skip: Перейти к содержанию", "  skip: Перейти к {содержанию}", "site.skip: {содержанию} is never filled in"),
    ("  skip: Перейти к содержанию", "  skip: Перейти к {содержанию", "site.skip: a { or } without its pair"),
    ("  skip: Перейти к содержанию", "  skip: yes", "site.skip: is true/false, not text"),
    ("  skip: Перейти к содержанию", "  skip: [Перейти, к]", "site.skip: is a list, but text in"),
    ("  day: \"{day} {month_of} {year} г.\"", "  day: \"{day} {month_of} {yera} г.\"", "date.day: {yera} is never filled in"),
    ("  months: [январь, февраль, март, апрель, май, июнь, июль, август, сентябрь, октябрь, ноябрь, декабрь]",
     "  months: [январь, февраль]", "date.months: must be a list of the 12 months"),
])
def test_a_broken_entry_is_an_error_at_its_line(tmp_path, old, new, message):
    assert old in RU
    folder = write_catalogues(tmp_path / "i18n", ru_text=RU.replace(old, new))
    _, problems = load_catalogues([folder], ["en", "ru"])
    errors = [p for p in problems if not p.warning]
    assert len(errors) == 1 and errors[0].message.startswith(message), errors
    assert errors[0].path.endswith("ru.yaml") and errors[0].line == line_of(RU, old)


def test_a_key_the_default_language_lacks_is_a_warning(tmp_path):
    folder = write_catalogues(tmp_path / "i18n", ru_text=RU.replace("  skip: ", "  skipp: Лишнее\n  skip: ", 1))
    _, problems = load_catalogues([folder], ["en", "ru"])
    [problem] = problems
    assert problem.warning and problem.message.startswith("site.skipp: not in") and problem.hint == "did you mean site.skip?"


def test_a_catalogue_reads_nested_and_dotted_keys_alike():
    catalogue, problems = parse_catalogue('site: {search: Search}\nsite.feed: Feed\ncount.x: {one: a, other: b}\n', "x.yaml")
    assert problems == [] and catalogue.entries == {"site.search": "Search", "site.feed": "Feed",
                                                    "count.x": {"one": "a", "other": "b"}}


def test_text_is_escaped_for_pages_and_values_unless_they_are_markup(en):
    from markupsafe import Markup
    assert en.markup("event.updated", {"date": "<b>"}) == "Updated &lt;b&gt;:"
    assert en.markup("event.updated", {"date": Markup("<time>6 May</time>")}) == "Updated <time>6 May</time>:"


def test_the_chart_describes_itself_in_the_pages_language(ru):
    def event(year: int, end=None, milestone=False):
        from timeline.content import Event
        return Event(slug=f"e{year}", title="Событие", date=PartialDate(year), end_date=end, approximate=False,
                     actors=("nato",), tags=(), summary="", body_html="", sources=(), milestone=milestone, related=(),
                     updates=(), draft=False, path="e.md")
    svg = overview_svg([event(2000), event(2000, milestone=True), event(2001, PartialDate(2003))], (2000, 2004), str,
                       "События по годам", words=ru)
    assert ("Столбчатая диаграмма: 3 события по годам, с 2000 по 2004 г. Больше всего событий в 2000 г.: 2. "
            "1 событие длилось какое-то время и показано линией под осью; 1 ключевое событие отмечено ромбом. "
            "Те же годы перечислены ссылками после диаграммы.") in svg
    assert 'aria-label="2000 г.: 2 события"' in svg and 'aria-label="2001 г.: 1 событие"' in svg


# Every key the templates and scripts use is in every catalogue. -----------------------------------

KEY = re.compile(r"""(['"])((?:site|source|count|badge|draft|date|list|related|home|event|actors|actor|tags|tag|year|search|"""
                 r"""not_found|moved|chart|language|translation|order|lanes|embed|download|js)\.[a-z_.-]*)\1""")


def used_keys() -> tuple[set[str], set[str]]:
    """Keys named in templates and scripts, and the prefixes of keys they build (t('draft.' ~ kind))."""
    keys, prefixes = set(), set()
    files = [*(REPO / "templates").iterdir(), *(REPO / "static").glob("*.js")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".html", ".xml"):  # only inside {{ }} and {% %}: the rest is the page's own text
            text = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, flags=re.S))
        groups = {group for call in re.findall(r"js_words\(([^)]*)\)", text) for _, group in re.findall(r"""(['"])(.*?)\1""", call)}
        prefixes.update(group + "." for group in groups)  # the words of a script: every key under the group
        for _, key in KEY.findall(text):
            if key in groups:
                continue
            if re.search(r"\.(js|css|html|xml)$", key):  # a file: asset('share.js'), "_macros.html"
                continue
            (prefixes if key.endswith(".") else keys).add(key)
    return keys, prefixes


def test_every_key_the_templates_and_scripts_use_is_in_every_catalogue():
    keys, prefixes = used_keys()
    assert len(keys) > 60 and {"related.forward.", "related.backward.", "actor.kind.", "draft.", "js.filters."} <= prefixes
    for code in ("en", "ru"):
        entries = shipped(code).entries
        assert sorted(keys - set(entries)) == [], code
        for prefix in prefixes:
            assert any(key.startswith(prefix) for key in entries), (code, prefix)


def test_the_keys_built_from_data_exist_for_every_value(en, ru):
    from timeline.schema import ACTOR_KINDS, RELATIONS
    for words in (en, ru):
        built = [f"related.{way}.{relation}" for way in ("forward", "backward") for relation in RELATIONS]
        built += [f"{group}.{kind}" for group in ("actor.kind", "actors") for kind in ACTOR_KINDS]
        assert [key for key in built + ["draft.event", "draft.page"] if key not in words.entries] == []


def test_every_catalogue_key_is_used_somewhere(en):
    keys, prefixes = used_keys()
    from timeline.catalogues import CODE_KEYS
    code = " ".join(path.read_text(encoding="utf-8") for path in (REPO / "timeline").glob("*.py"))
    unused = [key for key in en.entries if key not in keys and key not in CODE_KEYS and f'"{key}"' not in code
              and not any(key.startswith(prefix) for prefix in prefixes)]
    assert unused == []


def test_every_russian_text_is_russian():
    """Each value with letters has Cyrillic ones: a text left in English would pass every other check."""
    def texts(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from texts(value)
        elif isinstance(node, list):
            yield from node
        else:
            yield node
    for text in texts(yaml.safe_load(RU)):
        letters = re.sub(r"\{\w+\}", "", text)
        assert not re.search(r"[A-Za-z]", letters) or re.search(r"[а-яё]", letters, re.I), text


# The scripts' words -------------------------------------------------------------------------------

def test_the_scripts_pick_their_languages_plural_form(ru, en):
    """static/words.js, the t() every script of a page shares, read with each language's catalogue."""
    assert shutil.which("node"), "Node.js is missing: scripts/system-deps.sh installs it"
    source = (REPO / "static" / "words.js").read_text(encoding="utf-8")
    calls = [("ru", "js.filters.showing", {"shown": 3, "n": 21}), ("ru", "js.filters.showing", {"shown": 3, "n": 5}),
             ("ru", "js.filters.showing_chosen", {"shown": 1, "n": 2, "chosen": "НАТО"}),
             ("ru", "js.search.found", {"n": 22}), ("ru", "js.share.link_copied", None),
             ("en", "js.filters.showing", {"shown": 3, "n": 21}), ("en", "js.search.found", {"n": 1})]
    program = "const results = [];\n"
    for lang, key, values in calls:
        words = (ru if lang == "ru" else en).script_words(key.rsplit(".", 1)[0])
        program += ("{ const window = {}, document = {documentElement: {lang: %s}, getElementById: () => ({textContent: %s})};\n%s"
                    "results.push(window.timelineT(%s, %s)); }\n" % (json.dumps(lang), json.dumps(words), source,
                                                                     json.dumps(key), json.dumps(values) if values else "undefined"))
    program += "console.log(JSON.stringify(results));\n"
    done = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["Показано 3 из 21 события.", "Показано 3 из 5 событий.",
                                       "Показано 1 из 2 событий (НАТО).", "Найдено 22 события.", "Ссылка скопирована",
                                       "Showing 3 of 21 events.", "1 event found."]
