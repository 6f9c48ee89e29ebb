"""Page input keys: equal inputs give equal keys in any process; anything that changes a page changes its key."""
from __future__ import annotations

import dataclasses
import types

from timeline import urls
from timeline.keys import Fingerprinter, PageKeys, Unkeyable
from timeline.memo import IdentityMemo, Memo
from timeline.model import build_timeline
from timeline.pages import PageSpec
from timeline.pipeline import check
from tests.test_pipeline import options

import pytest


def keys_of(site, memo=None):
    memo = memo or Memo()
    checked = check(options(site), memo)
    page_keys = PageKeys(checked.renderer, checked.templates_digest, checked.tree.file_keys,
                         checked.timeline.parsed_from, memo.event_digests)
    return page_keys, checked


def test_the_same_inputs_give_the_same_keys_with_fresh_memos(site):
    first, checked = keys_of(site)
    second, again = keys_of(site)
    spec = PageSpec("events/x/index.html", "event.html", {"event": checked.timeline.events[0]})
    same = PageSpec("events/x/index.html", "event.html", {"event": again.timeline.events[0]})
    assert first.global_key == second.global_key and first.key(spec) == second.key(same)


def test_an_event_stands_in_by_its_file_key_and_whatever_the_timeline_changed_in_it():
    from tests.conftest import ACTORS, event_text
    from timeline.content import parse_actors, parse_event, ContentTree
    actors = parse_actors(ACTORS, "actors.yaml")[0]
    parsed = parse_event(event_text(actors="[НАТО, russia]"), "content/events/a.md")[0]
    tree = ContentTree([parsed], [], actors, {}, [], file_keys={"content/events/a.md": "key-1"})
    timeline = build_timeline(tree)[0]
    resolved = timeline.events[0]
    assert resolved.actors == ("nato", "russia") and parsed.actors == ("НАТО", "russia")

    def digest(event, file_keys=tree.file_keys, parsed_from=timeline.parsed_from):
        return Fingerprinter(file_keys, parsed_from, IdentityMemo()).event_digest(event)

    base = digest(resolved)
    assert digest(resolved) == base
    assert digest(resolved, {"content/events/a.md": "key-2"}) != base  # the file changed
    # Any field the timeline might derive, not only actors, is part of the stand-in.
    assert digest(dataclasses.replace(resolved, title="Derived")) != base
    assert digest(dataclasses.replace(resolved, actors=("nato",))) != base


def test_an_object_with_no_stable_form_makes_the_page_unkeyed(site):
    page_keys, _ = keys_of(site)
    assert page_keys.key(PageSpec("a.html", "page.html", {"thing": object()})) is None
    assert page_keys.key(PageSpec("a.html", "page.html", {"thing": 1})) is not None


def test_modules_of_this_package_are_described_by_name_others_are_not():
    describe = Fingerprinter({}, {}, IdentityMemo()).text
    assert describe(urls) == "Ytimeline.urls"
    with pytest.raises(Unkeyable):
        describe(types)


def test_templates_and_globals_are_in_every_key(site):
    before, _ = keys_of(site)
    site.write("site.yaml", "title: Another title\nbase_url: https://example.org/\n")
    after, _ = keys_of(site)
    assert before.global_key != after.global_key
    import shutil
    from tests.conftest import REPO
    shutil.copytree(REPO / "templates", site.root / "templates")
    (site.root / "templates/page.html").write_text((site.root / "templates/page.html").read_text() + "\n")
    assert keys_of(site)[0].global_key != after.global_key


def test_a_digest_is_kept_for_the_same_event_and_file_key(site):
    memo = Memo()
    page_keys, checked = keys_of(site, memo)
    event = checked.timeline.events[0]
    key = page_keys.key(PageSpec("e.html", "event.html", {"event": event}))
    assert memo.event_digests.get(event, checked.tree.file_keys[event.path]) is not None
    again, rechecked = keys_of(site, memo)  # the next build with the same memo: the same objects
    assert rechecked.timeline.events[0] is event
    assert again.key(PageSpec("e.html", "event.html", {"event": event})) == key
