"""Markdown -> sanitized HTML, and plain-text summaries cut from it."""
from __future__ import annotations

import html
import re
import threading
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .dropped import Dropped, dropped
from .schema import without_forbidden_characters
from .typography import smarten_tree

# Typographic quotes and dashes come from typography.py rather than the smarty extension:
# same choices on ordinary prose, at under half the cost (smarty was 60% of Markdown time).
EXTENSIONS = ("footnotes", "tables", "attr_list")
SUMMARY_LIMIT = 200

# What an event body may contain after rendering. No scripts, frames, forms,
# images or styles: a body is text with links, and links are http(s), mailto,
# or relative (no javascript:, vbscript:, data:).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "ol", "p", "pre", "q",
    "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "div", "mark",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"}, "abbr": {"title"}, "blockquote": {"cite"}, "q": {"cite"},
    "ol": {"start"}, "td": {"colspan", "rowspan", "align", "style"}, "th": {"colspan", "rowspan", "scope", "align", "style"},
    "sup": {"id"}, "li": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}
ALLOWED_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
# A table's column alignment (|:--|--:|) is written as style="text-align: ..." on its cells; nothing else
# in a style is kept.
ALLOWED_STYLES = {"text-align"}
# Removed with everything inside them; other tags that are not allowed go, and their text stays.
SWALLOWED_TAGS = frozenset({"script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript",
                            "textarea", "title"})
URL_SCHEMES = {"http", "https", "mailto"}
ID_PREFIX = "text-"  # ids written in an entry's text start with this (an update note's, with note1- ...)
_INLINE_TAGS = re.compile(r"</?(?:a|abbr|b|cite|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup)\b[^>]*>")
_TAGS = re.compile(r"<[^>]*>")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


class _DemoteHeadings(Treeprocessor):
    """Shift headings one level down: the page's own title is the only h1."""

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5"):
                element.tag = f"h{int(element.tag[1]) + 1}"


class _DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


class _Typography(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        smarten_tree(root)


class _TypographyExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.ESCAPED_CHARS.extend(['"', "'"])  # \" stays a straight quote, as with smarty
        # After attr_list has removed its braces, before escapes are restored as characters.
        md.treeprocessors.register(_Typography(md), "typography", 6)


# Python-Markdown runs every inline pattern's regular expression over every run of text, about 180 runs a
# body, though most runs hold none of the characters a pattern starts with. Each pattern below can only
# match where one of its characters is (read off its expression), so a run without them is passed over
# with a str.find: a fifth of the Markdown time, the same HTML. A pattern not listed is run as it is.
PATTERN_NEEDS = {
    "backtick": ("`",), "escape": ("\\",), "reference": ("[",), "link": ("[",), "image_link": ("![",),
    "image_reference": ("![",), "short_reference": ("[",), "short_image_ref": ("![",), "autolink": ("<",),
    "automail": ("<",), "linebreak": ("  \n",), "html": ("<",), "entity": ("&",), "em_strong": ("*", "_"),
    "footnote": ("[^",),
}


class _Needing:
    """A pattern's compiled expression, searched only in text holding one of the strings it needs."""

    __slots__ = ("compiled", "needs")

    def __init__(self, compiled: re.Pattern, needs: tuple[str, ...]):
        self.compiled, self.needs = compiled, needs

    def finditer(self, text: str, position: int = 0):
        for need in self.needs:
            if text.find(need, position) >= 0:
                return self.compiled.finditer(text, position)
        return iter(())

    def __getattr__(self, name: str):
        return getattr(self.compiled, name)


_local = threading.local()


def _converter() -> markdown.Markdown:
    # Building a Markdown instance is costly; reuse one per thread and reset it.
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=[*EXTENSIONS, _TypographyExtension(), _DemoteHeadingsExtension()],
                                           output_format="html")
        for name, needs in PATTERN_NEEDS.items():
            if name in md.inlinePatterns:
                pattern = md.inlinePatterns[name]
                pattern.compiled_re = _Needing(pattern.compiled_re, needs)
    return md


def render_markdown(text: str, id_prefix: str = ID_PREFIX) -> str:
    """Render Markdown to HTML that carries nothing live; ids written in it start with id_prefix."""
    return render_text(text, id_prefix)[0]


def render_text(text: str, id_prefix: str = ID_PREFIX) -> tuple[str, list[Dropped]]:
    """Render Markdown to HTML that carries nothing live, and say what the sanitizer left out, where."""
    md = _converter()
    try:
        raw = md.convert(text)
    finally:
        md.reset()
    cleaned = sanitize(raw, id_prefix)
    return cleaned, dropped(text, raw, cleaned, SWALLOWED_TAGS, id_prefix)


def sanitize(raw_html: str, id_prefix: str = ID_PREFIX) -> str:
    """Clean rendered HTML. Ids from the text ({: #main }, footnotes) get id_prefix, so they never collide
    with the page's own (the skip link's #main, aria-labelledby targets) nor with another text's on the
    same page; links to them follow, and links to anything else (#year-1999) are left as written. A
    character reference such as &#1; comes out of nh3 as the raw character, which no feed may carry:
    characters XML cannot hold are taken out."""
    cleaned = nh3.clean(raw_html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        allowed_classes=ALLOWED_CLASSES, url_schemes=URL_SCHEMES,
                        clean_content_tags=set(SWALLOWED_TAGS), filter_style_properties=ALLOWED_STYLES,
                        link_rel="noopener noreferrer",
                        attribute_filter=lambda element, attribute, value: _filter_attribute(attribute, value, id_prefix))
    own = set(_ID.findall(cleaned))
    if own:
        cleaned = _FRAGMENT_LINK.sub(lambda link: f'href="#{id_prefix}{link.group(1)}"'
                                     if id_prefix + link.group(1) in own else link.group(0), cleaned)
    return without_forbidden_characters(cleaned)


_ID = re.compile(r'\sid="([^"]*)"')
_FRAGMENT_LINK = re.compile(r'href="#([^"]+)"')


def _filter_attribute(attribute: str, value: str, id_prefix: str) -> str | None:
    # Browsers drop tabs and newlines inside URLs ("java\tscript:"); judge the scheme
    # the way a browser will see it, not the way the text looks.
    if attribute in ("href", "cite"):
        scheme = _SCHEME.match(_URL_NOISE.sub("", value))
        if scheme and scheme.group(1).lower() not in URL_SCHEMES:
            return None
    if attribute == "id":
        return id_prefix + value
    return value


def plain_text(fragment: str) -> str:
    """Strip tags and entities from an HTML fragment, folding white space."""
    return " ".join(html.unescape(_TAGS.sub(" ", _INLINE_TAGS.sub("", fragment))).split())


def first_paragraph_summary(body_html: str, limit: int = SUMMARY_LIMIT) -> str:
    """The body's first paragraph as plain text, cut at a word boundary."""
    match = _FIRST_PARAGRAPH.search(body_html)
    text = plain_text(match.group(1)) if match else plain_text(body_html)
    return shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"
