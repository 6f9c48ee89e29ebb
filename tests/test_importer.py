"""The import command: saved articles (fixtures written for these tests) -> draft events."""
from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from timeline.content import parse_event
from timeline.importer import comment_block
from timeline.markup import render_markdown

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"

# Like the shipped actors.yaml: short aliases, a capital city, a surname that is also a word, Cyrillic.
ACTORS = """\
nato:
  name: NATO
  kind: organization
  aliases: [North Atlantic Treaty Organization, the Alliance, НАТО]
nato-information-office:
  name: NATO Information Office in Moscow
  kind: organization
  aliases: [NIO, NATO Information Office]
european-union:
  name: European Union
  kind: organization
  aliases: [EU, ЕС]
russia:
  name: Russia
  kind: country
  aliases: [Russian Federation, Moscow, the Kremlin, Россия, РФ]
united-states:
  name: United States
  kind: country
  aliases: [US, USA, Washington, США]
sergei-lavrov:
  name: Sergei Lavrov
  kind: person
  aliases: [Sergey Lavrov, Lavrov, Сергей Лавров, Лавров]
lawrence-cannon:
  name: Lawrence Cannon
  kind: person
  aliases: [Cannon]
"""


@pytest.fixture
def newsroom(site):
    """The fixture site with the actors above."""
    site.write("content/actors.yaml", ACTORS)
    return site


def imported(site, fixture: str, *args: str):
    return site.run("import", str(FIXTURES / fixture), *args)


def front_matter(text: str) -> str:
    return text.split("\n---\n", 1)[0] + "\n---\n"


def article_part(text: str) -> str:
    return text.split("Article text:", 1)[1]


# ---- the five shapes of article ---------------------------------------------------------

def test_seed_shaped_copy_gives_a_clean_draft(newsroom):
    result = imported(newsroom, "seed-shape.txt", "--year", "2011", "--dry-run")
    assert result.code == 0, result.err
    draft = result.out
    head = front_matter(draft)
    assert 'title: "Moscow keeps door open to NATO despite envoy row - Lavrov"\ndate: 2011-03-12\n' in head
    assert "actors: [sergei-lavrov, russia, nato, united-states]\n" in head
    assert '    publisher: "Northwind"\n' in head and "#     date: 2011-03-12\n" in head
    assert "draft: true\n" in head and "# summary:" in head
    text = article_part(draft)
    for furniture in ("- Northwind Wire", "Fresh reporting", "Subscribe", "Newsfeed", "\n0\n", "To join the conversation",
                      "sign in", "loader", "Chats", "Перейти"):
        assert furniture not in text, furniture
    lead = "Russia is still ready to work with NATO even after the alliance sent home two of its envoys"
    assert text.count(lead) == 1
    assert "\nMOSCOW, March 12 (Northwind) - " + lead in text
    assert text.strip().endswith('"We will respond calmly and in proportion," he said.\n-->'.strip())
    assert '- Sergei Lavrov: “Every time we come close to a normal agenda, somebody finds a reason to derail it”' in draft
    assert '- Sergei Lavrov: “We will respond calmly and in proportion”' in draft
    assert "would write content/events/2011/2011-03-12-moscow-keeps-door-open-to-nato-despite-envoy-row-lavrov.md" in result.err
    assert not (newsroom.content / "events" / "2011").exists()


def test_html_with_open_graph_and_json_ld(newsroom):
    result = imported(newsroom, "og-jsonld.html", "--dry-run")
    assert result.code == 0, result.err
    head = front_matter(result.out)
    assert 'title: "Alliance freezes council meetings with Moscow"\ndate: 2008-08-19\n' in head
    assert ('sources:\n  - title: "Alliance freezes council meetings with Moscow"\n    publisher: "The Northern Ledger"\n'
            '    url: "https://ledger.example.com/world/2008/alliance-freezes-council"\n    date: 2008-08-19\n'
            '    language: "en"\n') in head
    assert head.startswith("---\ntitle:") and "actors: [russia, nato, sergei-lavrov]" in head
    text = article_part(result.out)
    for furniture in ("cookie", "Accept all", "Home", "Subscribe", "Related stories", "Ministers gather", "Share on",
                      "All rights reserved", "Newsletter", "By Dana Example"):
        assert furniture not in text, furniture
    assert text.count("Alliance freezes council meetings") == 0
    assert "BRUSSELS, Aug 19 (Ledger) - Foreign ministers" in text
    assert "- a senior NATO diplomat: “We cannot carry on as if nothing had happened”" in result.out


def test_wire_story_pasted_as_text(newsroom):
    url = "https://wire.example.com/world/russia-shuts-nato-offices-2021-10-18/"
    result = imported(newsroom, "wire-reuters.txt", "--url", url, "--dry-run")
    assert result.code == 0, result.err
    head = front_matter(result.out)
    assert 'title: "Russia shuts NATO offices in Moscow in tit-for-tat move"\ndate: 2021-10-18\n' in head
    assert f'    publisher: "Reuters"\n    url: "{url}"\n    date: 2021-10-18\n' in head
    assert "actors: [nato, russia, sergei-lavrov]" in head
    text = article_part(result.out)
    for furniture in ("Markets", "Technology", "By Ann Example", "Min Read", "Reporting by", "Editing by",
                      "Related Coverage", "trims Russian mission"):
        assert furniture not in text, furniture
    assert "MOSCOW (Reuters) - Russia will close the NATO offices" in text
    assert "- Sergei Lavrov: “The responsibility lies with them.”" in result.out


def test_russian_page_matches_cyrillic_aliases(newsroom):
    result = imported(newsroom, "russian.html", "--url", "https://vestnik.example.ru/2009/05/06/lavrov/")
    assert result.code == 0, result.err
    path = newsroom.root / result.out.strip()
    assert path == newsroom.content / "events/2009/2009-05-06-lavrov-rossiia-ne-otkazyvaetsia-ot-dialoga-s-nato.md"  # ICAO 9303
    draft = path.read_text(encoding="utf-8")
    head = front_matter(draft)
    assert 'title: "Лавров: Россия не отказывается от диалога с НАТО"\ndate: 2009-05-06\n' in head
    assert "actors: [sergei-lavrov, russia, nato]" in head
    assert '    publisher: "Вестник Примеров"\n' in head and '    language: "ru"\n' in head
    # "Лаврова" and "России" are the same actors as "Лавров" and "Россия".
    assert "Actors named (mentions): sergei-lavrov 4, russia 3, nato 3" in draft
    assert "- Sergei Lavrov: “Мы готовы к равноправному разговору" in draft
    for furniture in ("cookie", "Главная", "Поделиться", "English version"):
        assert furniture not in article_part(draft), furniture
    assert newsroom.run("check", "--drafts").code == 0


def test_article_without_a_date_is_written_where_the_build_skips_it(newsroom):
    result = imported(newsroom, "no-date.txt", "--publisher", "Example Review")
    assert result.code == 0, result.err
    assert "no year found in the article; the date is left for you to fill in" in result.err
    relative = "content/events/_incomplete/YYYY-MM-DD-why-the-alliance-keeps-a-line-open-to-the-kremlin.md"
    assert result.out.strip() == relative
    draft = (newsroom.root / relative).read_text(encoding="utf-8")
    assert 'title: "Why the alliance keeps a line open to the Kremlin"\ndate: "YYYY-MM-DD"    # no year found' in draft
    assert "actors: [russia, nato]" in draft
    assert "- one Russian diplomat: “Talking is not a favour we do for each other, it is a necessity”" in draft
    for furniture in ("Opinion", "Analysis", "Tweet", "Comments (0)", "Log in", "Most read"):
        assert furniture not in article_part(draft), furniture
    # Until the curator finishes it, the draft cannot break anyone's build.
    assert newsroom.run("build", "--drafts", "-q").code == 0
    # The curator writes the date, the URL and the summary, and moves the file in.
    finished = (draft.replace('date: "YYYY-MM-DD"', "date: 2010-11")
                .replace("# summary: One sentence for the timeline.", "summary: Why talking still matters.")
                .replace("# sources:", "sources:").replace("#   - title:", "  - title:")
                .replace("#     publisher:", "    publisher:").replace('#     url: "..."', "    url: https://example.org/a"))
    newsroom.write("content/events/2010/2010-11-why-the-alliance-keeps-talking.md", finished)
    (newsroom.root / relative).unlink()
    checked = newsroom.run("check", "--drafts")
    assert checked.code == 0 and "no problems" in checked.out, checked.err



# Notepad and browsers' "save as" write UTF-16 or UTF-32 with a byte order mark; half their bytes are NUL.
MARKED_ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                    ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)]


@pytest.mark.parametrize("fixture, args", [("russian.html", ["--url", "https://vestnik.example.ru/2009/05/06/lavrov/"]),
                                           ("wire-reuters.txt", ["--url", "https://wire.example.com/a"])])
def test_an_article_saved_in_utf16_or_utf32_with_a_mark_gives_the_same_draft(newsroom, tmp_path, fixture, args):
    original = (FIXTURES / fixture).read_text(encoding="utf-8")
    drafts = {}
    for encoding, mark in MARKED_ENCODINGS:
        # A page saved in UTF-16 says so, as browsers write it; the mark decides either way.
        saved = tmp_path / f"{encoding}-{len(mark)}-{fixture}"
        saved.write_bytes(mark + original.replace('charset="utf-8"', f'charset="{encoding}"').encode(encoding))
        result = newsroom.run("import", str(saved), *args, "--dry-run")
        assert result.code == 0, (encoding, result.err)
        drafts[encoding, len(mark)] = result.out
    assert len(set(drafts.values())) == 1, {key: front_matter(draft)[:200] for key, draft in drafts.items()}
    assert ("Лавров: Россия не отказывается" if fixture == "russian.html" else "Russia shuts NATO offices") in drafts["utf-8", 0]


# ---- the draft in the content tree ---------------------------------------------------------

def test_draft_passes_check_and_its_comment_is_never_published(newsroom):
    result = imported(newsroom, "seed-shape.txt", "--year", "2011", "--url", "https://northwind.example.com/a")
    assert result.code == 0, result.err
    path = newsroom.root / result.out.strip()
    draft = path.read_text(encoding="utf-8")
    assert "\nsources:\n" in draft  # the URL completes the source
    assert newsroom.run("check", "--drafts").code == 0
    path.write_text(draft.replace("# summary: One sentence for the timeline.", "summary: Lavrov says Moscow stays open."),
                    encoding="utf-8")
    assert newsroom.run("check", "--drafts", "--strict").code == 0
    assert newsroom.run("build", "--drafts", "-q").code == 0
    built = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in newsroom.output.rglob("*") if p.is_file())
    assert "Moscow keeps door open to NATO despite envoy row" in built
    assert "Lavrov says Moscow stays open." in built
    for hidden in ("Imported article", "slamming any doors", "revoked the passes", "Quotations", "Actors named"):
        assert hidden not in built, hidden


def test_comment_cannot_be_closed_by_the_article(newsroom):
    article = ("Envoys trade blame over closed office\n\n"
               "MOSCOW, May 6 (Example) - Lavrov said the office would close --> <p>qqvisibleqq</p> <script>alert(4242)</script> today.\n\n"
               "Officials said a reply <!-- would --!> follow -- > within the week, and NATO declined to comment.\n")
    result = run_import_stdin(newsroom, article, "--year", "2009", "--url", "https://example.org/b")
    assert result.returncode == 0, result.stderr
    path = newsroom.root / result.stdout.decode().strip()
    event, problems = parse_event(path.read_text(encoding="utf-8"), "x.md")
    assert not problems
    assert "qqvisibleqq" not in event.body_html and "alert" not in event.body_html and "week" not in event.body_html
    assert newsroom.run("build", "--drafts", "-q").code == 0
    built = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in newsroom.output.rglob("*") if p.is_file())
    assert "Envoys trade blame" in built
    for hidden in ("qqvisibleqq", "alert(4242)", "within the week", "declined to comment"):
        assert hidden not in built, hidden


def run_import_stdin(site, text: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "import", "-", *args], cwd=site.root,
                          input=text.encode("utf-8"), capture_output=True, timeout=120)


def test_the_preview_address_is_printed_unless_the_build_skips_the_draft(newsroom):
    result = imported(newsroom, "wire-reuters.txt", "--url", "https://example.org/w")
    assert result.code == 0, result.err
    slug = Path(result.out.strip()).stem
    assert f"Preview: http://127.0.0.1:8000/events/{slug}/ (while build.py serve runs on its default port)\n" in result.err
    assert newsroom.run("build", "--drafts", "--no-search").code == 0
    assert (newsroom.output / "events" / slug / "index.html").is_file()
    incomplete = imported(newsroom, "no-date.txt", "--publisher", "Example Review")
    assert incomplete.code == 0 and "_incomplete/" in incomplete.out and "Preview:" not in incomplete.err
    assert "Preview:" not in imported(newsroom, "seed-shape.txt", "--year", "2011", "--dry-run").err


def test_never_overwrites(newsroom):
    first = imported(newsroom, "wire-reuters.txt", "--url", "https://example.org/w")
    assert first.code == 0
    path = newsroom.root / first.out.strip()
    path.write_text(path.read_text(encoding="utf-8") + "My notes.\n", encoding="utf-8")
    again = imported(newsroom, "wire-reuters.txt", "--url", "https://example.org/w")
    assert again.code == 1 and "already exists; nothing was written" in again.err
    assert path.read_text(encoding="utf-8").endswith("My notes.\n")


def test_stdin_text_with_a_date_option(newsroom):
    result = run_import_stdin(newsroom, (FIXTURES / "no-date.txt").read_text(encoding="utf-8"),
                              "--date", "2010-11-19", "--dry-run")
    assert result.returncode == 0
    assert b"date: 2010-11-19\n" in result.stdout and b"no year found" not in result.stderr


def test_year_alone_gives_a_year_date(newsroom):
    result = imported(newsroom, "no-date.txt", "--year", "2010", "--dry-run")
    assert result.code == 0 and 'date: "2010"\n' in result.out


def test_usage_errors(newsroom):
    assert imported(newsroom, "no-date.txt", "--date", "2010-11-19", "--year", "2010").code == 2
    bad_date = imported(newsroom, "no-date.txt", "--date", "19 Nov 2010")
    assert bad_date.code == 2 and "--date:" in bad_date.err
    assert imported(newsroom, "no-date.txt", "--year", "10").code == 2
    assert imported(newsroom, "no-date.txt", "--url", "ftp://example.org/").code == 2
    missing = newsroom.run("import", "nowhere.txt")
    assert missing.code == 1 and "nowhere.txt: cannot read" in missing.err


# ---- the rules, one at a time ------------------------------------------------------------------

def test_comment_block_is_dropped_by_the_renderer():
    block = comment_block(["Notes"], "a --> b <script>x</script> --!> c <!-- d")
    assert block.count("-->") == 1 and block.endswith("\n-->")
    assert render_markdown("Body.\n\n" + block + "\n").strip() == "<p>Body.</p>"

