"""The editor's text is checked again when the typing pauses, and the window keeps running."""
import gc
import importlib.util
import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QtMsgType, QThreadPool, QTimer
from PySide6.QtGui import QTextCursor

from conftest import MINIMAL, REPO
from timeline_app.qt import live_validator
from timeline_app.qt.event_list import ListFacts
from timeline_app.qt.live_validator import Checked, LiveValidator

BROKEN_DATE = MINIMAL.replace("2022-03-29", "2022-02-30")


def load_generator():
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_timeline


@pytest.fixture(scope="module")
def ten_thousand_events() -> str:
    return load_generator()(10000, seed=1)


@pytest.fixture
def validator(qtbot):
    validator = LiveValidator()
    yield validator
    assert validator.shutdown(timeout_s=10)


def titled(title: str) -> str:
    return MINIMAL.replace("Test timeline", title)


@pytest.fixture
def checks(monkeypatch):
    """The loader as the worker calls it, telling when a check starts; while `hold` is
    cleared, a check waits for it before it loads."""
    class Checks:
        started = threading.Event()
        hold = threading.Event()

    Checks.hold.set()
    load_text = live_validator.load_text

    def watched_load(text, path, progress=None):
        Checks.started.set()
        assert Checks.hold.wait(10)
        return load_text(text, path, progress=progress)

    monkeypatch.setattr(live_validator, "load_text", watched_load)
    yield Checks
    Checks.hold.set()


def test_only_the_latest_of_quick_edits_is_checked_and_delivered(qtbot, validator):
    delivered = []
    validator.validated.connect(delivered.append)
    with qtbot.waitSignal(validator.validated, timeout=3000):
        for title in ("First draft", "Second draft", "Third draft"):
            validator.submit(titled(title), "t.yaml")
    with qtbot.assertNotEmitted(validator.validated, wait=600):     # nor any older text later
        pass
    assert [result.timeline.title for result in delivered] == ["Third draft"]


def test_edits_made_while_a_check_runs_win_over_it(qtbot, validator, checks):
    delivered = []
    validator.validated.connect(delivered.append)
    checks.hold.clear()
    validator.submit(titled("Being checked"), "t.yaml")
    qtbot.waitUntil(checks.started.is_set, timeout=3000)
    validator.submit(titled("Typed during the check"), "t.yaml")
    validator.submit(titled("Typed last"), "t.yaml")
    checks.hold.set()
    with qtbot.waitSignal(validator.validated, timeout=3000):
        pass
    with qtbot.assertNotEmitted(validator.validated, wait=600):     # nor the one it overtook
        pass
    assert [result.timeline.title for result in delivered] == ["Typed last"]


def test_a_check_waits_for_the_typing_to_pause(qtbot):
    validator = LiveValidator(pause_ms=1000)
    delivered = []
    validator.validated.connect(delivered.append)
    validator.submit(titled("Typing"), "t.yaml")
    qtbot.wait(600)
    validator.submit(titled("Still typing"), "t.yaml")
    qtbot.wait(600)
    assert delivered == []
    with qtbot.waitSignal(validator.validated, timeout=3000):
        pass
    assert [result.timeline.title for result in delivered] == ["Still typing"]
    assert validator.shutdown(timeout_s=10)


def test_the_result_arrives_on_the_gui_thread_as_one_checked_value(qtbot, validator):
    events = []
    gui_thread = threading.get_ident()
    # Direct connections run in the emitting thread, which must be the GUI thread.
    validator.validated.connect(lambda checked: events.append(
        (type(checked), threading.get_ident() == gui_thread)), Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(validator.validated, timeout=3000):
        validator.submit(MINIMAL, "t.yaml")
    assert events == [(Checked, True)]


def test_a_broken_text_gives_its_error_at_its_place(qtbot, validator):
    with qtbot.waitSignal(validator.validated, timeout=3000) as signal:
        validator.submit(BROKEN_DATE, "t.yaml")
    result = signal.args[0]
    assert result.timeline is None
    [error] = result.errors
    assert (error.file, error.line, error.column, error.yaml_path) == \
        ("t.yaml", 9, 11, "events[0].date")
    assert "February 2022 has 28 days" in error.message


def test_check_now_answers_at_once_and_drops_a_pending_check(qtbot, validator):
    validator.submit(BROKEN_DATE, "t.yaml")
    with qtbot.waitSignal(validator.validated, timeout=0) as signal:
        result = validator.validate_now(titled("Saved"), "t.yaml")
    assert signal.args == [result] and result.timeline.title == "Saved"
    with qtbot.assertNotEmitted(validator.validated, wait=600):
        pass


def test_a_loader_failure_is_a_problem_and_the_checks_go_on(qtbot, validator, monkeypatch):
    def failing_load(text, path, progress=None):
        raise ValueError("boom")

    monkeypatch.setattr(live_validator, "load_text", failing_load)
    with qtbot.waitSignal(validator.validated, timeout=3000) as signal:
        validator.submit(MINIMAL, "t.yaml")
    [error] = signal.args[0].errors
    assert (error.line, error.column) == (1, 1) and "boom" in error.message
    monkeypatch.undo()
    with qtbot.waitSignal(validator.validated, timeout=3000) as signal:
        validator.submit(MINIMAL, "t.yaml")
    assert signal.args[0].timeline is not None


def test_after_shutdown_nothing_more_is_heard_of_the_running_check(qtbot, validator, checks):
    checks.hold.clear()
    validator.submit(MINIMAL, "t.yaml")
    qtbot.waitUntil(checks.started.is_set, timeout=3000)
    checks.hold.set()
    assert validator.shutdown(timeout_s=10)
    with qtbot.assertNotEmitted(validator.validated, wait=200):
        pass


def test_destroying_the_validator_while_it_checks_is_safe(qtbot, qtlog, checks):
    validator = LiveValidator(pause_ms=0)
    delivered, destroyed = [], []
    validator.validated.connect(delivered.append)
    validator.destroyed.connect(lambda: destroyed.append(True))
    checks.hold.clear()
    validator.submit(MINIMAL, "t.yaml")
    qtbot.waitUntil(checks.started.is_set, timeout=3000)
    validator.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del validator
    gc.collect()
    assert destroyed and QThreadPool.globalInstance().activeThreadCount() > 0
    checks.hold.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)      # the worker's queued result reaches no one
    assert delivered == []
    assert not [record for record in qtlog.records
                if record.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg)]


def test_the_window_keeps_running_while_ten_thousand_events_are_checked(
        qtbot, validator, checks, ten_thousand_events):
    ticks = []
    ticker = QTimer(interval=10)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    gc.collect()
    ticker.start()
    validator.submit(ten_thousand_events, "big.yaml")
    qtbot.waitUntil(checks.started.is_set, timeout=3000)
    started = time.perf_counter()
    with qtbot.waitSignal(validator.validated, timeout=3000) as signal:
        pass
    ticker.stop()
    during = [tick for tick in ticks if tick >= started]
    longest_gap = max(later - earlier for earlier, later in zip(during, during[1:]))
    assert signal.args[0].timeline is not None and len(signal.args[0].timeline.events) == 10000
    assert len(during) > 10
    assert longest_gap < 0.2, f"the window stood still for {longest_gap * 1000:.0f} ms"


def test_prepare_runs_off_the_gui_thread_for_valid_text_only(qtbot):
    prepared = []

    def prepare(result):
        prepared.append((result.timeline.title,
                         threading.current_thread() is threading.main_thread()))
        return Checked(result, list_facts=ListFacts(result.timeline))

    validator = LiveValidator(pause_ms=10, prepare=prepare)
    with qtbot.waitSignal(validator.validated, timeout=5000) as good:
        validator.submit(titled("Good"))
    with qtbot.waitSignal(validator.validated, timeout=5000) as broken:
        validator.submit(BROKEN_DATE)
    assert prepared == [("Good", False)]
    # one value: what the loader said, with what the thread prepared for the same timeline
    assert good.args[0].list_facts.timeline is good.args[0].timeline
    assert broken.args[0].list_facts is None and broken.args[0].errors
    assert validator.shutdown(timeout_s=10)


def test_a_failing_prepare_does_not_lose_the_result(qtbot):
    validator = LiveValidator(pause_ms=10, prepare=lambda result: 1 / 0)
    with qtbot.waitSignal(validator.validated, timeout=5000) as delivered:
        validator.submit(titled("Still shown"))
    assert delivered.args[0].timeline.title == "Still shown"
    assert validator.shutdown(timeout_s=10)


def test_a_typed_edit_reaches_the_views_with_their_data_built_off_the_gui_thread(
        qtbot, settings, tmp_path, monkeypatch):
    from timeline_app.core.search import SearchIndex
    from timeline_app.qt.app import Viewer
    from timeline_app.qt.timeline_layout import TimelineData
    built = []
    for cls in (SearchIndex, TimelineData, ListFacts):
        def counting(self, timeline, init=cls.__init__, name=cls.__name__):
            built.append((name, threading.current_thread() is threading.main_thread()))
            init(self, timeline)
        monkeypatch.setattr(cls, "__init__", counting)
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window, before_close_func=lambda _: viewer.editor.document()
                    .setModified(False))
    viewer.open(str(path))
    viewer.window.show()
    built.clear()
    viewer.window.editor_dock.show()
    viewer.editor.moveCursor(QTextCursor.MoveOperation.Start)
    assert viewer.editor.find("Test timeline")
    qtbot.keyClicks(viewer.editor, "Typed title")
    qtbot.waitUntil(lambda: viewer.timeline.title == "Typed title", timeout=3000)
    assert sorted(built) == [("ListFacts", False), ("SearchIndex", False),
                             ("TimelineData", False)]
    assert viewer.event_list.visible_ids() == ["e1"]
