"""Who and what an article names: actors from actors.yaml, tags from tags.yaml, quoted speakers. Pure."""
from __future__ import annotations

import heapq
import math
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter
from typing import Iterable, Iterator

from .content import Actor, Tag
from .extract import words

# A country's one-word alias (mostly its capital: Moscow, Washington, Kyiv) after one of
# these words names a place, not the government: "an office in Moscow" is not Russia acting.
PLACE_WORDS = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
               "в", "во", "под", "около"}
PRONOUNS = {"he", "she", "they", "он", "она", "они"}
STOP_WORDS = set("""a an and are as at be between both by for from has have in into its it of on or
    other over that the their them they this those to under was were which while who with without
    either side events event concerning including tied onward later those such each
    """.split())


SPEECH_VERBS = ("said", "says", "told", "added", "asked", "stressed", "noted", "warned", "declared",
                "insisted", "wrote", "stated", "replied", "explained", "argued")
RU_SPEECH_VERBS = ("сказал", "заявил", "отметил", "подчеркнул", "добавил", "сообщил", "пояснил", "напомнил")
# An opening mark ends any search for the closing one before it: an unclosed “ must not make each
# later “ scan to the end of the paragraph again.
_QUOTE = re.compile(r'"([^"\n]+)"|“([^“”\n]+)”|«((?:[^«»\n]|«[^«»\n]*»)+)»|„([^„“”\n]+)[“”]')
# '"...," Lavrov said', '"...," said Lavrov', '«...», — сказал Лавров', 'Lavrov said: "..."'
_AFTER_EN = re.compile(rf"[\s,]*(?:(?:{'|'.join(SPEECH_VERBS)})\s+(?P<after_verb>[^,.;:\"“”]{{2,80}})"
                       rf"|(?P<before_verb>[^,.;:\"“”]{{2,80}}?)\s+(?:{'|'.join(SPEECH_VERBS)})\b)")
_AFTER_RU = re.compile(rf"[\s,]*[-–—]\s*(?:{'|'.join(RU_SPEECH_VERBS)})[аи]?\s+(?P<after_verb>[^,.;:«»]{{2,80}})")
_BEFORE = re.compile(rf"(?P<who>[^.!?,;\"“”«»]{{2,120}}?)\s+(?:(?:{'|'.join(SPEECH_VERBS + RU_SPEECH_VERBS)})[аи]?"
                     rf"(?:\s+\w+)?\s*[:,]?|\w+\s*:)\s*$")
MIN_QUOTE_WORDS = 4
ATTRIBUTION_REACH = 300  # characters before a quotation that may name its speaker  # shorter ones are mostly scare quotes


@dataclass(frozen=True)
class QuotedSpeech:
    """A direct quotation and the words the text uses for its speaker, if any."""

    text: str
    who: str | None
    paragraph: int
    start: int


def quoted_speech(paragraphs: list[str]) -> list[QuotedSpeech]:
    """Find direct quotations of a few words or more and the attribution next to each."""
    found = []
    for number, paragraph in enumerate(paragraphs):
        for match in _QUOTE.finditer(paragraph):
            quoted = next(group for group in match.groups() if group is not None).strip().rstrip(",;:")
            if len(words(quoted)) < MIN_QUOTE_WORDS:
                continue
            # Only the words next to the quotation say who spoke: a window on each side, not the whole
            # paragraph again for each of its quotations.
            attribution = _AFTER_RU.match(paragraph, match.end()) or _AFTER_EN.match(paragraph, match.end())
            if attribution:
                who = attribution.group("after_verb") or attribution.group("before_verb")
            else:
                before = _BEFORE.search(paragraph[max(0, match.start() - ATTRIBUTION_REACH):match.start()])
                who = before.group("who") if before else None
            found.append(QuotedSpeech(quoted, who.strip() if who else None, number, match.start()))
    return found


@dataclass(frozen=True)
class Quotation:
    speaker: str | None
    text: str


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


# Scripts written without spaces between words (or, in Korean, with endings joined to names): a name
# there sits inside a longer run of word characters, so a word boundary cannot mark where it begins or ends.
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")
_DASHES, _APOSTROPHES = "-‐‑–—", "'’"


def _bounded(ch: str) -> bool:
    """Whether a spelling that begins or ends with ch must not run on into a word of the text there: true for
    letters, digits and combining marks (Hindi's vowel signs) of spaced scripts, false for punctuation ("«",
    "(", the last "." of "U.S.") and for letters of unspaced scripts."""
    return unicodedata.category(ch)[0] in "LMN" and not unicodedata.name(ch, "").startswith(_UNSPACED_SCRIPTS)


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
    return ((r"(?<!\w)" if _bounded(spelling[0]) else "") + r"\s+".join(parts)
            + (r"(?!\w)" if _bounded(spelling[-1]) else ""))


_WORD_RUN = re.compile(r"\w+")


def _key(word: str) -> str:
    """What a spelling and a word of text must share to be compared: the first letters of the first run
    of word characters, case folded (a Russian stem keeps them whatever its ending)."""
    return word[:3].casefold()


def _prefix_key(text: str) -> str:
    """What a spelling that may begin anywhere and the text where it might stand must share to be compared:
    their first three characters up to any space, in small letters, any dash or apostrophe standing for all
    (as _letters lets them)."""
    start = (text[:3].split(maxsplit=1) or [""])[0]
    return "".join("-" if ch in _DASHES else "'" if ch in _APOSTROPHES else ch.lower() for ch in start)[:3]


def _spelled_like(ch: str) -> set[str]:
    """The characters of text that _letters lets stand for ch."""
    return set(_DASHES if ch in _DASHES else _APOSTROPHES if ch in _APOSTROPHES else {ch, ch.upper(), ch.lower()})


@dataclass(frozen=True)
class _Spelling:
    pattern: re.Pattern
    actor_id: str
    place_alias: bool
    length: int


class ActorMatcher:
    """Find actors.yaml names and aliases in text, longest spelling first, as whole words.

    At each word of the text only the spellings that begin like it are tried, longest first, so
    a long article costs about its number of words, whatever the number of spellings. A spelling
    that cannot begin a word ("«Единая Россия»", "北约" inside "北约秘书长") is tried instead wherever the
    text begins like it, in the same left-to-right walk, so matches never overlap.
    """

    def __init__(self, actors: dict[str, Actor]):
        spellings = []
        for actor in actors.values():
            for spelling in dict.fromkeys((actor.name, *actor.aliases)):
                place_alias = (actor.kind == "country" and spelling != actor.name and len(spelling.split()) == 1
                               and not spelling.isupper())
                spellings.append((spelling, actor.id, place_alias))
        spellings.sort(key=lambda item: -len(item[0]))
        self.actors = actors
        self.by_key: dict[str, list[_Spelling]] = {}
        self.by_prefix: dict[str, list[_Spelling]] = {}  # spellings that may begin inside a word or with punctuation
        first_characters: set[str] = set()
        for spelling, actor_id, place_alias in spellings:
            entry = _Spelling(re.compile(spelling_pattern(spelling)), actor_id, place_alias, len(spelling))
            first_word = _WORD_RUN.match(spelling) if _bounded(spelling[0]) else None
            if first_word:
                self.by_key.setdefault(_key(first_word.group()), []).append(entry)
            else:
                self.by_prefix.setdefault(_prefix_key(spelling), []).append(entry)
                first_characters |= _spelled_like(spelling[0])
        self.first_character = re.compile(
            "[" + "".join(re.escape(ch) for ch in sorted(first_characters)) + "]") if first_characters else None

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, actor id) of every mention, leaving out place uses of one-word country aliases."""
        found: list[tuple[int, int, str]] = []
        resume = 0
        for start, tries in self._starts(text):
            if start < resume:
                continue
            for spelling in tries:
                match = spelling.pattern.match(text, start)
                if match is None:
                    continue
                resume = match.end()
                before = text[max(0, start - 20):start].split()
                if not (spelling.place_alias and before and before[-1].casefold() in PLACE_WORDS):
                    found.append((start, match.end(), spelling.actor_id))
                break
        return found

    def _starts(self, text: str) -> Iterator[tuple[int, Iterable[_Spelling]]]:
        """Where a spelling may begin, in text order, with the spellings to try there, longest first:
        each word start, and each character that begins a spelling that may begin anywhere."""
        at_words = ((word.start(), self.by_key.get(_key(word.group()), ())) for word in _WORD_RUN.finditer(text))
        if self.first_character is None:
            return at_words
        anywhere = ((hit.start(), self._beginning(text, hit.start())) for hit in self.first_character.finditer(text))
        return heapq.merge(at_words, anywhere, key=itemgetter(0))

    def _beginning(self, text: str, start: int) -> Iterable[_Spelling]:
        """The spellings that may begin anywhere and begin like the text at start, longest first."""
        key = _prefix_key(text[start:start + 3])
        buckets = [self.by_prefix[prefix] for prefix in dict.fromkeys(key[:size] for size in (3, 2, 1))
                   if prefix in self.by_prefix]
        return buckets[0] if len(buckets) == 1 else heapq.merge(*buckets, key=lambda spelling: -spelling.length)

    def ranked(self, text: str) -> list[tuple[str, int]]:
        """Actor ids with their mention counts, most mentioned first, then in order of appearance."""
        counts: dict[str, int] = {}
        for _, _, actor_id in self.mentions(text):
            counts[actor_id] = counts.get(actor_id, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])

    def people(self, text: str) -> list[tuple[int, str]]:
        """(start, actor id) of every person named in the text, in order."""
        return [(start, actor_id) for start, _, actor_id in self.mentions(text) if self.actors[actor_id].kind == "person"]


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
    # The people named in the whole text, once, with where each paragraph starts: "he" is then the
    # last person named before the quotation, found by bisection rather than by reading all before it.
    offsets = list(accumulate((len(p) + 1 for p in paragraphs[:-1]), initial=0))
    people = matcher.people("\n".join(paragraphs))
    starts = [start for start, _ in people]
    for found in quoted_speech(paragraphs):
        if found.who is not None:
            before = bisect_left(starts, offsets[found.paragraph] + found.start)
            speaker = name_speaker(found.who, people[before - 1][1] if before else None, matcher)
        else:  # a second quotation in the same paragraph continues the first
            speaker = previous[1] if previous[0] == found.paragraph else None
        previous = (found.paragraph, speaker)
        quotations.append(Quotation(speaker, found.text))
    return quotations


def name_speaker(who: str, last_person: str | None, matcher: ActorMatcher) -> str | None:
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
        return matcher.actors[last_person].name if last_person else who
    whole = [actor_id for start, end, actor_id in named if start == 0 and end == len(who)]
    if whole:
        return matcher.actors[whole[0]].name
    while len(parts) > 1 and parts[0][:1].isupper() and parts[-1][:1].islower():
        parts.pop()  # "Лавров журналистам" -> "Лавров"
    return " ".join(parts[:8])
