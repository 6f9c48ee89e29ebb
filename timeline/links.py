"""Addresses: whether a host is one browsers read as written, and whether a link readers follow can work.

A source's url is printed on the page for every reader to follow, so it needs a
host name on the public web: `https://...` (the `new` command's example),
`http://localhost/`, `https://intranet/` or a private address would be
published as links that work for no reader. The site's own base_url is held
only to the first rule (a preview may be served from localhost).
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")  # "_" is not DNS, but browsers and hosts accept it
# Names that never reach the public web (RFC 6761, RFC 6762, ICANN's .internal); example.org and the
# like are kept: they are real, reserved for documentation, and fixtures use them.
_LOCAL_SUFFIXES = ("localhost", "local", "internal", "invalid", "home.arpa")
# A stand-in for an address: only dots or an ellipsis, where the host or a path part should be.
_ELLIPSIS = re.compile(r"[.\u2026]*\u2026[.\u2026]*|\.{3,}")
_GLOBAL_HINT = "link the page's public address, as the browser shows it"


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


def is_web_url(text: str) -> bool:
    """Whether text is an absolute http(s) URL with a host, and nothing a URL cannot hold."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_placeholder_url(text: str) -> bool:
    """Whether an http(s) address is a stand-in or cut short: dots or an ellipsis for its host
    (https://..., https://…/x) or for a part of its path (https://www.reuters.com/…)."""
    if "..." not in text and "\u2026" not in text:  # the usual case, and every value is asked
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https"):
        return False
    host = parts.netloc.rpartition("@")[2]
    return _ELLIPSIS.fullmatch(host) is not None or any(_ELLIPSIS.fullmatch(part) for part in parts.path.split("/")) \
        or text.endswith("\u2026")


def link_problem(text: str) -> tuple[str, str] | None:
    """Why an http(s) address cannot work for a reader, as (what, hint), or None: no real host name (a
    bare word, `localhost`, a name without a dot), a private or loopback address, a broken port."""
    parts = urlsplit(text)
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return "has a port that is not a number from 1 to 65535", "leave the port out, or write it as :8080"
    wrong = host_problem(host)
    if wrong:
        return wrong, _GLOBAL_HINT
    address = None
    if ":" in host or host[:1].isdigit():  # only then can it be an address (trying costs an exception)
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            pass
    if address is not None:
        if not address.is_global:
            return f"points at {host}, a private or local address no reader can reach", _GLOBAL_HINT
        return None
    name = host.rstrip(".").encode("idna").decode("ascii") if not host.isascii() else host.rstrip(".")
    if any(name == suffix or name.endswith("." + suffix) for suffix in _LOCAL_SUFFIXES):
        return f"points at {host}, a name that exists only on one computer or network", _GLOBAL_HINT
    if "." not in name:
        return f'has no real host name ("{host}")', "write the whole name, e.g. https://www.example.org/page"
    return None
