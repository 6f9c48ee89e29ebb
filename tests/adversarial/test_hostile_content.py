"""Hostile but valid content builds, and nothing from it is live on any page."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import html5lib
import pytest

from tests.conftest import REPO
from tests.test_markup import HOSTILE

ATTACKS = ['</script><script>alert("t")</script>', '"><img src=x onerror=alert(1)>', "{{ 7*7 }}{% if 1 %}x{% endif %}",
           "<svg onload=alert(1)>", "javascript:alert(1)", "\u202etxt.exe\u202c", "zero\u200bwidth\u200d"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster", "cite", "background"}
OUR_ICON = re.compile(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+")
OUR_SCRIPT = re.compile(r"/static/\w+\.[0-9a-f]{10}\.js")
# The stylesheet and some scripts travel inline; nothing but their own text may sit in those elements.
OUR_INLINE = {(REPO / "static" / name).read_text()
              for name in ("style.css", "filters.js", "words.js", "facets.js", "lanes.js", "arrange.js", "share.js", "embed.js")}
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")  # how a browser finds a URL's scheme (WHATWG)


def safe_url(value: str) -> bool:
    """http(s), mailto or relative, judged as a browser reads it (tabs, newlines and controls dropped)."""
    scheme = SCHEME.match("".join(ch for ch in value if ord(ch) > 32))
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from tests.conftest import SITE, Site
    site = Site(tmp_path_factory.mktemp("hostile"))
    site.write("site.yaml", SITE)
    attack = " ".join(ATTACKS)
    site.write("content/actors.yaml", "\n".join([
        "nato:", "  name: " + quoted("NATO " + attack), "  kind: organization", "  description: " + quoted(attack),
        "  aliases: [" + quoted('<b>alias</b>') + "]", "  url: " + quoted('https://example.org/?q="><script>alert(1)</script>'),
        "russia:", "  name: Russia", "  kind: country", ""]))
    site.write("content/tags.yaml", "\n".join([
        "diplomacy:", "  name: " + quoted("Diplomacy " + attack), "  description: " + quoted(attack), ""]))
    payloads = [p for p in HOSTILE + ATTACKS if not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", p)]  # refused, see test_content
    for index, payload in enumerate(payloads):
        site.event(f"2009-05-{index % 28 + 1:02d}-hostile-{index:02d}", title=quoted(f"{payload} #{index}"),
                   tags="[diplomacy, " + quoted("zero\u200bwidth tag") + "]",
                   extra="summary: " + quoted(payload) + "\nsources:\n  - title: " + quoted(payload) +
                         "\n    publisher: " + quoted(payload) +
                         "\n    url: " + quoted('https://example.com/a?b="><script>alert(1)</script>&c=\'x') +
                         "\n    archive_url: " + quoted("HTTPS://web.archive.org/web/2009/" + "%3Cscript%3E"),
                   body=f"{payload}\n\n[link](JAVASCRIPT:alert(1)) [x](&#x6A;avascript:alert(1)) <a href='vbscript:x'>v</a>\n\n"
                        f"{{{{ 7*7 }}}} {attack}")
    # the helper above writes "sources" itself; the hostile list replaces it
    for path in site.content.glob("events/*.md"):
        text = path.read_text()
        path.write_text(text.replace("sources:\n  - title: A source\n    publisher: Reuters\n    url: https://example.com/a\n", "", 1))
    site.write("content/pages/about.md", "---\ntitle: " + quoted(attack) + "\n---\n" + "\n\n".join(payloads) + "\n")
    result = site.run("build")
    assert result.code == 0, result.err
    return site


def live_parts(document) -> list[str]:
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.split("}")[-1]
        if tag == "script":
            if element.get("type") in ("application/ld+json", "application/json"):  # data: JSON-LD, the scripts' words
                json.loads(element.text)  # content could not close the script early
            elif not (OUR_SCRIPT.fullmatch(element.get("src", "")) and not (element.text or "").strip()
                      or not element.attrib and element.text in OUR_INLINE):
                found.append(f"script {element.attrib} {element.text!r}")
        ours = (tag == "form" and element.get("role") == "search" and safe_url(element.get("action", ""))
                or tag == "input" and element.get("type") == "search"  # the site's own search box
                or tag == "style" and not element.attrib and element.text in OUR_INLINE
                or tag == "base" and element.attrib == {"target": "_top"})  # an embed's links leave its frame
        if tag in ("iframe", "object", "embed", "style", "form", "input", "base", "img", "frame", "applet") and not ours:
            found.append(tag)
        if tag == "meta" and element.get("http-equiv"):
            found.append("meta http-equiv")
        for name, value in element.attrib.items():
            name = name.split("}")[-1]
            if name.startswith("on") or name == "style":
                found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES:
                if not (safe_url(value) or (tag == "link" and OUR_ICON.fullmatch(value))):
                    found.append(f"{tag}[{name}={value!r}]")
    return found


def test_every_page_is_inert(hostile_site):
    pages = sorted(hostile_site.output.rglob("*.html"))
    assert len(pages) > len(HOSTILE)
    for page in pages:
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        assert live_parts(document) == [], page


def test_template_syntax_and_markup_appear_as_text(hostile_site):
    page = hostile_site.read("events/2009-05-01-hostile-00/index.html")
    document = html5lib.parse(page, namespaceHTMLElements=False)
    assert "".join(next(document.iter("h1")).itertext()) == f"{HOSTILE[0]} #0"
    body = "".join(document.find(".//div[@class='body']").itertext())
    # Markdown may read the asterisks as emphasis; what matters is that nothing was evaluated.
    assert "{{ 7" in body and "{% if 1 %}x{% endif %}" in body and "49" not in body


def test_zero_width_tag_becomes_a_clean_slug(hostile_site):
    assert (hostile_site.output / "tags/zero-width-tag/index.html").is_file()


def test_feeds_sitemap_and_json_stay_well_formed(hostile_site):
    for path in ["feed.xml", "actors/nato/feed.xml", "tags/diplomacy/feed.xml", "sitemap.xml"]:
        ElementTree.fromstring((hostile_site.output / path).read_bytes())
    feed = ElementTree.fromstring((hostile_site.output / "feed.xml").read_bytes())
    for content in feed.iter("{http://www.w3.org/2005/Atom}content"):
        assert live_parts(html5lib.parseFragment(content.text or "", namespaceHTMLElements=False)) == []
    data = json.loads(hostile_site.read("timeline.json"))
    assert any(e["title"].startswith("<script>alert(1)</script>") for e in data["events"])


def test_every_oembed_answer_is_json_whose_html_holds_only_our_frame_and_link(hostile_site):
    answers = sorted(hostile_site.output.rglob("oembed.json"))
    assert len(answers) > len(HOSTILE)
    for path in answers:
        answer = json.loads(path.read_text())   # a title cannot break out of its string
        document = html5lib.parse(answer["html"], namespaceHTMLElements=False)
        tags = [e.tag for e in document.iter() if isinstance(e.tag, str)]
        assert tags.count("iframe") == 1 and "script" not in tags, path
        [frame] = document.iter("iframe")
        assert frame.get("src").startswith("https://example.org/embed/") and set(frame.attrib) == \
            {"src", "title", "height", "style", "loading"}, path
        rest = [e for e in document.iter() if isinstance(e.tag, str) and e.tag != "iframe"]
        assert live_parts_of(rest) == [], path


def live_parts_of(elements) -> list[str]:
    found = []
    for element in elements:
        for name, value in element.attrib.items():
            if name.startswith("on") or name == "style" or (name in URL_ATTRIBUTES and not safe_url(value)):
                found.append(f"{element.tag}[{name}]")
    return found
