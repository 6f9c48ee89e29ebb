"""Importing again: a dry run answers as the real run would, and an earlier draft of the same article is
replaced when nobody edited it, pointed at when somebody did, and never touched when it is another article."""
from __future__ import annotations

import pytest

from tests.test_importer import imported, newsroom, run_import_stdin  # noqa: F401  (newsroom is a fixture)
from timeline.reimport import read_record, record_line, sign

INCOMPLETE = "content/events/_incomplete/YYYY-MM-DD-why-the-alliance-keeps-a-line-open-to-the-kremlin.md"
IN_2010 = "content/events/2010/2010-why-the-alliance-keeps-a-line-open-to-the-kremlin.md"
REMOVED = ": removed: an earlier draft of the same article, not edited since it was imported"
WOULD_BE_REMOVED = ": would be removed: an earlier draft of the same article, not edited since it was imported"


def test_a_dry_run_refuses_where_the_real_run_refuses(newsroom):
    first = imported(newsroom, "no-date.txt", "--year", "2010")
    assert first.out == IN_2010 + "\n"
    real = imported(newsroom, "no-date.txt", "--year", "2010")
    dry = imported(newsroom, "no-date.txt", "--year", "2010", "--dry-run")
    assert (dry.code, dry.out, dry.err) == (real.code, real.out, real.err) == (1, "", dry.err)
    assert dry.err.endswith(f"{IN_2010}: already exists; nothing was written "
                            "(choose another title or date, or edit the existing file)\n")


def test_a_dry_run_refuses_a_file_where_a_folder_is_needed(newsroom):
    newsroom.write("content/events/2010", "a file, not the year's folder\n")
    before = sorted(newsroom.root.rglob("*"))
    dry = imported(newsroom, "no-date.txt", "--year", "2010", "--dry-run")
    real = imported(newsroom, "no-date.txt", "--year", "2010")
    assert (dry.code, dry.out, dry.err) == (real.code, real.out, real.err)
    assert dry.code == 1 and dry.err.endswith("content/events/2010: is a file where a folder is needed; nothing was "
                                              "written (move that file away, then run the command again)\n")
    assert sorted(newsroom.root.rglob("*")) == before


def test_importing_again_with_a_year_replaces_the_unedited_incomplete_draft(newsroom):
    assert imported(newsroom, "no-date.txt").out == INCOMPLETE + "\n"
    dry = imported(newsroom, "no-date.txt", "--year", "2010", "--dry-run")
    assert dry.code == 0 and INCOMPLETE + WOULD_BE_REMOVED + "\n" in dry.err
    assert (newsroom.root / INCOMPLETE).exists() and not (newsroom.root / IN_2010).exists()
    again = imported(newsroom, "no-date.txt", "--year", "2010")
    assert (again.code, again.out) == (0, IN_2010 + "\n")
    assert INCOMPLETE + REMOVED + "\n" in again.err
    assert not (newsroom.root / INCOMPLETE).exists()
    assert not (newsroom.content / "events" / "_incomplete").exists()  # the import made it; empty, it goes
    assert newsroom.run("check", "--drafts").code == 0


def test_an_edited_earlier_draft_is_left_and_pointed_at(newsroom):
    imported(newsroom, "no-date.txt")
    path = newsroom.root / INCOMPLETE
    edited = path.read_text(encoding="utf-8").replace("date: \"YYYY-MM-DD\"", "date: \"2010-MM-DD\"")
    path.write_text(edited, encoding="utf-8")
    for args in (["--dry-run"], []):
        again = imported(newsroom, "no-date.txt", "--year", "2010", *args)
        assert again.code == 0
        assert (f"{INCOMPLETE}: warning: an earlier draft of this article, edited since it was imported, is left as "
                f"it is beside {IN_2010} (keep one of the two)\n") in again.err
        assert "removed" not in again.err
    assert path.read_text(encoding="utf-8") == edited and (newsroom.root / IN_2010).exists()


def test_a_draft_in_the_tree_is_replaced_by_an_incomplete_one_of_the_same_article(newsroom):
    assert imported(newsroom, "no-date.txt", "--year", "2010").code == 0
    again = imported(newsroom, "no-date.txt")
    assert (again.code, again.out) == (0, INCOMPLETE + "\n") and IN_2010 + REMOVED + "\n" in again.err
    assert not (newsroom.root / IN_2010).exists()


ARTICLE = ("Envoys trade blame over closed office\n\n"
           "MOSCOW, May 6 (Example) - Russia said the NATO office would close, officials said on Wednesday.\n\n")
EVENTS = "content/events/2009/"
NAME = "-envoys-trade-blame-over-closed-office.md"


def test_the_same_address_is_the_same_article_even_with_other_words(newsroom):
    url = ["--url", "https://example.org/envoys"]
    first = run_import_stdin(newsroom, ARTICLE, "--year", "2009", *url)
    assert first.stdout.decode() == EVENTS + "2009-05-06" + NAME + "\n"
    updated = ARTICLE + "Update: NATO declined to comment on Thursday, its spokesman said in Brussels.\n"
    again = run_import_stdin(newsroom, updated, "--date", "2009-05-07", *url)
    assert again.returncode == 0 and again.stdout.decode() == EVENTS + "2009-05-07" + NAME + "\n"
    assert (EVENTS + "2009-05-06" + NAME + REMOVED + "\n").encode() in again.stderr


def test_another_article_with_the_same_headline_is_never_touched(newsroom):
    first = run_import_stdin(newsroom, ARTICLE, "--year", "2009", "--url", "https://example.org/one")
    other = ARTICLE.replace("Wednesday", "Thursday, in another story altogether")
    again = run_import_stdin(newsroom, other, "--date", "2009-05-07", "--url", "https://example.org/two")
    assert again.returncode == 0 and b"earlier draft" not in again.stderr
    assert (newsroom.root / first.stdout.decode().strip()).exists()


def test_notes_in_the_incomplete_folder_without_a_record_stay(newsroom):
    notes = newsroom.write("content/events/_incomplete/notes.md", "My notes on the Kremlin line.\n")
    imported(newsroom, "no-date.txt")
    again = imported(newsroom, "no-date.txt", "--year", "2010")
    assert again.code == 0 and notes.read_text() == "My notes on the Kremlin line.\n"
    assert INCOMPLETE + REMOVED + "\n" in again.err


# ---- the record, one rule at a time -------------------------------------------------------------

def test_a_signed_draft_reads_as_unedited_until_any_byte_changes():
    text = sign(f"---\ntitle: T\n---\n\n<!-- notes\n\n{record_line('Some words of an article.', None)}\n\nText\n-->\n")
    record, unedited = read_record(text)
    assert unedited and record.url is None
    rewrapped = record_line("Some  words of\nan article.", None)  # the same words, wrapped another way
    assert read_record(sign(f"<!--\n{rewrapped}\n-->"))[0].article == record.article
    for edit in (text.replace("title: T", "title: U"), text + "\n", text.replace("Text", "Text.")):
        assert read_record(edit) == (record, False)


@pytest.mark.parametrize("text", ["no record at all", "Import record: article 12, url none, draft 0123456789abcdef"])
def test_a_file_without_a_record_is_no_import(text):
    assert read_record(text) == (None, False)
