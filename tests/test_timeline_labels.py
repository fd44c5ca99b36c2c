"""No hidden event: the geometry of what the timeline draws, label rectangles against marks.

A label never covers a dot, a bar, a badge (with its line) or another label; the selected
event's bold label never covers its own dot or the ring around it; every event in view is drawn
as a mark of its own or counted in a badge. Checked on the bundled timeline (the frozen copy
the window tests use, and events.yaml as shipped, which editors keep adding to) and on a dense
generated one, at every zoom, at several sizes, lanes of one row among them.
"""
import datetime
import sys

import pytest
from PySide6.QtCore import QRectF

from conftest import BUNDLED, EVENTS_YAML, REPO
from timeline_app.core.loader import load_path, load_text

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_timeline  # noqa: E402


def day(iso: str) -> float:
    return datetime.date.fromisoformat(iso).toordinal()


@pytest.fixture(scope="module", params=[BUNDLED, EVENTS_YAML], ids=["frozen", "shipped"])
def bundled(request):
    return load_path(request.param).timeline


@pytest.fixture(scope="module")
def dense():
    return load_text(generate_timeline(3000, seed=7)).timeline


@pytest.fixture
def view(timeline_view):
    return timeline_view


def overlap(a: QRectF, b: QRectF) -> bool:
    both = a.intersected(b)
    return both.width() > 0.5 and both.height() > 0.5


def assert_nothing_hidden(view, timeline, where):
    labels = view.placed_labels()
    marks = view.placed_marks()
    start, end = view.view_range()
    left, right = view.x_for_day(start), view.x_for_day(end)
    for k, (event_id, text, rect) in enumerate(labels):
        assert left - 0.5 <= rect.left() and rect.right() <= right + 0.5, (where, text)
        for _, other_text, other in labels[k + 1:]:
            assert not overlap(rect, other), (where, text, other_text)
        for key, kind, mark, selected in marks:
            assert not overlap(rect, mark), (where, text, kind, key, selected)
    inset = (end - start) * 0.01
    for event in timeline.events:
        first, last = event.date.first_day.toordinal(), event.last.last_day.toordinal() + 1
        if first >= start + inset and last <= end - inset:
            assert view.event_rect(event.id) is not None, (where, event.id)
    return labels


def zoom_levels(view, steps=30):
    yield "default"
    view.fit_all()
    yield "all"
    for step in range(steps):
        view.zoom_in()
        yield f"zoom {step}"


@pytest.mark.parametrize("size", [(1400, 330), (1000, 220), (800, 220), (1024, 240),
                                  (1900, 500)])
def test_no_label_covers_a_mark_on_the_bundled_timeline(view, bundled, size):
    view.resize(*size)
    view.set_timeline(bundled)
    for selected in ("istanbul-round-2022", "istanbul-talks-2025", "kyiv-ceasefire-call"):
        view.set_selected(selected)
        for level in zoom_levels(view):
            assert_nothing_hidden(view, bundled, (size, selected, level))


@pytest.mark.parametrize("size", [(1400, 330), (1000, 220), (800, 220)])
def test_no_label_covers_a_mark_on_a_dense_generated_timeline(view, dense, size):
    view.resize(*size)
    view.set_timeline(dense)
    view.set_selected(dense.events[1500].id)
    for level in zoom_levels(view, steps=24):
        assert_nothing_hidden(view, dense, (size, level))
    for _ in range(8):                      # panning at a close zoom
        start, end = view.view_range()
        view.set_view_range(start + (end - start) * 0.7, end + (end - start) * 0.7)
        assert_nothing_hidden(view, dense, (size, "panned", view.view_range()))


@pytest.mark.parametrize("height", [330, 240, 220])
def test_8_to_10_may_2025_every_event_selected_in_turn(view, bundled, height):
    view.resize(1024, height)
    view.set_timeline(bundled)
    may = [e.id for e in bundled.events if e.date.year == 2025 and e.date.month == 5]
    for event_id in may:
        view.set_view_range(day("2025-05-07"), day("2025-05-12"))
        view.set_selected(event_id)
        labels = assert_nothing_hidden(view, bundled, (height, event_id))
        view.set_view_range(day("2025-04-25"), day("2025-05-25"))
        assert_nothing_hidden(view, bundled, (height, event_id, "May"))
    assert labels, "the case in question: labels are drawn"


def test_in_a_lane_of_one_row_the_selected_label_is_shortened_beside_its_dot(view, bundled):
    view.resize(1024, 220)                   # every lane has room for one row only
    view.set_timeline(bundled)
    view.set_view_range(day("2022-03-20"), day("2022-04-10"))
    view.set_selected("istanbul-round-2022")
    selected = [rect for event_id, _, rect in view.placed_labels()
                if event_id == "istanbul-round-2022"]
    ring = next(rect for key, _, rect, chosen in view.placed_marks() if chosen)
    assert selected, "the selected event keeps a (maybe shortened) label"
    assert abs(selected[0].center().y() - ring.center().y()) < 2, "beside its dot"
    assert not overlap(selected[0], ring)


def test_the_era_label_stays_inside_its_era(view, bundled):
    view.set_timeline(bundled)
    eras = {era.name: era for era in bundled.eras}
    for level in zoom_levels(view, steps=12):
        start, end = view.view_range()
        for name, text, rect in view.placed_era_labels():
            era = eras[name]
            first = view.x_for_day(max(era.start.first_day.toordinal(), start))
            last = view.x_for_day(min(era.end.last_day.toordinal() + 1, end))
            assert first <= rect.left() and rect.left() + view.fontMetrics().horizontalAdvance(
                "") <= rect.right() <= last + 0.5, (level, name, text)


def test_every_label_points_at_its_own_mark_shortened_ones_too(view, bundled):
    """A title too long for a label, placed to end before its mark (or under its end), is
    shortened from the right and still ends a gap from its mark, not further off."""
    from test_timeline_view import assert_labels_point_at_their_own_marks
    view.set_timeline(bundled)
    gap = view.fontMetrics().averageCharWidth()
    for width, selected in ((1400, "istanbul-round-2022"), (1000, "istanbul-talks-2025"),
                            (800, "draft-treaty-april-15")):
        view.resize(width, 330)
        view.set_selected(selected)
        for level in zoom_levels(view):
            assert_labels_point_at_their_own_marks(view, bundled, gap), (width, level)
