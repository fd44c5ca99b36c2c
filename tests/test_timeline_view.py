"""The timeline view as a person sees and uses it: markers, clusters, zoom, pan, labels."""
import dataclasses
import datetime
import math
import random
import sys

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QAccessible, QColor, QHelpEvent, QImage, QPalette, QWheelEvent
from PySide6.QtWidgets import QToolTip

from conftest import MINIMAL, REPO
from timeline_app.core.loader import load_text
from timeline_app.qt import timeline_view
from timeline_app.qt.timeline_layout import Item, LaneEvents, TimelineData
from timeline_app.qt.timeline_view import TimelineView

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_timeline  # noqa: E402


def day(iso: str) -> float:
    return datetime.date.fromisoformat(iso).toordinal()


def timeline_of(*events):
    """A timeline from (id, date, title) or (id, date, title, end) tuples, all in one lane."""
    lines = ["title: Test", "events:" if events else "events: []"]
    for event_id, date, title, *end in events:
        lines += [f"  - id: {event_id}", f"    date: {date}", f"    title: {title}"]
        lines += [f"    end: {value}" for value in end]
    result = load_text("\n".join(lines) + "\n")
    assert result.timeline is not None, result.problems
    return result.timeline


@pytest.fixture(scope="module")
def generated():
    return load_text(generate_timeline(10_000, seed=1)).timeline


@pytest.fixture
def view(timeline_view):
    return timeline_view


def center(rect) -> QPoint:
    return rect.center().toPoint()


def span(view) -> float:
    start, end = view.view_range()
    return end - start


def plot_edges(view) -> tuple[float, float]:
    start, end = view.view_range()
    return view.x_for_day(start), view.x_for_day(end)


def pixel(view, rect) -> QColor:
    return view.grab().toImage().pixelColor(center(rect))


def background(view) -> QColor:
    return view.palette().color(QPalette.ColorRole.Base)


def distance(a: QColor, b: QColor) -> int:
    return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def wheel(view, pos: QPointF, dy: int = 0, dx: int = 0, modifiers=Qt.KeyboardModifier.NoModifier):
    event = QWheelEvent(pos, view.mapToGlobal(pos), QPoint(), QPoint(dx, dy),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(event)


# -- clicking ---------------------------------------------------------------------------------

def test_clicking_a_marker_emits_the_id_of_its_event(view, qtbot):
    view.set_timeline(timeline_of(("a", "2022-03-01", "Alpha"), ("b", "2022-03-20", "Beta")))
    rect = view.event_rect("b")
    assert rect is not None
    with qtbot.waitSignal(view.eventClicked) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=center(rect))
    assert clicked.args == ["b"]


def test_clicking_a_cluster_badge_zooms_in_until_its_events_stand_apart(view, qtbot):
    close = [(f"c{k}", f"2022-03-{10 + k:02d}", f"Close {k}") for k in range(5)]
    view.set_timeline(timeline_of(("early", "2010-01-01", "Early"), *close))
    view.fit_all()
    badge = view.event_rect("c0")
    assert all(view.event_rect(f"c{k}") == badge for k in range(5)), "one badge for all five"
    before = span(view)
    with qtbot.assertNotEmitted(view.eventClicked):
        for _ in range(6):
            qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=center(view.event_rect("c0")))
            if len({view.event_rect(f"c{k}").x() for k in range(5)}) == 5:
                break
    assert span(view) < before / 100
    rects = [view.event_rect(f"c{k}") for k in range(5)]
    assert all(not a.intersects(b) for a, b in zip(rects, rects[1:]))


# -- keys, zoom and pan -----------------------------------------------------------------------

@pytest.mark.parametrize("key, direction", [(Qt.Key.Key_Right, "next"),
                                            (Qt.Key.Key_Left, "previous"),
                                            (Qt.Key.Key_Home, "first"),
                                            (Qt.Key.Key_End, "last")])
def test_arrow_home_and_end_ask_to_step_through_the_events(view, qtbot, key, direction):
    view.set_timeline(timeline_of(("a", "2022-03-01", "Alpha")))
    with qtbot.waitSignal(view.stepRequested) as step:
        qtbot.keyClick(view, key)
    assert step.args == [direction]


def test_plus_and_minus_keys_zoom_in_and_out_around_the_middle(view, qtbot, bundled):
    view.set_condensed(False)           # days to scale: spans compare (see test_timeline_condensed)
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # spring 2022
    start, end = view.view_range()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    narrower = view.view_range()
    assert narrower[1] - narrower[0] < (end - start) * 0.8
    assert sum(narrower) / 2 == pytest.approx((start + end) / 2)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert span(view) > end - start


def test_keyboard_zoom_keeps_the_selected_event_where_it_is(view, qtbot, bundled):
    view.set_timeline(bundled)
    view.set_selected("istanbul-round-2022")
    before = view.event_rect("istanbul-round-2022").center().x()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Plus)
    after = view.event_rect("istanbul-round-2022")
    assert after is not None and after.center().x() == pytest.approx(before, abs=2)


def test_ctrl_wheel_zooms_around_the_mouse_pointer(view, bundled):
    view.set_timeline(bundled)
    view.set_view_range(day("2023-01-01"), day("2023-04-01"))
    pos = QPointF(view.width() * 0.75, 100)
    under_mouse, before = view.day_at_x(pos.x()), span(view)
    wheel(view, pos, dy=120, modifiers=Qt.KeyboardModifier.ControlModifier)
    assert span(view) < before
    assert view.day_at_x(pos.x()) == pytest.approx(under_mouse, abs=0.01)
    wheel(view, pos, dy=-360, modifiers=Qt.KeyboardModifier.ControlModifier)
    assert span(view) > before
    assert view.day_at_x(pos.x()) == pytest.approx(under_mouse, abs=0.01)


def test_dragging_moves_the_day_under_the_mouse_with_it(view, qtbot, bundled):
    view.set_condensed(False)
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # spring 2022
    start = QPoint(700, 200)
    grabbed, before = view.day_at_x(start.x()), span(view)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for x in (720, 800, 900):
        qtbot.mouseMove(view, QPoint(x, 200))
    with qtbot.assertNotEmitted(view.eventClicked):
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(900, 200))
    assert view.day_at_x(900) == pytest.approx(grabbed, abs=0.01)
    assert span(view) == pytest.approx(before)


@pytest.mark.parametrize("modifiers, dx, dy", [
    (Qt.KeyboardModifier.NoModifier, 0, -120),
    (Qt.KeyboardModifier.ShiftModifier, 0, -120),
    (Qt.KeyboardModifier.NoModifier, -120, 0)])
def test_wheel_and_shift_wheel_pan_later_in_time_keeping_the_zoom(view, bundled, modifiers,
                                                                  dx, dy):
    view.set_condensed(False)
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # spring 2022
    start, before = view.view_range()[0], span(view)
    wheel(view, QPointF(700, 100), dx=dx, dy=dy, modifiers=modifiers)
    assert view.view_range()[0] > start + before * 0.05
    assert span(view) == pytest.approx(before)


# -- what the view shows ----------------------------------------------------------------------

def test_zero_key_fits_every_event_in_the_view(view, qtbot, bundled):
    view.set_timeline(bundled)
    qtbot.keyClick(view, Qt.Key.Key_0)
    left, right = plot_edges(view)
    for event in bundled.events:
        rect = view.event_rect(event.id)
        assert rect is not None, event.id
        assert left <= rect.center().x() <= right, event.id


def test_default_view_is_the_whole_span_with_the_busy_springs_given_the_room(view, bundled):
    view.set_timeline(bundled)
    left, right = plot_edges(view)
    assert all(view.event_rect(e.id) for e in bundled.events)
    assert view.is_condensed() and view.folds()
    spring = view.x_for_day(day("2022-05-18")) - view.x_for_day(day("2022-02-28"))
    assert spring > (right - left) * 0.17       # 7% of the span to scale


def test_next_and_previous_period_jump_between_busy_periods(view, qtbot, bundled):
    view.set_timeline(bundled)
    for _ in range(10):             # back to the first busy period
        if not view.previous_period():
            break
    spring = view.view_range()
    assert spring[0] < day("2022-02-28") and spring[1] > day("2022-05-18")
    with qtbot.waitSignal(view.eventClicked) as chosen:     # its first event is chosen
        assert view.next_period()
    assert view.view_range()[0] > spring[1] - 1 and view.event_rect("grain-deal-signed") is not None
    first_after_spring = min((e for e in bundled.events if e.date.first_day.toordinal() >
                              spring[1]), key=lambda e: e.date.first_day)
    assert chosen.args == [first_after_spring.id]
    qtbot.keyClick(view, Qt.Key.Key_BracketLeft)
    assert view.view_range() == pytest.approx(spring)
    assert not view.previous_period()
    for _ in range(len(view.dense_periods())):
        qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert view.event_rect("exchange-1000-2025") is not None
    assert view.view_range()[0] > day("2025-01-01")
    assert not view.next_period()


def test_clicking_the_minimap_shows_that_part_of_the_timeline(view, qtbot, bundled):
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # spring 2022
    before = span(view)
    _, right = plot_edges(view)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(int(right) - 3,
                                                                 view.height() - 10))
    assert view.event_rect("exchange-1000-2025") is not None
    assert view.event_rect("gomel-first-round") is None
    assert span(view) == pytest.approx(before)


def test_a_month_is_drawn_across_its_month_wider_than_a_day(view):
    view.set_timeline(timeline_of(("d", "2022-03-15", "A day"), ("m", "2022-05", "A month")))
    view.set_view_range(day("2022-02-01"), day("2022-07-01"))
    a_day, a_month = view.event_rect("d"), view.event_rect("m")
    assert a_month.width() > 5 * a_day.width()
    assert a_month.left() == pytest.approx(view.x_for_day(day("2022-05-01")), abs=2)
    assert a_month.right() == pytest.approx(view.x_for_day(day("2022-06-01")), abs=2)
    # and less exact: paler than the day, nearer the background
    assert distance(pixel(view, a_month), background(view)) < \
        distance(pixel(view, a_day), background(view)) * 0.7


def test_selecting_an_event_out_of_view_scrolls_to_it_keeping_the_zoom(view, bundled):
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # spring 2022
    before = span(view)
    assert view.event_rect("istanbul-talks-2025") is None
    view.set_selected("istanbul-talks-2025")
    rect = view.event_rect("istanbul-talks-2025")
    left, right = plot_edges(view)
    assert rect is not None and left < rect.left() and rect.right() < right
    assert span(view) == pytest.approx(before)


def test_filtered_out_events_are_faded_and_lose_their_labels(view):
    view.set_timeline(timeline_of(("a", "2022-03-01", "Alpha"), ("b", "2022-03-20", "Beta")))
    shown = pixel(view, view.event_rect("b"))
    assert {text for _, text, _ in view.placed_labels()} == {"Alpha", "Beta"}
    view.set_visible_ids({"a"})
    faded = pixel(view, view.event_rect("b"))
    assert {text for _, text, _ in view.placed_labels()} == {"Alpha"}
    assert distance(faded, background(view)) < distance(shown, background(view)) / 2
    view.set_visible_ids(None)
    assert {text for _, text, _ in view.placed_labels()} == {"Alpha", "Beta"}


def test_hovering_a_marker_shows_its_title_and_date(view):
    view.set_timeline(timeline_of(("a", "2022-03-29", "Istanbul round")))
    pos = center(view.event_rect("a"))
    QToolTip.hideText()
    view.event(QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos)))
    assert "Istanbul round" in QToolTip.text()
    assert "29 March 2022" in QToolTip.text()


def test_accessible_name_and_description_tell_the_selected_event(view, bundled):
    view.set_timeline(bundled)
    assert "timeline" in view.accessibleName().lower()
    view.set_selected("istanbul-round-2022")
    description = view.accessibleDescription()
    assert "Istanbul round and the Istanbul Communiqu\u00e9" in description
    assert "29 March 2022" in description
    view.set_selected("")
    assert "Istanbul" not in view.accessibleDescription()


def accessible_children(view):
    """(name, role, rect in widget coordinates, state) of each child a screen reader finds."""
    interface = QAccessible.queryAccessibleInterface(view)
    children = [interface.child(k) for k in range(interface.childCount())]
    for k, child in enumerate(children):
        assert interface.indexOfChild(child) == k
        assert child.parent().object() is view
    return [(child.text(QAccessible.Text.Name), child.role(),
             QRect(view.mapFromGlobal(child.rect().topLeft()), child.rect().size()),
             child.state()) for child in children]


def test_a_screen_reader_finds_each_mark_by_its_date_and_title(view, qtbot, bundled):
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # spring 2022
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.set_selected("istanbul-round-2022")
    children = accessible_children(view)
    names = [name for name, *_ in children]
    assert "29 March 2022: Istanbul round and the Istanbul Communiqu\u00e9" in names
    assert "17 May 2022: Direct talks put on hold" in names
    assert len(names) == len(set(names)), "the selected event is listed once"
    selected = [(name, rect) for name, role, rect, state in children if state.selected]
    assert selected == [("29 March 2022: Istanbul round and the Istanbul Communiqu\u00e9",
                         view.event_rect("istanbul-round-2022").toAlignedRect())]
    assert all(role == QAccessible.Role.ListItem for _, role, _, _ in children)
    interface = QAccessible.queryAccessibleInterface(view)
    assert interface.focusChild().text(QAccessible.Text.Name).startswith("29 March 2022")
    view.set_view_range(day("2023-01-01"), day("2023-03-01"))      # nothing then
    assert accessible_children(view) == []


def test_a_screen_reader_hears_count_badges_as_buttons(view, generated):
    view.set_timeline(generated)
    view.fit_all()
    badges = [(name, rect) for name, role, rect, _ in accessible_children(view)
              if role == QAccessible.Role.Button]
    assert len(badges) > 20
    for name, rect in badges:
        count, rest = name.split(" events, ")
        assert int(count) > 1 and rest[-4:].isdigit(), name      # "12 events, 2005 – 2009"
        assert view.rect().contains(rect.center())


def test_choosing_an_event_tells_the_screen_reader_which_mark_has_the_focus(view, qtbot,
                                                                             bundled, monkeypatch):
    told = []
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(
        lambda event: told.append((event.type(), event.accessibleInterface().text(
            QAccessible.Text.Name)))))
    view.set_timeline(bundled)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    told.clear()
    view.set_selected("istanbul-round-2022")
    name = "29 March 2022: Istanbul round and the Istanbul Communiqu\u00e9"
    assert (QAccessible.Event.Focus, name) in told
    assert (QAccessible.Event.Selection, name) in told


def test_hovering_a_badge_of_mixed_precision_events_names_their_dates(view, generated):
    view.set_timeline(generated)
    view.fit_all()
    name, _, rect, _ = next(child for child in accessible_children(view)
                            if child[1] == QAccessible.Role.Button)
    QToolTip.hideText()
    view.event(QHelpEvent(QEvent.Type.ToolTip, rect.center(), view.mapToGlobal(rect.center())))
    assert name.split(", ", 1)[1] in QToolTip.text()


def region(view, rect) -> list[QColor]:
    """The pixels inside a mark, clear of its rounded, antialiased rim."""
    image = view.grab().toImage()
    inset = rect.height() / 4 + 1
    area = rect.adjusted(inset, inset, -inset, -inset).toAlignedRect()
    return [image.pixelColor(x, y) for x in range(area.left(), area.right() + 1)
            for y in range(area.top(), area.bottom() + 1)]


def same_pixels(a: list[QColor], b: list[QColor]) -> bool:
    return max(distance(x, y) for x, y in zip(a, b)) < 40


def test_the_selection_ring_hides_no_neighbouring_dot(view, bundled):
    view.set_timeline(bundled)
    view.resize(1000, 330)
    view.set_selected("kyiv-ceasefire-call")
    neighbour = view.event_rect("ankara-talks-postponed")        # 15 May, beside 16 May
    alone = region(view, neighbour)
    view.set_selected("istanbul-talks-2025")
    ring = view.event_rect("istanbul-talks-2025").adjusted(-5, -5, 5, 5)
    assert ring.intersects(neighbour), "the case in question: the ring reaches the dot"
    assert same_pixels(region(view, neighbour), alone)


def test_badges_along_a_selected_bar_stay_readable(view, generated):
    view.set_timeline(generated)
    view.fit_all()
    longest = max(generated.events, key=lambda e: e.last.last_day - e.date.first_day)
    view.set_selected("")
    badges = [rect for _, role, rect, _ in accessible_children(view)
              if role == QAccessible.Role.Button]
    plain = {(r.x(), r.y()): region(view, QRectF(r)) for r in badges}
    view.set_selected(longest.id)
    bar = view.event_rect(longest.id)
    over = [r for r in badges if QRectF(r).intersects(bar.adjusted(-5, -5, 5, 5))]
    assert len(over) >= 3
    for rect in over:
        assert same_pixels(region(view, QRectF(rect)), plain[(rect.x(), rect.y())]), rect


def test_while_searching_badges_count_only_the_matching_events(view, generated):
    view.set_timeline(generated)
    view.fit_all()
    matching = {e.id for e in generated.events if "Vienna" in e.title}
    view.set_visible_ids(matching)
    others = [view.event_rect(e.id) for e in generated.events if e.id not in matching]
    shown = [(r.x(), r.y()) for r in others if r is not None]
    assert len(shown) == len(set(shown)), "no two left-out events share a badge"
    counts = [int(name.split()[0]) for name, role, _, _ in accessible_children(view)
              if role == QAccessible.Role.Button]
    assert counts and sum(counts) <= len(matching)


# -- labels -----------------------------------------------------------------------------------

def assert_labels_are_readable(view, check_marks=()):
    """No two labels overlap, none runs out of the plot, none covers a drawn marker."""
    labels = view.placed_labels()
    left, right = plot_edges(view)
    for k, (event_id, text, rect) in enumerate(labels):
        assert text and text != "\u2026"
        assert left - 0.5 <= rect.left() and rect.right() <= right + 0.5, text
        for _, other_text, other in labels[k + 1:]:
            overlap = rect.intersected(other)
            assert overlap.width() < 0.5 or overlap.height() < 0.5, (text, other_text)
        for other_id in check_marks:
            mark = view.event_rect(other_id)
            if mark is not None:
                overlap = rect.intersected(mark)
                assert overlap.width() < 0.5 or overlap.height() < 0.5, (text, other_id)
    return labels


def zoom_levels(view):
    """The default view, everything, and every + step down to the closest zoom."""
    yield "default"
    view.fit_all()
    yield "all"
    for step in range(40):
        view.zoom_in()
        yield f"zoom {step}"


def test_labels_never_overlap_at_any_zoom_on_the_bundled_timeline(view, bundled):
    view.set_timeline(bundled)
    view.set_selected("istanbul-round-2022")
    ids = [e.id for e in bundled.events]
    for level in zoom_levels(view):
        assert_labels_are_readable(view, ids), level


def test_labels_never_overlap_on_a_dense_generated_timeline(view, generated):
    view.set_timeline(generated)
    view.set_selected(generated.events[5000].id)
    for level in zoom_levels(view):
        assert_labels_are_readable(view), level


def interval_gap(a_left, a_right, b_left, b_right) -> float:
    return max(0.0, b_left - a_right, a_left - b_right)


def assert_labels_point_at_their_own_marks(view, timeline, gap):
    """A label beside the marks is nearer its own mark than any other; one below them starts
    under its mark, or ends under it with no other mark above it (the selected event's label,
    framed and bold, may end under its mark regardless)."""
    rects = {e.id: view.event_rect(e.id) for e in timeline.events}
    left_edge, _ = plot_edges(view)
    for event_id, text, label in view.placed_labels():
        own = rects[event_id]
        lane = [r for other, r in rects.items() if r is not None and r != own and
                abs(r.center().y() - own.center().y()) < 1]
        if abs(label.center().y() - own.center().y()) < own.height():      # beside the marks
            mine = interval_gap(label.left(), label.right(), own.left(), own.right())
            assert mine <= 1.5 * gap, text
            nearest = min((interval_gap(label.left(), label.right(), r.left(), r.right())
                           for r in lane), default=math.inf)
            assert mine < nearest / 1.5, (text, mine, nearest)
        elif abs(label.left() - max(own.left(), left_edge)) > 1:
            assert abs(label.right() - own.right()) <= 1, text
            above = [r for r in lane if r.right() > label.left() and r.left() < own.left()]
            assert not above or event_id == view_selected(view), (text, above)


def view_selected(view):
    return next((key[1] for key, *_, selected in view.accessible_marks() if selected), None)


def test_labels_use_free_rows_rather_than_cutting_titles_short(view, bundled):
    view.set_timeline(bundled)
    view.set_view_range(day("2022-03-01"), day("2022-04-01"))
    labels = {event_id: text for event_id, text, _ in view.placed_labels()}
    march = [e for e in bundled.events if (e.date.year, e.date.month) == (2022, 3)]
    assert {e.id: e.title for e in march} == {e.id: labels.get(e.id) for e in march}


def test_a_label_never_starts_left_of_the_view(view, bundled):
    view.set_timeline(bundled)
    view.set_view_range(day("2022-03-01"), day("2022-04-01"))      # 28 February just left
    left, _ = plot_edges(view)
    assert all(rect.left() >= left for _, _, rect in view.placed_labels())
    assert "gomel-first-round" not in {event_id for event_id, _, _ in view.placed_labels()}
    assert view.event_rect("gomel-first-round") is None


# -- any timeline paints ----------------------------------------------------------------------

def everything_on_one_day():
    return timeline_of(*[(f"e{k}", "2022-03-29", f"Event {k}") for k in range(40)])


def a_century():
    return timeline_of(("a", "1925", "A year"), ("b", "1970-06", "A month"),
                       ("c", "1999-12-31", "A day"), ("d", "1950", "Long", "2020"))


@pytest.mark.parametrize("make", [
    lambda: timeline_of(), lambda: load_text(MINIMAL).timeline, everything_on_one_day,
    a_century], ids=["empty", "one event", "one day", "a century"])
def test_paints_any_timeline_at_any_zoom(view, make):
    timeline = make()
    view.set_timeline(timeline)
    for _ in zoom_levels(view):
        view.grab()
    view.fit_all()
    for event in timeline.events:
        assert view.event_rect(event.id) is not None


def test_events_of_one_day_separate_at_the_closest_zoom(view):
    timeline = everything_on_one_day()
    view.set_timeline(timeline)
    view.set_view_range(day("2022-03-29"), day("2022-03-30"))
    xs = [view.event_rect(e.id).center().x() for e in timeline.events]
    assert len(set(xs)) == len(xs)


def test_ten_thousand_events_paint_at_every_zoom(view, generated):
    view.set_timeline(generated)
    for _ in zoom_levels(view):
        view.grab()
    view.fit_all()
    assert all(view.event_rect(e.id) is not None for e in generated.events[::500])


def test_a_hundred_thousand_events_paint(view, generated):
    copies = [dataclasses.replace(e, id=f"{e.id}-{k}") for k in range(10)
              for e in generated.events]
    view.set_timeline(dataclasses.replace(generated, events=tuple(copies)))
    for level in zoom_levels(view):
        if level in ("default", "all", "zoom 4", "zoom 12"):
            view.grab()
    assert_labels_are_readable(view)


@pytest.mark.parametrize("count", [1, 2, 127, 128, 129, 1000, 20_000])
def test_a_badges_line_runs_to_the_latest_end_among_its_events(count):
    """LaneEvents.last_end, which spares a frame a pass over every event of its badges, says
    what max() over the events says, for runs of any length anywhere in a lane."""
    rng = random.Random(count)
    starts = sorted(rng.uniform(0, 1000) for _ in range(count))
    items = [Item(None, 0, s, s + rng.choice([1, 1, 3, 40, 900]) * rng.random(), s, False, "day")
             for s in starts]
    lane = LaneEvents(items, presorted=True)
    runs = [(0, count), (count - 1, count)] + [
        sorted(rng.sample(range(count + 1), 2)) for _ in range(200 if count > 1 else 0)]
    for i, j in runs:
        if i < j:
            assert lane.last_end(i, j) == max(item.end for item in items[i:j]), (i, j)


def test_a_filter_splits_each_lane_and_finds_each_event_by_bisect(generated):
    """The split is the same as asking each event (ids of no event here ignored), and each
    event is found where it is by LaneEvents.index_of (no dictionary of a lane's ids built
    on each filter change for the selected mark)."""
    data = TimelineData(generated)
    few = frozenset({e.id for e in generated.events[::997]} | {"no-such-event"})
    lanes = data.lanes(few)
    for lane, (matching, faded) in enumerate(lanes):
        everything = data.lanes(None)[lane][0].items
        assert matching.items == [item for item in everything if item.event.id in few]
        assert faded.items == [item for item in everything if item.event.id not in few]
        assert matching.anchors == sorted(matching.anchors)
        for events in (matching, faded):
            assert events.ends == [item.end for item in events.items]
            assert all(events.index_of(item) == k for k, item in enumerate(events.items))
    assert sum(len(matching.items) for matching, _ in lanes) == len(few) - 1
    assert lanes[0][0].index_of(lanes[0][1].items[0]) is None


def test_events_are_placed_from_their_first_day_to_the_day_after_their_last(view):
    """Each date's days are worked out once per date value (many events share a date): an
    event of the same day as another, a month, a year, ranges of mixed precision."""
    timeline = timeline_of(("a", "2022-03-29", "A"), ("b", "2022-03-29", "B"),
                           ("c", "2022-02", "C"), ("d", "2021", "D", "2022-03-29"),
                           ("e", "2022-03-29", "E", "2022-04"), ("f", "2024-02", "F"))
    items = TimelineData(timeline).items
    placed = {k: (item.start, item.end, item.precision, item.point) for k, item in items.items()}
    assert placed["c"] == (day("2022-02-01"), day("2022-03-01"), "month", False)
    assert placed["d"] == (day("2021-01-01"), day("2022-03-30"), "year", False)
    assert placed["e"] == (day("2022-03-29"), day("2022-05-01"), "month", False)
    assert placed["f"] == (day("2024-02-01"), day("2024-03-01"), "month", False)
    assert placed["a"][0] == placed["b"][0] == day("2022-03-29") and placed["a"][2:] == (
        "day", True)
    assert items["a"].anchor < items["b"].anchor < day("2022-03-30")   # they share the day


def test_dark_palette_draws_light_text_on_a_dark_background(view):
    palette = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base,
                         "#17181a"), (QPalette.ColorRole.Text, "#e8e8e8"),
                        (QPalette.ColorRole.WindowText, "#e8e8e8")):
        palette.setColor(role, QColor(color))
    view.setPalette(palette)
    view.set_timeline(timeline_of(("a", "2022-03-29", "Istanbul round of talks")))
    (_, _, rect), = view.placed_labels()
    image = view.grab().toImage()
    area = rect.toRect() & QRect(0, 0, image.width(), image.height())
    lightness = [image.pixelColor(x, y).lightness() for x in range(area.left(), area.right())
                 for y in range(area.top(), area.bottom())]
    assert max(lightness) > 180            # the text
    assert sorted(lightness)[len(lightness) // 2] < 60   # the background around it


def drawn_at(view, ratio: float) -> QImage:
    image = QImage(view.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    view.render(image)
    return image


@pytest.mark.parametrize("ratio", [1, 1.5, 2])
def test_dots_and_badges_look_the_same_copied_from_pixmaps_on_any_screen(view, generated,
                                                                         monkeypatch, ratio):
    """Marks are drawn once into pixmaps made at the screen's pixel ratio, then copied: the
    copies match drawing each mark (no blur on high-DPI screens, no shift of a pixel)."""
    talks = {e.id for e in generated.events if "talks" in e.title.lower()}
    view.set_timeline(generated)
    view.set_visible_ids(talks)
    view.clearFocus()                          # no focus frame in one of the two pictures
    copied = drawn_at(view, ratio)
    monkeypatch.setattr(timeline_view._Sprites, "start", lambda sprites, painter: None)
    direct = TimelineView()                  # its pixmaps never used: every mark drawn
    direct.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    direct.resize(view.size())
    direct.set_timeline(generated)
    direct.set_visible_ids(talks)
    drawn = drawn_at(direct, ratio)
    assert sum(1 for m in view.accessible_marks() if m.button) > 20      # badges were drawn
    differing, worst = 0, 0
    for y in range(drawn.height()):
        a, b = bytes(copied.constScanLine(y)), bytes(drawn.constScanLine(y))
        if a != b:
            channels = [abs(p - q) for p, q in zip(a, b)]
            differing += sum(1 for c in channels if c)
            worst = max(worst, max(channels))
    assert worst <= 48                        # an edge's shade, at most an eighth of a pixel off
    assert differing < 0.05 * drawn.sizeInBytes()     # only the marks' edges


def test_a_badges_count_is_drawn_centred_and_laid_out_once(view):
    """The counts are QStaticText kept by the view (laid out once, not on every paint), put
    in the middle of their badges as drawText(AlignCenter) put them; a new font lays them
    out again."""
    view.set_timeline(timeline_of(*[(f"e{k}", "2022-03-01", f"Talk {k}") for k in range(12)],
                                  ("z", "2023-06-01", "Gamma")))
    view.fit_all()
    view.set_selected("z")
    view.clearFocus()
    badge = next(m for m in view._frame().marks if m.kind == "cluster")
    image = view.grab().toImage()
    fill = image.pixelColor(round(badge.rect.left() + 3), round(badge.rect.center().y()))
    inside = badge.rect.adjusted(2, 1, -2, -1).toAlignedRect()
    text = [(x, y) for x in range(inside.left(), inside.right() + 1)
            for y in range(inside.top(), inside.bottom() + 1)
            if distance(image.pixelColor(x, y), fill) > 120]
    assert text, "the count is drawn"
    xs, ys = [x for x, _ in text], [y for _, y in text]
    assert abs((min(xs) + max(xs) + 1) / 2 - badge.rect.center().x()) <= 1.5
    assert abs((min(ys) + max(ys) + 1) / 2 - badge.rect.center().y()) <= 2.5
    cached = view._count_texts._texts["12"][0]
    view.grab()
    assert view._count_texts._texts["12"][0] is cached
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)
    view.grab()
    assert view._count_texts._texts["12"][0] is not cached


def clusters_by_scanning(anchors, first_day, last_day, merge_days, badge_days):
    """(first, stop) of each mark, by looking at every event: what _lane_marks finds by
    jumps."""
    i = next((k for k, a in enumerate(anchors) if a >= first_day), len(anchors))
    stop = next((k for k, a in enumerate(anchors) if a >= last_day), len(anchors))
    runs = []
    while i < stop:
        near = [k for k in range(i + 1, stop) if anchors[k] < anchors[i] + merge_days]
        if not near:
            runs.append((i, i + 1))
            i += 1
            continue
        reach = max(badge_days, merge_days)
        j = next((k for k in range(i + 1, stop) if anchors[k] >= anchors[i] + reach), stop)
        runs.append((i, j))
        i = j
    return runs


def test_markers_merge_into_the_badges_a_scan_of_every_event_finds(view, generated):
    view.set_timeline(generated)
    for level in zoom_levels(view):
        if level not in ("all", "zoom 3", "zoom 9"):
            continue
        frame = view._frame()
        start, end = view._view
        for lane, (matching, _) in enumerate(view._lanes):
            found = [(m.first, m.stop) for m in frame.marks
                     if m.lane == lane and m.source is matching and not m.selected]
            crossing = [(k, k + 1) for k in matching.crossing(start - frame.badge_days)]
            expected = clusters_by_scanning(matching.anchors, start - frame.badge_days,
                                            end + frame.badge_days, frame.merge_days,
                                            frame.badge_days)
            assert found == crossing + expected, (level, lane)


def test_badge_widths_are_measured_once_per_count_and_font(view, generated):
    view.set_timeline(generated)
    view.fit_all()
    view.grab()
    widths = dict(view._badge_widths)
    assert widths
    view.zoom_in()
    view.grab()
    assert all(view._badge_widths[text] == width for text, width in widths.items())
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)
    view.grab()
    text = next(iter(widths))
    assert view._badge_widths.get(text, math.inf) != widths[text]


def test_a_badge_holding_the_selected_event_is_drawn_over_its_ring(view):
    """Two events of one day, one selected: the other must not seem gone."""
    view.set_timeline(timeline_of(("a", "2022-03-01", "Alpha"), ("b", "2022-03-01", "Beta"),
                                  ("c", "2023-06-01", "Gamma")))
    view.fit_all()
    view.set_selected("a")
    frame = view._frame()
    assert any(mark.kind == "cluster" and mark.count == 2 for mark in frame.on_top)


def test_a_lane_with_nothing_in_view_says_where_its_events_are(view, bundled):
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # three lanes look empty
    hints = [hint.text for hint in view._frame().hints]
    exchanges = sum(e.track == "prisoners" for e in bundled.events)
    assert f"No events in view here: {exchanges} later \u2192" in hints
    view.fit_all()
    assert view._frame().hints == []


@pytest.mark.parametrize("make", [lambda: None, lambda: timeline_of()], ids=["none", "empty"])
def test_an_empty_timeline_shows_no_axis_labels(view, make):
    view.set_timeline(make())
    frame = view._frame()
    assert frame.ticks == [] and frame.context == ""


def test_the_view_tells_which_timeline_it_shows(view, bundled):
    assert view.timeline is None
    view.set_timeline(bundled)
    assert view.timeline is bundled
    view.set_condensed(False)
    assert view.timeline is bundled
    view.set_timeline(None)
    assert view.timeline is None


def test_no_timeline_says_so_instead_of_an_empty_axis(view):
    """A file with errors: the timeline says there is nothing to show; no bare axis line."""
    view.set_timeline(None)
    frame = view._frame()
    image = view.grab().toImage()
    y = round(frame.axis.top())
    assert all(distance(image.pixelColor(x, y), background(view)) < 30
               for x in range(round(frame.plot.left()) + 2, round(frame.plot.right()) - 2))
    middle = frame.plot.center().toPoint()
    row = [image.pixelColor(x, middle.y()) for x in range(round(frame.plot.left()),
                                                          round(frame.plot.right()))]
    assert any(distance(color, background(view)) > 150 for color in row), "a message"


def test_clicking_a_lane_hint_pans_to_those_events(view, qtbot, bundled):
    view.set_condensed(False)               # the zoom kept reads as days
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # no prisoner exchange yet
    before = span(view)
    hint = next(h for h in view._frame().hints if "4 later" in h.text)
    link, = hint.links
    assert view.event_rect("exchange-azovstal-2022") is None
    with qtbot.assertNotEmitted(view.eventClicked):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=center(link.rect))
    assert view.event_rect("exchange-azovstal-2022") is not None, "the nearest one"
    assert span(view) == pytest.approx(before, rel=0.05)
    view.set_view_range(day("2025-05-24"), day("2025-06-30"))      # after the last truce
    hint = next(h for h in view._frame().hints if "3 earlier" in h.text)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=center(hint.links[0].rect))
    assert view.event_rect("kyiv-ceasefire-call") is not None


def test_shift_arrows_do_what_the_lane_hints_do(view, qtbot, bundled):
    """A keyboard user reaches the hints: Shift+Right pans to the nearest event of the lanes
    saying "N later →", Shift+Left to those saying "← N earlier"; plain arrows still step."""
    view.set_condensed(False)
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # no prisoner exchange yet
    before = span(view)
    assert view.event_rect("exchange-azovstal-2022") is None
    with qtbot.assertNotEmitted(view.stepRequested):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.event_rect("exchange-azovstal-2022") is not None, "the nearest one"
    assert span(view) == pytest.approx(before, rel=0.05)
    view.set_view_range(day("2025-05-24"), day("2025-06-30"))      # after the last truce
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.event_rect("kyiv-ceasefire-call") is not None
    view.fit_all()                                                 # no hint: nothing moves
    whole = view.view_range()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.view_range() == whole
    with qtbot.waitSignal(view.stepRequested) as step:
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert step.args == ["next"]


def test_f1_and_the_readme_tell_the_hint_keys():
    from timeline_app.qt.prompts import KEYS_HELP
    assert any("Shift+Right" in key and "later" in text for key, text in KEYS_HELP)
    assert "| `Shift+Right` / `Shift+Left` |" in (REPO / "README.md").read_text("utf-8")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_hints_folds_and_labels_read_on_both_palettes(view, bundled, theme):
    from timeline_app.qt.theme import palette_for
    view.setPalette(palette_for(theme))
    view.set_timeline(bundled)
    view.set_view_range(day("2022-02-20"), day("2022-06-01"))      # three lanes hint
    link = view._frame().hints[0].links[0]
    image = view.grab().toImage()
    base = background(view).lightness()
    area = link.rect.toRect()
    ink = [image.pixelColor(x, y).lightness() for x in range(area.left(), area.right())
           for y in range(area.top(), area.bottom())]
    assert max(abs(value - base) for value in ink) > 90, "the link reads on the lane"
    for _, _, rect in view.placed_labels():
        area = rect.toRect()
        ink = [image.pixelColor(x, y).lightness() for x in range(area.left(), area.right())
               for y in range(area.top(), area.bottom())]
        assert max(abs(value - base) for value in ink) > 120


def test_long_track_names_wrap_in_a_low_lane_and_the_tooltip_says_them_whole(qtbot, bundled):
    """At 1024x640 the lanes are about two lines high: a long name takes two lines rather than
    being cut; one that does not fit even so is elided, and its tooltip names it whole."""
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1024, 220)
    view.show()
    qtbot.waitExposed(view)
    view.set_timeline(bundled)
    frame = view._frame()
    assert all(lane.height() < 3 * frame.fm.height() for lane in frame.lanes)
    names = {name: (lines, small) for name, lines, small in view.placed_lane_names()}
    lines, _ = names["Russia\u2013Ukraine talks and drafts"]
    assert len(lines) == 2 and " ".join(lines) == "Russia\u2013Ukraine talks and drafts"
    assert " ".join(names["Ceasefires, truces and conditions"][0]) == \
        "Ceasefires, truces and conditions"
    assert names["Prisoner exchanges"] == (["Prisoner exchanges"], False)
    for name in frame.lane_names:
        assert len(name.lines) * name.line_h <= frame.lanes[frame.lane_names.index(name)].height()
        pos = name.rect.center().toPoint()
        QToolTip.hideText()
        view.event(QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos)))
        assert name.name in QToolTip.text()
    view.resize(1024, 500)                          # taller lanes: three lines, nothing cut
    qtbot.waitUntil(lambda: all(
        " ".join(lines).split() == name.split() for name, lines, _ in view.placed_lane_names()))
