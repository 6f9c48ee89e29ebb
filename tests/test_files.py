"""files.py: reading only regular files, and folders of any depth walked, made and removed."""
from __future__ import annotations

import os
import socket

import pytest

from tests.conftest import deep_folders
from timeline import files
from timeline.files import FileRefused, make_folders, read_file, remove_tree, walk_tree

DEEPER_THAN_PATHS_GO = 2100  # "d/" 2,100 times is past the 4,096 bytes a path may hold


def test_the_walk_lists_files_in_name_order_and_never_enters_a_linked_folder(tmp_path):
    tree = tmp_path / "tree"
    (tree / "b/c").mkdir(parents=True)
    (tree / "b/c/z.txt").write_text("z")
    (tree / "a.txt").write_text("a")
    (tree / ".hidden").mkdir()
    (tree / ".hidden/x.txt").write_text("x")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/secret.txt").write_text("s")
    os.symlink(tmp_path / "outside", tree / "link")
    # a folder's own entries first, then its subfolders', each in name order
    assert [relative for relative, _ in walk_tree(tree)] == ["a.txt", "link", ".hidden/x.txt", "b/c/z.txt"]
    assert [relative for relative, _ in walk_tree(tree, skip_hidden=True)] == ["a.txt", "link", "b/c/z.txt"]


def test_the_walk_names_a_folder_it_cannot_read_and_goes_on(tmp_path, monkeypatch):
    (tmp_path / "shut").mkdir()
    (tmp_path / "open.txt").write_text("x")
    real_scandir = os.scandir

    def scandir(path):  # root may read any folder, so the refusal is staged
        if str(path).endswith("shut"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)
    monkeypatch.setattr(files.os, "scandir", scandir)
    unreadable: list[str] = []
    assert [relative for relative, _ in walk_tree(tmp_path, unreadable)] == ["open.txt"]
    assert unreadable == ["shut"]


def test_folders_deeper_than_the_stack_are_walked_and_made(tmp_path):
    depth = 1500  # past Python's recursion limit
    path = tmp_path.joinpath(*["d"] * depth)
    make_folders(path)
    (path / "file.txt").write_text("deep")
    assert [relative for relative, _ in walk_tree(tmp_path)] == ["d/" * depth + "file.txt"]
    make_folders(path)  # already there: nothing to do
    remove_tree(tmp_path / "d")  # pytest's own clean-up recurses, and would fail on this


def test_a_tree_deeper_than_any_path_is_removed_whole(tmp_path):
    deep_folders(tmp_path, DEEPER_THAN_PATHS_GO, file="file.txt")
    remove_tree(tmp_path / "d")
    assert os.listdir(tmp_path) == []


def test_removing_a_tree_removes_links_in_it_but_nothing_they_lead_to(tmp_path):
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept/file.txt").write_text("kept")
    (tmp_path / "tree/inner").mkdir(parents=True)
    os.symlink(tmp_path / "kept", tmp_path / "tree/inner/folder-link")
    os.symlink(tmp_path / "kept/file.txt", tmp_path / "tree/file-link")
    remove_tree(tmp_path / "tree")
    assert not (tmp_path / "tree").exists() and (tmp_path / "kept/file.txt").read_text() == "kept"
    os.symlink(tmp_path / "kept", tmp_path / "top-link")
    remove_tree(tmp_path / "top-link")  # a link given as the tree itself is not followed either
    assert (tmp_path / "kept/file.txt").read_text() == "kept"


def test_a_socket_is_named_as_one(tmp_path):
    path = tmp_path / "event.md"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    with pytest.raises(FileRefused, match="is a socket, not a file"):
        read_file(path, 100)


def test_a_link_put_in_place_after_the_look_for_links_is_not_followed(tmp_path, monkeypatch):
    (tmp_path / "outside.txt").write_text("secret")
    (tmp_path / "project").mkdir()
    os.symlink(tmp_path / "outside.txt", tmp_path / "project/event.md")
    monkeypatch.setattr(files.os.path, "islink", lambda path: False)  # the file was plain when looked at
    with pytest.raises(FileRefused, match="became a symbolic link"):
        read_file(tmp_path / "project/event.md", 100, inside=(tmp_path / "project",))


def test_a_folder_moved_out_while_its_tree_is_removed_cannot_lead_the_removal_outside(tmp_path, monkeypatch):
    # Someone who may write in the tree (a group-writable output folder) moves a folder being emptied:
    # climbing back by "..", the removal would be in the folder it was moved to, beside other people's files.
    (tmp_path / "victim/keep").mkdir(parents=True)
    (tmp_path / "victim/keep/precious.txt").write_text("x")
    root = tmp_path / "work/root"
    (root / "victim").mkdir(parents=True)
    (root / "z/y/b").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    real_empty = files._empty_of_files

    def moved_while_emptied(folder: int) -> list[str]:
        if os.readlink(f"/proc/self/fd/{folder}").endswith("/root/z/y/b"):
            os.rename(root / "z/y", tmp_path / "elsewhere/y")
        return real_empty(folder)
    monkeypatch.setattr(files, "_empty_of_files", moved_while_emptied)
    remove_tree(root)
    assert (tmp_path / "victim/keep/precious.txt").read_text() == "x"


def test_a_folder_that_may_be_listed_but_not_entered_is_left_and_nothing_raises(tmp_path, monkeypatch):
    (tmp_path / "tree/shut/inner").mkdir(parents=True)
    real_open = os.open

    def refuse_climbing(path, flags, *args, **kwargs):  # root may enter anything, so the refusal is staged
        if path == "..":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(files.os, "open", refuse_climbing)
    remove_tree(tmp_path / "tree")  # what could not be reached is left, for the next removal
    monkeypatch.undo()
    remove_tree(tmp_path / "tree")
    assert not (tmp_path / "tree").exists()
