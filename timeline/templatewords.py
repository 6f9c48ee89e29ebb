"""The interface words inside templates: one Jinja environment per language, with t(), tn(), js_words(),
cached() and the date filters bound to that language's words.

A page is rendered in the environment of its language (`lang` in its context,
else the default), so its words, its macros imported from other templates and
its cached fragments all speak that language without asking the context. A
t("key") or js_words("group") with nothing else to fill in says the same thing
on every page of the language, so it is read from the catalogue once, when the
template is compiled, and the compiled page holds the text as a constant:
5,000 event pages do not each look up "Sources". Compiled templates are
remembered per language and catalogue (the bytecode key says which), and page
keys hold every catalogue, so an edited catalogue compiles and renders afresh.
"""
from __future__ import annotations

from typing import Any, Callable

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from .dates import PartialDate
from .fragments import FragmentCache
from .words import Catalogues, MissingWords, Words

FOLDED = ("t", "js_words")  # the globals whose answer depends only on their one constant argument


class LanguageEnvironment(jinja2.Environment):
    """A Jinja environment whose templates speak one language."""

    def __init__(self, words: Words, **options: Any):
        super().__init__(**options)
        self.words = words

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Jinja's one place (3.x) where a template's tree is at hand before it is compiled.
        return _Constants(self).visit(super()._parse(source, name, filename))


class _Constants(NodeTransformer):
    """Replace t("key") and js_words("group") by what they return in the environment's language."""

    def __init__(self, environment: LanguageEnvironment):
        self.environment = environment

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        node = self.generic_visit(node)
        if not (isinstance(node.node, nodes.Name) and node.node.name in FOLDED and len(node.args) == 1
                and isinstance(node.args[0], nodes.Const) and isinstance(node.args[0].value, str)
                and not node.kwargs and node.dyn_args is None and node.dyn_kwargs is None):
            return node
        function = self.environment.globals.get(node.node.name)
        try:
            text = function(node.args[0].value)
        except (MissingWords, KeyError, IndexError, ValueError, TypeError):
            return node  # left as a call, to fail at render time at its template line
        return nodes.MarkSafe(nodes.Const(str(text), lineno=node.lineno), lineno=node.lineno)


def word_globals(words: Words, catalogues: Catalogues, fragments: FragmentCache) -> dict[str, Callable]:
    """t(), tn(), js_words() and cached() in words' language. Each holds every catalogue, so page keys
    (keys.py fingerprints the globals) change when any of them does."""
    language = words.code

    def t(key: str, **values: Any) -> Markup:
        """The interface words under key, with {names} filled in: {{ t("site.search") }}."""
        return catalogues[language].markup(key, values)

    def tn(key: str, n: Any, **values: Any) -> Markup:
        """The form of key for the count n: {{ tn("count.events", 5) }} is "5 events", "5 событий"."""
        return catalogues[language].markup(key, values, n)

    def js_words(group: str) -> Markup:
        """The words a script says, as the JSON block it reads: <script type="application/json" id="words">."""
        text = catalogues[language].script_words(group)
        # Escaped so that no text in it can end the element early; JSON reads \u003c as "<".
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return Markup(f'<script type="application/json" id="words">{text}</script>')

    def cached(template: str, macro: str, *args: Any) -> Any:
        """A macro's output, rendered once per language and set of arguments (fragments.py)."""
        return fragments(language, template, macro, *args)

    return {"t": t, "tn": tn, "js_words": js_words, "cached": cached}


def date_filters(words: Words) -> dict[str, Callable]:
    """when, span_parts and date in words' language."""

    def when(event) -> str:
        """An event's dates as text: "6–8 May 2009", "6–8 мая 2009 г."."""
        return words.span(event.date, event.end_date)

    def span_parts(event) -> list[tuple[str | None, str]]:
        """An event's dates as (datetime, text) parts, written as they read after the circa word if approximate."""
        return words.span_parts(event.date, event.end_date, event.approximate)

    def date(value: PartialDate) -> str:
        """One date at its precision."""
        return words.date(value)

    return {"when": when, "span_parts": span_parts, "date": date}
