"""Memos are exact: found again only for the very same object and equal inputs, and owned by their caller."""
from __future__ import annotations

import gc

from timeline.memo import IdentityMemo, Memo


class Thing:
    pass


def test_found_only_for_the_same_object_and_equal_inputs():
    memo, thing = IdentityMemo(), Thing()
    memo.put(thing, ("a", 1), "value")
    assert memo.get(thing, ("a", 1)) == "value"
    assert memo.get(thing, ("a", 2)) is None
    assert memo.get(Thing(), ("a", 1)) is None
    assert memo.last(thing) == "value"


def test_a_remembered_object_keeps_its_id_from_being_reused():
    memo = IdentityMemo()
    thing = Thing()
    memo.put(thing, None, "value")
    old_id = id(thing)
    del thing
    gc.collect()
    newcomers = [Thing() for _ in range(1000)]
    assert all(id(n) != old_id for n in newcomers)  # the memo still holds the old object


def test_past_its_limit_it_starts_afresh():
    memo = IdentityMemo(limit=3)
    things = [Thing() for _ in range(4)]
    for thing in things:
        memo.put(thing, None, id(thing))
    assert memo.get(things[0]) is None and memo.get(things[3]) == id(things[3])


def test_equal_inputs_become_one_object():
    memo = IdentityMemo()
    first = memo.canonical((("nato", "NATO"),))
    assert memo.canonical((("nato", "NATO"),)) is first
    assert memo.canonical((("nato", "NATO", "OTAN"),)) is not first


def test_each_memo_is_its_own(tmp_path):
    one, two = Memo.on_disk(tmp_path), Memo()
    assert one.files.cache_dir == tmp_path and two.files.cache_dir is None
    assert one.checks is not two.checks and one.fragments is not two.fragments and one.last_plan is None
