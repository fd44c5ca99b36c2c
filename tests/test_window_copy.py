"""The event menu of the list and the timeline (copy the event, a citation, a link; open the
article), where a link leads, and a browser that cannot be started."""
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from timeline_app.core.citations import event_as_text, event_link
from timeline_app.qt import prompts


@pytest.fixture
def viewer(open_viewer):
    viewer = open_viewer()
    yield viewer
    viewer.window.event_menu.hide()


def right_click(qtbot, widget, pos: QPoint) -> None:
    """A right click as the mouse makes it: the press, then the context menu event."""
    qtbot.mouseClick(widget, Qt.MouseButton.RightButton, pos=pos)
    QApplication.sendEvent(widget, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                     widget.mapToGlobal(pos)))


def menu_texts(viewer) -> list[str]:
    return [a.text() for a in viewer.window.event_menu.actions() if a.isEnabled()]


def test_right_click_on_a_row_offers_the_event_menu_and_copies_the_event(viewer, qtbot):
    view = viewer.event_list.view
    rect = view.visualRect(view.model().index(3, 1))
    right_click(qtbot, view.viewport(), rect.center())
    event = viewer.timeline.event(viewer.event_list.visible_ids()[3])
    assert viewer.selection.current == event.id
    qtbot.waitUntil(viewer.window.event_menu.isVisible)
    assert [a.text() for a in viewer.window.event_menu.actions()] == \
        ["Copy &Event", "Copy C&itation", "Copy &Link to the Event", "Open &Article"]
    assert "Copy &Event" in menu_texts(viewer) and "Copy &Link to the Event" in menu_texts(viewer)
    viewer.window.copy_event_action.trigger()
    assert QGuiApplication.clipboard().text() == event_as_text(event, viewer.timeline)
    viewer.window.copy_link_action.trigger()
    assert QGuiApplication.clipboard().text() == event_link(viewer.path, event.id)


def test_right_click_on_a_timeline_mark_selects_it_and_copies_its_citation(viewer, qtbot):
    view = viewer.timeline_view
    event = next(e for e in viewer.timeline.events if e.excerpts)
    other = next(e for e in viewer.timeline.events if e is not event)
    viewer.select(other.id)
    view.set_selected(event.id)         # in view, while the window's selection is another
    for _ in range(4):                  # the whole span opens: apart from its neighbours
        view.zoom_in()
    rect = view.event_rect(event.id)
    assert rect is not None
    right_click(qtbot, view, rect.center().toPoint())
    assert viewer.selection.current == event.id
    qtbot.waitUntil(viewer.window.event_menu.isVisible)
    viewer.window.copy_citation_action.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    quote = event.excerpts[0].quote.split()[0]
    assert quote in mime.text() and mime.hasFormat("text/markdown")


def test_nothing_to_copy_on_the_title_page(viewer):
    viewer.show_title_page()
    assert menu_texts(viewer) == []
    assert not viewer.window.copy_event_action.isEnabled()


def test_a_link_under_the_pointer_shows_where_it_leads(viewer):
    viewer.detail.linkHovered.emit("https://example.org/a")
    assert viewer.window.statusBar().currentMessage() == "https://example.org/a"
    viewer.detail.linkHovered.emit("")
    assert viewer.window.statusBar().currentMessage() == ""


def test_when_no_browser_starts_the_window_says_so_and_offers_the_address(viewer, monkeypatch):
    monkeypatch.setattr("timeline_app.qt.app.QDesktopServices.openUrl", lambda url: False)
    offered = []
    monkeypatch.setattr(prompts, "show_no_browser",
                        lambda parent, url: offered.append(url) or True)
    event = next(e for e in viewer.timeline.events if e.excerpts)
    viewer.select(event.id)
    viewer.window.open_article_action.trigger()
    url = viewer.timeline.article(event.excerpts[0].article_id).link
    assert offered == [url]
    assert url in viewer.window.statusBar().currentMessage()
    assert QGuiApplication.clipboard().text() == url
