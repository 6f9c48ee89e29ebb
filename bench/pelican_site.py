"""Turn a generated corpus into an equivalent Pelican project, with Pelican's own theme.

Articles with their dates, actors as Pelican's authors (one page and feed each,
like our actor pages), tags with pages and feeds, year archives, the same
Markdown extensions: the same kinds of page our build makes, so the two can be
timed against each other on the same content.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

CONFIG = """SITENAME = "Generated timeline"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%d %B %Y"
ARTICLE_URL = ARTICLE_SAVE_AS = "events/{slug}/index.html"
AUTHOR_URL = AUTHOR_SAVE_AS = "actors/{slug}/index.html"
TAG_URL = TAG_SAVE_AS = "tags/{slug}/index.html"
YEAR_ARCHIVE_SAVE_AS = "years/{date:%Y}/index.html"
FEED_ALL_ATOM = "feed.xml"
AUTHOR_FEED_ATOM = "actors/{slug}/feed.xml"
TAG_FEED_ATOM = "tags/{slug}/feed.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 20
DEFAULT_PAGINATION = 200
SUMMARY_MAX_LENGTH = 40
MARKDOWN = {
    "extension_configs": {"markdown.extensions.footnotes": {}, "markdown.extensions.tables": {},
                          "markdown.extensions.attr_list": {}, "markdown.extensions.smarty": {}},
    "output_format": "html5",
}
"""


def convert(corpus: Path, target: Path) -> Path:
    """Write target/ as a Pelican project holding the corpus's events (dates filled out to a day)."""
    if target.exists():
        shutil.rmtree(target)
    (target / "content").mkdir(parents=True)
    (target / "pelicanconf.py").write_text(CONFIG)
    for source in sorted((corpus / "content" / "events").rglob("*.md")):
        _, front, body = source.read_text().split("---\n", 2)
        data = yaml.load(front, Loader=yaml.CSafeLoader)
        date = str(data["date"])
        date += "-01-01" if len(date) == 4 else "-01" if len(date) == 7 else ""
        header = [f"Title: {data['title']}", f"Date: {date}", f"Slug: {source.stem}", "Category: events",
                  f"Authors: {'; '.join(data.get('actors', []))}", f"Tags: {', '.join(data.get('tags', []))}"]
        out = target / "content" / source.parent.name / source.name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(header) + "\n\n" + body)
    return target
