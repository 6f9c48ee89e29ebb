"""The interface words inside templates: one Jinja environment per language, with t(), tn(), js_words(),
cached() and the date filters bound to that language's words.

A page is rendered in the environment of its language (`lang` in its context,
else the default), so its words, its macros imported from other templates and
its cached fragments all speak that language without asking the context. A
t("key") with nothing else to fill in says the same thing on every page of the
language, so it is read from the catalogue once, when the template is read, and the compiled page holds the text as a constant:
5,000 event pages do not each look up "Sources". Compiled templates are
remembered per language and catalogue (the bytecode key says which), and page
keys hold every catalogue, so an edited catalogue compiles and renders afresh.
"""
from __future__ import annotations

from collections import ChainMap
from typing import Any, Callable, Iterator

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from .dates import PartialDate
from .fragments import FragmentCache
from .words import Catalogues, MissingWords, Words

class LanguageEnvironment(jinja2.Environment):
    """A Jinja environment whose templates speak one language."""

    def __init__(self, words: Words, **options: Any):
        options["extensions"] = [*options.get("extensions", ()), ConstantWords]
        super().__init__(**options)
        self.words = words

    def make_globals(self, d: dict[str, Any] | None) -> "TemplateGlobals":
        """Jinja's globals map for a template (its own over the environment's), as a TemplateGlobals."""
        return TemplateGlobals(*super().make_globals(d).maps)


class TemplateGlobals(ChainMap):
    """A template's globals over the environment's, as Jinja makes them, but with keys() a set.

    At every `{% from ... import %}` Jinja takes `importer's global names - imported.globals.keys()`;
    with a ChainMap's keys view that runs in Python, one lookup through every map per global (three
    imports and 70 lookups an event page; rendering 4,000 event pages and cards measured 2 to 8% faster
    without them). A set of the names, made when asked, is the same answer at C speed.
    """

    def keys(self):
        return frozenset(self)


class ConstantWords(Extension):
    """Replace t("key") by what it says in the environment's language, as the template is read.

    Jinja's public hook for this is the token stream: the four tokens `t ( "key" )`, not after a dot,
    become one string token holding the words as written. Autoescaping then escapes them exactly as
    t() would have, so the page is the same, and the compiled template holds a constant.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        window: list[Token] = []
        before: Token | None = None
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            folded = self._fold(before, window)
            if folded is not None:
                yield folded
                before, window = folded, []
            else:
                before = window.pop(0)
                yield before
        yield from window

    def _fold(self, before: Token | None, window: list[Token]) -> Token | None:
        name, opening, key, closing = window
        if not (name.type == "name" and name.value == "t" and opening.type == "lparen" and key.type == "string"
                and closing.type == "rparen" and (before is None or before.type != "dot")):
            return None
        try:
            text = self.environment.globals["t"](key.value)
        except (MissingWords, KeyError, IndexError, ValueError, TypeError):
            return None  # left as a call, to fail at render time at its template line
        return Token(name.lineno, "string", Markup(text).unescape())


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

    def js_words(*groups: str) -> Markup:
        """The words the page's scripts say, as the JSON block they read: <script type="application/json" id="words">."""
        text = catalogues[language].script_words(*groups)
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
