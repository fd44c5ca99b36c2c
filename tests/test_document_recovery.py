"""Crash copies per window: each window keeps its own copy of its unsaved edits, about a
second after the last keystroke, and never offers or deletes another live window's copy."""
import os
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from test_editing_window import (TIMELINE, copies, open_viewer, path, recovery,  # noqa: F401
                                 type_in_editor)
from timeline_app.qt import document as document_module
from timeline_app.qt import prompts


def test_the_copy_is_written_about_a_second_after_the_last_keystroke(qtbot, settings, recovery,
                                                                     path):
    viewer = open_viewer(qtbot, settings, recovery, path)
    type_in_editor(viewer, qtbot, "First round", "Unsaved")
    for _ in range(4):                      # typing on: the copy waits for the pause
        qtbot.keyClicks(viewer.editor, " round")
        qtbot.wait(300)
        assert copies(recovery, path) == []
    last_key = time.monotonic()
    qtbot.waitUntil(lambda: bool(copies(recovery, path)), timeout=3000)
    delay = time.monotonic() - last_key
    assert 0.6 <= delay < 2.0               # a crash 2 s after typing loses nothing
    assert copies(recovery, path) == [viewer.document.text()]
    assert "Unsaved round round round round" in viewer.document.text()


def test_two_windows_on_one_file_keep_their_own_copies(qtbot, settings, recovery, path):
    left = open_viewer(qtbot, settings, recovery, path)
    right = open_viewer(qtbot, settings, recovery, path)
    type_in_editor(left, qtbot, "First round", "Left round")
    type_in_editor(right, qtbot, "Second round", "Right round")
    for viewer in (left, right):
        viewer.document.keep_for_recovery()
    assert sorted(copies(recovery, path)) == sorted([left.document.text(),
                                                     right.document.text()])
    left.window.save_action.trigger()          # File > Save in the left window
    assert "Left round" in path.read_text("utf-8")
    assert copies(recovery, path) == [right.document.text()]    # the other window's stays


def test_a_live_windows_copy_is_never_offered_nor_discarded_by_another(qtbot, settings,
                                                                       recovery, path,
                                                                       monkeypatch):
    first = open_viewer(qtbot, settings, recovery, path)
    type_in_editor(first, qtbot, "First round", "First window's round")
    first.document.keep_for_recovery()
    second = open_viewer(qtbot, settings, recovery, path)
    assert second.notices.isHidden()        # the first window is alive: its copy is its own
    type_in_editor(second, qtbot, "Second round", "Second window's round")
    second.document.keep_for_recovery()
    monkeypatch.setattr("timeline_app.qt.prompts.ask_reload", lambda *args: True)
    second.window.reload_action.trigger()   # F5 over edits, answered Reload: forgets its own
    assert copies(recovery, path) == [first.document.text()]
    first.document.shutdown()               # the first window crashes
    third = open_viewer(qtbot, settings, recovery, path)
    assert third.notices.notice == document_module.RECOVERED
    third.notices.buttons["restore"].click()
    assert third.document.text() == first.document.text()
    assert TIMELINE != third.document.text() and third.window.isWindowModified()


def test_a_single_keystroke_is_kept_too(qtbot, settings, recovery, path):
    viewer = open_viewer(qtbot, settings, recovery, path)
    viewer.window.editor_dock.show()
    viewer.editor.go_to(2, 1)
    qtbot.keyClick(viewer.editor, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: bool(copies(recovery, path)), timeout=3000)
    assert copies(recovery, path) == [viewer.document.text()]
    assert viewer.document.text().split("\n")[1] == "xtitle: Talks"


def test_typing_that_never_pauses_still_gets_a_copy(qtbot, settings, recovery, path,
                                                    monkeypatch):
    monkeypatch.setattr(document_module, "AUTOSAVE_MAX_MS", 400)     # 5 s in the app
    viewer = open_viewer(qtbot, settings, recovery, path)
    viewer.document.autosave.setInterval(200)                          # 1 s in the app
    type_in_editor(viewer, qtbot, "First round", "x")
    for _ in range(12):                     # a key every 80 ms: never a 200 ms pause
        qtbot.keyClicks(viewer.editor, "x")
        qtbot.wait(80)
    assert copies(recovery, path) and "xxxxx" in copies(recovery, path)[0]


def test_a_new_timeline_is_kept_and_offered_after_a_crash(qtbot, settings, recovery, path):
    crashed = open_viewer(qtbot, settings, recovery, path)
    crashed.window.new_action.trigger()                 # File > New Timeline
    crashed.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(crashed.editor, "# an hour of work")
    qtbot.waitUntil(lambda: bool(copies(recovery, "")), timeout=3000)
    assert copies(recovery, "") == [crashed.document.text()]
    crashed.document.shutdown()                         # the window crashes
    later = open_viewer(qtbot, settings, recovery, path)
    assert later.notices.notice == document_module.RECOVERED
    assert "Unsaved edits of a new timeline from" in later.notices.label.text()
    later.notices.buttons["restore"].click()            # Open Them
    assert later.document.text() == crashed.document.text() and later.path == ""
    assert later.window.isWindowModified() and later.notices.isHidden()
    assert copies(recovery, "") == [later.document.text()]      # now the later window's own
    third = open_viewer(qtbot, settings, recovery, path)
    assert third.notices.isHidden()                     # a live window's: not offered


def test_undoing_back_to_the_saved_text_forgets_the_copy(qtbot, settings, recovery, path):
    viewer = open_viewer(qtbot, settings, recovery, path)
    type_in_editor(viewer, qtbot, "First round", "X")
    qtbot.waitUntil(lambda: bool(copies(recovery, path)), timeout=3000)
    while viewer.window.isWindowModified():
        qtbot.keyClick(viewer.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert copies(recovery, path) == []
    viewer.document.shutdown()                          # a crash now leaves nothing to offer
    assert open_viewer(qtbot, settings, recovery, path).notices.isHidden()


def test_a_copy_that_cannot_be_deleted_is_said_and_the_save_still_counts(qtbot, settings,
                                                                         recovery, path,
                                                                         monkeypatch):
    viewer = open_viewer(qtbot, settings, recovery, path)
    type_in_editor(viewer, qtbot, "First round", "My round")
    qtbot.waitUntil(lambda: bool(copies(recovery, path)), timeout=3000)
    real_remove = os.remove

    def refuse_copies(name, *args, **kwargs):
        if os.fspath(name).endswith(".recovery"):
            raise PermissionError(13, "Permission denied", name)
        return real_remove(name, *args, **kwargs)
    monkeypatch.setattr(os, "remove", refuse_copies)
    viewer.window.save_action.trigger()
    assert "My round" in path.read_text("utf-8") and not viewer.window.isWindowModified()
    message = viewer.window.statusBar().currentMessage()
    assert message.startswith("Saved talks.yaml.")
    assert "Could not remove the recovery copy" in message
    type_in_editor(viewer, qtbot, "My round", "Our round")
    monkeypatch.setattr(prompts, "ask_save_edits", lambda *args: prompts.DISCARD)
    assert viewer.window.close()                        # Discard: no traceback either


def test_edits_another_program_saved_as_they_are_leave_no_copy(qtbot, settings, recovery, path):
    viewer = open_viewer(qtbot, settings, recovery, path)
    type_in_editor(viewer, qtbot, "First round", "X")
    qtbot.waitUntil(lambda: bool(copies(recovery, path)), timeout=3000)
    path.write_text(viewer.document.text(), "utf-8")    # e.g. the same edit made elsewhere
    qtbot.waitUntil(lambda: not viewer.window.isWindowModified(), timeout=3000)
    assert copies(recovery, path) == [] and viewer.notices.isHidden()
