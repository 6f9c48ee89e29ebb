"""Remembered fragments: reused only where rendering again would give the same text."""
from dataclasses import dataclass

import jinja2

from timeline.fragments import FragmentCache


@dataclass(frozen=True)
class Item:
    title: str


def environment(templates: dict[str, str], fragments: FragmentCache,
                salt: str = "templates v1") -> tuple[jinja2.Environment, list[str]]:
    calls: list[str] = []
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)
    # As the renderer's cached() does: the page's language first (`lang`, English here by default).
    env.globals.update(cached=jinja2.pass_context(lambda context, *args: fragments(context.get("lang", "en"), *args)),
                       note=lambda title: calls.append(title) or "")
    fragments.begin(salt, env)
    return env, calls


MACROS = '{% macro item(x, level="h3") %}{{ note(x.title) }}<{{ level }}>{{ x.title }}</{{ level }}>{% endmacro %}'
PAGE = '{% for x in xs %}{{ cached("m.html", "item", x) }}{{ cached("m.html", "item", x, "h2") }}{% endfor %}'


def test_the_same_object_is_rendered_once_per_argument_list():
    fragments = FragmentCache()
    env, calls = environment({"m.html": MACROS, "p.html": PAGE}, fragments)
    first, second = Item("NATO <summit>"), Item("Lavrov")
    page = env.get_template("p.html")
    assert page.render(xs=[first, second]) == ("<h3>NATO &lt;summit&gt;</h3><h2>NATO &lt;summit&gt;</h2>"
                                               "<h3>Lavrov</h3><h2>Lavrov</h2>")
    assert page.render(xs=[second, first]) == ("<h3>Lavrov</h3><h2>Lavrov</h2>"
                                               "<h3>NATO &lt;summit&gt;</h3><h2>NATO &lt;summit&gt;</h2>")
    assert calls == ["NATO <summit>", "NATO <summit>", "Lavrov", "Lavrov"]  # each (object, level) once


def test_an_edited_object_is_rendered_again_even_if_equal_looking():
    fragments = FragmentCache()
    env, calls = environment({"m.html": MACROS, "p.html": PAGE}, fragments)
    page = env.get_template("p.html")
    page.render(xs=[Item("Old title")])
    assert page.render(xs=[Item("New title")]) == "<h3>New title</h3><h2>New title</h2>"
    page.render(xs=[Item("New title")])
    assert calls.count("New title") == 4  # a new object each time: never taken for the old one


def test_changed_templates_or_globals_start_afresh():
    fragments = FragmentCache()
    item = Item("Corfu")
    env, _ = environment({"m.html": MACROS, "p.html": PAGE}, fragments)
    env.get_template("p.html").render(xs=[item])
    changed = MACROS.replace("<{{ level }}>", "<{{ level }} class=x>")
    env2, calls = environment({"m.html": changed, "p.html": PAGE}, fragments, salt="templates v2")
    assert env2.get_template("p.html").render(xs=[item]).startswith('<h3 class=x>Corfu</h3>')
    assert calls == ["Corfu", "Corfu"]


def test_macros_of_the_same_name_in_different_templates_do_not_mix():
    fragments = FragmentCache()
    other = MACROS.replace("<{{ level }}>{{ x.title }}", "<{{ level }}>Other: {{ x.title }}")
    env, _ = environment({"m.html": MACROS, "n.html": other,
                          "p.html": PAGE, "q.html": PAGE.replace('"m.html"', '"n.html"')}, fragments)
    item = Item("Vilnius")
    assert env.get_template("p.html").render(xs=[item]).startswith("<h3>Vilnius</h3>")
    assert env.get_template("q.html").render(xs=[item]).startswith("<h3>Other: Vilnius</h3>")


def test_a_fragment_equals_the_macro_imported_without_context():
    fragments = FragmentCache()
    page = '{% from "m.html" import item %}{{ item(x) }}|{{ cached("m.html", "item", x) }}'
    env, _ = environment({"m.html": MACROS, "p.html": page}, fragments)
    plain, cached = env.get_template("p.html").render(x=Item("Madrid & Vilnius")).split("|")
    assert plain == cached == "<h3>Madrid &amp; Vilnius</h3>"


def test_each_language_has_its_own_fragment_rendered_with_its_lang():
    fragments = FragmentCache()
    macros = '{% macro item(x) %}{{ note(x.title) }}<h3 lang="{{ lang }}">{{ x.title }}</h3>{% endmacro %}'
    env, calls = environment({"m.html": macros, "p.html": '{{ cached("m.html", "item", x) }}'}, fragments)
    item = Item("Corfu")
    page = env.get_template("p.html")
    assert [page.render(x=item, lang=code) for code in ("en", "ru", "en", "ru")] == [
        '<h3 lang="en">Corfu</h3>', '<h3 lang="ru">Corfu</h3>'] * 2
    assert calls == ["Corfu", "Corfu"]  # once per language, then remembered


def test_compiled_templates_are_kept_and_a_changed_source_compiles_again():
    from timeline.fragments import MemoryBytecodeCache
    bytecode = MemoryBytecodeCache()
    sources = {"p.html": "one"}
    env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=bytecode)
    assert env.get_template("p.html").render() == "one"
    assert len(bytecode._compiled) == 1  # kept for the next environment
    sources["p.html"] = "two"
    fresh = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=bytecode)
    assert fresh.get_template("p.html").render() == "two"
