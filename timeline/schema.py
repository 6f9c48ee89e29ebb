"""The declared fields of event front matter, pages, actors.yaml, tags.yaml and site.yaml.

Each field is declared once here. The declaration drives validation (read_mapping),
did-you-mean hints, the `new` command's template, the README's reference tables and
the planner: a field says whether it only changes an event's own words (`words_only`)
or may also change which pages exist, their order, counts or links (the default).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from . import yamlread as yr
from .dates import DATE_FORMS, PartialDate, parse_date
from .errors import Problem
from .hints import did_you_mean
from .links import is_placeholder_url, is_web_url, link_problem

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# How one event relates to another; how each reads, from either event, is in the catalogues
# (related.forward.<relation>, related.backward.<relation>).
RELATIONS = ("response-to", "follows", "part-of", "reverses", "see-also")
ACTOR_KINDS = ("person", "country", "organization")


class FieldError(Exception):
    def __init__(self, message: str, hint: str | None = None, node: yaml.Node | None = None):
        super().__init__(message)
        self.message, self.hint, self.node = message, hint, node


@dataclass(frozen=True)
class Field:
    """One key a YAML mapping may hold."""

    name: str
    kind: str
    doc: str
    example: str
    required: bool = False
    fields: tuple["Field", ...] = ()  # for lists of mappings
    choices: tuple[str, ...] = ()
    # True when the value shows only as the event's own words (its page, its list item, feeds,
    # timeline.json) and never decides which pages exist, their order, counts, charts or links.
    # The preview's planner then updates the last plan instead of planning every page again
    # (plan.py); a field left False is always safe, only slower to preview.
    words_only: bool = False


@dataclass(frozen=True)
class Item:
    """A value read from a list, with the line it came from."""

    value: Any
    line: int


SOURCE_FIELDS = (
    Field("title", "text", "Title of the cited page or document.", "NATO expels Russian diplomats", True),
    Field("publisher", "text", "Who published it.", "Reuters", True),
    Field("url", "link", "Where it is: an http(s) address on a host readers can reach.", "https://www.reuters.com/article/idUSLU948723", True),
    Field("date", "date", "When it was published.", "2009-04-30"),
    Field("language", "text", "Language code of the source.", "en"),
    Field("archive_url", "link", "An archived copy (the same rule).", "https://web.archive.org/web/2009/https://example.org/"),
    Field("archive_date", "date", "When the archived copy was captured (`build.py sources --archive` writes both).", "2009-05-06"),
)
RELATED_FIELDS = (
    Field("event", "slug", "Slug of the other event.", "2009-04-29-nato-withdraws-accreditation", True),
    Field("relation", "choice", "How this event relates to it.", "response-to", True, choices=tuple(RELATIONS)),
)
UPDATE_FIELDS = (
    Field("date", "date", "When the note was added.", "2024-03-07", True),
    Field("note", "text", "What changed or what was corrected (Markdown).", "Corrected the date of the vote.", True),
)
# Events and pages alike: old URLs that lead to this one (aliases.py).
ALIASES = Field("aliases", "text_list", "Old URLs that lead here: old slugs or paths on the site; each becomes a "
                "redirect page.", "[old-slug, /old/path/]")

EVENT_FIELDS = (
    Field("title", "text", "Headline of the event.", "Lavrov says Moscow still wants a normal partnership with NATO", True),
    Field("date", "date", f"When it happened; the precision is kept ({DATE_FORMS}).", "2009-05-06", True),
    Field("end_date", "end_date", "Makes the event a span; same forms as date, beginning after date's day, month or year is over, or `ongoing`.", "2009-06-01"),
    Field("approximate", "bool", "The date is circa.", "true"),
    Field("actors", "text_list", "Who acted: ids or aliases from actors.yaml, one or more.", "[sergei-lavrov, russia, nato]", True),
    Field("tags", "text_list", "Topics, normalized to lowercase slugs; describe them in tags.yaml.", "[diplomacy, expulsions]"),
    Field("summary", "text", "One sentence for the timeline; default: the body's first paragraph, shortened.", "Moscow says it wants a normal partnership despite the expulsions.", words_only=True),
    Field("sources", "mappings", "What the entry rests on; at least one unless draft.", "[{title: ..., publisher: ..., url: https://...}]", fields=SOURCE_FIELDS, words_only=True),
    Field("milestone", "bool", "A turning point that stands out on the timeline.", "true"),
    Field("related", "mappings", "Links to other events; the other event shows the link back.", "[{event: 2009-04-29-nato-withdraws-accreditation, relation: response-to}]", fields=RELATED_FIELDS),
    Field("updates", "mappings", "Dated notes of corrections or later developments, shown on the event page.", "[{date: 2024-03-07, note: ...}]", fields=UPDATE_FIELDS, words_only=True),
    Field("slug", "slug", "URL name; default: the file name without .md.", "2009-05-06-lavrov-news-conference"),
    ALIASES,
    Field("draft", "bool", "Leave out of the built site unless built with --drafts; the preview shows it, marked DRAFT.", "true"),
)
# The Markdown below the front matter: words only, like the summary.
EVENT_BODY = Field("body", "markdown", "The entry's text, in Markdown.", "At a news conference in Moscow, ...",
                   words_only=True)
MENU_PAGES = 10  # a page listing every other page made the site grow as the square of its pages
PAGE_FIELDS = (
    Field("title", "text", "Title of the page.", "About this timeline", True),
    Field("description", "text", "One sentence for search engines and link previews.", "What this timeline covers."),
    Field("slug", "slug", "URL name; default: the file name without .md.", "about"),
    ALIASES,
    Field("menu", "bool", f"Listed in the header menu (default true; the menu holds the first {MENU_PAGES}, by slug).",
          "false"),
    Field("draft", "bool", "Leave out of the built site unless built with --drafts; the preview shows it, marked DRAFT.", "true"),
)
# A translation (<slug>.<code>.md beside the original) holds only words; everything else is the original's.
TRANSLATED_FROM = Field("translated_from", "text", "The version of the original's words this translation renders: "
                        "`new --translate` writes it, `check` warns when the original's words have changed since.",
                        "3f9a1c0b2d4e")
TRANSLATION_DRAFT = Field("draft", "bool", "Unfinished: readers see the original (marked untranslated) until it is "
                          "removed; the preview shows the translation, marked DRAFT.", "true")
TRANSLATION_FIELDS = (
    Field("title", "text", "The headline in this language.", "Лавров заявляет, что Москва по-прежнему хочет нормального партнёрства с НАТО", True),
    Field("summary", "text", "One sentence for the timeline; default: the body's first paragraph, shortened.", "На пресс-конференции в Москве министр ...", words_only=True),
    Field("updates", "mappings", "The original's dated notes, in this language (each with the original's date).", "[{date: 2024-03-07, note: ...}]", fields=UPDATE_FIELDS, words_only=True),
    TRANSLATED_FROM,
    TRANSLATION_DRAFT,
)
PAGE_TRANSLATION_FIELDS = (
    Field("title", "text", "Title of the page in this language.", "Об этой хронологии", True),
    Field("description", "text", "One sentence for search engines, in this language.", "Что охватывает эта хронология."),
    TRANSLATED_FROM,
    TRANSLATION_DRAFT,
)
# Actors' and tags' names and descriptions in the site's other languages, by language code.
NAMES = Field("names", "by_language", "The name in each other language of the site, by code.", "{ru: Сергей Лавров}")
DESCRIPTIONS = Field("descriptions", "by_language", "The description in each other language, by code.", "{ru: Министр иностранных дел России с 2004 года.}")
ACTOR_FIELDS = (
    Field("name", "text", "Full name as shown to readers.", "Sergei Lavrov", True),
    Field("kind", "choice", "person, country or organization.", "person", True, choices=ACTOR_KINDS),
    Field("aliases", "text_list", "Other spellings, matched case-insensitively, any script.", "[Sergey Lavrov, Сергей Лавров]"),
    Field("description", "text", "One line about the actor.", "Russia's foreign minister since 2004."),
    Field("url", "link", "Official site.", "https://www.mid.ru/"),
    NAMES,
    DESCRIPTIONS,
)
TAG_FIELDS = (
    Field("name", "text", "Name as shown to readers; default: the tag.", "Arms control"),
    Field("description", "text", "What events get this tag.", "Treaties limiting weapons and forces."),
    NAMES,
    DESCRIPTIONS,
)
SITE_FIELDS = (
    Field("title", "text", "Site title.", "Russia and NATO: a sourced timeline", True),
    Field("base_url", "url", "Absolute URL the site is served from; may end in a subpath.", "https://example.org/timeline/", True),
    Field("description", "text", "One sentence for search engines and feeds.", "Russia–NATO relations since 1991."),
    Field("language", "text", "Language of the site (BCP 47).", "en"),
    Field("languages", "text_list", "Languages the site is published in: the first (the default) at the root, each other "
          "under /<code>/; translations are files <slug>.<code>.md beside the original.", "[en, ru]"),
    Field("author", "text", "Who publishes the site (feeds, footer).", "The timeline editors"),
    Field("timeline_split_at", "int", "Past this many events the front page links to year pages instead of listing everything (default 200).", "200"),
    Field("events_per_page", "int", "Actor, topic and year pages list this many events a page, then continue on page/2/, ...", "200"),
    Field("feed_entries", "int", "How many events each Atom feed holds.", "50"),
    Field("params", "params", "Free-form values for the templates, read as `site.params.<name>` (texts, numbers, true/false, lists and mappings of them).", "{footer: Corrections are shown on each event.}"),
    Field("require_archive", "bool", "Every source of a published event needs an archive_url: a source without one is an error, not only a dead one a warning.", "true"),
    Field("license", "text", "The licence of the site's text and data, as readers should cite it: shown in the footer, feeds, "
          "timeline.json and beside the downloads.", "CC BY 4.0"),
    Field("license_url", "link", "Where the licence is written out (needs license).", "https://creativecommons.org/licenses/by/4.0/"),
)
# One entry of content/sources.yaml, the records `build.py sources` keeps of each source address.
LINK_STATUSES = ("ok", "moved", "dead", "unreachable", "drifted")
LINK_RECORD_FIELDS = (
    Field("status", "choice", "What the last check found: ok, moved, dead, unreachable or drifted.", "dead", True, choices=LINK_STATUSES),
    Field("checked", "text", "When it was checked (UTC).", '"2026-05-01T10:22:05Z"', True),
    Field("code", "int", "The HTTP status of the last answer.", "404"),
    Field("final_url", "text", "Where redirects led, when elsewhere.", "https://sputniknews.com/"),
    Field("fingerprint", "text", "A hash of the page's main text, to see it change.", '"9f3a0c5e7b1d2a48"'),
    Field("note", "text", "What went wrong, in words.", "the host name does not exist"),
)


def read_mapping(node: yaml.MappingNode, fields: tuple[Field, ...], path: str, offset: int,
                 prefix: str = "") -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    """Read a mapping against declared fields; return values, their lines and problems."""
    by_name = {field.name: field for field in fields}
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key_line = yr.line_of(key_node, offset)
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        field = by_name.get(key) if isinstance(key, str) else None
        if field is None:
            shown = key if isinstance(key, str) else "a non-text key"
            problems.append(Problem(path, key_line, f"{prefix}{shown}: unknown key", did_you_mean(str(key), by_name)))
            continue
        try:
            values[key] = READERS[field.kind](value_node, field, path, offset, f"{prefix}{key}", problems)
            lines[key] = key_line
        except FieldError as error:
            line = yr.line_of(error.node, offset) if error.node is not None else key_line
            problems.append(Problem(path, line, f"{prefix}{key}: {error.message}", error.hint))
    for field in fields:
        if field.required and field.name not in values and not any(p.message.startswith(f"{prefix}{field.name}:") for p in problems):
            problems.append(Problem(path, yr.line_of(node, offset), f"{prefix}{field.name}: required key is missing",
                                    f"add e.g. {field.name}: {field.example}"))
    return values, lines, problems


def _expect(node: yaml.Node, *tags: str, what: str) -> None:
    if yr.is_null(node):
        raise FieldError("is empty", f"give {what}", node)
    if not yr.is_scalar(node, *tags):
        hint = "put it in quotes" if yr.is_scalar(node, yr.INT, yr.FLOAT, yr.BOOL, yr.TIMESTAMP) and what == "text" else None
        raise FieldError(f"expected {what}, found {yr.kind_name(node)}", hint, node)


# Characters XML 1.0 forbids even escaped (feeds could not carry them); pasted text brings them in unseen.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def without_forbidden_characters(text: str) -> str:
    """text with the characters XML cannot hold taken out, however they got in (a &#1; in Markdown)."""
    return FORBIDDEN_CHARACTERS.sub("", text)


def _text(node, field, path, offset, name, problems) -> str:
    _expect(node, yr.STR, what="text")
    if not node.value.strip():
        raise FieldError("is empty", None, node)
    control = FORBIDDEN_CHARACTERS.search(node.value)
    if control:  # written as a YAML escape such as "\u0001"
        raise FieldError(f"contains the control character U+{ord(control.group()):04X}", "remove the escape", node)
    return node.value.strip()


def _date(node, field, path, offset, name, problems) -> PartialDate:
    _expect(node, yr.STR, yr.INT, yr.TIMESTAMP, what="a date")
    try:
        return parse_date(node.value)
    except ValueError as error:
        raise FieldError(str(error), DATE_FORMS, node) from None


def _end_date(node, field, path, offset, name, problems) -> PartialDate | str:
    if yr.is_scalar(node, yr.STR) and node.value.strip() == "ongoing":
        return "ongoing"
    try:
        return _date(node, field, path, offset, name, problems)
    except FieldError as error:
        raise FieldError(error.message, f"{DATE_FORMS}, or ongoing", error.node) from None


def _bool(node, field, path, offset, name, problems) -> bool:
    _expect(node, yr.BOOL, what="true or false")
    return node.value.lower() in ("true", "yes", "on", "y")


def _int(node, field, path, offset, name, problems) -> int:
    _expect(node, yr.INT, what="a whole number")
    value = int(node.value.replace("_", ""), 0)
    if value < 1:
        raise FieldError("must be 1 or more", None, node)
    return value


def _slug(node, field, path, offset, name, problems) -> str:
    text = _text(node, field, path, offset, name, problems)
    if not SLUG.fullmatch(text):
        raise FieldError(f'"{text}" is not a slug', "use lowercase letters, digits and single hyphens", node)
    return text


def _url(node, field, path, offset, name, problems) -> str:
    text = _text(node, field, path, offset, name, problems)
    if not is_web_url(text):
        bare = re.fullmatch(r"(?:www\.)?[^\s/:]+\.[a-z]{2,}(?:/\S*)?", text, re.IGNORECASE)  # reuters.com/article/x
        raise FieldError(f'"{text}" is not an http or https URL',
                         f"write the full address, https://{text}" if bare else "write the full address, https://...", node)
    return text


def _link(node, field, path, offset, name, problems) -> str:
    """A URL every reader follows: it needs a host on the public web. An address that is only a
    placeholder (https://...) is left to the scaffolding check, which a draft may keep."""
    text = _url(node, field, path, offset, name, problems)
    if is_placeholder_url(text):
        return text
    wrong = link_problem(text)
    if wrong:
        raise FieldError(f'"{text}" {wrong[0]}', wrong[1], node)
    return text


def _choice(node, field, path, offset, name, problems) -> str:
    text = _text(node, field, path, offset, name, problems)
    if text not in field.choices:
        raise FieldError(f'"{text}" is not one of {", ".join(field.choices)}', did_you_mean(text, field.choices), node)
    return text


def _text_list(node, field, path, offset, name, problems) -> list[Item]:
    if not isinstance(node, yaml.SequenceNode):
        raise FieldError(f"expected a list, found {yr.kind_name(node)}", f"write {field.name}: {field.example}", node)
    items = []
    for index, element in enumerate(node.value):
        try:
            items.append(Item(_text(element, field, path, offset, name, problems), yr.line_of(element, offset)))
        except FieldError as error:
            problems.append(Problem(path, yr.line_of(element, offset), f"{name}[{index}]: {error.message}", error.hint))
    return items


def _mappings(node, field, path, offset, name, problems) -> list[Item]:
    if not isinstance(node, yaml.SequenceNode):
        raise FieldError(f"expected a list, found {yr.kind_name(node)}", "start each item with '- '", node)
    items = []
    for index, element in enumerate(node.value):
        where = f"{name}[{index}]"
        if not isinstance(element, yaml.MappingNode):
            problems.append(Problem(path, yr.line_of(element, offset), f"{where}: expected key: value pairs, found {yr.kind_name(element)}"))
            continue
        values, _, item_problems = read_mapping(element, field.fields, path, offset, f"{where}.")
        problems.extend(item_problems)
        if not item_problems:
            items.append(Item(values, yr.line_of(element, offset)))
    return items


def _params(node, field, path, offset, name, problems) -> dict[str, Any]:
    """A mapping of the author's own values, as plain data a template can read and a page key can hash."""
    if not isinstance(node, yaml.MappingNode):
        raise FieldError(f"expected a mapping, found {yr.kind_name(node)}", f"write {field.name}: {field.example}", node)
    return _plain(node, "")


_PLAIN_SCALARS: dict[str, Callable[[str], Any]] = {
    yr.STR: str, yr.TIMESTAMP: str,  # a date stays the text written, as templates print it
    yr.INT: lambda text: int(text.replace("_", ""), 0), yr.FLOAT: float,
    yr.BOOL: lambda text: text.lower() in ("true", "yes", "on", "y"), yr.NULL: lambda text: None,
}


def _plain(node: yaml.Node, where: str) -> Any:
    """where: the path below params ("links[0].title"), named in errors."""
    at = f"the value at {where}" if where else "it"
    if isinstance(node, yaml.MappingNode):
        values = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == yr.STR):
                raise FieldError(f"{at} has a key that is not text", "write name: value", key_node)
            values[key_node.value] = _plain(value_node, f"{where}.{key_node.value}" if where else key_node.value)
        return values
    if isinstance(node, yaml.SequenceNode):
        return [_plain(element, f"{where}[{index}]") for index, element in enumerate(node.value)]
    control = FORBIDDEN_CHARACTERS.search(node.value)
    if control:
        raise FieldError(f"{at} contains the control character U+{ord(control.group()):04X}", "remove the escape", node)
    try:
        return _PLAIN_SCALARS[node.tag](node.value)
    except ValueError:  # YAML 1.1 resolves "1_0.5" or ".inf"-like words oddly: keep what was written
        return node.value


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-zA-Z0-9]{2,8})*")


def _by_language(node, field, path, offset, name, problems) -> dict[str, str]:
    """{code: text}: each other language's word for a name or description."""
    if not isinstance(node, yaml.MappingNode):
        raise FieldError(f"expected a mapping of language codes to text, found {yr.kind_name(node)}",
                         f"write {field.name}: {field.example}", node)
    values = {}
    for key_node, value_node in node.value:
        code = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
            problems.append(Problem(path, yr.line_of(key_node, offset), f"{name}: {code!r} is not a language code", "e.g. ru"))
            continue
        try:
            values[code] = _text(value_node, field, path, offset, f"{name}.{code}", problems)
        except FieldError as error:
            problems.append(Problem(path, yr.line_of(error.node or value_node, offset), f"{name}.{code}: {error.message}", error.hint))
    return values


READERS: dict[str, Callable[..., Any]] = {
    "by_language": _by_language,
    "text": _text, "date": _date, "end_date": _end_date, "bool": _bool, "int": _int, "slug": _slug,
    "url": _url, "link": _link, "choice": _choice, "text_list": _text_list, "mappings": _mappings, "params": _params,
}


def reference_table(fields: tuple[Field, ...]) -> str:
    """Render declared fields as a Markdown table for the README."""
    rows = ["| key | required | meaning | example |", "|---|---|---|---|"]
    for field in fields:
        rows.append(f"| `{field.name}` | {'yes' if field.required else ''} | {field.doc} | `{field.example}` |")
        for sub in field.fields:
            rows.append(f"| `{field.name}[].{sub.name}` | {'yes' if sub.required else ''} | {sub.doc} | `{sub.example}` |")
    return "\n".join(rows)


REFERENCE_SECTIONS = (
    ("Event front matter", EVENT_FIELDS),
    ("Plain pages (content/pages/*.md)", PAGE_FIELDS),
    ("actors.yaml (each id maps to)", ACTOR_FIELDS),
    ("tags.yaml (each tag maps to)", TAG_FIELDS),
    ("Event translations (<slug>.<code>.md)", TRANSLATION_FIELDS),
    ("Page translations (pages/<slug>.<code>.md)", PAGE_TRANSLATION_FIELDS),
    ("site.yaml", SITE_FIELDS),
    ("content/sources.yaml (each source address maps to; written by `build.py sources`)", LINK_RECORD_FIELDS),
)


def reference_markdown() -> str:
    """The README's reference section, generated from the declarations above."""
    return "\n\n".join(f"#### {title}\n\n{reference_table(fields)}" for title, fields in REFERENCE_SECTIONS)


if __name__ == "__main__":
    print(reference_markdown())
