"""The `import` command: a saved news article -> a draft event for a curator to finish.

Pure: the caller reads the input and actors.yaml / tags.yaml and writes the
file; this module decides what the draft says and where it belongs.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .content import Actor, Tag, decode, parse_event
from .dates import PartialDate
from .errors import Problem, display_path
from .extract import Article, checked_date, extract_html, extract_text, looks_like_html, quoted_speech, words
from .markup import shorten
from .newevent import new_event_path
from .schema import EVENT_FIELDS

INCOMPLETE_FOLDER = "_incomplete"  # starts with "_": the build skips it
MAX_ACTORS = 6
MAX_TAGS = 3
BODY_PROMPT = "Write what happened, who said what (attributed), and why it mattered."
# A country's one-word alias (mostly its capital: Moscow, Washington, Kyiv) after one of
# these words names a place, not the government: "an office in Moscow" is not Russia acting.
PLACE_WORDS = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
               "в", "во", "под", "около"}
PRONOUNS = {"he", "she", "they", "он", "она", "они"}
STOP_WORDS = set("""a an and are as at be between both by for from has have in into its it of on or
    other over that the their them they this those to under was were which while who with without
    either side events event concerning including tied onward later those such each
    """.split())


@dataclass(frozen=True)
class Quotation:
    speaker: str | None
    text: str


@dataclass(frozen=True)
class ImportOptions:
    url: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    year: int | None = None


@dataclass(frozen=True)
class Draft:
    """The file to write: where, what, and what the curator should know."""

    path: Path
    text: str
    problems: tuple[Problem, ...]


# ---- reading the input -------------------------------------------------------------

def read_article(data: bytes, name: str, url: str | None = None) -> tuple[Article | None, list[Problem]]:
    """Bytes of an .html page or a text copy -> the article, or why it cannot be read."""
    if name.lower().endswith((".html", ".htm", ".xhtml")) or looks_like_html(data):
        return extract_html(data, url), []
    text, problems = decode(data, name)
    return (extract_text(text), []) if text is not None else (None, problems)


# ---- actors --------------------------------------------------------------------------

def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _letters(text: str) -> str:
    """Capitals in a spelling are required; its small letters may be capitals in the text (headlines)."""
    out = []
    for ch in text:
        if ch in "-‐‑–—":
            out.append("[-‐‑–—]")
        elif ch in "'’":
            out.append("['’]")
        elif ch.islower() and len(ch.upper()) == 1 and ch.upper() != ch:
            out.append(f"[{ch}{ch.upper()}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def spelling_pattern(spelling: str) -> str:
    """A regex for one actor spelling, matched as whole words; Russian words may take case endings."""
    parts = []
    for word in spelling.split():
        if _is_cyrillic(word) and word[-1].islower() and len(word) > 4:
            stem = word[:-1] if word[-1] in "аяоеёьйыиу" else word
            parts.append(_letters(stem) + "[а-яёА-ЯЁ]{0,3}")  # Россия: России, Россию; Лавров: Лаврова
        elif _is_cyrillic(word) and word.isupper():
            parts.append(_letters(word) + "(?:[а-яё]{1,2})?")  # МИДа
        else:
            parts.append(_letters(word))
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


class ActorMatcher:
    """Find actors.yaml names and aliases in text, longest spelling first, as whole words."""

    def __init__(self, actors: dict[str, Actor]):
        spellings = []
        for actor in actors.values():
            for spelling in dict.fromkeys((actor.name, *actor.aliases)):
                place_alias = (actor.kind == "country" and spelling != actor.name and len(spelling.split()) == 1
                               and not spelling.isupper())
                spellings.append((spelling, actor.id, place_alias))
        spellings.sort(key=lambda item: -len(item[0]))
        self.actors = actors
        self.spellings = spellings
        self.pattern = re.compile("|".join(f"({spelling_pattern(s)})" for s, _, _ in spellings)) if spellings else None

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, actor id) of every mention, leaving out place uses of one-word country aliases."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            _, actor_id, place_alias = self.spellings[match.lastindex - 1]
            before = text[max(0, match.start() - 20):match.start()].split()
            if place_alias and before and before[-1].casefold() in PLACE_WORDS:
                continue
            found.append((match.start(), match.end(), actor_id))
        return found

    def ranked(self, text: str) -> list[tuple[str, int]]:
        """Actor ids with their mention counts, most mentioned first, then in order of appearance."""
        counts: dict[str, int] = {}
        for _, _, actor_id in self.mentions(text):
            counts[actor_id] = counts.get(actor_id, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])

    def last_person(self, text: str) -> str | None:
        people = [actor_id for _, _, actor_id in self.mentions(text) if self.actors[actor_id].kind == "person"]
        return people[-1] if people else None


# ---- tags ----------------------------------------------------------------------------

def _stem(word: str) -> str:
    return word.casefold()[:6]


def suggest_tags(text: str, tags: dict[str, Tag]) -> list[tuple[str, float]]:
    """Tags whose name or description words the article uses, with their scores, best first.

    A tag's name weighs three times a description word; a word that names one
    tag counts for that tag only ("partners" in a description is for
    partnership). Words weigh more the fewer tags use them and, slowly, the
    more often the article uses them; words found in more than a third of
    the tags (NATO, Russia) say nothing about the topic and are ignored. A tag
    needs its name in the text, or two of its description words.
    """
    names = {tag.id: {_stem(w) for w in words(tag.name) if len(w) >= 4} for tag in tags.values()}
    keywords: dict[str, dict[str, float]] = {}
    for tag in tags.values():
        others = set().union(*(stems for tag_id, stems in names.items() if tag_id != tag.id))
        weights = {stem: 1.0 for stem in (_stem(w) for w in words(tag.description)
                                          if len(w) >= 4 and w.casefold() not in STOP_WORDS) if stem not in others}
        weights.update({stem: 3.0 for stem in names[tag.id]})
        keywords[tag.id] = weights
    frequency: dict[str, int] = {}
    for weights in keywords.values():
        for stem in weights:
            frequency[stem] = frequency.get(stem, 0) + 1
    used: dict[str, int] = {}
    for word in words(text):
        if len(word) >= 4:
            used[_stem(word)] = used.get(_stem(word), 0) + 1
    scored = []
    for tag_id, weights in keywords.items():
        hits = [stem for stem in weights if stem in used and frequency[stem] <= max(1, len(tags) / 3)]
        if names[tag_id] & set(hits) or len(hits) >= 2:
            score = sum(weights[stem] * math.log(1 + len(tags) / frequency[stem]) * (1 + math.log(used[stem]))
                        for stem in hits)
            scored.append((tag_id, round(score, 1)))
    return sorted(scored, key=lambda item: -item[1])


# ---- quotations ----------------------------------------------------------------------

def find_quotations(paragraphs: list[str], matcher: ActorMatcher) -> list[Quotation]:
    """Direct quotations with who said them: named where the text names them."""
    quotations = []
    previous: tuple[int, str | None] = (-1, None)
    for found in quoted_speech(paragraphs):
        if found.who is not None:
            context = "\n".join(paragraphs[:found.paragraph] + [paragraphs[found.paragraph][:found.start]])
            speaker = name_speaker(found.who, context, matcher)
        else:  # a second quotation in the same paragraph continues the first
            speaker = previous[1] if previous[0] == found.paragraph else None
        previous = (found.paragraph, speaker)
        quotations.append(Quotation(speaker, found.text))
    return quotations


def name_speaker(who: str, context: str, matcher: ActorMatcher) -> str | None:
    """Say who 'who' is: a person named in it; for 'he' or 'the minister', the last person named
    before; an actor it names whole ('the Kremlin'); otherwise its own words ('one Russian diplomat')."""
    who = who.strip()
    named = matcher.mentions(who)
    people = [actor_id for _, _, actor_id in named if matcher.actors[actor_id].kind == "person"]
    if people:
        return matcher.actors[people[0]].name
    parts = who.split()
    if not parts:
        return None
    if who.casefold() in PRONOUNS or (len(parts) <= 2 and parts[-1].islower() and parts[0].casefold() in ("the", parts[-1])):
        person = matcher.last_person(context)
        return matcher.actors[person].name if person else who
    whole = [actor_id for start, end, actor_id in named if start == 0 and end == len(who)]
    if whole:
        return matcher.actors[whole[0]].name
    while len(parts) > 1 and parts[0][:1].isupper() and parts[-1][:1].islower():
        parts.pop()  # "Лавров журналистам" -> "Лавров"
    return " ".join(parts[:8])


# ---- the draft -----------------------------------------------------------------------

@dataclass(frozen=True)
class DateChoice:
    """The event's date, where it came from, and whether it is the article's publication date."""

    date: PartialDate | None
    origin: str
    published: bool
    placeholder: str = ""


def choose_date(article: Article, options: ImportOptions) -> DateChoice:
    """Options first, then the page's date, then the dateline; never a guessed year."""
    if options.date:
        return DateChoice(options.date, "the date given", False)
    dateline = article.dateline
    if article.published and options.year in (None, article.published.year):
        return DateChoice(article.published, article.published_from or "the article", True)
    if dateline and dateline.month and (dateline.year or options.year):
        date = checked_date(dateline.year or options.year, dateline.month, dateline.day)
        if date:
            origin = f'the dateline "{dateline.described()}"' + ("" if dateline.year else " and the year given")
            return DateChoice(date, origin, True)
    if options.year:
        return DateChoice(PartialDate(options.year), "the year given; the article gives no day or month", False)
    month = f"{dateline.month:02d}" if dateline and dateline.month else "MM"
    day = f"{dateline.day:02d}" if dateline and dateline.day and dateline.month else "DD"
    return DateChoice(None, "", False, f"YYYY-{month}-{day}")


_CYRILLIC_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў", (
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye g u").split()))


def latin(title: str) -> str:
    """Spell Cyrillic in Latin letters, so a Russian headline still gives a readable file name."""
    spelled = (_CYRILLIC_LATIN.get(ch.lower(), ch).replace("_", "") for ch in title)
    return "".join(latin.upper() if ch.isupper() and title.isupper() else latin.capitalize() if ch.isupper() else latin
                   for ch, latin in zip(title, spelled))


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _date_value(date: PartialDate) -> str:
    return date.iso() if date.precision == "day" else f'"{date.iso()}"'


def draft_text(title: str, date: PartialDate | None, placeholder: str, actors: list[str], tags: list[str],
               source: dict[str, str], notes: list[str], comment: str) -> str:
    """Front matter for the draft, the usual prompt, and the article in a comment the build drops."""
    lines = ["---", f"title: {_yaml(title)}"]
    if date:
        lines.append(f"date: {_date_value(date)}")
    else:
        lines.append(f'date: "{placeholder}"    # no year found: write the date, then move this file to events/<year>/')
    lines.append(f"actors: [{', '.join(actors)}]" + ("" if actors else "    # none found: name at least one"))
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    lines.append("# summary: One sentence for the timeline.    # write it here and remove the #")
    complete_source = all(source.get(key) for key in ("title", "publisher", "url"))
    prefix = "" if complete_source else "# "
    if not complete_source:
        missing = [key for key in ("publisher", "url") if not source.get(key)]
        lines.append(f"# No {' or '.join(missing)} was found: add it, then remove the # from these lines.")
    lines.append(f"{prefix}sources:")
    entries = [(key, source.get(key) or "...") for key in ("title", "publisher", "url", "date", "language")
               if key in ("title", "publisher", "url") or source.get(key)]
    for position, (key, value) in enumerate(entries):
        shown = value if key == "date" else _yaml(value)
        lines.append(f"{prefix}{'  - ' if position == 0 else '    '}{key}: {shown}")
    lines.append("draft: true")
    lines.append("# Other keys (remove the # to use one):")
    given = {"title", "date", "actors", "tags", "summary", "sources", "draft"}
    lines += [f"# {field.name}: {field.example}    # {field.doc}" for field in EVENT_FIELDS if field.name not in given]
    lines += ["---", "", BODY_PROMPT, "", comment_block(notes, comment), ""]
    return "\n".join(lines)


def comment_block(notes: list[str], text: str) -> str:
    """An HTML comment: Markdown passes it through and the sanitizer drops it, so it is never published.

    A comment ends at the first '--' followed by '>', so runs of hyphens become a dash.
    """
    body = "\n".join(notes) + "\n\n" + text
    body = re.sub(r"-{2,}", "—", body)
    return "<!-- Imported article, for the curator only: the build never publishes this comment.\n\n" + body.strip() + "\n-->"


def plan_draft(article: Article, options: ImportOptions, actors: dict[str, Actor], tags: dict[str, Tag],
               content_dir: Path, input_name: str) -> Draft:
    """Decide the draft's front matter, body and file; say what the curator must still do."""
    problems: list[Problem] = []

    def warn(message: str, hint: str | None = None) -> None:
        problems.append(Problem(input_name, None, message, hint, warning=True))

    title = article.title
    if not title:
        title = shorten(article.paragraphs[0], 80) if article.paragraphs else "Imported article"
        warn("no headline found", "the title is the start of the first paragraph; rewrite it")
    choice = choose_date(article, options)
    date = choice.date
    if date is None:
        warn("no year found in the article; the date is left for you to fill in",
             "pass --year YYYY or --date YYYY-MM-DD, or write the date in the draft")
    matcher = ActorMatcher(actors)
    searchable = "\n\n".join([title, *article_without_dateline(article)])
    ranked = matcher.ranked(searchable)
    if not ranked:
        warn("no actor from actors.yaml is named in the article", "add at least one to actors:")
    scored_tags = suggest_tags(searchable, tags)
    url = options.url or article.url
    if not url:
        warn("no URL for the source", "pass --url or add it to the draft")
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    publisher = options.publisher or article.publisher or host or None
    source = {"title": title, "publisher": publisher or "", "url": url or "",
              "date": date.iso() if date and choice.published else "", "language": article.language or ""}
    notes = [f"Date: {date.iso()}, from {choice.origin}" if date else "Date: not found",
             f"Publisher: {publisher or 'not found'}",
             "Actors named (mentions): " + (", ".join(f"{a} {n}" for a, n in ranked) or "none"),
             "Tags suggested (score): " + (", ".join(f"{t} {n:g}" for t, n in scored_tags) or "none"),
             "", "Quotations:"]
    quotations = find_quotations(list(article.paragraphs), matcher)
    notes += [f"- {q.speaker or 'speaker not named'}: “{q.text}”" for q in quotations] or ["- none"]
    notes += ["", "Article text:"]
    text = draft_text(title, date, choice.placeholder, [a for a, _ in ranked[:MAX_ACTORS]],
                      [t for t, _ in scored_tags[:MAX_TAGS]], source, notes, article.text)

    # The real parser decides: a draft it accepts goes into the tree, any other waits where the build skips it.
    dated = new_event_path(content_dir, latin(title), date or PartialDate(1))
    if date is not None:
        found = parse_event(text, display_path(dated))[1]
        if not found:
            return Draft(dated, text, tuple(problems))
        reasons = "; ".join(problem.message for problem in found)
    else:
        reasons = "no date"
    path = content_dir / "events" / INCOMPLETE_FOLDER / (dated.name if date else choice.placeholder + dated.name[4:])
    warn(f"the draft is not complete ({reasons}), so it goes to {display_path(path.parent)}/, which the build skips",
         "finish it, then move it to events/<year>/ named <date>-<title>.md")
    return Draft(path, text, tuple(problems))


def article_without_dateline(article: Article) -> list[str]:
    """The paragraphs to search for actors: the dateline's city is where the story was filed, not who acted."""
    dateline = article.dateline.text if article.dateline else None
    return [p[len(dateline):] if dateline and p.startswith(dateline) else p for p in article.paragraphs]
