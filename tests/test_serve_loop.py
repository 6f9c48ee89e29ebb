"""The rebuild loop: a change that lands while a rebuild reads the files is never half-published."""
from __future__ import annotations

import io

from timeline import pipeline, serve
from tests.conftest import event_text

LAVROV = "content/events/2009-05-06-lavrov-news-conference.md"
NRC = "content/events/2008-08-19-nrc-suspended.md"


def test_a_change_during_a_rebuild_discards_it_and_one_later_rebuild_shows_both(site, monkeypatch):
    options = pipeline.Options(content_dir=site.content, output_dir=site.root / "unused",
                               config_path=site.root / "site.yaml", search=False, parallel=False)
    builder = serve.SiteBuilder(options)
    assert builder.rebuild().generation.number == 1
    state, out = serve.ServerState(), io.StringIO()
    state.generation = builder.current
    loop = serve.BuildLoop(state, builder, mirror=None, out=out)

    real_check, checks = pipeline.check, []

    def check_while_an_editor_writes_again(*args, **kwargs):
        checked = real_check(*args, **kwargs)
        checks.append(1)
        if len(checks) == 1:
            # The editor's second write lands after this rebuild read the files: what it read is stale.
            site.write(NRC, event_text(title="NRC meetings suspended, retitled", date="2008-08-19",
                                       extra="end_date: 2009-03-05"))
            state.note_change(str(site.root / NRC))
        return checked

    monkeypatch.setattr(pipeline, "check", check_while_an_editor_writes_again)
    loop.start()
    try:
        site.write(LAVROV, event_text(title="Lavrov speaks again", actors="[Sergey Lavrov, russia]"))
        state.note_change(str(site.root / LAVROV))
        with state.condition:
            assert state.condition.wait_for(lambda: state.done >= state.wanted == 2, timeout=20)
    finally:
        with state.condition:
            state.stopping = True
            state.condition.notify_all()
        loop.join(timeout=10)
    lines = out.getvalue().splitlines()
    assert len(checks) == 2 and len(lines) == 1, lines  # the first rebuild was thrown away, unpublished
    assert lines[0].startswith("Rebuilt #2 (") and "lavrov-news-conference.md" in lines[0] and "nrc-suspended.md" in lines[0]
    files = state.generation.files
    assert b"Lavrov speaks again" in files["events/2009-05-06-lavrov-news-conference/index.html"]
    assert b"NRC meetings suspended, retitled" in files["events/2008-08-19-nrc-suspended/index.html"]
    assert not loop.is_alive()
