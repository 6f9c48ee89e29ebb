"""The plan: which files the site has and their keys; an update of the last plan equals a full plan."""
from __future__ import annotations

import dataclasses
import json
import re
import types

import pytest

from timeline import plan, schema
from timeline.content import Event
from timeline.dates import PartialDate
from timeline.memo import Memo
from timeline.pipeline import check, run
from timeline.serve import PreviewSite
from timeline.sinks import InMemory
from tests.conftest import words_version_of
from tests.test_pipeline import EDITS, options, served


def rewrite(site, relative: str, old: str, new: str) -> None:
    path = site.content / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


# Edits to an event's words only: the server updates its previous plan instead of planning again.
WORD_EDITS = [
    lambda site: rewrite(site, "events/2009-05-06-lavrov-news-conference.md", "Second paragraph.", "Second, *revised*."),
    lambda site: rewrite(site, "events/2009-04-29-nato-withdraws-accreditation.md", "tags: [expulsions]",
                         "tags: [expulsions]\nsummary: A summary written by hand."),
    lambda site: rewrite(site, "events/2008-08-19-nrc-suspended.md", "https://example.com/a", "https://example.com/b"),
    lambda site: (rewrite(site, "events/2011-03-01-filler-2.md", "First paragraph", "Opening paragraph"),
                  rewrite(site, "events/2011-04-01-filler-3.md", "First paragraph", "Opening paragraph")),
    lambda site: rewrite(site, "events/2009-05-06-lavrov-news-conference.md", "note: Added a second source.",
                         "note: Added a second source and a correction."),
]


def previewed(site, monkeypatch):
    """A preview of site, built once, and a list that grows by one with every full plan after that."""
    preview = PreviewSite(options(site, "unused"))
    assert preview.rebuild().files is not None
    full_plans = []
    real_full = plan._full
    monkeypatch.setattr(plan, "_full", lambda *args: full_plans.append(1) or real_full(*args))
    return preview, full_plans


def test_word_edits_update_the_last_plan_and_still_equal_a_full_build(busy_site, monkeypatch):
    site = busy_site
    preview, full_plans = previewed(site, monkeypatch)
    for edit, words_only in [(e, True) for e in WORD_EDITS] + [(EDITS[0], False), (WORD_EDITS[0], True)]:
        edit(site)
        before = len(full_plans)
        built = preview.rebuild(frozenset(str(p) for p in site.content.rglob("*.md")))
        assert built.files is not None, built.errors
        assert (len(full_plans) == before) == words_only
        assert built.files == served(site)


def test_a_retitled_translation_takes_the_short_path_and_its_embeds_follow(bilingual_site, monkeypatch):
    site = bilingual_site
    preview, full_plans = previewed(site, monkeypatch)
    rewrite(site, "events/2009-05-06-lavrov-news-conference.ru.md", "title: Пресс-конференция Лаврова",
            "title: Лавров отвечает журналистам")
    built = preview.rebuild(frozenset(str(p) for p in site.content.rglob("*.md")))
    assert built.files is not None and full_plans == []   # another language's title reorders nothing
    oembed = json.loads(built.files["ru/events/2009-05-06-lavrov-news-conference/oembed.json"])
    assert oembed["title"] == "Лавров отвечает журналистам" and "Пресс-конференция" not in oembed["html"]
    assert built.files == served(site)


def test_a_retitled_translation_of_a_span_redraws_the_charts_that_name_it(bilingual_site, monkeypatch):
    # A span is drawn on the overview charts with its title, into each page's data: the short path,
    # which swaps event objects, cannot reach inside an SVG already drawn.
    site = bilingual_site
    site.event("2008-08-19-nrc-suspended", title="NRC meetings suspended", date="2008-08-19", extra="end_date: 2009-04-01")
    original = site.content / "events/2008-08-19-nrc-suspended.md"
    site.write("content/events/2008-08-19-nrc-suspended.ru.md",
               f"---\ntitle: Заседания СРН приостановлены\ntranslated_from: {words_version_of(original)}\n---\nТекст.\n")
    preview, _ = previewed(site, monkeypatch)
    rewrite(site, "events/2008-08-19-nrc-suspended.ru.md", "title: Заседания СРН приостановлены",
            "title: Совет Россия–НАТО не собирается")
    built = preview.rebuild(frozenset(str(p) for p in site.content.rglob("*.md")))
    assert built.files is not None, built.errors
    assert "Совет Россия–НАТО не собирается".encode() in built.files["ru/index.html"]
    assert built.files == served(site)


def test_a_field_shapes_lists_unless_the_schema_says_it_is_words_only():
    words = {field.name for field in (*schema.EVENT_FIELDS, schema.EVENT_BODY) if field.words_only}
    assert words == {"summary", "sources", "updates", "body"}
    compared = [field.name for field in dataclasses.fields(Event) if field.compare]
    assert set(plan.SHAPE_FIELDS) == {name for name in compared if name.removesuffix("_html") not in words}
    # Every front-matter field that is not words only is compared by the planner under its own name.
    for field in schema.EVENT_FIELDS:
        assert field.words_only or field.name in plan.SHAPE_FIELDS, field.name


def sample_event(**changes) -> Event:
    event = Event(slug="a", title="A", date=PartialDate(2009, 5, 6), end_date=None, approximate=False,
                  actors=("nato",), tags=("diplomacy",), summary="S", body_html="<p>B</p>", sources=(),
                  milestone=False, related=(), updates=(), draft=False, path="content/events/a.md")
    return dataclasses.replace(event, **changes)


OTHER_VALUES = {"slug": "b", "title": "B", "date": PartialDate(2010), "end_date": "ongoing", "approximate": True,
                "actors": ("russia",), "tags": ("expulsions",), "summary": "T", "body_html": "<p>C</p>",
                "sources": ("x",), "milestone": True, "related": ("y",), "updates": ("z",), "draft": True,
                "path": "content/events/b.md", "aliases": ("events/old/",), "words_lang": "en", "updates_lang": "en"}


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Event) if f.compare])
def test_changing_any_field_but_the_words_changes_the_shape(name):
    assert name in OTHER_VALUES, f"new Event field {name}: add a value here"
    changed = plan.shape(sample_event(**{name: OTHER_VALUES[name]})) != plan.shape(sample_event())
    assert changed == (name not in ("summary", "body_html", "sources", "updates"))


def test_a_full_plan_keys_every_file_and_knows_which_pages_show_each_event(site):
    memo = Memo()
    checked = check(options(site), memo)
    planned = plan.plan_build(checked, memo)
    assert set(planned.keys) == {spec.path for spec in planned.specs} | {f.path for f in planned.data_files}
    assert None not in planned.keys.values()
    showing = {planned.specs[i].path for i in planned.pages_showing["2008-08-19-nrc-suspended"]}
    assert {"events/2008-08-19-nrc-suspended/index.html", "index.html", "years/2008/index.html",
            "actors/nato/index.html", "feed.xml"} <= showing
    assert not showing & {"about/index.html", "tags/expulsions/index.html", "actors/sergei-lavrov/index.html"}
    assert planned.html_pages == sum(path.endswith(".html") for path in planned.keys)


def test_a_static_file_edited_between_word_edits_is_published_new(site):
    import shutil
    from tests.conftest import REPO
    shutil.copytree(REPO / "static", site.root / "static")
    memo = Memo()
    run(options(site), memo, InMemory())
    (site.root / "static/extra.txt").write_text("first")
    run(options(site), memo, InMemory())
    (site.root / "static/extra.txt").write_text("second")
    rewrite(site, "events/2009-05-06-lavrov-news-conference.md", "Second paragraph.", "Other words.")
    destination = InMemory()
    run(options(site), memo, destination)
    assert destination.result.files["static/extra.txt"] == b"second"


def retitled(site, slug: str, title: str) -> None:
    path = site.content / f"events/{slug}.md"
    lines = path.read_text().split("\n")
    path.write_text("\n".join(f"title: {title}" if line.startswith("title: ") else line for line in lines))


# Edits that change where an event stands or what lists hold: the server plans the whole site again,
# keying only the pages whose data is not the very same as last time.
STRUCTURAL_EDITS = [
    lambda site: retitled(site, "2011-01-01-filler-12", "Aardvark filler"),   # first of its day now: neighbours change
    lambda site: rewrite(site, "events/2011-06-01-filler-5.md", "date: 2011-06-01", "date: 2009-05-07"),  # another year
    lambda site: rewrite(site, "events/2011-03-01-filler-2.md", "date: 2011-03-01", "date: 2011-03"),    # a vaguer date
    lambda site: site.event("2011-02-15-added", title="Added between", date="2011-02-15", actors="[russia]"),
    lambda site: (site.content / "events/2011-05-01-filler-4.md").unlink(),
    lambda site: rewrite(site, "events/2011-08-01-filler-7.md", "tags: [diplomacy]", "tags: [diplomacy]\nmilestone: true"),
    lambda site: rewrite(site, "events/2011-09-01-filler-8.md", "tags: [diplomacy]",
                         "tags: [diplomacy]\nrelated:\n  - event: 2008-08-19-nrc-suspended\n    relation: follows"),
    lambda site: retitled(site, "2011-01-01-filler-12", "Filler 12"),
]


def test_structural_edits_key_only_the_pages_that_changed_and_equal_a_full_build(busy_site, monkeypatch):
    site = busy_site
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nevents_per_page: 4\ntimeline_split_at: 20\n")
    preview = PreviewSite(options(site, "unused"))
    last = preview.rebuild().files
    keyed = []
    real_key = plan.PageKeys.key_and_events
    monkeypatch.setattr(plan.PageKeys, "key_and_events", lambda self, spec: keyed.append(spec.path) or real_key(self, spec))
    for edit in STRUCTURAL_EDITS:
        before = {str(p) for p in site.content.rglob("*.md")}
        edit(site)
        keyed.clear()
        # As the watcher reports them: the files saved, made and deleted.
        built = preview.rebuild(frozenset(before | {str(p) for p in site.content.rglob("*.md")}))
        keyed_again = len(keyed)
        assert built.files is not None, built.errors
        assert built.files == served(site)
        changed = {path for path, data in built.files.items() if path.endswith(".html") and last.get(path) != data}
        # Keyed again: the pages that changed, and those holding the edited event where it shows no change
        # (about twenty of the site's pages: its page, oEmbed answer and card, its neighbours' strips, the
        # lists, feeds and embeds of its actors, topics and year, the lanes and the feeds).
        assert len(changed) <= keyed_again < len(changed) + 25
        last = built.files


def test_a_preview_edit_remakes_the_open_data_of_the_edited_event_only(busy_site, monkeypatch):
    """Its calendar entry and the files holding it; the other events' entries and calendars are kept."""
    from timeline import opendata
    site = busy_site
    preview, _ = previewed(site, monkeypatch)
    entries, joined = [], []
    real_entry, real_calendar = opendata.calendar_entry, opendata.calendar
    monkeypatch.setattr(opendata, "calendar_entry", lambda event, *rest: entries.append(event.slug) or real_entry(event, *rest))
    monkeypatch.setattr(opendata, "calendar", lambda lines, config, title, lang: joined.append(title) or
                        real_calendar(lines, config, title, lang))
    WORD_EDITS[0](site)
    built = preview.rebuild(frozenset(str(p) for p in site.content.rglob("*.md")))
    assert entries == ["2009-05-06-lavrov-news-conference"]
    # The site's calendar, and those of the event's two actors and its topic; not the others.
    assert sorted(joined) == ["Test Timeline", "Test Timeline: Diplomacy", "Test Timeline: Russia",
                              "Test Timeline: Sergei Lavrov"]
    assert built.files == served(site)


def timeline_pages(built: dict[str, bytes], prefix: str = "") -> dict[str, bytes]:
    """The pages whose layout the split decides, as built: the timeline page in both orders, and its embed."""
    return {path: built[path] for path in (f"{prefix}index.html", f"{prefix}newest/index.html", f"{prefix}embed/index.html")}


def is_split(page: bytes) -> bool:
    """Whether a timeline page (or its embed) lists its milestones instead of every event in its filterable list."""
    return b'<div class="timeline" id="timeline">' not in page


def with_budget(site, kilobytes: int) -> None:
    text = (site.root / "site.yaml").read_text()
    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("timeline_budget_kb:"))
    site.write("site.yaml", text + f"timeline_budget_kb: {kilobytes}\n")


def test_the_timeline_page_splits_when_listing_every_event_would_be_over_its_budget(busy_site):
    # 44 events, far below timeline_split_at: only the page's weight can split it.
    site = busy_site
    heaviest = max(len(page) for page in timeline_pages(served(site)).values())
    with_budget(site, heaviest // 1024 + 1)    # room for it: every event is listed
    assert not any(map(is_split, timeline_pages(served(site)).values()))
    with_budget(site, heaviest // 1024)        # a few bytes short: it splits, and so do its twin and its embed
    everything = served(site)
    assert all(map(is_split, timeline_pages(everything).values()))
    # "See it on the timeline" then leads to the event's item on its year's page, from its page and its card.
    for path, page in everything.items():
        if path.startswith(("events/", "embed/events/")) and path.endswith(".html"):
            [target] = re.findall(rb'href="/(years/[^"#]*)#([^"]+)"', page)
            assert f'id="{target[1].decode()}"'.encode() in everything[target[0].decode() + "index.html"], path


def test_a_translated_title_that_tips_the_timeline_page_over_its_budget_splits_it_in_the_preview(bilingual_site, monkeypatch):
    site = bilingual_site
    for index in range(30):
        site.event(f"2011-{index % 12 + 1:02d}-01-filler-{index}", title=f"Filler {index}", date=f"2011-{index % 12 + 1:02d}-01")
    heaviest = max(len(page) for page in timeline_pages(served(site), "ru/").values())
    with_budget(site, heaviest // 1024 + 1)
    preview, full_plans = previewed(site, monkeypatch)
    title = "title: Пресс-конференция Лаврова"
    for new_title, split in ((title + " " + "о расширении НАТО " * 80, True), (title, False)):
        rewrite(site, "events/2009-05-06-lavrov-news-conference.ru.md", title, new_title)
        built = preview.rebuild(frozenset(str(p) for p in site.content.rglob("*.md")))
        assert built.files is not None, built.errors
        assert len(full_plans) == 1   # a change of layout is planned in full, both ways
        # Every language at once, so the language switch and the two orders keep one layout.
        assert all(is_split(page) == split for prefix in ("", "ru/") for page in timeline_pages(built.files, prefix).values())
        full_plans.clear()
        assert built.files == served(site)
        full_plans.clear()
        title = new_title


@pytest.mark.parametrize("size, fits", [(1023, True), (1024, False)])
def test_a_page_of_exactly_the_budget_is_over_it(size, fits):
    # "Under 150 KB": a page of exactly timeline_budget_kb splits the timeline.
    spec = plan.PageSpec("index.html", "index.html", {"split": False})
    renderer = types.SimpleNamespace(begin=lambda key: None, render=lambda spec: b"x" * size)
    checked = types.SimpleNamespace(config=types.SimpleNamespace(timeline_budget_kb=1), renderer=renderer)
    assert (plan._weighed(checked, "key", [spec]) is not None) == fits


def test_the_weighed_timeline_pages_are_written_as_weighed_not_rendered_again(busy_site, monkeypatch):
    from timeline.render import Renderer
    rendered = []
    real_render = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, spec: rendered.append(spec.path) or real_render(self, spec))
    run(options(busy_site), Memo(), InMemory())
    assert rendered.count("index.html") == 1 and rendered.count("embed/index.html") == 1
