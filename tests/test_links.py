"""A link readers follow needs a host on the public web; placeholders and cut-short addresses are told apart."""
from __future__ import annotations

import pytest

from timeline.links import is_placeholder_url, link_problem


@pytest.mark.parametrize("url", [
    "https://www.reuters.com/article/idUSLU948723", "http://en.kremlin.ru/events/president/news/1",
    "https://хроника.рф/события/", "https://xn--80aswg.xn--p1ai/", "https://example.org:8443/a?b=1#c",
    "http://8.8.8.8/dns", "https://[2606:4700:4700::1111]/", "https://example.org./", "https://my_host.example.com/",
    "https://user@example.org/", "https://example.test/", "https://web.archive.org/web/2009/https://example.org/",
])
def test_real_hosts_pass(url):
    assert link_problem(url) is None and not is_placeholder_url(url)


@pytest.mark.parametrize("url, problem", [
    ("https://example", 'has no real host name ("example")'),
    ("https://intranet/page", 'has no real host name ("intranet")'),
    ("http://localhost/x", "points at localhost, a name that exists only on one computer or network"),
    ("http://localhost:8000/", "points at localhost"),
    ("https://news.localhost/", "points at news.localhost"),
    ("http://printer.local/", "points at printer.local"),
    ("https://wiki.corp.internal/", "points at wiki.corp.internal"),
    ("https://x.invalid/", "points at x.invalid"),
    ("http://127.0.0.1/x", "points at 127.0.0.1, a private or local address no reader can reach"),
    ("http://[::1]:8000/", "points at ::1, a private or local address"),
    ("http://10.0.0.5/", "points at 10.0.0.5, a private or local address"),
    ("http://192.168.1.1/", "points at 192.168.1.1"),
    ("https://0.0.0.0/", "points at 0.0.0.0"),
    ("https://example.org:0/", "has a port that is not a number from 1 to 65535"),
    ("https://example.org:99999/", "has a port that is not a number from 1 to 65535"),
    ("https://-bad-.org/", "has a host name that is not a domain name or an IP address"),
    ("https://a..b.org/", "has a host name that is not a domain name or an IP address"),
    ("http://127.1/", "has a host name that is not a domain name or an IP address"),
    ("https://example．org/", "has a dot in its host name that is not '.'"),
])
def test_hosts_no_reader_can_reach_are_named(url, problem):
    found = link_problem(url)
    assert found is not None and found[0].startswith(problem), found
    assert found[1]  # always a hint


@pytest.mark.parametrize("url, placeholder", [
    ("https://...", True), ("http://...", True), ("https://…", True), ("https://.../x", True),
    ("https://www.reuters.com/...", True), ("https://www.reuters.com/…/x", True),
    ("https://www.reuters.com/article/nato-russ…", True), ("https://user@.../", True),
    ("https://www.reuters.com/a...b", False), ("https://www.reuters.com/../x", False), ("https://e.org/x.", False),
    ("ftp://...", False), ("...", False),
])
def test_placeholder_and_cut_short_addresses(url, placeholder):
    assert is_placeholder_url(url) is placeholder
