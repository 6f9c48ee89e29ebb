"""Turn a generated corpus into an equivalent Hugo project with minimal templates.

Event pages, the timeline (every event), year sections, actor and tag term pages,
feeds and a sitemap: the same kinds of page our build makes, so the two can be
timed against each other on the same content.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

CONFIG = """baseURL = "https://bench.example.org/"
title = "Generated timeline"
disableKinds = []
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
SINGLE = """{{ define "main" }}<article><p class="when">{{ .Date.Format "2 January 2006" }}</p><h1>{{ .Title }}</h1>
<p class="lead">{{ .Summary | plainify | truncate 200 }}</p>
<ul>{{ range .GetTerms "actors" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<div class="body">{{ .Content }}</div>
<ol>{{ range .Params.sources }}<li><a href="{{ .url }}">{{ .title }}</a>. {{ .publisher }}.</li>{{ end }}</ol>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages.ByDate }}<li><time>{{ .Date.Format "2 January 2006" }}</time>
<a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary | plainify | truncate 200 }}</p></li>{{ end }}</ol>{{ end }}
"""
HOME = """{{ define "main" }}<h1>{{ site.Title }}</h1><ol>{{ range (where site.RegularPages "Section" "events").ByDate }}
<li><time>{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
"""


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
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body)
    return target
