"""Saving over a file that changed on disk, that became a link, or that cannot be written:
the user is asked or told plainly, and nothing on disk is overwritten unseen."""
import errno
import os

from PySide6.QtCore import Qt

from test_editing_window import (TIMELINE, WAIT_MS, answer, conflict, path, recovery,  # noqa: F401
                                 type_in_editor, viewer)
from timeline_app.core import disk
from timeline_app.qt import document as document_module
from timeline_app.qt import prompts


def ctrl_s(viewer, qtbot) -> None:
    qtbot.keyClick(viewer.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


# -- the content hash decides ------------------------------------------------------------------

def test_a_change_that_keeps_size_and_time_still_stops_the_save(viewer, qtbot, path,
                                                                 monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    viewer.document.watcher.stop()          # as if the change came between two polls
    before = path.stat()
    theirs = TIMELINE.replace("Second round", "Secret round")     # the same size
    path.write_text(theirs, "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    asked = answer(monkeypatch, "ask_overwrite", prompts.CANCEL)
    ctrl_s(viewer, qtbot)
    assert asked == [("talks.yaml", "was changed by another program since you opened it.")]
    assert path.read_text("utf-8") == theirs and viewer.window.isWindowModified()


def test_while_the_conflict_bar_is_up_ctrl_s_asks_even_if_the_disk_went_back(viewer, qtbot,
                                                                              path, monkeypatch):
    conflict(viewer, qtbot, path)
    viewer.document.watcher.stop()
    path.write_text(TIMELINE, "utf-8")      # the other program put the old text back
    asked = answer(monkeypatch, "ask_overwrite", prompts.CANCEL, prompts.OVERWRITE)
    ctrl_s(viewer, qtbot)
    assert len(asked) == 1 and path.read_text("utf-8") == TIMELINE
    ctrl_s(viewer, qtbot)                   # now the user chose to overwrite
    assert len(asked) == 2 and "My round" in path.read_text("utf-8")
    assert viewer.notices.isHidden()


# -- a file replaced by a link -----------------------------------------------------------------

def replace_by_link(path, target) -> None:
    link = path.with_name("link.tmp")
    os.symlink(target, link)
    os.replace(link, path)


def test_a_file_replaced_by_a_link_says_where_it_points_and_asks(viewer, qtbot, path, tmp_path,
                                                                 monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    other = tmp_path / "<b>other.yaml"
    other_text = TIMELINE.replace("Second round", "Other file's round")
    other.write_text(other_text, "utf-8")
    replace_by_link(path, other)
    qtbot.waitUntil(lambda: viewer.notices.notice == document_module.CONFLICT, timeout=WAIT_MS)
    assert f"It is now a link to {other}." in viewer.notices.label.text()
    asked = answer(monkeypatch, "ask_link", prompts.CANCEL, prompts.REPLACE_LINK)
    ctrl_s(viewer, qtbot)
    assert asked == [("talks.yaml", str(other), True)]
    assert path.is_symlink() and other.read_text("utf-8") == other_text      # nothing written
    ctrl_s(viewer, qtbot)                   # a file of its own in place of the link
    assert not path.is_symlink() and "My round" in path.read_text("utf-8")
    assert other.read_text("utf-8") == other_text
    assert not viewer.window.isWindowModified()


def test_saving_into_the_linked_file_is_asked_once(viewer, qtbot, path, tmp_path, monkeypatch):
    other = tmp_path / "other.yaml"
    other.write_text(TIMELINE.replace("Second round", "Other file's round"), "utf-8")
    replace_by_link(path, other)            # no edits: the window shows the linked file
    qtbot.waitUntil(lambda: viewer.notices.notice == document_module.LINKED, timeout=WAIT_MS)
    assert str(other) in viewer.notices.label.text()
    assert "Other file's round" in viewer.document.text()
    type_in_editor(viewer, qtbot, "First round", "My round")
    asked = answer(monkeypatch, "ask_link", prompts.WRITE_TARGET)
    ctrl_s(viewer, qtbot)
    assert path.is_symlink() and "My round" in other.read_text("utf-8")
    type_in_editor(viewer, qtbot, "My round", "My round again")
    ctrl_s(viewer, qtbot)                   # the user chose this link: not asked again
    assert len(asked) == 1 and "My round again" in other.read_text("utf-8")


# -- clear messages ----------------------------------------------------------------------------

def fail_writes_with(monkeypatch, number: int) -> None:
    def failing(handle, data):
        raise OSError(number, os.strerror(number))
    monkeypatch.setattr(disk, "_write_all", failing)


def test_a_full_disk_is_said_in_words_and_offers_save_as(viewer, qtbot, path, tmp_path,
                                                         monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    fail_writes_with(monkeypatch, errno.ENOSPC)
    said = answer(monkeypatch, "show_error", False)
    ctrl_s(viewer, qtbot)
    title, text, offer_save_as = said[0]
    assert "talks.yaml was not saved: the disk is full." in text and offer_save_as
    assert "Unknown error" not in text and "your edits are still here" in text
    assert path.read_text("utf-8") == TIMELINE and viewer.window.isWindowModified()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_folder_that_became_read_only_is_said_before_save_as_starts_at_home(
        viewer, qtbot, path, tmp_path, monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    fail_writes_with(monkeypatch, errno.EROFS)
    folder = str(tmp_path)
    real_access = os.access
    monkeypatch.setattr(document_module.os, "access", lambda name, mode: real_access(
        name, mode) and not (os.fspath(name) == folder and mode & os.W_OK))
    said = answer(monkeypatch, "show_error", True)          # the user takes Save As…
    starts = answer(monkeypatch, "choose_save_path", "")
    ctrl_s(viewer, qtbot)
    assert f"the folder {folder} is read-only" in said[0][1]
    assert starts == [(os.path.join(os.path.expanduser("~"), "talks.yaml"),)]


def test_save_as_after_a_failure_starts_beside_the_file_when_its_folder_is_writable(
        viewer, qtbot, path, tmp_path, monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    fail_writes_with(monkeypatch, errno.EIO)
    answer(monkeypatch, "show_error", True)
    starts = answer(monkeypatch, "choose_save_path", "")
    ctrl_s(viewer, qtbot)
    assert starts == [(str(path),)]


def test_a_file_that_became_read_only_is_said_before_save_as(viewer, qtbot, path,
                                                              monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    real_access = os.access
    monkeypatch.setattr(document_module.os, "access", lambda name, mode: real_access(
        name, mode) and not (os.fspath(name) == str(path) and mode & os.W_OK))
    said = answer(monkeypatch, "show_error", False)
    starts = answer(monkeypatch, "choose_save_path")
    ctrl_s(viewer, qtbot)
    assert "talks.yaml cannot be saved: talks.yaml is read-only" in said[0][1]
    assert starts == [] and path.read_text("utf-8") == TIMELINE


def test_a_file_replaced_by_a_fifo_is_said_and_never_opened(viewer, qtbot, path, monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    path.unlink()
    os.mkfifo(path)                         # reading it the usual way would hang for good
    qtbot.waitUntil(lambda: viewer.problems.model.rowCount() > 0 and
                    "pipe" in viewer.problems.model.problem_at(0).message, timeout=WAIT_MS)
    said = answer(monkeypatch, "show_error", False)
    ctrl_s(viewer, qtbot)
    assert "pipe" in said[0][1] and "My round" in viewer.document.text()


def test_a_link_that_cannot_be_replaced_is_said_and_left(viewer, qtbot, path, tmp_path,
                                                         monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    other = tmp_path / "other.yaml"
    other.write_text(TIMELINE, "utf-8")
    replace_by_link(path, other)
    answer(monkeypatch, "ask_link", prompts.REPLACE_LINK)

    def refuse(name):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(document_module.os, "remove", refuse)
    said = answer(monkeypatch, "show_error", False)
    ctrl_s(viewer, qtbot)
    assert "the link cannot be removed (Permission denied)" in said[0][1]
    assert path.is_symlink() and other.read_text("utf-8") == TIMELINE


def test_save_as_onto_a_name_that_is_a_link_asks_where_it_points(viewer, qtbot, path, tmp_path,
                                                                  monkeypatch):
    other = tmp_path / "other.yaml"
    other.write_text("another file\n", "utf-8")
    link = tmp_path / "link.yaml"
    os.symlink(other, link)
    type_in_editor(viewer, qtbot, "First round", "My round")
    answer(monkeypatch, "choose_save_path", str(link), str(link))
    asked = answer(monkeypatch, "ask_link", prompts.CANCEL, prompts.REPLACE_LINK)
    viewer.window.save_as_action.trigger()
    assert asked == [("link.yaml", str(other), False)]
    assert other.read_text("utf-8") == "another file\n" and link.is_symlink()
    viewer.window.save_as_action.trigger()          # a file of its own in place of the link
    assert not link.is_symlink() and "My round" in link.read_text("utf-8")
    assert other.read_text("utf-8") == "another file\n"
    assert viewer.path == str(link) and not viewer.window.isWindowModified()


def test_save_as_onto_the_open_file_asks_as_a_save_does(viewer, qtbot, path, monkeypatch):
    theirs = conflict(viewer, qtbot, path)
    answer(monkeypatch, "choose_save_path", str(path))
    asked = answer(monkeypatch, "ask_overwrite", prompts.CANCEL)
    viewer.window.save_as_action.trigger()
    assert asked == [("talks.yaml", "was changed by another program since you opened it.")]
    assert path.read_text("utf-8") == theirs and viewer.window.isWindowModified()


def test_a_link_replaced_then_a_failed_write_then_save_as_keeps_the_link(viewer, qtbot, path,
                                                                          tmp_path, monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    other = tmp_path / "other.yaml"
    other.write_text(TIMELINE, "utf-8")
    replace_by_link(path, other)
    qtbot.waitUntil(lambda: viewer.notices.notice == document_module.CONFLICT, timeout=WAIT_MS)
    answer(monkeypatch, "ask_link", prompts.REPLACE_LINK)
    real = document_module.write_atomically

    def full_here(name, data, follow_link=False):
        if os.fspath(name) == str(path):
            raise disk.SaveFailed("the disk is full", errno.ENOSPC)
        return real(name, data, follow_link=follow_link)
    monkeypatch.setattr(document_module, "write_atomically", full_here)
    said = answer(monkeypatch, "show_error", True)          # ... then Save As…
    answer(monkeypatch, "choose_save_path", str(tmp_path / "elsewhere.yaml"))
    ctrl_s(viewer, qtbot)
    assert "the disk is full" in said[0][1]
    assert path.is_symlink() and os.readlink(path) == str(other)       # the link is back
    assert "My round" in (tmp_path / "elsewhere.yaml").read_text("utf-8")


def test_saving_merge_markers_asks_first(viewer, qtbot, path, monkeypatch):
    type_in_editor(viewer, qtbot, "Second round", "My second")
    path.write_text(TIMELINE.replace("Second round", "Their second"), "utf-8")
    qtbot.waitUntil(lambda: viewer.notices.notice == document_module.CONFLICT, timeout=WAIT_MS)
    viewer.notices.buttons["merge"].click()
    theirs = path.read_text("utf-8")
    asked = answer(monkeypatch, "ask_save_with_conflicts", False, True)
    ctrl_s(viewer, qtbot)
    assert asked == [(1,)] and path.read_text("utf-8") == theirs     # not saved
    ctrl_s(viewer, qtbot)                                            # "Save Anyway"
    assert "<<<<<<<" in path.read_text("utf-8") and not viewer.window.isWindowModified()


def test_a_file_replaced_by_a_folder_is_said_truly(viewer, qtbot, path, monkeypatch):
    type_in_editor(viewer, qtbot, "First round", "My round")
    path.unlink()
    path.mkdir()
    said = answer(monkeypatch, "show_error", False)
    ctrl_s(viewer, qtbot)
    [(title, text, _)] = said
    assert f"talks.yaml was not saved. {path}: is a folder, not a timeline file." in text
    assert "unchanged" not in text and "Nothing was written" in text
    assert path.is_dir() and "My round" in viewer.document.text()
