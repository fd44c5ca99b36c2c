"""The whole window as a person uses it: one shared selection, keys, search, links, history."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from conftest import BUNDLED, MINIMAL
from timeline_app.qt.app import Viewer


def selected_everywhere(viewer, event_id):
    """The event is selected in the list and shown in the detail."""
    event = viewer.timeline.event(event_id)
    listed = viewer.event_list.view.currentIndex()
    return (viewer.selection.current == event_id
            and listed.isValid()
            and viewer.event_list.model.event_at(listed.row()).id == event_id
            and event.title in viewer.detail.plain_text())


def test_window_title_shows_the_timeline_title_and_file_name(viewer):
    # [*] is Qt's place for the unsaved-edits mark; it shows as nothing while there are none
    assert viewer.window.windowTitle() == \
        "Russia\u2013Ukraine negotiations, 2022\u20132025 \u2014 negotiations-30-events.yaml[*]"
    assert not viewer.window.isWindowModified()


def test_a_first_look_shows_the_title_page_and_the_counts_in_the_status_bar(viewer, qtbot):
    """No remembered state: nothing selected, the detail says what the timeline is; the
    first Right selects the first event."""
    assert viewer.selection.current == ""
    assert not viewer.event_list.view.selectionModel().hasSelection()
    assert viewer.timeline.title in viewer.detail.plain_text()
    assert viewer.timeline.events[0].title not in viewer.detail.plain_text()
    viewer.timeline_view.setFocus()
    qtbot.keyClick(viewer.timeline_view, Qt.Key.Key_Right)
    assert selected_everywhere(viewer, viewer.timeline.events[0].id)
    assert viewer.window.status_counts.text().startswith("30 events \u00b7 50 articles")
    assert viewer.window.problems_button.text() == "No problems"


def test_clicking_a_marker_selects_the_event_in_list_and_detail(viewer, qtbot):
    view = viewer.timeline_view
    target = "istanbul-talks-2025"
    viewer.timeline_view.set_selected(target)      # scrolls it into view
    for _ in range(4):             # the whole span opens: zoom in until 15 and 16 May stand apart
        view.zoom_in()
    rect = view.event_rect(target)
    assert rect is not None
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert selected_everywhere(viewer, target)


def test_arrow_keys_move_through_events_in_date_order(viewer, qtbot):
    view = viewer.timeline_view
    view.setFocus()
    ids = [e.id for e in viewer.timeline.events]
    viewer.select(ids[0])
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert viewer.selection.current == ids[2]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert selected_everywhere(viewer, ids[1])
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert viewer.selection.current == ids[-1]
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert viewer.selection.current == ids[0]


def test_search_narrows_the_list_and_arrows_stay_within_it(viewer, qtbot):
    viewer.window.find_action.trigger()
    qtbot.keyClicks(viewer.event_list.search_box, "prisoner")
    listed = viewer.event_list.visible_ids()
    assert 0 < len(listed) < 30
    viewer.select(listed[0])
    viewer.event_list.view.setFocus()
    qtbot.keyClick(viewer.event_list.view, Qt.Key.Key_Right)
    assert viewer.selection.current == listed[1]
    viewer.window.clear_action.trigger()
    assert len(viewer.event_list.visible_ids()) == 30


def test_related_link_selects_and_alt_left_goes_back(viewer, qtbot):
    viewer.select("istanbul-round-2022")
    viewer.detail.eventClicked.emit("draft-treaty-april-15")   # as a click on the link does
    assert selected_everywhere(viewer, "draft-treaty-april-15")
    assert viewer.window.back_action.isEnabled()
    viewer.window.back_action.trigger()
    assert selected_everywhere(viewer, "istanbul-round-2022")
    viewer.window.forward_action.trigger()
    assert viewer.selection.current == "draft-treaty-april-15"


def test_a_tag_clicked_in_the_detail_filters_the_list(viewer):
    viewer.detail.tagClicked.emit("prisoner-exchange")
    listed = viewer.event_list.visible_ids()
    assert listed and all("prisoner-exchange" in viewer.timeline.event(i).tags for i in listed)


def test_an_article_chosen_on_the_sources_tab_shows_in_the_detail(viewer):
    viewer.window.tabs.setCurrentWidget(viewer.sources)
    articles = viewer.sources.list
    articles.setCurrentIndex(articles.model().index(
        viewer.sources.model.row_of("babel-istanbul-2025"), 0))     # as the arrow keys do
    assert viewer.detail.shown_article_id == "babel-istanbul-2025"
    viewer.detail.eventClicked.emit("exchange-1000-2025")           # a citing event's link
    assert selected_everywhere(viewer, "exchange-1000-2025")


def test_only_http_links_are_opened(viewer, monkeypatch):
    opened = []
    monkeypatch.setattr("timeline_app.qt.app.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toString()) or True)
    viewer.detail.openUrlRequested.emit("https://example.org/a")
    viewer.detail.openUrlRequested.emit("javascript:alert(1)")
    viewer.detail.openUrlRequested.emit("file:///etc/passwd")
    assert opened == ["https://example.org/a"]


def test_another_file_with_errors_shows_its_problems_and_nothing_of_the_last_file(viewer,
                                                                                  write):
    bad = write(MINIMAL.replace("2022-03-29", "2022-02-30"))
    assert viewer.open(str(bad)) is False
    assert viewer.timeline is None and viewer.event_list.model.rowCount() == 0
    assert viewer.window.windowTitle() == "timeline.yaml[*]"
    assert viewer.window.problems_dock.isVisible()
    assert viewer.problems.model.rowCount() == 1
    assert "February 2022 has 28 days" in viewer.problems.model.problem_at(0).message
    assert "Ctrl+E to fix them" in viewer.window.status_counts.text()


def test_html_in_the_data_is_shown_literally(qtbot, settings, write):
    path = write(MINIMAL.replace("title: First event", "title: <b>Bold</b> <i>x</i>"))
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window)
    viewer.open(str(path), select="e1")
    assert "<b>Bold</b> <i>x</i>" in viewer.detail.plain_text()
    assert viewer.event_list.model.event_at(0).title == "<b>Bold</b> <i>x</i>"


def test_select_option_and_remembered_selection(qtbot, settings):
    first = Viewer(settings)
    qtbot.addWidget(first.window)
    first.open(str(BUNDLED), select="easter-truce")
    assert first.selection.current == "easter-truce"
    first.window.close()                  # remembers the selection
    second = Viewer(settings)
    qtbot.addWidget(second.window)
    second.open(str(BUNDLED))
    assert second.selection.current == "easter-truce"


def test_problems_panel_activation_shows_the_line_in_the_editor_and_selects_its_event(viewer):
    event = viewer.timeline.event("easter-truce")
    viewer.problems.problemActivated.emit(event.line + 1, 5)
    assert viewer.window.editor_dock.isVisible()
    cursor = viewer.editor.textCursor()
    assert (cursor.blockNumber() + 1, cursor.positionInBlock() + 1) == (event.line + 1, 5)
    assert viewer.selection.current == "easter-truce"


def test_tab_goes_through_the_panes_in_reading_order(viewer, qtbot):
    viewer.timeline_view.setFocus()
    seen = []
    for _ in range(9):
        widget = viewer.window.focusWidget()
        seen.append(widget.accessibleName() or type(widget).__name__)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen[:3] == ["Timeline", "QTabBar", "Search events"]
    assert seen[3:7] == [f"Show only track: {t.name}" for t in viewer.timeline.tracks]
    assert seen[7:9] == ["Filter by tag", "Events"]
    assert viewer.window.focusWidget() is viewer.detail.browser


def test_open_recent_lists_the_files_opened_and_opens_them(qtbot, settings, write):
    other = write(MINIMAL, "other.yaml")
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window)
    viewer.open(str(BUNDLED))
    viewer.open(str(other))
    viewer.window.recent_menu.aboutToShow.emit()
    actions = viewer.window.recent_menu.actions()
    assert [a.text() for a in actions[:2]] == [str(other), str(BUNDLED)]
    actions[1].trigger()
    assert viewer.path == str(BUNDLED) and viewer.timeline.title.startswith("Russia")


def test_open_recent_can_be_cleared(qtbot, settings, write):
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window)
    viewer.open(str(write(MINIMAL)))
    menu = viewer.window.recent_menu
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == "&Clear List").trigger()
    menu.aboutToShow.emit()
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [("No recent files", False)]
    assert Viewer(settings).ui_settings.recent_files() == []     # remembered so


def test_the_focused_panes_show_a_highlighted_frame(viewer, qtbot):
    for widget in (viewer.event_list.view, viewer.event_list.search_box, viewer.detail.browser):
        viewer.window.tabs.setCurrentWidget(viewer.event_list)
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        image = widget.grab().toImage()
        highlight = widget.palette().color(QPalette.ColorRole.Highlight)
        assert image.pixelColor(0, image.height() // 2) == highlight, widget.accessibleName()


def test_a_file_with_more_problems_than_are_kept_says_how_many_in_all(qtbot, settings, write):
    """1,500 bad events give 4,500 problems: the panel lists the first 1,000 and says how
    many more there are; the status bar counts every one."""
    events = "".join(f"  - id: e{i}\n    date: 2022-13-01\n    title: T\n    bogus: 1\n"
                     for i in range(1500))
    path = write("title: Many problems\nevents:\n" + events)
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window)
    viewer.open(str(path))
    viewer.window.show()
    assert viewer.problems.model.rowCount() == 1000
    assert viewer.problems.more.isVisibleTo(viewer.window)
    assert viewer.problems.more.text().startswith("\u2026 and 3,500 more problems not shown")
    assert viewer.window.problems_button.text() == "1,500 errors, 3,000 warnings"


def test_a_dock_gets_its_focus_frame_and_title_padding_when_first_shown(viewer, qtbot):
    problems = viewer.window.problems_dock
    assert not problems.styleSheet()        # hidden at start: its style sheet not paid for
    problems.show()
    qtbot.waitUntil(problems.isVisible)
    assert "QDockWidget::title" in problems.styleSheet()
    view = viewer.problems.view
    qtbot.waitUntil(lambda: view.height() > 50)     # the window laid out with the dock
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    image = view.grab().toImage()
    assert image.pixelColor(0, image.height() // 2) == view.palette().color(
        QPalette.ColorRole.Highlight)
    viewer.window.editor_action.trigger()       # Ctrl+E
    qtbot.waitUntil(viewer.window.editor_dock.isVisible)
    assert "QDockWidget::title" in viewer.window.editor_dock.styleSheet()
    assert viewer.editor.font().fixedPitch() or \
        viewer.editor.font().family() != viewer.detail.font().family()
