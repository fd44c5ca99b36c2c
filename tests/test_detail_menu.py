"""The detail pane's context menu: copy the event, a citation or a link; open the article."""
import shlex

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMenu

from timeline_app.core.citations import citation_markdown, citation_text, event_as_text
from timeline_app.qt.citations import MARKDOWN_MIME
from tests.test_detail_pages import detail, hostile, link_point  # noqa: F401  (fixtures)


def text_point(detail, text):
    """Where a reader points at the middle of the first place `text` is shown."""
    browser = detail.browser
    found = browser.document().find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), f"{text!r} is not shown"
    cursor = QTextCursor(browser.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    return browser.cursorRect(cursor).center()


def right_click(qtbot, detail, point: QPoint, choose: str = "") -> dict[str, bool]:
    """Open the context menu at a point, as a right click does; choose an item (if given).
    Returns each item's text (without '&') and whether it was enabled."""
    seen: dict[str, bool] = {}
    tries = []

    def pick():
        shown = [m for m in detail.browser.findChildren(QMenu) if m.isVisible()]
        menu = QApplication.activePopupWidget() or (shown[0] if shown else None)
        if menu is None:
            tries.append(1)     # never spin forever: the wait below fails after 5 s instead
            if len(tries) < 250:
                QTimer.singleShot(20, pick)
            else:               # give up: close any menu left open so exec() returns
                for widget in QApplication.topLevelWidgets():
                    if isinstance(widget, QMenu) and widget.isVisible():
                        widget.close()
            return
        try:
            for action in menu.actions():
                if action.text() and action.isVisible():
                    seen[action.text().replace("&", "").split("\t")[0]] = action.isEnabled()
            wanted = [a for a in menu.actions() if a.text().replace("&", "") == choose]
            if wanted and wanted[0].isEnabled():
                wanted[0].trigger()
        finally:
            menu.close()

    QTimer.singleShot(0, pick)
    viewport = detail.browser.viewport()
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                                       viewport.mapToGlobal(point)))
    qtbot.waitUntil(lambda: bool(seen))
    return seen


@pytest.fixture
def clipboard():
    board = QGuiApplication.clipboard()
    board.setText("before")
    return board


def test_copy_event_puts_the_event_as_plain_text_on_the_clipboard(qtbot, detail, hostile,
                                                                   clipboard):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    items = right_click(qtbot, detail, text_point(detail, "First"), "Copy Event")
    assert items["Copy Event"] and items["Copy Citation"]
    assert clipboard.text() == event_as_text(hostile.event("first"), hostile)


def test_copy_citation_takes_the_quote_under_the_pointer_in_both_forms(qtbot, detail, hostile,
                                                                        clipboard):
    detail.set_timeline(hostile)
    event = hostile.event("first")
    detail.set_selected("first")
    right_click(qtbot, detail, text_point(detail, "A second quote."), "Copy Citation")
    second = event.excerpts[1]
    assert clipboard.text() == citation_text(second, hostile.article("art"), event)
    markdown = bytes(clipboard.mimeData().data(MARKDOWN_MIME)).decode("utf-8")
    assert markdown == citation_markdown(second, hostile.article("art"), event)
    assert markdown.startswith("> A second quote.")


def test_copy_citation_elsewhere_takes_the_events_first_quote(qtbot, detail, hostile,
                                                              clipboard):
    detail.set_timeline(hostile)
    event = hostile.event("first")
    detail.set_selected("first")
    right_click(qtbot, detail, text_point(detail, "First"), "Copy Citation")
    assert clipboard.text() == citation_text(event.excerpts[0], hostile.article("art"), event)
    assert "Said by <someone>." in clipboard.text()


def test_copy_citation_on_an_article_page_names_the_citing_event(qtbot, detail, hostile,
                                                                 clipboard):
    detail.set_timeline(hostile)
    detail.show_article("art")
    right_click(qtbot, detail, text_point(detail, "A third quote."), "Copy Citation")
    third = hostile.event("third")
    assert clipboard.text() == citation_text(third.excerpts[0], hostile.article("art"), third)


def test_copy_link_gives_a_command_that_opens_the_event(qtbot, detail, hostile, clipboard,
                                                        tmp_path):
    detail.set_timeline(hostile)
    detail.set_selected("second")
    assert not right_click(qtbot, detail, text_point(detail, "Second"))["Copy Link to This Event"]
    path = tmp_path / "my events.yaml"
    detail.set_file_path(str(path))
    right_click(qtbot, detail, text_point(detail, "Second"), "Copy Link to This Event")
    assert shlex.split(clipboard.text()) == ["timeline-app", str(path), "--select", "second"]


def test_open_article_opens_the_link_under_the_pointer(qtbot, detail, hostile, clipboard):
    detail.set_timeline(hostile)
    detail.set_selected("second")
    with qtbot.waitSignal(detail.openUrlRequested) as opened:
        right_click(qtbot, detail, link_point(detail, "https://example.org/art"), "Open Article")
    assert opened.args == ["https://example.org/art"]
    right_click(qtbot, detail, link_point(detail, "https://example.org/art"),
                "Copy Link Address")
    assert clipboard.text() == "https://example.org/art"


def test_an_app_link_offers_no_address_to_copy(qtbot, detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("second")
    items = right_click(qtbot, detail, link_point(detail, "article:art"))
    assert "Copy Link Address" not in items and "Copy Link Location" not in items


def test_open_article_is_off_where_no_safe_link_is(qtbot, detail, hostile):
    detail.set_timeline(hostile)
    detail.show_article("bad")
    with qtbot.assertNotEmitted(detail.openUrlRequested):
        items = right_click(qtbot, detail, text_point(detail, "Bad link"), "Open Article")
    assert items["Open Article"] is False


def test_title_page_offers_no_event_actions(qtbot, detail, hostile):
    detail.set_timeline(hostile)
    items = right_click(qtbot, detail, text_point(detail, "Tracks"))
    assert not any(items[name] for name in ("Copy Event", "Copy Citation",
                                            "Copy Link to This Event", "Open Article"))
    assert "Select All" in items, "the browser's own items stay"


def test_open_article_on_an_article_title_or_a_quote_opens_that_article(qtbot, detail, hostile):
    detail.set_timeline(hostile)
    detail.set_selected("first")
    with qtbot.waitSignal(detail.openUrlRequested) as opened:
        right_click(qtbot, detail, text_point(detail, "A second quote."), "Open Article")
    assert opened.args == ["https://example.org/art"]
    detail.set_selected("second")
    with qtbot.waitSignal(detail.openUrlRequested) as opened:
        right_click(qtbot, detail, link_point(detail, "article:art"), "Open Article")
    assert opened.args == ["https://example.org/art"]
    items = right_click(qtbot, detail, link_point(detail, "article:bad"))
    assert items["Open Article"] is False, "javascript: is never opened"
