"""The interface words of one language: texts, counts and dates, from its catalogue (catalogues.py reads them).

Everything a reader sees around the content (navigation, labels, dates, counts,
relation names, the chart's description, the scripts' messages) is looked up here
by key, so a language is a catalogue plus, in code, its plural rule (plurals.py).
Dates are built from the catalogue's patterns by one rule for every language:
the parts two dates share are written once ("6–8 May 2009", "30 апреля – 6 мая
2009 г."), and each part that is a date becomes a <time> element in the page.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Sequence

from markupsafe import Markup, escape

from .catalogues import Catalogue, Value, check_language, compare, find_catalogue, parse_catalogue, unknown_language
from .content import decode
from .dates import PartialDate
from .errors import BuildFailed, Problem, display_path
from .loader import read_bytes
from .plurals import RULES, has_rule, operands, primary

_PLACEHOLDER = re.compile(r"\{(start|end|date)\}")


class MissingWords(KeyError):
    """A key no catalogue of this language has; said in words by the renderer."""

    def __init__(self, key: str, language: str, path: str):
        super().__init__(key)
        self.key, self.language, self.path = key, language, path

    def __str__(self) -> str:
        return f'no interface words "{self.key}" in {self.path}'

    @property
    def hint(self) -> str:
        return f"add {self.key} to {self.path} and to every other language's catalogue"


class MissingValue(MissingWords):
    """A text asked for without a value its {name} needs."""

    def __init__(self, key: str, language: str, path: str, name: str):
        super().__init__(key, language, path)
        self.name = name

    def __str__(self) -> str:
        return f'the interface words "{self.key}" ({self.path}) need a value for {{{self.name}}}'

    @property
    def hint(self) -> str:
        return f"give it: t(\"{self.key}\", {self.name}=...)"


class UnknownLanguage(LookupError):
    """A page in a language the site has no catalogue for."""

    def __init__(self, language: str, known: list[str]):
        super().__init__(language)
        self.language, self.known = language, known

    def __str__(self) -> str:
        return f'no interface words for the language "{self.language}"'

    @property
    def hint(self) -> str:
        return f"the site's languages are {', '.join(self.known)}"


class Words:
    """One language's catalogue, ready to ask: text, counts, dates and spans."""

    def __init__(self, code: str, entries: dict[str, Value], path: str, digest: str):
        self.code = code              # the language as the site names it: en, ru, en-GB
        self.entries = entries        # flat keys ("site.search") -> value
        self.path = path              # the catalogue file, for messages
        self.digest = digest          # a hash of the catalogue's bytes: page keys change with it
        self._rule = RULES[primary(code)][0]
        self._markup: dict[str, Markup] = {}
        self._spans: dict[tuple, list[tuple[str | None, str]]] = {}
        self._scripts: dict[tuple[str, ...], str] = {}

    def __fingerprint__(self) -> str:
        return f"{self.code}:{self.digest}"

    def __repr__(self) -> str:
        return f"Words({self.code!r}, {self.path!r})"

    def _entry(self, key: str) -> Value:
        try:
            return self.entries[key]
        except KeyError:
            raise MissingWords(key, self.code, self.path) from None

    def _form(self, key: str, count: Any) -> str:
        entry = self._entry(key)
        if isinstance(entry, str):  # one text for every count
            return entry
        category = self._rule(*operands(count))
        return entry.get(category) or entry["other"]

    def text(self, key: str, **values: Any) -> str:
        """The text under key with its {names} filled in."""
        return self._filled(key, self._text(key), values)

    def count(self, key: str, n: Any, **values: Any) -> str:
        """The form of key for the count n, with {n} and the other names filled in: 1 событие, 5 событий."""
        return self._filled(key, self._form(key, n), {"n": n, **values})

    def markup(self, key: str, values: dict[str, Any], count: Any = None) -> Markup:
        """The text (or count form) for a page: its own characters escaped, and each value escaped
        unless it is markup already (a link a template made)."""
        if count is not None:
            return self._filled(key, Markup(escape(self._form(key, count))), {"n": count, **values})
        if values:
            return self._filled(key, Markup(escape(self._text(key))), values)
        safe = self._markup.get(key)
        if safe is None:
            safe = self._markup[key] = self._filled(key, Markup(escape(self._text(key))), {})
        return safe

    def _text(self, key: str) -> str:
        entry = self._entry(key)
        if isinstance(entry, dict):  # forms by count, asked for without one: the general form
            return entry["other"]
        if not isinstance(entry, str):
            raise TypeError(f"{key} is a list in {self.path}, not a text")
        return entry

    def _filled(self, key: str, text: str, values: dict[str, Any]) -> str:
        try:
            return text.format(**values)
        except KeyError as missing:
            raise MissingValue(key, self.code, self.path, missing.args[0]) from None

    def script_words(self, *prefixes: str) -> str:
        """The entries under each prefix (texts, and forms by plural category) as JSON for the page's scripts
        to read, made once per set of prefixes: every event page carries its scripts' words."""
        made = self._scripts.get(prefixes)
        if made is None:
            starts = tuple(prefix + "." for prefix in prefixes)
            chosen = {key: value for key, value in sorted(self.entries.items()) if key.startswith(starts)}
            made = self._scripts[prefixes] = json.dumps(chosen, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return made

    # Dates ------------------------------------------------------------------------------------

    def _write(self, key: str, date: PartialDate, approximate: bool = False) -> str:
        """date written with the pattern under key, which may use {day}, {month}, {month_of}, {year}.
        After the circa word a month alone may take another form ("ок. мая 2009 г."): date.circa_months."""
        month = date.month
        months = self.entries["date.circa_months" if approximate else "date.months"]
        return self.entries[key].format(
            day=date.day, year=date.year, month=months[month - 1] if month else "",
            month_of=self.entries["date.months_of"][month - 1] if month else "")

    def date(self, date: PartialDate, approximate: bool = False) -> str:
        """A date at its precision: "6 May 2009", "May 2009", "2009"; "6 мая 2009 г.", "май 2009 г."."""
        return self._write(f"date.{date.precision}", date, approximate)

    def span_parts(self, start: PartialDate, end: PartialDate | str | None,
                   approximate: bool = False) -> list[tuple[str | None, str]]:
        """When an event happened or lasted, as (datetime, text) parts: those with a datetime become
        <time> elements, the others plain text. end is a date, "ongoing" or None; an approximate date
        is written as it reads after the circa word, which the caller puts before it."""
        remembered = self._spans.get((start, end, approximate))
        if remembered is not None:
            return remembered
        if end is None:
            parts = [(start.iso(), self.date(start, approximate))]
        elif end == "ongoing":
            since = self._write(f"date.since_{start.precision}", start, approximate)
            parts = self._pattern("date.since", {"date": (start, since)})
        else:
            parts = self._pattern(*self._span_form(start, end, approximate))
        self._spans[(start, end, approximate)] = parts
        return parts

    def _span_form(self, start: PartialDate, end: PartialDate, approximate: bool) -> tuple[str, dict]:
        """Which pattern a span takes, and how each end is written: what they share is written once."""
        whole = (end, self.date(end, approximate))
        if start.year == end.year and start.precision == end.precision == "day":
            if start.month == end.month:
                return "date.span_days", {"start": (start, str(start.day)), "end": whole}
            return "date.span", {"start": (start, self._write("date.day_start", start, approximate)), "end": whole}
        if start.year == end.year and start.precision == end.precision == "month":
            return "date.span", {"start": (start, self._write("date.month_start", start, approximate)), "end": whole}
        if start.precision == end.precision == "year":
            return "date.span_years", {"start": (start, str(start.year)), "end": (end, str(end.year))}
        return "date.span", {"start": (start, self.date(start, approximate)), "end": whole}

    def _pattern(self, key: str, dates: dict[str, tuple[PartialDate, str]]) -> list[tuple[str | None, str]]:
        parts: list[tuple[str | None, str]] = []
        pattern = self.entries[key]
        position = 0
        for match in _PLACEHOLDER.finditer(pattern):
            if match.start() > position:
                parts.append((None, pattern[position:match.start()]))
            date, text = dates[match.group(1)]
            parts.append((date.iso(), text))
            position = match.end()
        if position < len(pattern):
            parts.append((None, pattern[position:]))
        return parts

    def span(self, start: PartialDate, end: PartialDate | str | None, approximate: bool = False) -> str:
        """The span as text: "6–8 мая 2009 г."; approximate, with the circa word: "ок. 1996 г."."""
        text = "".join(text for _, text in self.span_parts(start, end, approximate))
        return f"{self.entries['date.circa']} {text}" if approximate else text


class Catalogues(dict):
    """Words by language code, the default language's first; what page keys know them by."""

    def __init__(self, words: dict[str, Words], default: str):
        super().__init__(words)
        self.default = default

    def words(self, code: str) -> Words:
        """The words of the language code; UnknownLanguage if the site has none for it."""
        found = self.get(code)
        if found is None:
            raise UnknownLanguage(code, sorted(self))
        return found

    def __fingerprint__(self) -> str:
        return f"{self.default}|" + "|".join(words.__fingerprint__() for _, words in sorted(self.items()))


SHIPPED = Path(__file__).resolve().parent.parent / "i18n"


def shipped(language: str = "en") -> Words:
    """The shipped catalogue of one language, for callers outside a build (tests, benchmarks)."""
    catalogues, problems = load_catalogues([SHIPPED], [language])
    if any(not problem.warning for problem in problems):
        raise BuildFailed(problems)
    return catalogues[language]


def load_catalogues(folders: Sequence[Path], languages: Sequence[str],
                    config_path: Path | None = None) -> tuple[Catalogues, list[Problem]]:
    """Read the catalogue of each language (the first is the default) and check them against each other.

    A language's catalogue is <code>.yaml, or its language's without the region (en-GB: en.yaml), from
    the first of folders that has one (the project's i18n/, then the shipped). A language without a
    catalogue or without a plural rule (plurals.py) is an error where config_path declares it.
    """
    problems: list[Problem] = []
    read: dict[str, Catalogue] = {}
    for code in dict.fromkeys(languages):
        path = find_catalogue(folders, code)
        if not has_rule(code) or path is None:
            problems.append(unknown_language(code, folders, path, config_path))
            continue
        data, found = read_bytes(path, inside=(path.parent,))
        text, undecoded = decode(data, display_path(path)) if data is not None else (None, [])
        problems += found + undecoded
        if text is None:
            continue
        catalogue, found = parse_catalogue(text, display_path(path))
        problems += found + check_language(catalogue, code)
        read[code] = catalogue
    default = languages[0] if languages else "en"
    if default in read:
        for code, catalogue in read.items():
            if code != default:
                problems += compare(read[default], catalogue)
    words = {code: Words(code, catalogue.entries, catalogue.path, catalogue.digest) for code, catalogue in read.items()}
    return Catalogues(words, default), problems
