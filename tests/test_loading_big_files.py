"""Big files open at once: the window shows their progress, with Cancel, while a worker loads
them; what was on screen stays until the new timeline is ready, and stays if cancelled.

Most tests make every file "big" (BACKGROUND_BYTES = 0) so that the small test files take
the worker's way; one opens a real generated file over the limit."""
import gc
import sys
import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from conftest import BUNDLED, MINIMAL, REPO
from timeline_app.qt import app as app_module, event_list_model, loading_task, main as qt_main, \
    prompts
from timeline_app.core.recovery import RecoveryStore
from timeline_app.qt.answers import CANCEL, DISCARD, RESTORE
from timeline_app.qt.app import Viewer

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_timeline  # noqa: E402


@pytest.fixture
def every_file_big(monkeypatch):
    monkeypatch.setattr(loading_task, "BACKGROUND_BYTES", 0)


@pytest.fixture
def held(monkeypatch):
    """Loads on the worker stay at 50% while `release` is cleared (until it is set, or they
    are cancelled); it starts set."""
    class Held:
        started = threading.Event()
        release = threading.Event()
        stopped = threading.Event()     # a held load ended by Cancel

        @classmethod
        def hold(cls) -> None:
            """Hold the next loads (`started` tells when one is held)."""
            cls.started.clear()
            cls.release.clear()

    Held.release.set()

    check_text = loading_task.check_text

    def held_check(text, path, progress=None):
        Held.started.set()
        try:
            while not Held.release.is_set():
                progress(0.5)           # raises LoadCancelled once cancelled
                time.sleep(0.005)
        except loading_task.LoadCancelled:
            Held.stopped.set()
            raise
        return check_text(text, path, progress=progress)

    monkeypatch.setattr(loading_task, "check_text", held_check)
    yield Held
    Held.release.set()


@pytest.fixture
def shown(qtbot, settings):
    """A shown window with nothing open yet (as at start, before the file loads)."""
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window, before_close_func=lambda _: viewer.editor.document()
                    .setModified(False))
    viewer.window.resize(1200, 800)
    viewer.window.show()
    qtbot.waitExposed(viewer.window)
    return viewer


def opened(qtbot, viewer: Viewer, path) -> Viewer:
    with qtbot.waitSignal(viewer.loaded, timeout=10000):
        viewer.open(str(path))
    return viewer


def test_a_big_file_shows_its_progress_then_its_timeline(qtbot, shown, every_file_big, held):
    held.hold()
    assert shown.open(str(BUNDLED)) and shown.timeline is None      # back at once
    qtbot.waitUntil(held.started.is_set)
    panel = shown.loading_panel
    qtbot.waitUntil(lambda: panel.bar.value() == 42)    # read: 4%, then half of the check's 76%
    assert panel.isVisible() and panel.label.text() == \
        f"Loading {BUNDLED.name}… 42%"
    assert shown.editor.isReadOnly() and not shown.window.new_event_action.isEnabled()
    with qtbot.waitSignal(shown.loaded, timeout=10000) as done:
        held.release.set()
    assert done.args == [True] and len(shown.timeline.events) == 30
    assert len(shown.event_list.visible_ids()) == 30 and shown.path == str(BUNDLED)
    assert not panel.isVisible() and not shown.editor.isReadOnly()
    assert shown.window.new_event_action.isEnabled()


def test_the_progress_stays_in_the_middle_of_a_window_shown_after_the_load_began(
        qtbot, settings, every_file_big, held):
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window)
    held.hold()
    viewer.open(str(BUNDLED))               # as at start: the window shows after this
    viewer.window.resize(1200, 800)
    viewer.window.show()
    qtbot.waitExposed(viewer.window)
    panes = viewer.timeline_view.rect()
    assert viewer.loading_panel.geometry().center().x() in range(panes.center().x() - 2,
                                                                 panes.center().x() + 3)
    viewer.loading_panel.cancel_button.click()


def test_cancel_leaves_the_timeline_shown_as_it_was(qtbot, shown, write, held, every_file_big):
    viewer = opened(qtbot, shown, write(MINIMAL))
    held.hold()
    before = viewer.timeline
    with qtbot.assertNotEmitted(viewer.loaded, wait=100):
        viewer.open(str(BUNDLED))
        qtbot.waitUntil(held.started.is_set)
        qtbot.mouseClick(viewer.loading_panel.cancel_button, Qt.MouseButton.LeftButton)
        said = viewer.window.statusBar().currentMessage()
    assert said == f"Stopped loading {BUNDLED.name}" and held.stopped.wait(5)
    assert viewer.timeline is before and viewer.path.endswith("timeline.yaml")
    assert viewer.event_list.visible_ids() == ["e1"] and not viewer.loading_panel.isVisible()
    assert viewer.window.windowTitle().startswith("Test timeline")


def test_esc_stops_the_load_and_the_title_page_stays(qtbot, shown, every_file_big, held):
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    QTest.keyClick(shown.window, Qt.Key.Key_Escape)
    assert held.stopped.wait(5)
    assert shown.timeline is None and shown.path == "" and not shown.loading_panel.isVisible()


def test_a_second_open_cancels_the_first(qtbot, shown, write, every_file_big, held):
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    other = write(MINIMAL)
    held.release.set()          # the second load runs through
    with qtbot.waitSignal(shown.loaded, timeout=10000):
        shown.open(str(other))
    assert shown.path == str(other) and shown.timeline.title == "Test timeline"
    with qtbot.assertNotEmitted(shown.loaded, wait=300):    # the first is never shown
        pass
    assert shown.path == str(other)


def test_edits_discarded_for_a_load_then_cancelled_are_still_there(qtbot, shown, write, held,
                                                                    every_file_big, monkeypatch):
    viewer = opened(qtbot, shown, write(MINIMAL))
    viewer.document.replace_range(0, len("title: Test timeline"), "title: Edited")
    held.hold()
    monkeypatch.setattr(prompts, "ask_save_edits", lambda parent, name: DISCARD)
    viewer.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    viewer.loading_panel.cancel_button.click()
    assert viewer.document.is_modified() and viewer.document.text().startswith("title: Edited")


def test_a_change_on_disk_of_the_file_shown_does_not_stop_the_file_loading(
        qtbot, shown, write, held, every_file_big):
    viewer = opened(qtbot, shown, write(MINIMAL))
    held.hold()
    viewer.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    viewer.document.watcher.changed.emit()      # the old file was written meanwhile
    with qtbot.waitSignal(viewer.loaded, timeout=10000):
        held.release.set()
    assert viewer.path == str(BUNDLED) and not held.stopped.is_set()


def test_a_big_file_that_is_not_text_is_said_when_chosen(qtbot, shown, write, every_file_big,
                                                         monkeypatch):
    said = []
    monkeypatch.setattr(prompts, "show_cannot_open", lambda parent, reason, still: said.append(
        reason))
    with qtbot.waitSignal(shown.loaded, timeout=10000) as done:
        shown.open_chosen(str(write(b"title: x\0\n", "binary.yaml")))
    assert done.args == [False] and len(said) == 1 and "binary" in said[0]
    assert shown.open_error == said[0]


def test_a_reload_of_a_big_file_loads_in_the_background(qtbot, shown, write, every_file_big):
    path = write(MINIMAL)
    opened(qtbot, shown, path)
    path.write_text(MINIMAL.replace("Test timeline", "Reloaded"), encoding="utf-8")
    with qtbot.waitSignal(shown.document.loading.ended, timeout=10000):
        shown.window.reload_action.trigger()
        assert shown.loading_panel.isVisible() and shown.timeline.title == "Test timeline"
    assert shown.timeline.title == "Reloaded" and shown.document.text().startswith(
        "title: Reloaded")


def test_a_generated_file_over_the_limit_loads_on_the_worker(qtbot, shown, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(generate_timeline(3000, seed=2), encoding="utf-8")
    assert path.stat().st_size > loading_task.BACKGROUND_BYTES
    with qtbot.waitSignal(shown.loaded, timeout=60000) as done:
        assert shown.open(str(path)) and shown.timeline is None
        assert shown.loading_panel.isVisible()
    assert done.args == [True] and len(shown.timeline.events) == 3000
    assert len(shown.event_list.visible_ids()) == 3000


def test_the_search_index_is_made_on_the_worker_once_the_timeline_shows(qtbot, shown,
                                                                        every_file_big,
                                                                        monkeypatch):
    made, handed = [], []
    make_index = app_module.SearchIndex

    def made_where(timeline):
        made.append("GUI" if threading.current_thread() is threading.main_thread() else "worker")
        return make_index(timeline)
    monkeypatch.setattr(app_module, "SearchIndex", made_where)
    monkeypatch.setattr(event_list_model, "SearchIndex", lambda timeline: made.append("list"))
    hand_over = shown.event_list.set_search_index
    monkeypatch.setattr(shown.event_list, "set_search_index",
                        lambda index: handed.append(index) or hand_over(index))
    opened(qtbot, shown, BUNDLED)
    assert len(shown.event_list.visible_ids()) == 30       # listed before the index comes
    qtbot.waitUntil(lambda: bool(handed))
    assert made == ["worker"] and handed[0].timeline is shown.timeline
    shown.event_list.search_box.setText("Istanbul")
    qtbot.waitUntil(lambda: shown._filtering)
    assert 0 < len(shown.event_list.visible_ids()) < 30 and made == ["worker"]


def test_a_big_timeline_is_set_aside_from_the_garbage_collector(qtbot, shown, every_file_big,
                                                                 monkeypatch):
    monkeypatch.setattr(loading_task, "SET_ASIDE_FROM", 30)     # as many as the file has
    gc.unfreeze()
    try:
        opened(qtbot, shown, BUNDLED)
        assert gc.get_freeze_count() > 0        # its first full collection will not walk it
    finally:
        gc.unfreeze()


def test_big_loads_over_and_over_stop_setting_aside_past_a_bound(qtbot, shown, every_file_big,
                                                                  monkeypatch, write):
    """A reference cycle frozen by mistake at each load could add up: past a bound of frozen
    objects, a load sets nothing more aside."""
    monkeypatch.setattr(loading_task, "SET_ASIDE_FROM", 1)
    gc.unfreeze()
    try:
        opened(qtbot, shown, BUNDLED)
        frozen = gc.get_freeze_count()
        monkeypatch.setattr(loading_task, "SET_ASIDE_AT_MOST", frozen)
        opened(qtbot, shown, write(MINIMAL))
        assert shown.timeline.title == "Test timeline"
        assert gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_a_smaller_one_is_not(qtbot, shown, every_file_big):
    gc.unfreeze()
    opened(qtbot, shown, BUNDLED)
    assert gc.get_freeze_count() == 0


def test_a_screenshot_of_a_big_file_waits_for_its_timeline(qtbot, tmp_path, every_file_big,
                                                           monkeypatch):
    taken = []
    monkeypatch.setattr(qt_main, "save_screenshot",
                        lambda viewer, out, size: taken.append(viewer.timeline) or 0)
    assert qt_main.run_app(str(BUNDLED), screenshot=str(tmp_path / "shot.png")) == 0
    assert taken[0] is not None and len(taken[0].events) == 30


def test_select_of_an_unknown_id_is_said_once_a_big_file_is_loaded(tmp_path, every_file_big,
                                                                     monkeypatch, capsys):
    monkeypatch.setattr(qt_main, "save_screenshot", lambda viewer, out, size: 0)
    qt_main.run_app(str(BUNDLED), select="no-such-event", screenshot=str(tmp_path / "s.png"))
    assert "no event with id 'no-such-event'" in capsys.readouterr().err


def test_when_loaded_waits_for_the_file_loading(qtbot, shown, every_file_big, held):
    held.hold()
    shown.open(str(BUNDLED))
    called = []
    shown.when_loaded(lambda: called.append(shown.timeline))
    assert called == []
    with qtbot.waitSignal(shown.loaded, timeout=10000):
        held.release.set()
    assert len(called) == 1 and called[0] is shown.timeline


def test_while_a_first_file_loads_the_detail_says_so_not_that_there_is_none(
        qtbot, shown, every_file_big, held):
    from timeline_app.qt.event_detail import NOTHING_OPEN_MESSAGE
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    assert shown.detail.plain_text().strip() == f"Loading {BUNDLED.name}\u2026"
    assert shown.event_list.count_label.text() == "Loading\u2026"
    QTest.keyClick(shown.window, Qt.Key.Key_Escape)       # stopped: nothing is loading now
    assert held.stopped.wait(5)
    qtbot.waitUntil(lambda: shown.detail.plain_text().strip() != f"Loading {BUNDLED.name}\u2026")
    # nothing was open before it: nothing is said to have problems
    assert shown.detail.plain_text().strip() == NOTHING_OPEN_MESSAGE.replace("\u00a0", " ")
    assert shown.event_list.count_label.text() == "No events"


def test_edits_made_while_a_file_loads_are_asked_about_when_it_shows(
        qtbot, shown, write, held, every_file_big, monkeypatch):
    path = write(MINIMAL)
    opened(qtbot, shown, path)
    held.hold()
    shown.open(str(BUNDLED))                # nothing unsaved: nothing asked
    qtbot.waitUntil(held.started.is_set)
    shown.document.replace_range(0, len("title: Test timeline"), "title: Edited meanwhile")
    asked = []
    monkeypatch.setattr(prompts, "ask_save_edits", lambda parent, name: asked.append(name)
                        or CANCEL)
    with qtbot.waitSignal(shown.loaded, timeout=10000) as done:
        held.release.set()
    assert asked == [path.name] and done.args == [False]
    assert shown.path == str(path) and shown.document.is_modified()
    assert shown.document.text().startswith("title: Edited meanwhile")
    assert shown.window.statusBar().currentMessage() == \
        f"{BUNDLED.name} was not opened: your edits are kept"


def test_edits_agreed_to_discard_then_changed_while_loading_are_asked_about_again(
        qtbot, shown, write, held, every_file_big, monkeypatch):
    opened(qtbot, shown, write(MINIMAL))
    shown.document.replace_range(0, len("title: Test timeline"), "title: Edited")
    answers = [DISCARD, DISCARD]
    monkeypatch.setattr(prompts, "ask_save_edits", lambda parent, name: answers.pop(0))
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    shown.document.replace_range(0, len("title: Edited"), "title: Edited again")
    with qtbot.waitSignal(shown.loaded, timeout=10000) as done:
        held.release.set()
    assert answers == [] and done.args == [True] and shown.path == str(BUNDLED)


def test_while_a_file_loads_undo_redo_and_restore_wait(qtbot, settings, tmp_path, held,
                                                      every_file_big):
    folder, path = tmp_path / "recovery", tmp_path / "a.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    gone = RecoveryStore(folder, owner="a-window-that-crashed")
    gone.save(str(path), MINIMAL.replace("Test timeline", "Recovered"), None)
    gone.close()
    viewer = Viewer(settings, recovery=RecoveryStore(folder))
    qtbot.addWidget(viewer.window, before_close_func=lambda _: viewer.editor.document()
                    .setModified(False))
    viewer.window.show()
    opened(qtbot, viewer, path)
    viewer.document.replace_range(0, len("title: Test timeline"), "title: Saved once")
    viewer.window.save_action.trigger()
    w, restore = viewer.window, viewer.notices.buttons[RESTORE]
    assert w.undo_action.isEnabled() and restore.isEnabled()
    held.hold()
    viewer.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    assert not w.undo_action.isEnabled() and not restore.isEnabled()
    viewer.document.notice_action("recovered", RESTORE)     # refused, said
    assert viewer.document.text().startswith("title: Saved once")
    viewer.stop_loading()
    assert w.undo_action.isEnabled() and viewer.notices.buttons[RESTORE].isEnabled()


def test_a_file_that_cannot_be_opened_while_another_loads_keeps_the_agreement(
        qtbot, shown, write, held, monkeypatch):
    monkeypatch.setattr(loading_task, "BACKGROUND_BYTES", 100)     # BUNDLED big, not bin.yaml
    opened(qtbot, shown, write(MINIMAL))
    shown.document.replace_range(0, len("title: Test timeline"), "title: Edited")
    asked = []
    monkeypatch.setattr(prompts, "ask_save_edits", lambda parent, name: asked.append(name)
                        or (DISCARD if len(asked) == 1 else CANCEL))
    monkeypatch.setattr(prompts, "show_cannot_open", lambda *args: None)
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    shown.open_chosen(str(write(b"\0\0binary", "bin.yaml")))
    with qtbot.waitSignal(shown.loaded, timeout=10000) as done:
        held.release.set()
    assert len(asked) == 1 and done.args == [True] and shown.path == str(BUNDLED)


def test_a_save_while_the_file_reloads_is_not_undone_by_the_reload(
        qtbot, shown, write, held, every_file_big, monkeypatch):
    path = write(MINIMAL)
    opened(qtbot, shown, path)
    shown.document.replace_range(0, len("title: Test timeline"), "title: Edited")
    monkeypatch.setattr(prompts, "ask_reload", lambda *args: True)
    asked = []
    monkeypatch.setattr(prompts, "ask_overwrite", lambda *args: asked.append(args) or CANCEL)
    held.hold()
    shown.window.reload_action.trigger()        # F5 over the edits, then Ctrl+S as it reloads
    qtbot.waitUntil(held.started.is_set)
    shown.window.save_action.trigger()
    with qtbot.waitSignal(shown.document.loading.ended, timeout=10000):
        held.release.set()
    qtbot.wait(50)
    on_disk = path.read_text("utf-8")
    assert on_disk.startswith("title: Edited") and shown.document.text() == on_disk
    assert not shown.document.is_modified()
    qtbot.waitUntil(lambda: shown.timeline.title == "Edited")     # checked after typing's pause
    shown.document.replace_range(0, len("title: Edited"), "title: Later")
    shown.window.save_action.trigger()          # no "changed by another program": it was us
    assert not asked and path.read_text("utf-8").startswith("title: Later")


def changed_on_disk_while_another_file_loads(qtbot, shown, write, held):
    """A small file is shown; the bundled one loads (held); the shown one changes on disk."""
    path = write(MINIMAL)
    opened(qtbot, shown, path)
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    with qtbot.waitSignal(shown.document.watcher.changed, timeout=10000):   # while it loads
        path.write_text(MINIMAL.replace("Test timeline", "Changed on disk"), encoding="utf-8")
    return path


def test_a_change_on_disk_while_another_file_loads_is_taken_once_it_is_cancelled(
        qtbot, shown, write, held, every_file_big):
    path = changed_on_disk_while_another_file_loads(qtbot, shown, write, held)
    shown.stop_loading()
    held.release.set()
    qtbot.waitUntil(lambda: shown.timeline.title == "Changed on disk", timeout=10000)
    assert shown.path == str(path) and not shown.document.is_modified()


def test_a_change_on_disk_during_a_reload_is_taken_after_it(qtbot, shown, write, held,
                                                            every_file_big):
    path = write(MINIMAL)
    opened(qtbot, shown, path)
    path.write_text(MINIMAL.replace("Test timeline", "First change"), encoding="utf-8")
    held.hold()
    shown.window.reload_action.trigger()        # reads "First change"
    qtbot.waitUntil(held.started.is_set)
    with qtbot.waitSignal(shown.document.watcher.changed, timeout=10000):
        path.write_text(MINIMAL.replace("Test timeline", "Second change"), encoding="utf-8")
    held.release.set()
    qtbot.waitUntil(lambda: shown.timeline.title == "Second change", timeout=10000)
    assert shown.document.text() == path.read_text("utf-8")


def test_a_reload_stopped_at_once_leaves_the_search_index_coming(qtbot, shown, every_file_big):
    loading = shown.document.loading
    make_later = loading.make_later

    def then_reload_and_stop(make, then):
        make_later(make, then)
        shown.window.reload_action.trigger()      # F5 as the timeline shows, then Esc
        shown.stop_loading()
    loading.make_later = then_reload_and_stop
    opened(qtbot, shown, BUNDLED)
    qtbot.waitUntil(shown.event_list.model.has_search_index, timeout=5000)


def test_esc_in_the_yaml_pane_stops_the_load_first(qtbot, shown, write, every_file_big, held):
    opened(qtbot, shown, write(MINIMAL))
    shown.window.editor_dock.show()
    shown.editor.setFocus()
    qtbot.waitUntil(shown.editor.hasFocus)
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    QTest.keyClick(shown.editor, Qt.Key.Key_Escape)
    assert not shown.document.loading.is_running() and held.stopped.wait(5)
    assert shown.editor.hasFocus()          # the keyboard stays: a second Esc leaves the pane


def test_the_document_shut_down_waits_for_the_loading_worker_to_stop(qtbot, shown,
                                                                    every_file_big, held):
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    shown.document.shutdown()
    assert held.stopped.is_set()        # stopped, not only told to


def test_a_load_cancelled_before_the_shutdown_is_waited_for_too(qtbot, shown, every_file_big,
                                                                 held):
    held.hold()
    shown.open(str(BUNDLED))
    qtbot.waitUntil(held.started.is_set)
    shown.stop_loading()
    assert shown.document.loading.shutdown(2.0) and held.stopped.is_set()


def test_a_failure_to_prepare_the_views_on_the_worker_is_logged(qtbot, shown, every_file_big,
                                                                monkeypatch, caplog):
    def broken(result, progress):
        raise RuntimeError("a bug")
    monkeypatch.setattr(shown.document.loading, "_prepare", broken)
    with qtbot.waitSignal(shown.loaded, timeout=10000) as done:
        shown.open(str(BUNDLED))
    assert done.args == [True] and len(shown.event_list.visible_ids()) == 30
    assert "Preparing the views of" in caplog.text and "RuntimeError: a bug" in caplog.text


def test_a_change_on_disk_seen_during_a_load_is_not_read_again_once_the_window_closes(
        qtbot, shown, write, held, every_file_big):
    path = changed_on_disk_while_another_file_loads(qtbot, shown, write, held)
    shown.document.shutdown()
    held.release.set()
    qtbot.wait(200)
    assert not shown.document.loading.is_running() and shown.timeline.title == "Test timeline"
