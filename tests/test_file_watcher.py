"""The editor hears about changes to its file on disk, the way editors and people make them."""
import os
import time

import pytest

from test_disk_reading import never_hangs
from timeline_app.core.disk import read_text_file
from timeline_app.core.loader import UnreadableFile
from timeline_app.qt import file_watcher
from timeline_app.qt.file_watcher import FileWatcher

QUIET_WAIT_MS = 900     # longer than the watcher's quiet time, its poll and its longest delay


@pytest.fixture
def timeline(tmp_path):
    path = tmp_path / "timeline.yaml"
    path.write_text("title: First\n", encoding="utf-8")
    return path


@pytest.fixture
def watcher(qtbot, timeline):
    watcher = FileWatcher()
    watcher.watch(timeline)
    yield watcher
    watcher.stop()


@pytest.fixture(params=["kernel events only", "polling only"])
def one_way_watcher(request, qtbot, monkeypatch, timeline):
    """A watcher hearing the disk one way only, to show that either way is enough."""
    if request.param == "kernel events only":
        monkeypatch.setattr(file_watcher, "POLL_MS", 3_600_000)
    watcher = FileWatcher()
    if request.param == "polling only":     # as on a network share, or past inotify's limit
        monkeypatch.setattr(watcher._system, "addPath", lambda path: False)
    watcher.watch(timeline)
    yield watcher
    watcher.stop()


def count(signal) -> list:
    seen = []
    signal.connect(lambda: seen.append(1))
    return seen


def save_by_rename(path, text: str) -> None:
    """Save the way vim and QSaveFile do: write a temporary file, rename it over the file."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_a_burst_of_writes_in_place_gives_one_change(qtbot, watcher, timeline):
    changes = count(watcher.changed)
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        with open(timeline, "w", encoding="utf-8") as stream:
            for line in ("title: Second\n", "description: written\n", "events: []\n"):
                stream.write(line)
                stream.flush()
                qtbot.wait(30)      # the event loop runs between an editor's writes
    qtbot.wait(QUIET_WAIT_MS)
    assert len(changes) == 1


def test_each_save_by_rename_is_heard_and_the_file_stays_watched(qtbot, one_way_watcher,
                                                                 timeline):
    watcher = one_way_watcher
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        save_by_rename(timeline, "title: Saved once\n")
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        save_by_rename(timeline, "title: Saved twice\n")
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        timeline.write_text("title: Then written in place\n", encoding="utf-8")


def test_a_change_is_reported_within_a_second(qtbot, watcher, timeline):
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        written = time.monotonic()
        save_by_rename(timeline, "title: Quick\n")
    assert time.monotonic() - written < 1.0


def test_a_file_that_keeps_changing_is_still_reported_within_a_second(qtbot, watcher, timeline):
    changes = count(watcher.changed)
    started = time.monotonic()
    with open(timeline, "a", encoding="utf-8") as stream:
        while not changes and time.monotonic() - started < 3:
            stream.write("# another line\n")
            stream.flush()
            qtbot.wait(50)
    assert changes and time.monotonic() - started < 1.0


def test_delete_then_create_again_is_missing_then_returned_and_changed(qtbot, one_way_watcher,
                                                                       timeline):
    watcher = one_way_watcher
    with qtbot.waitSignal(watcher.missing, timeout=3000):
        timeline.unlink()
    with qtbot.waitSignals([watcher.returned, watcher.changed], order="strict", timeout=3000):
        timeline.write_text("title: Back again\n", encoding="utf-8")


def test_a_file_missing_at_first_is_noticed_when_it_appears(qtbot, tmp_path):
    later = tmp_path / "not-yet.yaml"
    watcher = FileWatcher()
    watcher.watch(later)
    with qtbot.waitSignals([watcher.returned, watcher.changed], order="strict", timeout=3000):
        later.write_text("title: Now here\n", encoding="utf-8")
    watcher.stop()


def test_a_file_in_a_folder_made_later_is_noticed(qtbot, tmp_path):
    later = tmp_path / "new folder" / "timeline.yaml"
    watcher = FileWatcher()
    watcher.watch(later)
    with qtbot.waitSignals([watcher.returned, watcher.changed], order="strict", timeout=3000):
        later.parent.mkdir()
        later.write_text("title: Now here\n", encoding="utf-8")
    watcher.stop()


def test_moving_the_file_away_is_missing(qtbot, watcher, timeline):
    with qtbot.waitSignal(watcher.missing, timeout=3000):
        timeline.rename(timeline.with_name("elsewhere.yaml"))


def test_touching_or_saving_the_same_bytes_is_no_change(qtbot, watcher, timeline):
    later = time.time_ns() + 5 * 10**9
    with qtbot.assertNotEmitted(watcher.changed, wait=QUIET_WAIT_MS):
        os.utime(timeline, ns=(later, later))
        save_by_rename(timeline, "title: First\n")
    with qtbot.waitSignal(watcher.changed, timeout=3000):   # and it still listens
        timeline.write_text("title: Different\n", encoding="utf-8")


def test_the_apps_own_save_is_not_reported(qtbot, watcher, timeline):
    with qtbot.assertNotEmitted(watcher.changed, wait=QUIET_WAIT_MS):
        watcher.suspend()
        save_by_rename(timeline, "title: Saved by the app\n")
        qtbot.wait(QUIET_WAIT_MS)   # the app may keep the event loop running while it saves
        watcher.resume()
    data = b"title: Saved by the app again\n"
    with qtbot.assertNotEmitted(watcher.changed, wait=QUIET_WAIT_MS):
        with watcher.paused(data):
            timeline.write_bytes(data)
    with qtbot.waitSignal(watcher.changed, timeout=3000):   # and it still listens
        save_by_rename(timeline, "title: Saved by another program\n")


def test_a_write_by_another_program_during_the_apps_save_is_still_reported(qtbot, watcher,
                                                                           timeline):
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        with watcher.paused(b"title: What the app wrote\n"):
            timeline.write_text("title: What another program wrote\n", encoding="utf-8")


def test_a_same_size_write_that_keeps_the_files_time_is_noticed(qtbot, one_way_watcher,
                                                                timeline):
    """Coarse file clocks, and tools that restore times (cp -p, rsync -t), keep mtime; the
    poll sees the change time, which no tool sets back."""
    watcher = one_way_watcher
    before = timeline.stat()
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        timeline.write_text("title: Fir5t\n", encoding="utf-8")
        os.utime(timeline, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert timeline.stat().st_size == before.st_size


def test_a_failed_save_that_left_the_file_alone_is_no_change(qtbot, watcher):
    with qtbot.assertNotEmitted(watcher.changed, wait=QUIET_WAIT_MS):
        with watcher.paused(b"title: Never written\n"):
            pass


def test_stop_ends_all_signals(qtbot, watcher, timeline):
    watcher.stop()
    assert watcher.path() == ""
    with qtbot.assertNotEmitted(watcher.changed, wait=QUIET_WAIT_MS):
        with qtbot.assertNotEmitted(watcher.missing, wait=0):
            timeline.write_text("title: Unwatched\n", encoding="utf-8")
            timeline.unlink()


def test_a_file_replaced_by_a_named_pipe_is_a_change_that_never_hangs(qtbot, one_way_watcher,
                                                                      timeline):
    watcher = one_way_watcher
    with never_hangs(timeline), qtbot.waitSignal(watcher.changed, timeout=3000):
        timeline.unlink()
        os.mkfifo(timeline)
    with never_hangs(timeline), pytest.raises(UnreadableFile, match="is a named pipe"):
        read_text_file(timeline)        # what the editor does when told: it says why
    with qtbot.waitSignal(watcher.changed, timeout=3000):   # a file again: a change again
        timeline.unlink()
        timeline.write_text("title: A file again\n", encoding="utf-8")


def test_watching_a_named_pipe_never_hangs(qtbot, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    watcher = FileWatcher()
    with never_hangs(fifo), qtbot.assertNotEmitted(watcher.changed, wait=QUIET_WAIT_MS):
        watcher.watch(fifo)
    watcher.stop()


def test_a_file_replaced_by_a_link_to_the_same_bytes_is_a_change(qtbot, watcher, timeline):
    elsewhere = timeline.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "copy.yaml").write_bytes(timeline.read_bytes())
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        timeline.unlink()
        timeline.symlink_to(elsewhere / "copy.yaml")


def test_watching_from_the_state_read_does_not_read_again_and_hears_a_later_change(
        qtbot, monkeypatch, timeline):
    """An open hands over the state of the bytes it read: the watcher takes it as seen
    (no second reading of a big file), and a write since that reading is a change."""
    _text, state = read_text_file(timeline)
    reads, look = [], file_watcher._look
    monkeypatch.setattr(file_watcher, "_look", lambda path: reads.append(path) or look(path))
    timeline.write_text("title: Written after the reading\n", encoding="utf-8")
    watcher = FileWatcher()
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        watcher.watch(timeline, seen=state)
        assert reads == []
    watcher.stop()
