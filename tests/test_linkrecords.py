"""content/sources.yaml: its format, how every build reads it, and what readers and `check` then see."""
from __future__ import annotations

import os

import pytest

from tests.conftest import event_text
from timeline.linkrecords import LinkRecord, parse_records, records_text
from timeline.links import is_web_url

RECORDS = '''\
"https://example.com/a":
  status: dead
  checked: "2026-05-01T10:22:05Z"
  code: 404
  note: "HTTP 404"
'''
ARCHIVED = """\
    archive_url: https://web.archive.org/web/20090507083000/https://example.com/a
    archive_date: 2009-05-07
"""


def test_records_round_trip_sorted_one_entry_per_address():
    records = {"https://b.example/x": LinkRecord("ok", "2026-05-01T00:00:00Z", 200, None, "0123456789012345"),
               "http://a.example/?q=1#f": LinkRecord("moved", "2026-04-01T00:00:00Z", 200, "https://a.example/new",
                                                     None, "permanent redirect to https://a.example/new")}
    text = records_text(records)
    assert text.index('"http://a.example/?q=1#f":') < text.index('"https://b.example/x":')
    assert '  fingerprint: "0123456789012345"\n' in text  # quoted: sixteen digits would read as a number
    assert parse_records(text, "sources.yaml") == (records, [])


@pytest.mark.parametrize("text, line, message", [
    ('"https://x.org/":\n  status: gone\n  checked: "2026-05-01T10:22:05Z"\n', 2, 'status: "gone" is not one of ok, moved'),
    ('"https://x.org/":\n  status: ok\n  checked: "2026-02-30T10:22:05Z"\n', 3, "is not a UTC time"),
    ('"https://x.org/":\n  status: ok\n', 2, "checked: required key is missing"),
    ('"https://x.org/":\n  status: ok\n  checked: "2026-05-01T10:22:05Z"\n  fingerprint: "xyz"\n', 4, "not 16 hexadecimal"),
    ('"https://x.org/":\n  status: ok\n  checked: "2026-05-01T10:22:05Z"\n  cheked: 1\n', 4, "cheked: unknown key"),
    ('"ftp://x.org/":\n  status: ok\n', 1, "expected a source address"),
    ('"https://x.org/": [1]\n', 1, "expected status, checked"),
    ('"https://x.org/":\n  status: ok\n"https://x.org/":\n  status: ok\n', 3, "key appears twice"),
])
def test_a_broken_records_file_is_reported_with_line(text, line, message):
    records, problems = parse_records(text, "content/sources.yaml")
    assert any(p.line == line and message in p.message for p in problems), problems


def test_the_records_file_is_not_an_event_and_a_clean_site_stays_clean(site):
    site.write("content/sources.yaml", RECORDS.replace("status: dead", "status: ok").replace("  code: 404\n", ""))
    result = site.run("check", "--strict")
    assert result.code == 0 and result.out.startswith("Checked 3 events: no problems"), result.err


def test_a_broken_records_file_stops_the_build_naming_file_and_line(site):
    site.write("content/sources.yaml", RECORDS.replace("status: dead", "status: deadish"))
    result = site.run("build")
    assert result.code == 1
    assert 'content/sources.yaml:2: https://example.com/a: status: "deadish" is not one of' in result.err


def test_the_records_file_is_read_like_every_content_file(site, tmp_path):
    os.mkfifo(site.content / "sources.yaml")  # a FIFO would hang a plain open()
    result = site.run("check")
    assert result.code == 1 and "content/sources.yaml: is a named pipe (FIFO), not a file" in result.err


def archived_lavrov(site, lines: str = ARCHIVED) -> None:
    """The fixture's Lavrov event with lines added to its source."""
    text = event_text(title="Lavrov news conference", actors="[Sergey Lavrov, russia]")
    site.write("content/events/2009-05-06-lavrov-news-conference.md",
               text.replace("    url: https://example.com/a\n", "    url: https://example.com/a\n" + lines))


def source_item(site, slug):
    html = site.read(f"events/{slug}/index.html")
    start = html.index('<section class="sources"')
    return html[start:html.index("</section>", start)]


def test_a_dead_source_without_a_copy_is_marked_and_warned_about(site):
    site.write("content/sources.yaml", RECORDS)
    result = site.run("build", "--no-search")
    assert result.code == 0
    assert ("content/events/2009-05-06-lavrov-news-conference.md:7: warning: sources[0]: https://example.com/a was dead "
            "when checked on 2026-05-01 (HTTP 404) and has no archived copy") in result.err
    item = source_item(site, "2009-05-06-lavrov-news-conference")
    assert '<strong class="source-mark">Link unavailable:</strong>' in item and "data-versionurl" not in item
    assert site.run("check", "--strict").code == 1


def test_a_dead_source_with_a_copy_links_the_copy_and_keeps_the_original_marked(site):
    site.write("content/sources.yaml", RECORDS)
    archived_lavrov(site)
    result = site.run("check")
    assert result.code == 0 and "lavrov" not in result.err  # the other two events cite the address without a copy
    assert "2008-08-19-nrc-suspended.md:7: warning: sources[0]: https://example.com/a was dead" in result.err
    assert site.run("build", "--no-search").code == 0
    item = source_item(site, "2009-05-06-lavrov-news-conference")
    assert ('<cite><a href="https://web.archive.org/web/20090507083000/https://example.com/a" rel="noopener" '
            'data-originalurl="https://example.com/a" data-versiondate="2009-05-07">A source</a></cite>') in item
    assert ('the <a href="https://example.com/a" rel="noopener" class="source-original">original address</a> '
            'no longer works') in item


def test_a_live_source_with_a_copy_carries_robust_links_attributes(site):
    archived_lavrov(site)
    assert site.run("build", "--no-search").code == 0
    item = source_item(site, "2009-05-06-lavrov-news-conference")
    assert ('<a href="https://example.com/a" rel="noopener" data-versionurl="https://web.archive.org/web/20090507083000/'
            'https://example.com/a" data-versiondate="2009-05-07">A source</a>') in item
    assert "data-originalurl" not in item and "source-mark" not in item
    # timeline.json carries the keys the file gave, not the records
    assert '"archive_date":"2009-05-07"' in site.read("timeline.json") and '"record"' not in site.read("timeline.json")


def test_the_capture_day_is_read_from_a_wayback_address_without_archive_date(site):
    archived_lavrov(site, "    archive_url: https://web.archive.org/web/20100102030405/https://example.com/a\n")
    assert site.run("build", "--no-search").code == 0
    assert 'data-versiondate="2010-01-02"' in source_item(site, "2009-05-06-lavrov-news-conference")


def test_require_archive_makes_every_missing_copy_an_error(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nrequire_archive: true\n")
    archived_lavrov(site)
    result = site.run("check")
    assert result.code == 1
    assert ("content/events/2008-08-19-nrc-suspended.md:7: sources[0]: https://example.com/a has no archive_url "
            "(site.yaml requires one) (run build.py sources --archive)") in result.err
    assert "lavrov" not in result.err
    site.write("content/sources.yaml", RECORDS)
    archived_lavrov(site, "")
    assert "was dead when checked on 2026-05-01 (HTTP 404) and has no archived copy" in site.run("check").err


def test_a_new_check_changes_the_page_in_the_preview_memo(site):
    """The records are an input of the event's page key: a re-check re-renders it, on the same memo."""
    from timeline import pipeline
    from timeline.memo import Memo
    from timeline.sinks import Nowhere
    options = pipeline.Options(content_dir=site.content, config_path=site.root / "site.yaml", search=False)
    memo = Memo()
    first = pipeline.run(options, memo, Nowhere())
    page = "events/2009-05-06-lavrov-news-conference/index.html"
    before = memo.last_plan.keys[page]
    site.write("content/sources.yaml", RECORDS)
    second = pipeline.run(options, memo, Nowhere())
    assert memo.last_plan.keys[page] != before and first.problems == [] and len(second.problems) == 3


@pytest.mark.parametrize("odd", ["\x7f", "\x80\x9f", "\u2028", "\ufeff", "é Россия 北约", "\\", '"', "\x85"])
def test_any_character_a_record_holds_is_written_so_it_reads_back(odd):
    url = f"https://example.org/{odd.replace(' ', '')}"
    url = url if is_web_url(url) else "https://example.org/"
    records = {url: LinkRecord("ok", "2026-05-01T00:00:00Z", 200, f"https://example.org/{odd}b", None, f"a{odd}b")}
    assert parse_records(records_text(records), "sources.yaml") == (records, [])
