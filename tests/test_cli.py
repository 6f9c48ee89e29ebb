"""The CLI contract: commands, exit codes, messages all at once, `new` never overwrites."""
from __future__ import annotations

import os

import pytest


def test_bare_command_builds(site):
    result = site.run()
    assert result.code == 0 and result.out.startswith("Built 3 events")


def test_quiet_build_prints_nothing(site):
    result = site.run("build", "-q")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_usage_errors_exit_2(site):
    assert site.run("build", "--no-such-option").code == 2
    assert site.run("build", "--base-url", "not a url").code == 2
    assert site.run("new").code == 2
    assert site.run("new", "T", "--date", "2009-02-30").code == 2


def test_check_reports_every_error_in_every_file_and_writes_nothing(site):
    site.event("2009-05-07-a", title="A", date='"May 6 2009"')
    site.event("2009-05-08-b", title="B", actors="[nato, sergei-lavrof]")
    site.write("content/events/2009-05-09-c.md", "no front matter here\n")
    result = site.run("check")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert lines == [
        'content/events/2009-05-07-a.md:3: date: "May 6 2009" is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)',
        'content/events/2009-05-08-b.md:4: actors: unknown actor "sergei-lavrof" (did you mean sergei-lavrov?)',
        "content/events/2009-05-09-c.md:1: no front matter (the file must start with a line of three dashes: ---)",
        "3 errors in 3 files",
    ]
    assert not site.output.exists()
    assert "Traceback" not in result.err


def test_build_with_errors_says_site_was_not_changed(site):
    site.event("2009-05-07-a", title="A", date="2009-13-01")
    result = site.run("build")
    assert result.code == 1
    assert result.err.splitlines()[-1] == "1 error in 1 file; site/ was not changed"


def test_check_passes_and_counts(site):
    result = site.run("check")
    assert (result.code, result.out) == (0, "Checked 3 events: no problems\n")


def test_strict_turns_warnings_into_errors(site):
    site.event("2009-05-07-a", title="A", tags="[undescribed]")
    assert site.run("check").code == 0
    result = site.run("check", "--strict")
    assert result.code == 1
    assert result.err.startswith('content/events/2009-05-07-a.md:5: tags: "undescribed" is not described in tags.yaml')
    assert site.run("build", "--strict").code == 1


def test_config_errors_are_located(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\ntimeline_split: 10\nlanguage: english!\n")
    result = site.run("check")
    assert result.code == 1
    assert "site.yaml:3: timeline_split: unknown key (did you mean timeline_split_at?)" in result.err
    assert 'site.yaml:4: language: "english!" is not a language code' in result.err


def test_explicit_missing_config_is_an_error(site):
    result = site.run("build", "--config", "nope.yaml")
    assert result.code == 1 and "nope.yaml: config file not found" in result.err


def test_template_syntax_error_names_template_and_line(site):
    site.write("templates/index.html", "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n")
    site.write("templates/base.html", "<html>{% block main %}{% endblock %}</html>\n")
    result = site.run("check")
    assert result.code == 1
    assert "templates/index.html:3: template: Expected an expression" in result.err


def test_new_writes_a_draft_that_checks_and_never_overwrites(site):
    result = site.run("new", "Canada summons Russia's ambassador", "--date", "2009-05-07",
                      "--actors", "Россия,nato", "--tags", "Diplomacy")
    assert result.code == 0
    path = "content/events/2009/2009-05-07-canada-summons-russia-s-ambassador.md"
    assert result.out.strip() == path
    text = (site.root / path).read_text()
    assert text.startswith('---\ntitle: "Canada summons Russia\'s ambassador"\ndate: 2009-05-07\nactors: [russia, nato]\ntags: [diplomacy]\ndraft: true\n')
    assert "# end_date:" in text and "# related:" in text
    assert site.run("check", "--drafts").code == 0
    (site.root / path).write_text(text + "My edit.\n")
    again = site.run("new", "Canada summons Russia's ambassador", "--date", "2009-05-07", "--actors", "nato")
    assert again.code == 1 and "already exists; nothing was written" in again.err
    assert (site.root / path).read_text().endswith("My edit.\n")


def test_new_says_where_the_preview_shows_the_draft_and_prints_only_the_path_on_standard_output(site):
    result = site.run("new", "Talks resume", "--date", "2010-02-03", "--actors", "nato")
    assert result.code == 0
    assert result.out == "content/events/2010/2010-02-03-talks-resume.md\n"  # for $EDITOR "$(build.py new ...)"
    assert result.err == ("Preview: http://127.0.0.1:8000/events/2010-02-03-talks-resume/ "
                          "(while build.py serve runs on its default port)\n")
    assert site.run("build", "--drafts", "--no-search").code == 0
    assert "Talks resume" in site.read("events/2010-02-03-talks-resume/index.html")


def test_new_rejects_unknown_actors(site):
    result = site.run("new", "T", "--actors", "natto")
    assert result.code == 1 and 'unknown actor "natto" (did you mean nato?)' in result.err


def test_serve_is_a_command_with_its_options(site):
    result = site.run("serve", "--help")
    assert result.code == 0
    for option in ("--host", "--port", "--drafts", "--content", "--config", "--poll", "--open", "--no-cache"):
        assert option in result.out
    assert site.run("serve", "--port", "not-a-port").code == 2


def test_a_mistyped_command_is_named_with_a_suggestion(site):
    result = site.run("bild")
    assert result.code == 2 and "unknown command 'bild' (did you mean build?)" in result.err


def test_new_needs_a_title_and_an_actor_so_the_draft_cannot_break_builds(site):
    before = sorted(site.root.rglob("*"))
    for args in (["new", "A title"], ["new", "  ", "--actors", "nato"], ["new", "A title", "--actors", " , "]):
        result = site.run(*args)
        assert result.code == 2 and "give a title and at least one actor" in result.err
        assert sorted(site.root.rglob("*")) == before  # not a file or folder written, in any year's folder
    assert site.run("check").code == 0


def test_serve_refuses_an_impossible_port_as_a_usage_error(site):
    result = site.run("serve", "--port", "99999")
    assert result.code == 2 and '"99999" is not a port' in result.err and "Traceback" not in result.err


def test_refusals_name_the_folder_they_protect(site):
    assert 'content/ is the content folder (content/)' in site.run("build", "--output", "content").err
    assert "./ is the folder you are working in" in site.run("build", "--output", ".").err


# Bytes that are not UTF-8 on the command line (a Latin-1 terminal, a script's raw bytes), as Python's argv holds them.
NOT_UTF8 = os.fsdecode(b"caf\xe9")
SHOWN = "caf\\xe9' is not UTF-8; "  # shown as the bytes were given


@pytest.mark.parametrize("args, argument", [
    (["new", NOT_UTF8, "--actors", "nato", "--date", "2009-05-07"], "title"),
    (["new", "T", "--actors", NOT_UTF8], "--actors"),
    (["new", "T", "--actors", "nato", "--tags", NOT_UTF8], "--tags"),
    (["new", "T", "--actors", "nato", "--date", NOT_UTF8], "--date"),
    (["new", "T", "--actors", "nato", "--content", NOT_UTF8], "--content"),
    (["import", NOT_UTF8, "--year", "2009"], "FILE"),
    (["import", "article.txt", "--publisher", NOT_UTF8, "--year", "2009"], "--publisher"),
    (["import", "article.txt", "--url", "https://example.org/" + NOT_UTF8], "--url"),
    (["import", "article.txt", "--date", NOT_UTF8], "--date"),
    (["import", "article.txt", "--year", NOT_UTF8], "--year"),
    (["import", "article.txt", "--year", "2009", "--content", NOT_UTF8], "--content"),
    (["build", "--output", NOT_UTF8], "--output"),
    (["build", "--content", NOT_UTF8], "--content"),
    (["build", "--base-url", "https://example.org/" + NOT_UTF8], "--base-url"),
    (["check", "--config", NOT_UTF8], "--config"),
    (["serve", "--host", NOT_UTF8], "--host"),
    (["serve", "--port", NOT_UTF8], "--port"),
])
def test_an_argument_that_is_not_utf8_is_a_usage_error_naming_it_and_nothing_is_written(site, args, argument):
    site.write("article.txt", "NATO and Russia agreed on Friday to resume formal talks after a long pause, officials said.\n")
    before = sorted(site.root.rglob("*"))
    result = site.run(*args)
    assert result.code == 2 and "Traceback" not in result.err, result.err
    error = result.err.splitlines()[-1]
    assert f"error: argument {argument}: b'" in error and SHOWN in error
    assert error.endswith("give the file or folder a UTF-8 name" if argument in ("FILE", "--content", "--output", "--config")
                          else "type it in UTF-8 (is the terminal set to another encoding?)")
    assert sorted(site.root.rglob("*")) == before
