"""The detail pane in the window: it follows the search, and links back to the open file."""
import shlex

import pytest
from PySide6.QtGui import QGuiApplication

from conftest import BUNDLED
from timeline_app.qt.event_detail import HIDDEN_BY_SEARCH
from tests.test_detail_menu import right_click, text_point
from tests.test_event_detail import char_formats, is_marked


def search(qtbot, viewer, text):
    viewer.window.find_action.trigger()
    viewer.event_list.search_box.clear()
    qtbot.keyClicks(viewer.event_list.search_box, text)
    qtbot.waitUntil(lambda: viewer.event_list.current_filter().query == text)


def test_a_search_that_hides_the_selected_event_says_so_and_marks_nothing(qtbot, viewer):
    viewer.select("istanbul-talks-2025")
    search(qtbot, viewer, "medinsky")
    assert "istanbul-talks-2025" in viewer.event_list.visible_ids()
    assert HIDDEN_BY_SEARCH not in viewer.detail.plain_text()
    assert all(is_marked(f) for f in char_formats(viewer.detail, "Medinsky"))
    search(qtbot, viewer, "gomel")
    assert "istanbul-talks-2025" not in viewer.event_list.visible_ids()
    assert viewer.selection.current == "istanbul-talks-2025"
    assert viewer.detail.plain_text().lstrip().startswith(HIDDEN_BY_SEARCH)
    viewer.window.clear_action.trigger()
    assert HIDDEN_BY_SEARCH not in viewer.detail.plain_text()


def test_copy_link_names_the_open_file(qtbot, viewer):
    viewer.select("istanbul-talks-2025")
    right_click(qtbot, viewer.detail, text_point(viewer.detail, "Dolmabahçe"),
                "Copy Link to This Event")
    assert shlex.split(QGuiApplication.clipboard().text()) == \
        ["timeline-app", str(BUNDLED.resolve()), "--select", "istanbul-talks-2025"]


def test_a_date_search_that_hides_the_selected_event_names_the_search(qtbot, viewer):
    viewer.select("istanbul-talks-2025")
    search(qtbot, viewer, "March 2022")
    assert "istanbul-talks-2025" not in viewer.event_list.visible_ids()
    assert viewer.detail.plain_text().lstrip().startswith(HIDDEN_BY_SEARCH)


def test_choosing_the_selected_event_again_brings_its_page_back_over_an_article(viewer):
    viewer.select("istanbul-talks-2025")
    viewer.detail.show_article("babel-istanbul-2025")
    assert viewer.detail.shown_article_id == "babel-istanbul-2025"
    viewer.event_list.eventClicked.emit("istanbul-talks-2025")   # as a click on its row does
    assert viewer.detail.shown_article_id == ""
    assert viewer.detail.plain_text().lstrip().startswith("Direct Russia–Ukraine talks")
