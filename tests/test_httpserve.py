"""Request paths and the injected script: no spelling of a path climbs out; the script goes in HTML only once."""
from __future__ import annotations

import pytest

from timeline.httpserve import EVENTS_PATH, inject, request_path


@pytest.mark.parametrize("target, expected", [
    ("/", ""), ("/about", "about"), ("/about/", "about/"), ("/events/x/?q=1#top", "events/x/"),
    ("/timeline/events/x/", "events/x/"), ("/%D0%BF%D1%83%D1%82%D1%8C/", "путь/"), ("/./a/./b", "a/b"),
    ("http://host/timeline/a/", "a/"), ("/a%20b.html", "a b.html"),
])
def test_paths_map_to_site_files_under_the_base_path(target, expected):
    assert request_path(target, "/timeline/") == expected


@pytest.mark.parametrize("target", [
    "/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2E/x", "/..%2fx", "/a%2fb", "/%5c..%5cx", "/a\\b", "/%00x", "/a%0ab",
    "/%c0%ae%c0%ae/x", "/%ff/x",
])
def test_unsafe_paths_are_refused_not_interpreted(target):
    assert request_path(target, "/") is None


def test_the_script_goes_before_the_last_body_end_or_at_the_end():
    page = inject(b"<html><body><p>a</body></p></BODY></html>", 7)
    assert page.count(EVENTS_PATH.encode()) == 1 and page.index(b"var built = 7") < page.rindex(b"</BODY>")
    assert page.index(b"<script>") > page.index(b"</p>")
    bare = inject(b"no body here", 1)
    assert bare.startswith(b"no body here<script>")
