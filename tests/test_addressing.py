"""Request paths and Host headers: no spelling of a path climbs out; a malformed Host names nothing."""
from __future__ import annotations

import pytest

from timeline.addressing import folder_location, host_name, request_path


@pytest.mark.parametrize("target, expected", [
    ("/", ""), ("/about", "about"), ("/about/", "about/"), ("/events/x/?q=1#top", "events/x/"),
    ("/timeline/events/x/", "events/x/"), ("/%D0%BF%D1%83%D1%82%D1%8C/", "путь/"), ("/./a/./b", "a/b"),
    ("http://host/timeline/a/", "a/"), ("/a%20b.html", "a b.html"),
])
def test_paths_map_to_site_files_under_the_base_path(target, expected):
    assert request_path(target, "/timeline/") == expected


CHRONICLE = "/%D1%85%D1%80%D0%BE%D0%BD%D0%B8%D0%BA%D0%B0"  # /хроника as a browser sends it


@pytest.mark.parametrize("base_path, target", [
    ("/Zeit%20line/", "/Zeit%20line/events/x/"), ("/Zeit line/", "/Zeit%20line/events/x/"),
    ("/Zeit%20line/", "/Zeit line/events/x/"), ("/хроника/", CHRONICLE + "/events/x/"),
    (CHRONICLE + "/", CHRONICLE + "/events/x/"), (CHRONICLE.lower() + "/", CHRONICLE + "/events/x/"),
    ("/a%2Cb/c/", "/a,b/c/events/x/"),
])
def test_an_encoded_or_non_ascii_base_path_matches_as_decoded(base_path, target):
    assert request_path(target, base_path) == "events/x/"


@pytest.mark.parametrize("base_path, name, location", [
    ("/", "static/a b", "/static/a%20b/"), ("/Zeit%20line/", "static/a b", "/Zeit%20line/static/a%20b/"),
    ("/Zeit line/", "about", "/Zeit%20line/about/"), ("/хроника/", "about", CHRONICLE + "/about/"),
    (CHRONICLE + "/", "с пробелом", CHRONICLE + "/%D1%81%20%D0%BF%D1%80%D0%BE%D0%B1%D0%B5%D0%BB%D0%BE%D0%BC/"),
    ("//evil.example/", "about", "/evil.example/about/"),
])
def test_a_folder_redirect_quotes_each_segment_once(base_path, name, location):
    assert folder_location(base_path, name) == location
    assert request_path(location, base_path) == name + "/"  # and leads back to the folder


@pytest.mark.parametrize("target", [
    "/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2E/x", "/..%2fx", "/a%2fb", "/%5c..%5cx", "/a\\b", "/%00x", "/a%0ab",
    "/%c0%ae%c0%ae/x", "/%ff/x",
])
def test_unsafe_paths_are_refused_not_interpreted(target):
    assert request_path(target, "/") is None


@pytest.mark.parametrize("header, expected", [
    ("localhost", "localhost"), ("LocalHost:8000", "localhost"), ("127.0.0.1:1", "127.0.0.1"),
    ("127.0.0.1:65535", "127.0.0.1"), ("[::1]", "::1"), ("[::1]:8000", "::1"), (" localhost:08000 ", "localhost"),
])
def test_a_host_header_gives_its_name(header, expected):
    assert host_name(header) == expected


@pytest.mark.parametrize("header", [
    "localhost:abc", "localhost:80:80", "localhost:", "localhost:8000x", "localhost: 80", "localhost:+80",
    "localhost:0", "localhost:65536", "localhost:" + "9" * 5000, "localhost:\u0668\u0660", "::1", "[::1",
    "[::1]8000", "[::1]:", "[::1]:abc", "[::1]:80:80",
])
def test_a_host_header_with_a_malformed_port_gives_no_name(header):
    assert host_name(header) is None
