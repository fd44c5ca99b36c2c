"""Files and the Go menu, as a person uses them: drop a file, File > New, a file with errors,
the docks of a remembered window, stepping and the title page."""
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from conftest import BUNDLED, MINIMAL
from timeline_app.qt import prompts
from timeline_app.qt.app import Viewer


@pytest.fixture
def viewer(open_viewer):
    return open_viewer(size=(1200, 800))


def drop(window, path) -> bool:
    """Drag the file over the window and drop it; True when the window took the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPoint(window.width() // 2, window.height() // 2)
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(window, QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime,
                                              Qt.MouseButton.LeftButton,
                                              Qt.KeyboardModifier.NoModifier))
    return True


def test_a_file_dropped_on_the_window_opens(viewer, write):
    path = write(MINIMAL)
    assert drop(viewer.window, path)
    assert viewer.path == str(path) and viewer.timeline.title == "Test timeline"


def test_a_drop_over_unsaved_edits_asks_first(viewer, write, monkeypatch):
    asked = []
    monkeypatch.setattr(prompts, "ask_save_edits",
                        lambda parent, name: asked.append(name) or prompts.CANCEL)
    viewer.window.editor_dock.show()
    viewer.document.replace_range(0, 0, "# an edit\n")
    drop(viewer.window, write(MINIMAL))
    assert asked == [BUNDLED.name]
    assert viewer.path == str(BUNDLED) and viewer.document.is_modified()


def test_file_new_is_an_unsaved_example_in_the_yaml_pane_and_save_asks_where(
        viewer, tmp_path, monkeypatch):
    viewer.window.new_action.trigger()
    assert viewer.window.editor_dock.isVisible()
    assert viewer.timeline.title == "My timeline" and viewer.path == ""
    assert viewer.window.windowTitle() == "My timeline \u2014 Untitled[*]"
    assert viewer.window.isWindowModified()
    assert not viewer.window.problems_dock.isVisible()      # the example has no problem
    target = tmp_path / "mine.yaml"
    monkeypatch.setattr(prompts, "choose_save_path", lambda parent, start: str(target))
    viewer.window.save_action.trigger()
    assert target.read_text(encoding="utf-8").startswith("# A new timeline")
    assert viewer.path == str(target) and not viewer.window.isWindowModified()
    assert viewer.ui_settings.recent_files()[0] == str(target)


def test_opening_a_file_with_errors_shows_problems_and_the_first_error_in_the_yaml_pane(
        viewer, write):
    text = MINIMAL.replace("2022-03-29", "2022-02-30").replace("[a1]", "[a2]")
    viewer.open(str(write(text)))
    assert viewer.window.problems_dock.isVisible() and viewer.window.editor_dock.isVisible()
    cursor = viewer.editor.textCursor()
    first_error = text.splitlines().index("    date: 2022-02-30") + 1
    assert cursor.blockNumber() + 1 == first_error
    assert viewer.editor.hasFocus()


def test_a_file_with_errors_opened_before_the_window_shows_has_its_first_error_in_view(
        qtbot, settings, write):
    viewer = Viewer(settings)           # as at start: the file opens, then the window shows
    qtbot.addWidget(viewer.window)
    viewer.open(str(write(MINIMAL.replace("2022-03-29", "2022-02-30"))))
    viewer.window.show()
    qtbot.waitExposed(viewer.window)
    assert viewer.window.editor_dock.isVisible()
    assert viewer.editor.textCursor().blockNumber() + 1 == 9       # the date's line


def test_a_remembered_problems_panel_is_not_restored_empty(qtbot, settings, write):
    first = Viewer(settings)
    qtbot.addWidget(first.window)
    first.open(str(write(MINIMAL.replace("2022-03-29", "2022-02-30"), "bad.yaml")))
    first.window.show()
    assert first.window.problems_dock.isVisible()
    first.window.close()             # the window's state is remembered with the panel shown
    second = Viewer(settings)
    qtbot.addWidget(second.window)
    second.open(str(write(MINIMAL, "good.yaml")))
    assert second.restore_window()
    second.window.show()
    assert not second.window.problems_dock.isVisible()


def test_go_menu_steps_through_events_and_back_to_the_title_page(viewer):
    w, ids = viewer.window, [e.id for e in viewer.timeline.events]
    w.next_action.trigger()
    assert viewer.selection.current == ids[0]
    w.next_action.trigger()
    w.last_action.trigger()
    w.previous_action.trigger()
    assert viewer.selection.current == ids[-2]
    w.first_action.trigger()
    assert viewer.selection.current == ids[0]
    w.title_page_action.trigger()
    assert viewer.selection.current == ""
    assert "\u2192" in viewer.detail.plain_text() or "click" in viewer.detail.plain_text()
    w.back_action.trigger()
    assert viewer.selection.current == ids[0]
    assert w.next_action.text().endswith("\tRight")       # the key the views take


def test_esc_clears_the_search_first_then_shows_the_title_page(viewer, qtbot):
    viewer.select("easter-truce")
    viewer.window.find_action.trigger()
    qtbot.keyClicks(viewer.event_list.search_box, "truce")
    viewer.timeline_view.setFocus()
    qtbot.keyClick(viewer.timeline_view, Qt.Key.Key_Escape)
    assert viewer.event_list.search_box.text() == ""
    assert viewer.selection.current == "easter-truce"
    qtbot.keyClick(viewer.timeline_view, Qt.Key.Key_Escape)
    assert viewer.selection.current == ""
    assert viewer.timeline.title in viewer.detail.plain_text()


def test_home_at_the_first_event_goes_on_to_the_title_page(viewer, qtbot):
    view = viewer.timeline_view
    view.setFocus()
    viewer.select(viewer.timeline.events[5].id)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert viewer.selection.current == viewer.timeline.events[0].id
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert viewer.selection.current == ""
    assert viewer.timeline.title in viewer.detail.plain_text()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert viewer.selection.current == viewer.timeline.events[0].id


def test_returning_users_keep_their_selection_and_zoom(qtbot, settings):
    first = Viewer(settings)
    qtbot.addWidget(first.window)
    first.open(str(BUNDLED), select="easter-truce")
    first.timeline_view.zoom_in()
    first.timeline_view.zoom_in()
    zoomed = first.timeline_view.view_range()
    first.window.close()
    second = Viewer(settings)
    qtbot.addWidget(second.window)
    second.open(str(BUNDLED))
    assert second.selection.current == "easter-truce"
    assert second.timeline_view.view_range() == pytest.approx(zoomed)


def test_one_event_is_counted_as_one_in_the_status_bar(viewer, write):
    viewer.open(str(write(MINIMAL)))
    assert viewer.window.status_counts.text().startswith("1 event \u00b7 1 article")
