"""Ctrl+E takes the keyboard to the YAML pane and back; Esc in the pane returns to where you
were and leaves the pane open (Ctrl+E closes it)."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def viewer(qtbot, open_viewer):
    viewer = open_viewer()
    viewer.window.activateWindow()
    qtbot.waitUntil(viewer.window.isActiveWindow)
    return viewer


def focused():
    return QApplication.focusWidget()


def test_ctrl_e_opens_the_pane_with_the_keyboard_in_it_and_closes_it_back(viewer, qtbot):
    viewer.timeline_view.setFocus()
    qtbot.waitUntil(viewer.timeline_view.hasFocus)
    qtbot.keyClick(viewer.window, Qt.Key.Key_E, CTRL)
    assert viewer.window.editor_dock.isVisible()
    qtbot.waitUntil(viewer.editor.hasFocus)
    qtbot.keyClicks(focused(), "# typed here")       # typing goes into the YAML now
    assert "# typed here" in viewer.editor.toPlainText()
    qtbot.keyClick(viewer.window, Qt.Key.Key_E, CTRL)
    assert not viewer.window.editor_dock.isVisible()
    qtbot.waitUntil(viewer.timeline_view.hasFocus)


def test_esc_in_the_pane_returns_to_where_you_were_and_keeps_the_pane(viewer, qtbot):
    search = viewer.event_list.search_box
    viewer.window.find_action.trigger()
    qtbot.keyClicks(search, "prisoner")
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClick(viewer.window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(viewer.editor.hasFocus)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(search.hasFocus)
    assert viewer.window.editor_dock.isVisible()
    # Esc in the pane only moves the keyboard: the search it returns to is still there
    assert search.text() == "prisoner"


def test_closing_the_pane_while_typing_elsewhere_leaves_the_focus_alone(viewer, qtbot):
    qtbot.keyClick(viewer.window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(viewer.editor.hasFocus)
    viewer.event_list.view.setFocus()
    qtbot.waitUntil(viewer.event_list.view.hasFocus)
    qtbot.keyClick(viewer.window, Qt.Key.Key_E, CTRL)
    assert not viewer.window.editor_dock.isVisible()
    assert viewer.event_list.view.hasFocus()
