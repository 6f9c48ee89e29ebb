"""The declared fields of event front matter, pages, actors.yaml, tags.yaml and site.yaml.

Each field is declared once here. The declaration drives validation (fieldread.read_mapping),
did-you-mean hints, the `new` command's template, the README's reference tables and
the planner: a field says whether it only changes an event's own words (`words_only`)
or may also change which pages exist, their order, counts or links (the default).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .dates import DATE_FORMS

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
# What site.yaml says in words, which translations: may say again in another language.
SITE_WORDS = (
    Field("title", "text", "The site's title in that language.", "Россия и НАТО: хронология с источниками"),
    Field("description", "text", "Its description.", "Отношения России и НАТО с 1990 года, событие за событием."),
    Field("author", "text", "Who publishes it, as said in that language.", "Редакция хроники"),
    Field("params", "params", "Template values in that language, over those of `params:` with the same names.", "{footer: ...}"),
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
    Field("timeline_budget_kb", "int", "The front page lists every event only while it weighs under this many KB of HTML, in every "
          "language and order (its embed too); heavier, it links to year pages as past timeline_split_at (default 150).", "150"),
    Field("events_per_page", "int", "Actor, topic and year pages list this many events a page, then continue on page/2/, ...", "200"),
    Field("feed_entries", "int", "How many events each Atom feed holds.", "50"),
    Field("params", "params", "Free-form values for the templates, read as `site.params.<name>` (texts, numbers, true/false, lists and mappings of them).", "{footer: Corrections are shown on each event.}"),
    Field("require_archive", "bool", "Every source of a published event needs an archive_url: a source without one is an error, not only a dead one a warning.", "true"),
    Field("license", "text", "The licence of the site's text and data, as readers should cite it: shown in the footer, feeds, "
          "timeline.json and beside the downloads.", "CC BY 4.0"),
    Field("license_url", "link", "Where the licence is written out (needs license).", "https://creativecommons.org/licenses/by/4.0/"),
    Field("translations", "by_language_mapping", "The site's own words in each other language of `languages`, by code; what is left out is shown in the default language, marked as such.",
          "{ru: {title: Россия и НАТО}}", fields=SITE_WORDS),
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


# Characters XML 1.0 forbids even escaped (feeds could not carry them); pasted text brings them in unseen.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def without_forbidden_characters(text: str) -> str:
    """text with the characters XML cannot hold taken out, however they got in (a &#1; in Markdown)."""
    return FORBIDDEN_CHARACTERS.sub("", text)


def reference_table(fields: tuple[Field, ...]) -> str:
    """Render declared fields as a Markdown table for the README."""
    rows = ["| key | required | meaning | example |", "|---|---|---|---|"]
    for field in fields:
        rows.append(f"| `{field.name}` | {'yes' if field.required else ''} | {field.doc} | `{field.example}` |")
        below = ".<code>." if field.kind == "by_language_mapping" else "[]."
        for sub in field.fields:
            rows.append(f"| `{field.name}{below}{sub.name}` | {'yes' if sub.required else ''} | {sub.doc} | `{sub.example}` |")
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
