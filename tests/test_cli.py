"""The CLI contract: commands, exit codes, messages all at once, `new` never overwrites."""
from __future__ import annotations

import os
import re

import pytest

from tests.conftest import make_site
from tests.serving import ServerProcess


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
    result = site.run("new", "A title")
    assert result.code == 2 and result.err.endswith("error: the following arguments are required: --actors\n")
    for args in (["new", "  ", "--actors", "nato"], ["new", "A title", "--actors", " , "]):
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


def test_a_template_asking_for_a_missing_setting_names_it_and_lists_the_settings(site):
    site.write("templates/index.html", "{% extends 'base.html' %}\n{% block main %}\n<p>{{ site.editor_email }}</p>\n{% endblock %}\n")
    site.write("templates/base.html", "<html>{% block main %}{% endblock %}</html>\n")
    result = site.run("check")
    assert result.code == 1
    assert ('templates/index.html:3: template: "site.editor_email" is not defined (site has: author, base_path, '
            'base_url, description, edition, editions, events_per_page, feed_entries, language, languages, license, '
            'license_url, multilingual, params, require_archive, timeline_budget_kb, timeline_split_at, title, translations; '
            "a value of your own goes in site.yaml under params: and is read as site.params.editor_email; "
            "while rendering index.html)") in result.err
    assert "SiteConfig" not in result.err


def test_an_unclosed_block_names_the_line_it_began(site):
    site.write("templates/index.html", "{% extends 'base.html' %}\n{% block main %}\n{% if events %}\n<p>x</p>\n"
                                       "\n{% endblock %}\n")
    site.write("templates/base.html", "<html>{% block main %}{% endblock %}</html>\n")
    result = site.run("check")
    assert result.code == 1
    assert ("templates/index.html:6: template: {% endblock %} at line 6 comes before the {% if %} opened at line 3 "
            "is closed (add {% endif %} before it, or remove the stray tag)") in result.err


def test_params_reach_the_templates_and_the_shipped_footer_reads_one(site):
    settings = (site.root / "site.yaml").read_text()
    site.write("site.yaml", settings + "params:\n  footer: Corrections are shown on each event.\n")
    assert site.run("build", "--no-search").code == 0
    assert "<p>Corrections are shown on each event.</p>" in site.read("index.html")
    site.write("site.yaml", settings + "editor_email: e@example.org\n")
    result = site.run("build", "--no-search")
    assert result.code == 1
    assert "editor_email: unknown key (a template's own values go under params:" in result.err


# ---- the summary lines, word for word --------------------------------------------------------

DRAFT = dict(title="A draft", date="2009-06-01", extra="draft: true")


def test_check_counts_the_drafts_it_checked(site):
    site.event("2009-06-01-a-draft", **DRAFT)
    for args in (["check"], ["check", "--drafts"]):
        result = site.run(*args)
        assert (result.code, result.out, result.err) == (0, "Checked 4 events (1 draft): no problems\n", "")


def test_build_says_how_many_drafts_it_left_out_or_published(site):
    site.event("2009-06-01-a-draft", **DRAFT)
    site.event("2009-06-02-another-draft", **{**DRAFT, "title": "Another", "date": "2009-06-02"})
    left_out = site.run("build", "--no-search")
    assert re.fullmatch(r"Built 3 events \(2 drafts left out\), \d+ pages in \d+\.\d\d s -> site/\n", left_out.out)
    published = site.run("build", "--no-search", "--drafts")
    assert re.fullmatch(r"Built 5 events \(2 drafts\), \d+ pages in \d+\.\d\d s -> site/\n", published.out)


def test_one_of_a_thing_is_not_plural(tmp_path):
    site = make_site(tmp_path)
    for path in (site.content / "events").iterdir():
        if "nato-withdraws" not in path.name:
            path.unlink()
    result = site.run("check")
    assert (result.code, result.out) == (0, "Checked 1 event: no problems\n")
    built = site.run("build", "--no-search")
    assert re.fullmatch(r"Built 1 event, \d+ pages in \d+\.\d\d s -> site/\n", built.out)


def test_build_with_warnings_counts_them_as_check_does(site):
    site.event("2009-05-07-a", title="A", tags="[undescribed]")
    result = site.run("build", "--no-search")
    assert re.fullmatch(r"Built 4 events, \d+ pages in \d+\.\d\d s -> site/; 1 warning\n", result.out)
    assert site.run("check").out == "Checked 4 events: 1 warning\n"


def test_serve_counts_errors_as_check_does(site, tmp_path_factory):
    site.event("2009-05-07-a", title="A", date="2009-13-01")
    check = site.run("check")
    assert check.err.splitlines()[-1] == "1 error in 1 file"
    server = ServerProcess(site.root, "--no-search", tmpdir=tmp_path_factory.mktemp("servetmp"))
    try:
        assert server.rebuilds == ["Rebuild failed (start): 1 error in 1 file; nothing to serve until it builds"]
        site.event("2009-05-07-a", title="A", date="2009-12-01")
        assert re.fullmatch(r"Rebuilt #1 \(content/events/2009-05-07-a.md\): \d+ files rendered, 0 unchanged, in \d+ ms",
                            server.wait_rebuilds(2)[1])
        site.event("2009-05-07-a", title="A", date="2009-13-01", extra="colour: red")
        assert server.wait_rebuilds(3)[2] == ("Rebuild failed (content/events/2009-05-07-a.md): 2 errors in 1 file; "
                                              "still serving the last good build")
    finally:
        server.stop()


# ---- robots.txt under a subpath --------------------------------------------------------------

def test_a_subpath_build_notes_once_that_crawlers_never_read_its_robots_txt(site):
    result = site.run("build", "--no-search", "--strict", "--base-url", "https://example.org/timeline/")
    assert result.code == 0 and result.err == ""
    assert result.out.splitlines()[1:] == [
        "note: crawlers read only https://example.org/robots.txt, never https://example.org/timeline/robots.txt; "
        'to have them find this site\'s pages, add "Sitemap: https://example.org/timeline/sitemap.xml" '
        "to https://example.org/robots.txt"]
    assert "Sitemap: https://example.org/timeline/sitemap.xml" in site.read("robots.txt")
    assert site.run("build", "--no-search", "-q", "--base-url", "https://example.org/timeline/").out == ""
    at_root = site.run("build", "--no-search", "--base-url", "https://example.org/")
    assert len(at_root.out.splitlines()) == 1 and "robots" not in at_root.out


def test_ctrl_c_during_a_build_says_so_in_one_line_and_leaves_the_last_site(tmp_path):
    import signal
    import subprocess
    import sys
    import time
    from bench.corpus import generate
    from tests.conftest import REPO
    project = generate(1500, tmp_path / "project")
    command = [sys.executable, str(REPO / "build.py"), "build", "--no-search", "--no-cache", "-q"]
    assert subprocess.run(command, cwd=project, capture_output=True, timeout=300).returncode == 0
    before = {path: path.read_bytes() for path in sorted((project / "site").rglob("*")) if path.is_file()}
    beside = sorted(project.iterdir())
    for path in (project / "content" / "events").rglob("*.md"):  # every page must be rendered again
        path.write_text(path.read_text().replace("title: ", "title: Retitled ", 1))
    running = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)  # imported and parsing or rendering: a build of 1,500 events without cache takes longer
    assert running.poll() is None, "the build ended before it could be interrupted"
    running.send_signal(signal.SIGINT)
    out, err = running.communicate(timeout=60)
    assert (running.returncode, out, err) == (130, "", "interrupted: nothing was changed\n")
    after = {path: path.read_bytes() for path in sorted((project / "site").rglob("*")) if path.is_file()}
    assert after == before
    assert sorted(project.iterdir()) == beside  # no staging folder left behind
