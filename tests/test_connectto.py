"""--connect-to: rules read as curl reads them; the checker and the archive client connect where a rule says
and still ask for the URL's own host (Host header, TLS name); the command line takes the option."""
from __future__ import annotations

import http.client
import ssl
import subprocess
import time

import pytest

from tests.fakeweb import FakeWayback, FakeWeb, article, page
from timeline.connectto import parse_rule, reroute, rules
from timeline.linkcheck import fetch, judge
from timeline.wayback import Wayback


@pytest.mark.parametrize("text, expected", [
    ("www.example.org:443:10.0.0.5:8443", (("www.example.org", 443), ("10.0.0.5", 8443))),
    ("WWW.Example.ORG.:80:mirror.internal:8080", (("www.example.org", 80), ("mirror.internal", 8080))),
    ("[2001:db8::1]:80:[::1]:8080", (("2001:db8::1", 80), ("::1", 8080))),
    ("новости.example:80:127.0.0.1:80", (("xn--b1amnebsh.example", 80), ("127.0.0.1", 80))),
])
def test_a_rule_is_read_as_host_port_address_port(text, expected):
    assert parse_rule(text) == expected


@pytest.mark.parametrize("text", ["www.example.org:443:10.0.0.5", "www.example.org:0:10.0.0.5:80",
                                  "www.example.org:443:10.0.0.5:65536", "www.example.org::10.0.0.5:80",
                                  "2001:db8::1:80:127.0.0.1:80", "a:b:c:d", ""])
def test_a_rule_that_is_not_host_port_address_port_is_refused(text):
    with pytest.raises(ValueError, match="is not HOST:PORT:ADDRESS:PORT"):
        parse_rule(text)


def test_a_rule_applies_to_its_host_and_port_only_and_the_first_rule_wins():
    mapping = rules(["a.example.org:80:10.0.0.1:8080", "A.example.org:80:10.0.0.2:8080", "b.example.org:443:10.0.0.3:443"])
    assert mapping == {("a.example.org", 80): ("10.0.0.1", 8080), ("b.example.org", 443): ("10.0.0.3", 443)}
    assert reroute(http.client.HTTPConnection("A.Example.org"), mapping) == ("10.0.0.1", 8080)   # port 80 by default
    assert reroute(http.client.HTTPConnection("a.example.org", 8080), mapping) is None
    assert reroute(http.client.HTTPSConnection("b.example.org"), mapping) == ("10.0.0.3", 443)  # 443 by default
    assert reroute(http.client.HTTPConnection("b.example.org"), mapping) is None
    # a name in another script matches its IDNA spelling either way round
    assert reroute(http.client.HTTPConnection("новости.example"), rules(["xn--b1amnebsh.example:80:10.0.0.4:80"])) \
        == ("10.0.0.4", 80)


def test_the_checker_connects_where_the_rule_says_and_sends_the_urls_own_host():
    web = FakeWeb(servers=2)
    try:
        web.routes["/ok"] = page(article("text " * 50))
        first, second = web.connect_to.items()
        # the first name sent to the second server: the rule, not the name, decides where the socket goes
        crossed = {first[0]: second[1]}
        fetched = fetch(web.url("/ok"), 2.0, connect_to=crossed)
        assert judge(fetched).status == "ok" and fetched.final_url == web.url("/ok")
        assert web.most_active == {second[1][0]: 1}
        assert web.host_headers == {f"{first[0][0]}:{first[0][1]}": 1}
    finally:
        web.close()


def test_over_https_the_certificate_is_checked_against_the_urls_host(tmp_path, monkeypatch):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
                    "-out", str(cert), "-subj", "/CN=secure.example.org",
                    "-addext", "subjectAltName=DNS:secure.example.org"], check=True, capture_output=True)
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the checker's default context trusts only this certificate
    web = FakeWeb(names=["secure.example.org"], tls=server_side)
    try:
        web.routes["/ok"] = page(article("secure " * 50))
        assert judge(fetch(web.url("/ok"), 2.0, connect_to=web.connect_to)).status == "ok"
        # the same server under a name the certificate does not hold: the name checked is the URL's
        port = int(web.url("").rsplit(":", 1)[1])
        other = fetch(f"https://other.example.org:{port}/ok", 2.0,
                      connect_to={("other.example.org", port): ("127.0.0.1", port)})
        assert other.error and other.error.startswith("TLS") and web.hits["/ok"] == 1
    finally:
        web.close()


def test_a_rule_whose_address_cannot_be_looked_up_is_not_the_source_being_dead():
    fetched = fetch("http://news.example.org/story", 2.0,
                    connect_to={("news.example.org", 80): ("no-such-mirror.invalid", 80)})
    assert judge(fetched).status == "unreachable"
    assert fetched.error == "--connect-to's address no-such-mirror.invalid could not be looked up"


def test_the_archive_client_follows_the_rules_too():
    archive = FakeWayback()
    try:
        url = "https://www.nato.int/docu/update/2002/11-november/e1121c.htm"
        archive.captures[url] = "20021121000000"
        wayback = Wayback(base=archive.url(""), connect_to=archive.connect_to)
        capture = wayback.closest(url, "2002-11-21", time.monotonic() + 10)
        assert capture is not None and capture.url == f"{archive.url('/web')}/20021121000000/{url}"
        assert capture.url.startswith("http://web.archive.example.org:")
        assert set(archive.host_headers) == {archive.url("").removeprefix("http://")}
    finally:
        archive.close()


def test_the_command_line_takes_rules_and_refuses_a_malformed_one(site):
    wrong = site.run("sources", "--connect-to", "www.example.org:443")
    assert wrong.code == 2
    assert 'argument --connect-to: "www.example.org:443" is not HOST:PORT:ADDRESS:PORT' in wrong.err
    helped = " ".join(site.run("sources", "--help").out.split())
    assert "--connect-to HOST:PORT:ADDRESS:PORT" in helped and "still asking for HOST" in helped
