"""Every page family's URL, relative to the site's root, in one place.

pages.py plans pages at these paths and templates link to them through the
`paths` global, which is this module (`{{ url(paths.actor(actor_id)) }}`), so
nothing else spells a URL out. A URL ending in "/" is a folder served as its index.html. The slugs a
plain page may not take are derived from the families below, so a new family
reserves its name by being listed here.
"""
from __future__ import annotations

HOME = ""
ACTORS = "actors/"
TAGS = "tags/"
SEARCH = "search/"
LANES = "lanes/"   # the overview's second view: events in a lane per actor
SEARCH_BUNDLE = "pagefind/"   # Pagefind's output folder, made by the search step
SEARCH_SCRIPT = f"{SEARCH_BUNDLE}pagefind.js"
STATIC = "static/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
DATA = "timeline.json"
EMBED = "embed/"              # pages made to sit inside other sites' pages (iframes); listed nowhere
EMBED_HOST_SCRIPT = f"{EMBED}host.js"   # the host page's optional script: a fixed name, since it is pasted elsewhere
OEMBED = "oembed.json"        # beside each embeddable page: its oEmbed answer, a static file
DOWNLOADS = "data/"           # the open data: tables, calendars, the JSON Schema of timeline.json
EVENTS_CSV = f"{DOWNLOADS}events.csv"
EVENTS_ICS = f"{DOWNLOADS}events.ics"
DATA_SCHEMA = f"{DOWNLOADS}timeline.schema.json"
PREVIEW_HOST = "127.0.0.1"   # where `serve` listens unless given --host and --port
PREVIEW_PORT = 8000


def event(slug: str) -> str:
    return f"events/{slug}/"


def year(number: int) -> str:
    return f"years/{number}/"


def actor(actor_id: str) -> str:
    return f"{ACTORS}{actor_id}/"


def tag(tag_id: str) -> str:
    return f"{TAGS}{tag_id}/"


def page(slug: str) -> str:
    return f"{slug}/"


def numbered(base: str, number: int) -> str:
    """The number-th page of a list that continues over several: base, base/page/2/, ..."""
    return base if number == 1 else f"{base}page/{number}/"


ORDERS = ("oldest", "newest")   # the orders a list of events is shown in; the first is its own URL's


def in_order(base: str, order: str) -> str:
    """The list at base (the timeline, a year) in an order: oldest first at base itself, newest first at
    base/newest/, a page of its own, so that the other order is a plain link that works without scripts.
    It is the same list, so it names base as its canonical page and the sitemap leaves it out."""
    return f"{base}newest/" if order == "newest" else base


def feed(base: str = HOME) -> str:
    """The Atom feed of the list at base: the site's, an actor's or a topic's."""
    return f"{base}{FEED}"


def static(published_name: str) -> str:
    return f"{STATIC}{published_name}"


def year_id(number: int) -> str:
    """The id of a year's heading in a list of events."""
    return f"year-{number}"


def event_id(slug: str) -> str:
    """The id of an event's item in a list of events. A dated slug is its own id, as it always was, so
    links to #2009-05-06-... keep working; every id the templates or a text write starts with a letter.
    A slug set by hand may be any word ("main"), so it gets a prefix that keeps it clear of those."""
    return slug if slug[:1].isdigit() else f"event-{slug}"


def year_anchor(number: int) -> str:
    """The year's heading on the timeline page, which lists every year when it is not split."""
    return f"#{year_id(number)}"


def on_timeline(slug: str) -> str:
    """The event's item on the timeline page."""
    return f"{HOME}#{event_id(slug)}"


SOURCES_ID = "sources-heading"   # the id of the sources' heading on an event's page


def event_sources(slug: str) -> str:
    """The sources on an event's page."""
    return f"{event(slug)}#{SOURCES_ID}"


def embed(url: str) -> str:
    """The embeddable version of the page at url: the timeline (HOME) is embed/, an event, an actor's or a
    topic's list a file named for its page (embed/events/<slug>.html). Files, not folders: an embed is no
    address for readers to type, and thousands of event cards then cost no folder each."""
    return f"{EMBED}{url.removesuffix('/')}.html" if url else EMBED


def oembed(url: str) -> str:
    """The oEmbed answer for the embeddable page at url, beside it."""
    return f"{url}{OEMBED}"


def calendar(url: str) -> str:
    """The calendar of the events listed at url, an actor's or a topic's page: data/actors/<id>.ics."""
    return f"{DOWNLOADS}{url.removesuffix('/')}.ics"


def link(base_path: str, url: str) -> str:
    """url as linked from the site's pages, which are served under base_path ("/" or "/timeline/")."""
    return base_path + url.lstrip("/")


def absolute(base_url: str, url: str) -> str:
    """url as an absolute address, for feeds, sitemaps and canonical links."""
    return base_url + url.lstrip("/")


def preview(url: str) -> str:
    """url as `serve` shows it at its default address. The preview serves the site at its root as well
    as under the base URL's path, so this holds whatever base_url site.yaml gives."""
    return f"http://{PREVIEW_HOST}:{PREVIEW_PORT}/{url.lstrip('/')}"


def file_path(url: str) -> str:
    """The file a URL is served from: a folder's index.html, or the file itself."""
    return url + "index.html" if url == HOME or url.endswith("/") else url


def url_of(path: str) -> str:
    """The URL a file is linked as: its folder for an index.html."""
    return path.removesuffix("index.html")


# Files every language shares: one search bundle (Pagefind keeps an index per language inside it), one set of
# static files, one sitemap (listing every language's pages) and one robots.txt, as crawlers read it at the root.
# The embeds' host script and the JSON Schema are the same for every language too.
SHARED = (SEARCH_BUNDLE, STATIC, SITEMAP, ROBOTS, EMBED_HOST_SCRIPT, DATA_SCHEMA)


def in_language(code: str, default: str, url: str) -> str:
    """url (as the default language has it) in language code: the default's at the root, another's under
    <code>/. Shared files are the same for every language. url is never one already under a language's
    folder: pages and templates spell every URL without one, and this is the one place that adds it."""
    if code == default or url.startswith(SHARED):
        return url
    return f"{code}/{url}"


def _first_segment(url: str) -> str:
    return url.split("/", 1)[0]


# A plain page at <slug>/ must not land in another family's folder or take a file's name.
RESERVED_PAGE_SLUGS = frozenset(_first_segment(url) for url in (
    event("x"), year(2000), actor("x"), tag("x"), numbered(HOME, 2), in_order(HOME, "newest"), static("x"), SEARCH, LANES,
    SEARCH_BUNDLE, FEED, SITEMAP, ROBOTS, NOT_FOUND, DATA, EMBED, OEMBED, DOWNLOADS)) | {NOT_FOUND.removesuffix(".html")}
