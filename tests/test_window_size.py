"""Every screen size: the window fits the screen, and its panes share the room sensibly."""
import pytest
from PySide6.QtCore import QSize

from conftest import BUNDLED
from timeline_app.qt.app import Viewer
from timeline_app.qt.main_window import first_window_size


@pytest.fixture
def viewer(qtbot, settings):
    viewer = Viewer(settings, remember=False)
    qtbot.addWidget(viewer.window)
    viewer.open(str(BUNDLED))
    return viewer


@pytest.mark.parametrize("screen, expected", [
    ((800, 500), (800, 500)), ((1024, 640), (1024, 640)), ((1366, 768), (1280, 768)),
    ((1920, 1080), (1632, 918)), ((2560, 1440), (1800, 1150)), ((3840, 2160), (1800, 1150))])
def test_the_first_size_is_a_capped_share_of_the_screen_and_never_larger(screen, expected):
    assert first_window_size(QSize(*screen)) == QSize(*expected)


def test_a_new_window_opens_within_the_screen(viewer, qtbot):
    window = viewer.window
    window.resize(3000, 2000)            # as a geometry remembered from a larger screen
    window.place_on_screen(restored=True)
    window.show()
    qtbot.waitExposed(window)
    available = window.screen().availableGeometry()
    window.keep_within_screen()          # as the app does once the window shows
    assert available.contains(window.frameGeometry())      # its frame too
    window.place_on_screen(restored=False)
    assert available.contains(window.frameGeometry())
    assert window.size().boundedTo(first_window_size(available.size())) == window.size()


def shown_at(viewer, qtbot, width, height):
    viewer.window.resize(width, height)
    viewer.window.show()
    qtbot.waitExposed(viewer.window)
    qtbot.wait(1)
    return viewer.window


def test_on_a_small_laptop_the_timeline_yields_height_and_the_list_shows_8_rows(viewer,
                                                                                  qtbot):
    window = shown_at(viewer, qtbot, 1024, 640)
    assert window.upper.sizes()[0] < 240     # of 590: near its minimum
    view = viewer.event_list.view
    assert view.viewport().height() / view.rowHeight(0) >= 8


def test_on_wide_screens_the_list_widens_and_titles_are_not_cut(viewer, qtbot):
    window = shown_at(viewer, qtbot, 1024, 640)
    narrow = window.lower.sizes()[0]
    shown_at(viewer, qtbot, 1632, 918)
    assert window.lower.sizes()[0] > narrow + 150
    view = viewer.event_list.view
    longest = max(view.fontMetrics().horizontalAdvance(e.title) for e in viewer.timeline.events)
    assert view.columnWidth(1) > longest + 10


def test_the_user_s_own_shares_are_kept_when_the_window_is_resized(viewer, qtbot):
    window = shown_at(viewer, qtbot, 1400, 900)
    window.upper.moveSplitter(500, 1)    # as dragging the handle does
    shown_at(viewer, qtbot, 1300, 850)
    assert window.upper.sizes()[0] == 500


def test_on_an_800x500_screen_the_whole_window_fits_and_the_list_keeps_rows(viewer, qtbot):
    from PySide6.QtCore import QRect
    screen = QRect(0, 0, 800, 500)
    window = viewer.window
    window.place_on_screen(restored=False, available=screen)
    window.show()
    qtbot.waitExposed(window)
    window.keep_within_screen(screen)
    qtbot.wait(1)
    assert window.height() <= 500 and window.width() <= 800
    view = viewer.event_list.view
    assert view.viewport().height() / view.rowHeight(0) >= 4
