"""Static files: CSS and JS get a content hash in their names; hidden files and links are not published."""
from __future__ import annotations

import os

from timeline.assets import read_assets


def test_names_bytes_and_inlinable_files(tmp_path):
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    (static / "style.css").write_text("body{}")
    (static / "app.js").write_text("x=1")
    (static / "img/logo.svg").write_text("<svg/>")
    (static / ".hidden").write_text("no")
    (static / ".git").mkdir()
    (static / ".git/config").write_text("no")
    os.symlink(tmp_path / "outside.txt", static / "link.txt")
    (tmp_path / "outside.txt").write_text("secret")
    assets = read_assets(static)
    assert set(assets.names) == {"style.css", "app.js", "img/logo.svg"}
    assert assets.names["img/logo.svg"] == "static/img/logo.svg"
    assert assets.names["style.css"].startswith("static/style.") and assets.names["style.css"].endswith(".css")
    assert {f.path: f.data for f in assets.files}[assets.names["app.js"]] == b"x=1"
    assert set(assets.inlinable) == {"style.css", "app.js"}


def test_a_changed_stylesheet_gets_a_new_name(tmp_path):
    (tmp_path / "style.css").write_text("a{}")
    first = read_assets(tmp_path).names["style.css"]
    (tmp_path / "style.css").write_text("b{}")
    assert read_assets(tmp_path).names["style.css"] != first
    assert read_assets(tmp_path / "missing").files == []
