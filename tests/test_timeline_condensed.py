"""The condensed time axis as a reader meets it: quiet years folded into marked breaks, the
busy months given the room, and zoom, pan, the minimap and the keys working across the folds."""
import datetime

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip

from timeline_app.core.loader import load_text
from timeline_app.qt.timeline_view import TimelineView


def day(iso: str) -> float:
    return datetime.date.fromisoformat(iso).toordinal()


@pytest.fixture
def view(timeline_view, bundled):
    timeline_view.set_timeline(bundled)
    return timeline_view


def test_a_bursty_timeline_opens_condensed_with_every_event_in_view(view, bundled):
    assert view.is_condensed()
    folds = view.folds()
    assert [fold.describe() for fold in folds][1] == "\u2248 1 year 6 months, 2 events"
    assert all(view.event_rect(e.id) is not None for e in bundled.events)
    lone = view.event_rect("grain-deal-exit")               # 17 July 2023, inside a fold
    assert view.x_for_day(folds[1].first_day) < lone.center().x() < \
        view.x_for_day(folds[1].last_day)


def test_the_toggle_shows_time_to_scale_and_back_keeping_the_days_in_view(view, qtbot):
    view.set_view_range(day("2022-03-01"), day("2022-04-01"))
    with qtbot.waitSignal(view.condensedChanged) as changed:
        view.set_condensed(False)
    assert changed.args == [False] and not view.is_condensed() and view.folds() == []
    assert view.view_range() == pytest.approx((day("2022-03-01"), day("2022-04-01")))
    view.fit_all()
    quiet = view.x_for_day(day("2024-05-01")) - view.x_for_day(day("2023-01-01"))
    with qtbot.waitSignal(view.condensedChanged):
        view.set_condensed(True)
    view.fit_all()
    assert view.x_for_day(day("2024-05-01")) - view.x_for_day(day("2023-01-01")) < quiet / 4


def test_the_axis_has_no_tick_inside_a_fold_and_names_the_dates_either_side(view):
    labels = view.placed_axis_labels()
    for fold in view.folds():
        left, right = view.x_for_day(fold.first_day), view.x_for_day(fold.last_day)
        inside = [text for text, rect in labels if left < rect.left() and rect.right() < right]
        assert all(text.startswith("\u2248") for text in inside), inside
    first = view.folds()[0]             # June to September 2022: "May 2022 ≈ Sep 2022"
    left, right = view.x_for_day(first.first_day), view.x_for_day(first.last_day)
    assert any(rect.right() <= left and left - rect.right() < 60 for _, rect in labels)
    assert any(rect.left() >= right and rect.left() - right < 60 for _, rect in labels)
    texts = [text for text, _ in labels]
    assert "\u2248 1 year 6 months" in texts or "\u2248 18 mo" in texts


def test_a_screen_reader_hears_which_stretches_are_folded(view):
    assert "quiet stretches folded: " in view.accessibleDescription()
    assert "\u2248 1 year 6 months, 2 events" in view.accessibleDescription()
    view.set_condensed(False)
    assert "folded" not in view.accessibleDescription()


def test_hovering_a_fold_says_what_it_holds(view):
    fold = view.folds()[2]                  # no events in it
    pos = QPoint(round(view.x_for_day((fold.first_day + fold.last_day) / 2)), 150)
    QToolTip.hideText()
    view.event(QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos)))
    assert "\u2248 7 months, no events" in QToolTip.text()


def test_zooming_with_the_wheel_over_a_fold_keeps_the_day_under_the_mouse(view):
    fold = view.folds()[1]
    x = view.x_for_day(fold.first_day + 100)
    under = view.day_at_x(x)
    for notches in (2, 3, -1):
        event = QWheelEvent(QPointF(x, 100), view.mapToGlobal(QPointF(x, 100)), QPoint(),
                            QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        view.wheelEvent(event)
        assert view.day_at_x(x) == pytest.approx(under, abs=0.5)


def test_dragging_across_a_fold_carries_the_day_under_the_mouse(view, qtbot):
    view.set_view_range(day("2022-03-01"), day("2022-06-01"))
    grabbed = view.day_at_x(1000)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(1000, 300))
    for x in (980, 800, 400):
        qtbot.mouseMove(view, QPoint(x, 300))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert view.day_at_x(400) == pytest.approx(grabbed, abs=0.5)
    assert view.view_range()[1] > day("2022-09-06"), "past the fold"


def test_brackets_minimap_and_stepping_cross_the_folds(view, qtbot):
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))
    view.setFocus()
    for _ in range(6):                  # every busy period (a lone event is one too)
        qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert view.view_range()[0] > day("2025-01-01")
    assert view.event_rect("exchange-1000-2025") is not None
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))
    minimap_y = view.height() - 10
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(view.width() - 12, minimap_y))
    assert view.event_rect("exchange-1000-2025") is not None
    view.set_selected("gomel-first-round")            # the arrow keys select, the view follows
    assert view.event_rect("gomel-first-round") is not None


def test_an_even_timeline_is_not_condensed_by_default(qtbot):
    events = "\n".join(f"  - {{id: e{k}, date: {2000 + k // 12}-{k % 12 + 1:02d}-15, "
                       f"title: Event {k}}}" for k in range(120))
    view = TimelineView()
    qtbot.addWidget(view)
    view.set_timeline(load_text(f"title: Even\nevents:\n{events}\n").timeline)
    assert not view.is_condensed() and view.folds() == []


@pytest.mark.parametrize("width", [800, 1020, 1362, 1916, 2556])
def test_a_narrow_fold_says_its_length_or_nothing_never_a_lone_sign(view, qtbot, width):
    """The window's four sizes (and 800 px): each fold in view says how long it is ("≈ 9 months,
    2 events", "≈ 9 months", "≈ 9 mo", "9 mo") or, with no room even for that, nothing."""
    view.resize(width, 240)
    qtbot.waitUntil(lambda: view.width() == width)
    view.fit_all()
    frame = view._frame()
    assert frame.folds
    for box in frame.folds:
        assert box.text == "" or any(ch.isdigit() for ch in box.text), box.text
        assert box.text == "" or frame.small_fm.horizontalAdvance(box.text) + 6 <= \
            box.right - box.left
    texts = [text for text, _ in view.placed_axis_labels()]
    assert "\u2248" not in texts


@pytest.mark.parametrize("side", ["right", "left"])
def test_a_fold_running_off_the_edge_is_still_named(view, side):
    """Zoomed in next to a fold: the hatched part in view says what it is."""
    fold = max(view.folds(), key=lambda f: f.last_day - f.first_day)
    days = fold.last_day - fold.first_day              # a third of the fold in view
    if side == "right":
        view.set_view_range(fold.first_day - 20, fold.first_day + days / 3)
    else:
        view.set_view_range(fold.last_day - days / 3, fold.last_day + 20)
    box, = [box for box in view._frame().folds]
    plot = view._frame().plot
    assert box.left < plot.left() or box.right > plot.right()
    texts = [text for text, _ in view.placed_axis_labels()]
    assert box.text and box.text in texts
