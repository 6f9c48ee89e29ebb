"""site.yaml -> SiteConfig, validated against the declared SITE_FIELDS."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import schema
from . import yamlread as yr
from .fieldread import read_mapping
from .links import host_problem, is_web_url
from .loader import read_text
from .errors import Problem, display_path

LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # absolute, ends with "/"
    description: str = ""
    language: str = "en"
    author: str = ""
    timeline_split_at: int = 200  # past this many events the timeline page is split without being weighed
    timeline_budget_kb: int = 150  # or when listing every event would make it this many KB or more
    events_per_page: int = 200
    feed_entries: int = 50
    params: dict = field(default_factory=dict)  # the author's own values for templates; never read by the code
    require_archive: bool = False  # every published source needs an archive_url
    languages: tuple[str, ...] = ()  # every language the site is published in, the default first; () : language only
    license: str = ""       # the licence of the text and data, as readers cite it ("CC BY 4.0"); "": none said
    license_url: str = ""   # where it is written out
    translations: dict = field(default_factory=dict)  # code -> {title, description, author, params} in that language
    edition: str = ""  # the language this copy's words are shown in (in_language); "" : the default

    def in_language(self, code: str) -> "SiteConfig":
        """The site as its pages in code show it: title, description, author and params in that language
        where translations: gives them, else as written in the default language (see untranslated)."""
        if code == self.language:
            return self
        own = self.translations.get(code, {})
        words = {key: value for key, value in own.items() if key != "params"}
        return replace(self, **words, params={**self.params, **own.get("params", {})}, edition=code)

    def untranslated(self, key: str) -> str | None:
        """The language of the value at key ("title", "params.footer") on this copy's pages when it is not
        the pages' own: the default's, for a value translations: does not give again. Templates mark it lang="..."."""
        if not self.edition:
            return None
        given: object = self.translations.get(self.edition, {})
        for part in key.split("."):
            given = given.get(part) if isinstance(given, dict) else None
        return None if given is not None else self.language

    @property
    def editions(self) -> tuple[str, ...]:
        """The languages pages are made in: the default (at the root) first, the others under /<code>/."""
        return self.languages or (self.language,)

    @property
    def multilingual(self) -> bool:
        return len(self.editions) > 1

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, '/' or '/timeline/'."""
        return urlsplit(self.base_url).path or "/"

    def with_base_url(self, url: str) -> "SiteConfig":
        return SiteConfig(**{**self.__dict__, "base_url": normalize_base_url(url)})


def normalize_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def base_url_problem(url: str) -> str | None:
    """Why url cannot be where the site is served from, or None. Every link of the site is built on it,
    so anything that would point a link at another host or nowhere is refused."""
    if not is_web_url(url) or schema.FORBIDDEN_CHARACTERS.search(url):
        return "is not an absolute http or https URL"
    if _NOT_IN_URLS.search(url):
        return "has a character URLs cannot hold (one of \\ \" < > ` { } | ^)"
    parts = urlsplit(url)
    if "?" in url or "#" in url:
        return "must not have a query or fragment (nothing after ? or #)"
    if "@" in parts.netloc:
        return "must not hold a user name or password: they would be published in every page"
    host = host_problem(parts.hostname or "")
    if host:
        return host
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or not re.fullmatch(r"[^:]*(:\d+)?|\[[^]]*\](:\d+)?", parts.netloc):
        return "has a port that is not a number from 1 to 65535"
    path = parts.path
    if "//" in path:
        return "has an empty part in its path ('//'), which browsers read as another host"
    if re.search(r"%2f|%5c", path, re.IGNORECASE):
        return "has an encoded '/' or '\\' in its path"
    if any(part in (".", "..") for part in unquote(path).split("/")):
        return "has a '.' or '..' part in its path (written or encoded)"
    return None


# A backslash is read as "/" by browsers; the others are not allowed in a URL at all.
_NOT_IN_URLS = re.compile(r'[\\"<>`{}|^]')


def parse_config(text: str, path: str) -> tuple[SiteConfig | None, list[Problem]]:
    """Parse site.yaml text into a SiteConfig, or return its problems."""
    node, problems = yr.load_mapping(text, path)
    if node is None:
        return None, problems
    values, lines, problems = read_mapping(node, schema.SITE_FIELDS, path, 0)
    problems = [_point_to_params(problem) for problem in problems]
    language = values.get("language")
    if language and not LANGUAGE.fullmatch(language):
        problems.append(Problem(path, lines["language"], f'language: "{language}" is not a language code', "e.g. en, ru, en-GB"))
    problems += _languages(values, lines, path)
    problems += _translations(values, path)
    base_url = values.get("base_url")
    wrong = base_url_problem(base_url) if base_url else None
    if wrong:
        problems.append(Problem(path, lines["base_url"], f"base_url: {wrong}", "e.g. https://example.org/timeline/"))
    if values.get("license_url") and not values.get("license"):
        problems.append(Problem(path, lines["license_url"], "license_url: needs license, the licence's name as readers cite it",
                                "e.g. license: CC BY 4.0"))
    if problems:
        return None, problems
    values["base_url"] = normalize_base_url(values["base_url"])
    if values.get("languages"):
        values["language"] = values["languages"][0]
    return SiteConfig(**values), []


def _languages(values: dict, lines: dict[str, int], path: str) -> list[Problem]:
    """languages: codes, each once, the first the default; values["languages"] becomes a tuple of codes."""
    items = values.pop("languages", None)
    if items is None:
        return []
    problems = []
    codes: list[str] = []
    for item in items:
        if not LANGUAGE.fullmatch(item.value):
            problems.append(Problem(path, item.line, f'languages: "{item.value}" is not a language code', "e.g. [en, ru]"))
        elif item.value in codes:
            problems.append(Problem(path, item.line, f'languages: "{item.value}" is listed twice'))
        else:
            codes.append(item.value)
    if not items:
        problems.append(Problem(path, lines["languages"], "languages: the list is empty", "e.g. [en, ru]: the first is the default"))
    language = values.get("language")
    if codes and language and language != codes[0]:
        problems.append(Problem(path, lines["language"], f'language: "{language}" is not the first of languages ({codes[0]})',
                                "drop language:; the first of languages is the default"))
    values["languages"] = tuple(codes)
    return problems


def _translations(values: dict, path: str) -> list[Problem]:
    """translations: one entry for each language of the site but the default; values["translations"]
    becomes {code: {key: value}}."""
    entries = values.pop("translations", {})
    others = values.get("languages", ())[1:]
    problems = [Problem(path, item.line, f'translations: "{code}" is not one of the other languages of the site',
                        f"languages: {list(values.get('languages', ()))}; the default's words are title:, description:, ..."
                        if values.get("languages") else "add languages: [<default>, <code>] first")
                for code, item in entries.items() if code not in others]
    values["translations"] = {code: item.value for code, item in entries.items()}
    return problems


def _point_to_params(problem: Problem) -> Problem:
    """An unknown top-level key is most often a theme's own value: say where those go."""
    if ":" not in problem.message or problem.message.split(":", 1)[1].strip() != "unknown key":
        return problem
    key = problem.message.split(":", 1)[0]
    if "." in key or "[" in key:  # inside a list or mapping of a known key
        return problem
    if problem.hint:  # a near miss of a known key ("baseurl"): that is the fix, and params would mislead
        return problem
    return replace(problem, hint=f"a template's own values go under params:, e.g. params: {{{key}: ...}}, "
                                 f"read as site.params.{key}")


def load_config(path: Path, explicit: bool) -> tuple[SiteConfig | None, list[Problem]]:
    """Read the site config; a missing default file means defaults."""
    if not path.exists():
        if explicit:
            return None, [Problem(display_path(path), None, "config file not found")]
        return SiteConfig(title="Timeline", base_url="http://localhost:8000/"), []
    text, problems = read_text(path, inside=(path.parent,))
    if text is None:
        return None, problems
    return parse_config(text, display_path(path))
