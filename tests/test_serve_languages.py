"""The preview of a site in two languages: translations are rebuilt as originals are, fallbacks follow originals."""
from __future__ import annotations

import pytest

from tests.conftest import RU_LAVROV, event_text, words_version_of
from tests.serving import ServerProcess, served_after_edits_equals_a_fresh_build

LAVROV = "content/events/2009-05-06-lavrov-news-conference.md"
LAVROV_RU = "content/events/2009-05-06-lavrov-news-conference.ru.md"
WITHDRAWS = "content/events/2009-04-29-nato-withdraws-accreditation.md"


@pytest.fixture
def server(bilingual_site, tmp_path_factory):
    process = ServerProcess(bilingual_site.root, "--no-search", tmpdir=tmp_path_factory.mktemp("servetmp"))
    yield process
    process.stop()


def test_an_edit_to_a_translation_is_served_on_its_pages(bilingual_site, server):
    path = bilingual_site.root / LAVROV_RU
    path.write_text(path.read_text().replace("Пресс-конференция Лаврова", "Лавров отвечает журналистам"))
    server.wait_rebuilds(2)
    assert server.rebuilds[1].startswith(f"Rebuilt #2 ({LAVROV_RU})"), server.rebuilds
    status, _, body = server.get("ru/events/2009-05-06-lavrov-news-conference/")
    assert status == 200 and "<h1>Лавров отвечает журналистам</h1>" in body.decode()
    assert "Лавров отвечает журналистам" in server.get("ru/")[2].decode()
    assert "Лавров отвечает" not in server.get("events/2009-05-06-lavrov-news-conference/")[2].decode()


def test_an_edit_to_an_original_updates_its_fallback_in_the_other_language(bilingual_site, server):
    (bilingual_site.root / WITHDRAWS).write_text(event_text(title="NATO withdraws two accreditations", date="2009-04-29",
                                                            tags="[expulsions]"))
    server.wait_rebuilds(2)
    page = server.get("ru/events/2009-04-29-nato-withdraws-accreditation/")[2].decode()
    assert '<h1 lang="en">NATO withdraws two accreditations</h1>' in page
    assert "NATO withdraws two accreditations" in server.get("ru/tags/expulsions/")[2].decode()


def test_served_tree_after_edits_in_both_languages_equals_a_fresh_full_build(bilingual_site, server, tmp_path):
    site = bilingual_site
    ru = site.root / LAVROV_RU
    edits = [  # a change to actors.yaml plans everything again: first, so the word edits after it are planned as edits
        lambda: site.write("content/actors.yaml", (site.content / "actors.yaml").read_text().replace("{ru: НАТО}", "{ru: Альянс}")),
        lambda: ru.write_text(ru.read_text().replace("Первый абзац", "Новый первый абзац")),
        lambda: (site.root / LAVROV).write_text((site.root / LAVROV).read_text().replace("Second paragraph.", "Changed.")),
        lambda: ru.write_text(ru.read_text().replace("Пресс-конференция Лаврова", "Новый заголовок")),
        lambda: site.write("content/events/2009-04-29-nato-withdraws-accreditation.ru.md",
                           RU_LAVROV.format(version=words_version_of(site.root / WITHDRAWS))),
        lambda: ru.unlink(),
        lambda: (site.root / WITHDRAWS).write_text((site.root / WITHDRAWS).read_text().replace("First paragraph", "Opening")),
    ]
    files = served_after_edits_equals_a_fresh_build(site, server, edits, tmp_path / "fresh")
    assert sum(1 for path in files if path.startswith("ru/")) >= 15
