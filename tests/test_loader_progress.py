"""A load tells how far it has got, and stops when told to (the window's Cancel button).

load_text(..., progress=callback) and load_path(..., progress=callback) call the callback
with a fraction rising from 0.0 to 1.0, a hundred times at most; a callback that raises
LoadCancelled stops the load, and the load raises LoadCancelled in turn.
"""
import gc
import sys
import threading

import pytest

from conftest import BUNDLED, MINIMAL, REPO
from timeline_app.core.loader import LoadCancelled, load_path, load_text

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_timeline  # noqa: E402

BIG = generate_timeline(3000, seed=4)


def with_bad_date_at_the_end(text: str) -> str:
    """The text with its last event's date made impossible: found only when checking the
    last event, so the file is read a second time, with places kept."""
    at = text.rindex("date: ") + len("date: ")
    return text[:at] + "2021-02-30" + text[at + len("2021-02-30"):]


def fractions_told(text: str, **options) -> tuple[list[float], object]:
    told = []
    result = load_text(text, "t.yaml", progress=told.append, **options)
    return told, result


def assert_rising_to_one(told: list[float]):
    assert told[-1] == 1.0
    assert all(0.0 <= a < b <= 1.0 for a, b in zip(told, told[1:])), told
    assert len(told) <= 101


@pytest.mark.parametrize("options", [{}, {"careful": True}])
def test_a_big_load_tells_its_progress_often_rising_to_one(options):
    told, result = fractions_told(BIG, **options)
    assert result.timeline is not None and not result.problems
    assert_rising_to_one(told)
    assert len(told) >= 50          # the bar moves all along, not only at the end
    # evenly: no step of the bar is a big jump (but the quick reading's last, to 1.0)
    assert max(b - a for a, b in zip(told, told[1:-1])) < 0.05


def test_a_second_reading_keeps_the_bar_moving_forward():
    text = with_bad_date_at_the_end(BIG)
    told, result = fractions_told(text)
    assert [p.message for p in result.problems] == \
        ["'2021-02-30' is not a date: February 2021 has 28 days"]
    assert_rising_to_one(told)
    # The problem is met when the quick reading is nearly over; the second reading still
    # moves the bar in small steps over what is left.
    assert len([f for f in told if f > 0.85]) >= 10


@pytest.mark.parametrize("text", [MINIMAL, "", "title: [", "- a\n- b\n", MINIMAL + "bad: *x\n"])
def test_small_and_broken_files_end_on_one_too(text):
    told, result = fractions_told(text)
    assert_rising_to_one(told)
    assert result == load_text(text, "t.yaml")


@pytest.mark.parametrize("text", [BIG, with_bad_date_at_the_end(BIG),
                                  BUNDLED.read_text(encoding="utf-8")])
def test_progress_changes_nothing_in_the_result(text):
    assert fractions_told(text)[1] == load_text(text, "t.yaml")


def test_progress_is_told_from_the_loading_thread():
    threads = set()
    worker = threading.Thread(target=lambda: load_text(
        BIG, progress=lambda _fraction: threads.add(threading.get_ident())))
    worker.start()
    worker.join()
    assert threads == {worker.ident}


@pytest.mark.parametrize("text", [BIG, with_bad_date_at_the_end(BIG)])
@pytest.mark.parametrize("stop_at", [0.0, 0.3, 0.9, 1.0])
def test_a_cancelled_load_stops_and_raises_load_cancelled(text, stop_at):
    told = []

    def cancel_at(fraction):
        told.append(fraction)
        if fraction >= stop_at:
            raise LoadCancelled

    gc.enable()
    with pytest.raises(LoadCancelled):
        load_text(text, "t.yaml", progress=cancel_at)
    assert told[-1] >= stop_at and all(f < stop_at for f in told[:-1])   # nothing after
    assert gc.isenabled()           # the collector, paused while loading, is back on


def test_load_path_tells_progress_and_can_be_cancelled(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(BIG, encoding="utf-8")
    told = []
    assert load_path(path, progress=told.append) == load_path(path)
    assert_rising_to_one(told)

    def cancel(fraction):
        if fraction > 0.5:
            raise LoadCancelled

    with pytest.raises(LoadCancelled):
        load_path(path, progress=cancel)


def test_a_progress_callback_that_fails_otherwise_is_a_problem_not_a_crash():
    def broken(_fraction):
        raise ValueError("oops")

    result = load_text(MINIMAL, "t.yaml", progress=broken)
    assert result.timeline is None
    assert "ValueError: oops" in result.problems[0].message
