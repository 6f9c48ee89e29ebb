"""Turn a generated corpus into an equivalent Hugo project with minimal templates.

Event pages, the timeline (every event), year sections, actor and tag term pages,
feeds and a sitemap: the same kinds of page our build makes, so the two can be
timed against each other on the same content. Feeds are on (Hugo's default: one
for the site, each section, actor and tag), each holding the latest 50 entries as
ours do. The families issues 17 and 20 added to ours are Hugo output formats here:
an embed card and an oEmbed answer beside every event, actor and tag page, a
calendar (ICS) of the site and of each actor and tag, the table (CSV) of every
event, and a newest-first twin of the timeline and of each year's page; only the
lanes pages (25 at 5,000 events) have no counterpart. Event pages carry Pagefind's marks as ours do (data-pagefind-body, the
year, actor and tag filters, the date), so Pagefind run over Hugo's output
indexes the same pages with the same filters: what a Hugo user adding search does.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

CONFIG = """baseURL = "https://bench.example.org/"
title = "Generated timeline"
disableKinds = []
[services.rss]
  limit = 50
[outputFormats.embed]
  mediaType = "text/html"
  baseName = "embed"
  isHTML = true
  notAlternative = true
[outputFormats.oembed]
  mediaType = "application/json"
  baseName = "oembed"
  notAlternative = true
[outputFormats.newest]
  mediaType = "text/html"
  baseName = "newest"
  isHTML = true
  notAlternative = true
[outputFormats.table]
  mediaType = "text/csv"
  baseName = "events"
  notAlternative = true
[outputs]
  home = ["html", "rss", "calendar", "table", "newest", "oembed", "embed"]
  section = ["html", "rss", "newest"]
  page = ["html", "embed", "oembed"]
  taxonomy = ["html"]
  term = ["html", "rss", "calendar", "embed", "oembed"]
[taxonomies]
  actor = "actors"
  tag = "tags"
[markup.goldmark.extensions]
  typographer = true
  footnote = true
  table = true
[markup.goldmark.parser.attribute]
  block = true
"""
BASEOF = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<article data-pagefind-body data-pagefind-filter="year:{{ .Date.Year }}" data-pagefind-meta="date:{{ .Date.Format "2 January 2006" }}">
<p class="when">{{ .Date.Format "2 January 2006" }}</p><h1>{{ .Title }}</h1>
<p class="lead" data-pagefind-meta="summary">{{ .Summary | plainify | truncate 200 }}</p>
<ul>{{ range .GetTerms "actors" }}<li><a href="{{ .RelPermalink }}" data-pagefind-filter="actor">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}" data-pagefind-filter="tag">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<div class="body">{{ .Content }}</div>
<ol data-pagefind-ignore>{{ range .Params.sources }}<li><a href="{{ .url }}">{{ .title }}</a>. {{ .publisher }}.</li>{{ end }}</ol>
<nav data-pagefind-ignore>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages.ByDate }}<li><time>{{ .Date.Format "2 January 2006" }}</time>
<a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary | plainify | truncate 200 }}</p></li>{{ end }}</ol>{{ end }}
"""
HOME = """{{ define "main" }}<h1>{{ site.Title }}</h1><ol>{{ range (where site.RegularPages "Section" "events").ByDate }}
<li><time>{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
"""
CARD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><base target="_top">
<title>{{ .Title }}</title></head><body><article><p class="when">{{ .Date.Format "2 January 2006" }}</p>
<h1><a href="{{ .Permalink }}">{{ .Title }}</a></h1><p>{{ .Summary | plainify | truncate 200 }}</p></article></body></html>
"""
LIST_CARD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><base target="_top">
<title>{{ .Title }}</title></head><body><h1><a href="{{ .Permalink }}">{{ .Title }}</a></h1><ol>{{ range last 200 .Pages.ByDate }}
<li><time>{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .Permalink }}">{{ .Title }}</a></li>{{ end }}</ol></body></html>
"""
OEMBED = """{{ dict "version" "1.0" "type" "rich" "title" .Title "provider_name" site.Title "provider_url" site.BaseURL "width" 600 "height" 420 "html" (printf "<iframe src=%q width=600 height=420></iframe>" (.Permalink | printf "%sembed.html")) | jsonify }}
"""
CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//bench//hugo//EN\r
{{ range .Pages.ByDate }}BEGIN:VEVENT\r
UID:{{ .File.ContentBaseName }}@bench.example.org\r
DTSTART;VALUE=DATE:{{ .Date.Format "20060102" }}\r
SUMMARY:{{ .Title }}\r
DESCRIPTION:{{ .Summary | plainify | truncate 200 }}\r
URL:{{ .Permalink }}\r
END:VEVENT\r
{{ end }}END:VCALENDAR\r
"""
TABLE = """slug,url,date,title,summary,actors,tags
{{ range (where site.RegularPages "Section" "events").ByDate }}{{ .File.ContentBaseName }},{{ .Permalink }},{{ .Date.Format "2006-01-02" }},"{{ replace .Title `"` `""` }}","{{ replace (.Summary | plainify) `"` `""` }}",{{ delimit (.Params.actors | default slice) " " }},{{ delimit (.Params.tags | default slice) " " }}
{{ end }}"""


def convert(corpus: Path, target: Path) -> Path:
    """Write target/ as a Hugo project holding the corpus's events (dates filled out to a day)."""
    if target.exists():
        shutil.rmtree(target)
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (target / "hugo.toml").write_text(CONFIG)
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST),
                       ("taxonomy.html", LIST), ("term.html", LIST)):
        (layouts / name).write_text(text)
    (layouts / "home.html").write_text(HOME)
    (layouts / "home.newest.html").write_text(HOME.replace(".ByDate", ".ByDate.Reverse"))
    (layouts / "list.newest.html").write_text(LIST.replace(".Pages.ByDate", ".Pages.ByDate.Reverse"))
    (layouts / "home.table.csv").write_text(TABLE)
    (layouts / "home.calendar.ics").write_text(CALENDAR.replace(".Pages.ByDate", '(where site.RegularPages "Section" "events").ByDate'))
    for kind in ("list", "term"):
        (layouts / f"{kind}.calendar.ics").write_text(CALENDAR)
    (layouts / "single.embed.html").write_text(CARD)
    for kind in ("home", "term"):
        (layouts / f"{kind}.embed.html").write_text(LIST_CARD.replace(".Pages.ByDate", '(where site.RegularPages "Section" "events").ByDate') if kind == "home" else LIST_CARD)
    for kind in ("single", "home", "term"):
        (layouts / f"{kind}.oembed.json").write_text(OEMBED)
    for source in sorted((corpus / "content" / "events").rglob("*.md")):
        text = source.read_text()
        _, front, body = text.split("---\n", 2)
        data = yaml.load(front, Loader=yaml.CSafeLoader)
        date = str(data["date"])
        date += "-01-01" if len(date) == 4 else "-01" if len(date) == 7 else ""
        data["date"] = date
        data.pop("end_date", None)
        data.pop("related", None)
        out = target / "content" / "events" / source.parent.name / source.name
        if not out.parent.is_dir():  # a year section, with its list page and feed, as our year pages
            out.parent.mkdir(parents=True)
            (out.parent / "_index.md").write_text(f"---\ntitle: {source.parent.name}\n---\n")
        out.write_text("---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body)
    return target
