"""Merge in the conflict bar: the text last loaded, the disk's and the user's, three ways."""
from PySide6.QtCore import Qt

from test_editing_window import (TIMELINE, WAIT_MS, answer, path, recovery,  # noqa: F401
                                 type_in_editor, viewer)
from timeline_app.qt import document as document_module


def disk_and_mine_differ(viewer, qtbot, path, mine: tuple[str, str], theirs: str) -> None:
    type_in_editor(viewer, qtbot, *mine)
    path.write_text(theirs, "utf-8")
    qtbot.waitUntil(lambda: viewer.notices.notice == document_module.CONFLICT, timeout=WAIT_MS)


def test_a_clean_merge_takes_both_changes_as_one_undoable_edit(viewer, qtbot, path,
                                                               monkeypatch):
    theirs = TIMELINE.replace("Second round", "Their round")
    disk_and_mine_differ(viewer, qtbot, path, ("First round", "My round"), theirs)
    mine = viewer.document.text()
    viewer.notices.buttons["merge"].click()
    merged = TIMELINE.replace("First round", "My round").replace("Second round", "Their round")
    assert viewer.document.text() == merged and viewer.notices.isHidden()
    assert viewer.window.isWindowModified() and path.read_text("utf-8") == theirs
    qtbot.waitUntil(lambda: "Their round" in [e.title for e in viewer.timeline.events],
                    timeout=WAIT_MS)
    viewer.window.undo_action.trigger()
    assert viewer.document.text() == mine
    viewer.window.redo_action.trigger()
    asked = answer(monkeypatch, "ask_overwrite")          # the disk's change is in: no question
    qtbot.keyClick(viewer.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked == [] and path.read_text("utf-8") == merged


def test_overlapping_changes_are_marked_listed_in_problems_and_nothing_is_lost(viewer, qtbot,
                                                                              path):
    theirs = TIMELINE.replace("Second round", "Their round")
    disk_and_mine_differ(viewer, qtbot, path, ("Second round", "My round"), theirs)
    mine = viewer.document.text()
    viewer.notices.buttons["merge"].click()
    text = viewer.document.text()
    lines = text.split("\n")
    markers = [n + 1 for n, line in enumerate(lines) if line[:7] in ("<<<<<<<", "=======",
                                                                      ">>>>>>>")]
    assert len(markers) == 3
    assert "    title: My round" in lines and "    title: Their round" in lines
    assert viewer.notices.notice == document_module.MERGED
    assert "listed in Problems" in viewer.notices.label.text()
    problems = [viewer.problems.model.problem_at(row)
                for row in range(viewer.problems.model.rowCount())]
    said = [p.line for p in problems if p.message.startswith("merge conflict: choose between "
                                                             "your edits and the disk's")]
    assert said == markers and viewer.window.problems_dock.isVisible()
    assert path.read_text("utf-8") == theirs
    viewer.window.undo_action.trigger()
    assert viewer.document.text() == mine


def test_problems_of_the_markers_go_once_they_are_resolved(viewer, qtbot, path):
    theirs = TIMELINE.replace("Second round", "Their round")
    disk_and_mine_differ(viewer, qtbot, path, ("Second round", "My round"), theirs)
    viewer.notices.buttons["merge"].click()
    text = viewer.document.text()
    start = text.index("<<<<<<<")
    end = text.index("\n", text.index(">>>>>>>")) + 1
    viewer.document.replace_range(start, end - start, "    title: Our round\n")
    qtbot.waitUntil(lambda: "Our round" in [e.title for e in viewer.timeline.events],
                    timeout=WAIT_MS)
    assert viewer.problems.model.rowCount() == 0 and viewer.notices.isHidden()
