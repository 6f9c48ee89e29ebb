"""What the sanitizer left out of a text, and the line of the Markdown where the author wrote it.

Nothing here knows the sanitizer's rules. What went in (the elements and
attributes of the HTML Python-Markdown made) is compared with what came out
(those nh3 kept): an image, a script, a form, an unknown tag, an onclick or a
javascript: link all show up the same way, and so will whatever nh3 refuses
next. The comparison is two scans of the HTML; only when something is missing
are the missing pieces found again in the Markdown, to name their lines.
"""
from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from dataclasses import dataclass

# A start tag, a comment, or a declaration (<!DOCTYPE>, <![CDATA[, <?php ?>). An attribute value
# holding "<" or ">" ends a match early; the scan goes on from there, so the work stays linear.
_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<([a-zA-Z][^\s/<>]*)([^<>]*)>|<([!?][^<>]*)>", re.S)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_SHOWN = 60
NAMED = 20  # pieces named one by one in a text; the rest are counted
_TAG_HINT = "a text may hold formatting, links, lists, tables, quotes and footnotes; remove it"


@dataclass(frozen=True)
class Dropped:
    """One thing the reader will not see, at a 0-based line of the Markdown text."""

    line: int
    message: str
    hint: str


@dataclass(frozen=True)
class _Element:
    name: str                              # lowercased; a declaration by its first word ("!doctype")
    attributes: tuple[tuple[str, str], ...]
    text: str


def dropped(markdown_text: str, raw_html: str, clean_html: str, swallowed: frozenset[str],
            id_prefix: str) -> list[Dropped]:
    """What raw_html had and clean_html lacks, located in markdown_text. swallowed names the tags the
    sanitizer removes with everything inside them (script, style, ...): what they hold is not counted."""
    if not (_inventory(raw_html, swallowed) - _inventory(clean_html, frozenset())):  # the usual case: nothing missing
        return []
    before, after = _tags(raw_html, swallowed), _tags(clean_html, frozenset())
    return _locate(markdown_text, _missing([_element(*tag) for tag in before], [_element(*tag) for tag in after],
                                           id_prefix))


def _tags(fragment: str, swallowed: frozenset[str]) -> list[tuple[str, str, str]]:
    """Each start tag or declaration as (lowercased name, attribute text, the tag as written)."""
    found: list[tuple[str, str, str]] = []
    position = 0
    while True:
        match = _MARKUP.search(fragment, position)
        if match is None:
            return found
        position = match.end()
        if match.group(1):
            name = match.group(1).lower()
            found.append((name, match.group(2), match.group(0)))
            if name in swallowed:  # its content is text to the parser, and goes with it
                end = re.compile(rf"</{re.escape(name)}\s*>", re.I).search(fragment, position)
                position = end.end() if end else len(fragment)
        elif match.group(3):
            found.append((_declaration(match.group(3)), "", match.group(0)))


def _declaration(text: str) -> str:
    """A declaration named by its first word: "!doctype", "?php", "![cdata["."""
    return (text.split() or ["!"])[0].lower()


def _inventory(fragment: str, swallowed: frozenset[str]) -> Counter:
    """How many of each tag and of each tag's attribute: one scan in C, unless a swallowing tag is there."""
    found = [(name.lower() if name else _declaration(declaration), attributes)
             for name, attributes, declaration in _MARKUP.findall(fragment) if name or declaration]  # not comments
    if swallowed.intersection(name for name, _ in found):
        found = [(name, attributes) for name, attributes, _ in _tags(fragment, swallowed)]
    counts = Counter(name for name, _ in found)
    for name, attributes in found:
        if attributes.strip():
            counts.update((name, attribute.lower()) for attribute, _ in _ATTRIBUTE.findall(attributes))
    return counts


def _element(name: str, attributes: str, text: str) -> _Element:
    return _Element(name, tuple((attribute.lower(), html.unescape(value.strip("\"'")) if value else "")
                                for attribute, value in _ATTRIBUTE.findall(attributes)), text)


def _missing(before: list[_Element], after: list[_Element], id_prefix: str) -> list[tuple[_Element, str | None]]:
    """The elements left out (attribute None) and the attributes left out of elements kept, in order."""
    deficit = Counter(e.name for e in before)
    deficit.subtract(Counter(e.name for e in after))
    missing: list[tuple[_Element, str | None]] = []
    kept: list[_Element] = []
    for element in before:
        if deficit[element.name] > 0:  # the first ones, when only some of a kind went
            deficit[element.name] -= 1
            missing.append((element, None))
        else:
            kept.append(element)
    # The values each attribute still has, as the author wrote them (ids come out with the prefix).
    values: Counter = Counter()
    for element in after:
        for name, value in element.attributes:
            values[element.name, name, _unprefixed(value, id_prefix)] += 1
    attribute_deficit = Counter((e.name, name) for e in kept for name, _ in e.attributes)
    attribute_deficit.subtract(Counter((e.name, name) for e in after for name, _ in e.attributes))
    for element in kept:
        for name, value in element.attributes:
            if attribute_deficit[element.name, name] <= 0:
                continue
            if values[element.name, name, value] > 0:  # this one came through
                values[element.name, name, value] -= 1
                continue
            attribute_deficit[element.name, name] -= 1
            missing.append((element, name))
    return missing


def _unprefixed(value: str, id_prefix: str) -> str:
    if value.startswith(id_prefix):
        return value[len(id_prefix):]
    if value.startswith("#" + id_prefix):
        return "#" + value[len(id_prefix) + 1:]
    return value


def _locate(text: str, missing: list[tuple[_Element, str | None]]) -> list[Dropped]:
    """Find each missing piece in the Markdown: as written there (raw HTML), else by its attribute
    values (a link's or image's address), else by its tag; failing all, the text's first line. Past
    NAMED pieces the rest are counted in one more line: a pasted page can hold thousands."""
    searched_from: dict[str, int] = {}   # where to look for a needle next: each is found in order once
    absent: set[str] = set()             # needles not in the text after where they were last found
    lowered = text.lower()
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    found = []
    for element, attribute in missing[:NAMED + 1]:
        needles = [element.text] + [value for name, value in element.attributes
                                    if len(value) > 1 and (attribute is None or name == attribute)]
        needles.append("<" + element.name)
        offset = 0
        for needle in needles:
            if needle in absent:
                continue
            at = lowered.find(needle.lower(), searched_from.get(needle, 0))
            if at < 0:
                absent.add(needle)
                continue
            searched_from[needle] = at + len(needle)
            offset = at
            break
        found.append(Dropped(bisect.bisect_right(line_starts, offset) - 1, *_describe(element, attribute)))
    if len(missing) > NAMED:  # counted from the first one not named
        found[NAMED] = Dropped(found[NAMED].line, f"and {len(missing) - NAMED} more pieces from here on are left out "
                               "of the page", "the lines above show what kind")
    return found


def _describe(element: _Element, attribute: str | None) -> tuple[str, str]:
    if attribute is None:
        return f"{_short(element.text)} is left out of the page", _TAG_HINT
    value = dict(element.attributes).get(attribute, "")
    written = f'{attribute}="{_short(value)}"' if value else attribute
    if re.match(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        hint = "links may be http(s), mailto or within the site"
    else:
        hint = "remove it"
    return f"{written} in <{element.name}> is left out of the page", hint


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"
