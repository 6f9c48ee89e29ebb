"""--connect-to HOST:PORT:ADDRESS:PORT: reach a named host at another address, as curl's option of that name does.

A rule changes only where the socket connects. The request is otherwise the
one the address asks for: its Host header, its TLS server name and the
certificate checked against it stay the URL's own host. So a curator behind
split-horizon DNS, or checking a staging mirror, sees what readers would see
from that server; and the tests reach their local servers through addresses
that a published source could hold (links.py refuses loopback hosts there).
"""
from __future__ import annotations

import http.client
import re
import socket
import urllib.request

# (host, port) of a URL -> (address, port) to connect to instead; the host as _name() spells it.
ConnectTo = dict[tuple[str, int], tuple[str, int]]

_PART = r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)"   # a name, an IPv4 address, or an IPv6 address in brackets
_RULE = re.compile(rf"{_PART}:(\d{{1,5}}):{_PART}:(\d{{1,5}})")


def parse_rule(text: str) -> tuple[tuple[str, int], tuple[str, int]]:
    """'site.example.org:443:10.0.0.5:8443' -> ((host, port), (address, port)); ValueError otherwise."""
    match = _RULE.fullmatch(text.strip())
    ports = (int(match[2]), int(match[4])) if match else (0, 0)
    if not match or not all(1 <= port <= 65535 for port in ports):
        raise ValueError(f'"{text}" is not HOST:PORT:ADDRESS:PORT (e.g. www.example.org:443:10.0.0.5:8443; '
                         f"an IPv6 address in brackets; ports 1 to 65535)")
    return (_name(match[1]), ports[0]), (match[3].strip("[]"), ports[1])


def rules(texts: list[str]) -> ConnectTo:
    """The mapping several rules make; the first rule naming a HOST:PORT wins, as in curl."""
    mapping: ConnectTo = {}
    for text in texts:
        source, target = parse_rule(text)
        mapping.setdefault(source, target)
    return mapping


def _name(host: str) -> str:
    """A host as rules and URLs are compared: no brackets or final dot, lower case, IDNA for other scripts."""
    host = host.strip("[]").rstrip(".").lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass  # a name IDNA refuses matches no rule; connecting to it fails as it would anyway
    return host


def reroute(connection: http.client.HTTPConnection, connect_to: ConnectTo | None) -> tuple[str, int] | None:
    """Make connection's socket go where a rule sends its host and port; the rule's target, or None.

    http.client builds the Host header and (for https) the TLS server name from connection.host and
    .port, and opens the socket through _create_connection: replacing only the latter is exactly
    "connect there, ask for this"."""
    target = (connect_to or {}).get((_name(connection.host), connection.port))
    if target is not None:
        connection._create_connection = lambda _address, *args, **kwargs: socket.create_connection(target, *args, **kwargs)
    return target


def opener(connect_to: ConnectTo | None) -> urllib.request.OpenerDirector:
    """A urllib opener that uses no proxy (as the checker uses none) and follows the rules."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _HTTPHandler(connect_to),
                                       _HTTPSHandler(connect_to))


def _rerouted(connection_class, connect_to: ConnectTo | None):
    def connect(host, **kwargs):
        connection = connection_class(host, **kwargs)
        reroute(connection, connect_to)
        return connection
    return connect


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connect_to: ConnectTo | None):
        super().__init__()
        self.connect_to = connect_to

    def http_open(self, req):
        return self.do_open(_rerouted(http.client.HTTPConnection, self.connect_to), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connect_to: ConnectTo | None):
        super().__init__()
        self.connect_to = connect_to

    def https_open(self, req):
        return self.do_open(_rerouted(http.client.HTTPSConnection, self.connect_to), req, context=self._context)
