"""site.yaml: every key checked against its declaration; the base URL normalised; defaults without a file."""
from __future__ import annotations

from timeline.config import SiteConfig, load_config, parse_config


def test_a_valid_config_with_a_subpath():
    config, problems = parse_config("title: T\nbase_url: https://example.org/timeline\nevents_per_page: 20\n", "site.yaml")
    assert problems == [] and config.base_url == "https://example.org/timeline/" and config.base_path == "/timeline/"
    assert config.events_per_page == 20 and config.feed_entries == SiteConfig("T", "x").feed_entries


def test_problems_are_located_and_all_reported():
    text = "title: T\nbase_url: https://example.org/?x=1\nlanguage: english!\nfeed_entires: 3\nevents_per_page: 0\n"
    problems = sorted((p.line, p.message) for p in parse_config(text, "site.yaml")[1])
    assert problems == [(2, "base_url: must not have a query or fragment (nothing after ? or #)"),
                        (3, 'language: "english!" is not a language code'),
                        (4, "feed_entires: unknown key"), (5, "events_per_page: must be 1 or more")]


def test_required_keys_and_urls():
    messages = [p.message for p in parse_config("base_url: ftp://example.org/\n", "site.yaml")[1]]
    assert 'base_url: "ftp://example.org/" is not an http or https URL' in messages
    assert "title: required key is missing" in messages


def test_a_missing_default_file_means_defaults_and_an_explicit_one_is_an_error(tmp_path):
    config, problems = load_config(tmp_path / "site.yaml", explicit=False)
    assert problems == [] and config.title == "Timeline"
    config, problems = load_config(tmp_path / "site.yaml", explicit=True)
    assert config is None and problems[0].message == "config file not found"


def test_a_base_url_given_on_the_command_line_replaces_the_configured_one():
    config = parse_config("title: T\nbase_url: https://example.org/\n", "site.yaml")[0]
    moved = config.with_base_url("http://127.0.0.1:8000/preview")
    assert moved.base_url == "http://127.0.0.1:8000/preview/" and moved.title == "T"


def test_params_hold_the_authors_own_values_as_plain_data():
    text = ("title: T\nbase_url: https://example.org/\nparams:\n  footer: Written by us\n  since: 2009-05-06\n"
            "  count: 3\n  ratio: 0.5\n  shown: yes\n  nothing:\n  links:\n    - {label: Feed, href: /feed.xml}\n")
    config, problems = parse_config(text, "site.yaml")
    assert problems == []
    assert config.params == {"footer": "Written by us", "since": "2009-05-06", "count": 3, "ratio": 0.5, "shown": True,
                             "nothing": None, "links": [{"label": "Feed", "href": "/feed.xml"}]}
    assert parse_config("title: T\nbase_url: https://example.org/\n", "site.yaml")[0].params == {}


def test_params_that_are_not_a_mapping_or_hold_control_characters_are_located():
    problems = parse_config('title: T\nbase_url: https://example.org/\nparams: [a, b]\n', "site.yaml")[1]
    assert [(p.line, p.message) for p in problems] == [(3, "params: expected a mapping, found a list")]
    problems = parse_config('title: T\nbase_url: https://example.org/\nparams:\n  a:\n    - "x\\u0007"\n', "site.yaml")[1]
    assert [(p.line, p.message) for p in problems] == [
        (5, "params: the value at a[0] contains the control character U+0007")]


def test_an_unknown_top_level_key_points_to_params():
    problems = parse_config("title: T\nbase_url: https://example.org/\neditor_email: e@example.org\ntittle: x\n"
                            "params:\n  own: 1\n", "site.yaml")[1]
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (3, "editor_email: unknown key", "a template's own values go under params:, e.g. "
                                          "params: {editor_email: ...}, read as site.params.editor_email"),
        (4, "tittle: unknown key", "did you mean title?")]
