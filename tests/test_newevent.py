"""`new`: a draft whose front matter checks as written, at a path from its date and title, never over a file."""
from __future__ import annotations

from timeline.content import parse_event
from timeline.dates import PartialDate
from timeline.newevent import create_draft, new_event_path, new_event_text, yaml_date, yaml_string


def test_the_draft_parses_and_lists_every_other_key_as_an_example():
    text = new_event_text('He said "no": talks end', PartialDate(2009, 5), ["nato"], [])
    event, problems = parse_event(text, "content/events/2009/x.md")
    assert problems == [] and event.draft and event.title == 'He said "no": talks end'
    assert event.date == PartialDate(2009, 5) and event.tags == ()
    for key in ("end_date", "tags", "summary", "sources", "related", "updates", "milestone", "slug", "aliases"):
        assert f"\n# {key}: " in text, key


def test_paths_come_from_the_date_and_a_shortened_title(tmp_path):
    long_title = "Ministers of the alliance meet their Russian counterparts for the first time since the war"
    path = new_event_path(tmp_path, long_title, PartialDate(2009, 6, 27))
    assert path.parent == tmp_path / "events/2009" and path.name.startswith("2009-06-27-ministers-of-the-alliance")
    assert len(path.stem) <= len("2009-06-27-") + 60 and not path.stem.endswith("-")
    assert new_event_path(tmp_path, "!!!", PartialDate(1999)).name == "1999-event.md"


def test_values_are_written_as_yaml_reads_them():
    assert yaml_string('a "b": c') == '"a \\"b\\": c"' and yaml_string("Россия") == '"Россия"'
    assert yaml_date(PartialDate(2009, 5, 6)) == "2009-05-06" and yaml_date(PartialDate(1996)) == '"1996"'


def test_create_draft_resolves_actors_and_never_overwrites(site):
    path, problems = create_draft(site.content, "Talks", PartialDate(2009, 5, 7), ["Россия", "NATO"], ["Arms Control"])
    assert problems == [] and path.read_text().startswith('---\ntitle: "Talks"\ndate: 2009-05-07\n'
                                                          "actors: [russia, nato]\ntags: [arms-control]\n")
    again, problems = create_draft(site.content, "Talks", PartialDate(2009, 5, 7), ["nato"], [])
    assert again is None and problems[0].message == "already exists; nothing was written"
    missing, problems = create_draft(site.content, "Other", PartialDate(2009, 5, 7), ["natto"], [])
    assert missing is None and problems[0].hint == "did you mean nato?"


def test_new_spells_a_cyrillic_title_in_latin_letters(site):
    result = site.run("new", "Встреча Лавров–Керри", "--date", "2013-08", "--actors", "Сергей Лавров")
    assert result.code == 0, result.err
    assert result.out.strip() == "content/events/2013/2013-08-vstrecha-lavrov-kerri.md"
    text = (site.root / result.out.strip()).read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Встреча Лавров–Керри"\ndate: "2013-08"\nactors: [sergei-lavrov]\n')
    ukrainian = site.run("new", "Зустріч у Києві", "--date", "2014-03-01", "--actors", "russia")
    assert ukrainian.out.strip() == "content/events/2014/2014-03-01-zustrich-u-kyievi.md"
