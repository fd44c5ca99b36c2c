"""A bug's exception is logged with its traceback in the user's state folder; the user gets
one plain message saying what failed and where the log is; the window goes on working."""
import os
import threading

import pytest
from PySide6.QtCore import Qt

from timeline_app.qt import prompts, unexpected_errors
from timeline_app.qt.unexpected_errors import UnexpectedErrors

# pytest-qt would catch the exceptions raised in slots itself: here the app's hooks must.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def shown(monkeypatch):
    """The messages shown to the user: (what, log path)."""
    shown = []
    monkeypatch.setattr(prompts, "show_unexpected_error",
                        lambda parent, what, log_path: shown.append((what, log_path)))
    return shown


@pytest.fixture
def errors(tmp_path, shown):
    errors = UnexpectedErrors(str(tmp_path / "state"))
    errors.install()
    yield errors
    errors.uninstall()


def fail(*_args):
    raise RuntimeError("the keys table fell over")


def test_an_exception_in_a_slot_is_logged_said_once_and_the_window_goes_on(
        viewer, errors, shown, qtbot, monkeypatch):
    monkeypatch.setattr(prompts, "show_keys", fail)
    qtbot.keyClick(viewer.window, Qt.Key.Key_F1)      # its slot raises
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    [(what, log_path)] = shown
    assert log_path == errors.log_path and log_path.endswith(
        os.path.join("state", "timeline-app.log"))
    assert "RuntimeError: the keys table fell over" in what and "show_keys (app.py" in what
    assert "Traceback" not in what and "File " not in what
    log = open(log_path, encoding="utf-8").read()
    assert "Traceback (most recent call last)" in log and "in fail" in log
    assert "RuntimeError: the keys table fell over" in log
    # the window goes on; the same failure again is logged but not said again
    qtbot.keyClick(viewer.window, Qt.Key.Key_F1)
    viewer.timeline_view.setFocus()
    qtbot.keyClick(viewer.timeline_view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: viewer.selection.current == viewer.timeline.events[-1].id)
    qtbot.wait(50)
    assert len(shown) == 1
    assert open(log_path, encoding="utf-8").read().count("the keys table fell over") == 4


def test_an_exception_in_a_worker_thread_is_logged_and_said_on_the_gui_thread(
        tmp_path, qtbot):
    said_on = []
    errors = UnexpectedErrors(str(tmp_path), say=lambda what, log_path: said_on.append(
        (what, threading.current_thread() is threading.main_thread())))
    errors.install()
    try:
        worker = threading.Thread(target=lambda: 1 / 0, name="checker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(said_on), timeout=3000)
    finally:
        errors.uninstall()
    [(what, on_gui_thread)] = said_on
    assert on_gui_thread and "(thread checker)" in what and "ZeroDivisionError" in what
    assert "ZeroDivisionError: division by zero" in open(errors.log_path).read()


def test_the_log_is_bounded(errors, monkeypatch, tmp_path):
    monkeypatch.setattr(unexpected_errors, "MAX_LOG_BYTES", 4000)
    for n in range(200):
        try:
            raise ValueError(f"failure number {n}" + "." * 100)
        except ValueError as error:
            errors.handle(type(error), error, error.__traceback__, "")
    files = os.listdir(tmp_path / "state")
    assert sorted(files) == ["timeline-app.log", "timeline-app.log.1", "timeline-app.log.2"]
    assert all(os.path.getsize(tmp_path / "state" / f) <= 4000 for f in files)
    assert "failure number 199" in open(errors.log_path).read()


def test_a_log_that_cannot_be_written_is_said_too(tmp_path, shown, qtbot):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    errors = UnexpectedErrors(str(blocked))
    try:
        raise KeyError("x")
    except KeyError as error:
        errors.handle(type(error), error, error.__traceback__, "")
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert shown[0][1] == ""
    errors.uninstall()
