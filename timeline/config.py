"""site.yaml -> SiteConfig, validated against the declared SITE_FIELDS."""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import schema
from . import yamlread as yr
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
    timeline_split_at: int = 200  # about 150 KB of timeline page, with the brief items it lists
    events_per_page: int = 200
    feed_entries: int = 50
    require_archive: bool = False  # every published source needs an archive_url

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
    if not schema.is_web_url(url) or schema.FORBIDDEN_CHARACTERS.search(url):
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
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")  # "_" is not DNS, but browsers and hosts accept it


def host_problem(host: str) -> str | None:
    """Why host is not one a browser reads the way it is written, or None. Dots other than "." (a
    full-width "．") and names IDNA cannot encode are refused, as browsers rewrite them into other names."""
    wrong = "has a host name that is not a domain name or an IP address"
    if host.startswith("[") or ":" in host:
        try:
            ipaddress.IPv6Address(host.strip("[]"))
        except ValueError:
            return wrong
        return wrong if "%" in host else None  # a zone ("fe80::1%eth0") browsers do not take
    if not host.isascii():
        if any(dot in host for dot in "\u3002\uff0e\uff61"):
            return "has a dot in its host name that is not '.'"
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return wrong
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")  # "example.org." is fully qualified
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return wrong
    # A last label that is a number (decimal or 0x...) makes browsers read the whole host as an IPv4
    # address, in forms this would not see as one ("0x7f000001", "127.1"): only the dotted four are taken.
    if re.fullmatch(r"\d+|0x[0-9a-f]*", labels[-1]):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return wrong
    return None


def parse_config(text: str, path: str) -> tuple[SiteConfig | None, list[Problem]]:
    """Parse site.yaml text into a SiteConfig, or return its problems."""
    node, problems = yr.load_mapping(text, path)
    if node is None:
        return None, problems
    values, lines, problems = schema.read_mapping(node, schema.SITE_FIELDS, path, 0)
    language = values.get("language")
    if language and not LANGUAGE.fullmatch(language):
        problems.append(Problem(path, lines["language"], f'language: "{language}" is not a language code', "e.g. en, ru, en-GB"))
    base_url = values.get("base_url")
    wrong = base_url_problem(base_url) if base_url else None
    if wrong:
        problems.append(Problem(path, lines["base_url"], f"base_url: {wrong}", "e.g. https://example.org/timeline/"))
    if problems:
        return None, problems
    values["base_url"] = normalize_base_url(values["base_url"])
    return SiteConfig(**values), []


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
