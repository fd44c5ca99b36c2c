"""Read, check and prepare a big file on a worker thread, with progress and Cancel.

A file over BACKGROUND_BYTES opens this way: the window stays on screen and responsive, and
shows how far the load is, while a thread of Qt's global pool reads the file, checks it with
the loader (its `progress=` hook) and builds what the views need of the timeline (`prepare`,
as the live validator's checks do). The result travels back as one value, `Loaded`, to the
callback given to start(); nothing of it is kept here. A smaller file loads at once on the
GUI thread: it takes less than a frame or two, and a progress bar would only flicker.

One load at a time: start() cancels the one running. Cancel makes the loader stop at its
next progress report (LoadCancelled); the callback of a cancelled load is never called, so
what the window shows stays as it was. As in LiveValidator, the worker reports through a
parentless relay object it keeps alive itself, so this object may go while a load runs.
"""
from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal

from timeline_app.core.disk import DiskState, read_text_file, split_line_breaks
from timeline_app.core.loader import (LoadCancelled, LoadResult, UnreadableFile,
                                      collector_paused)
from timeline_app.qt.live_validator import Checked, check_text

BACKGROUND_BYTES = 1 << 20      # ~2,700 generated events: loaded in about 0.3 s
READ_SHARE, CHECK_SHARE = 0.04, 0.76    # of the bar; preparing the views takes the rest
_STEP = 0.01                    # progress is reported to the window when it moves by 1%
SET_ASIDE_AT_MOST = 5_000_000   # objects: past this, a reference cycle frozen by mistake at
                                # each load could add up; the collector walks big files again
SET_ASIDE_FROM = 2_000          # events: a full collection over 10,000 costs a keystroke ~55 ms


def loads_in_background(path: str) -> bool:
    """Whether `path` is big enough to load on a worker (a file that cannot be looked at
    does not: the GUI thread's reading says why at once)."""
    try:
        return os.stat(path).st_size > BACKGROUND_BYTES
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Loaded:
    """A file read and checked off the GUI thread: its text as read (see read_text_file), its
    state on disk, and the check with the views' data prepared (None for a small file read
    on the GUI thread, checked as it is shown)."""
    path: str
    text: str
    state: DiskState
    checked: Checked | None


class LoadingTask(QObject):
    """Loads one file at a time on the thread pool; `progress` (0..1) while it runs."""

    progress = Signal(float)
    started = Signal(str)       # the path now loading
    ended = Signal()            # shown, failed or cancelled: nothing loads any more

    def __init__(self, parent: QObject | None = None,
                 prepare: Callable[[LoadResult, Callable[[float], None]], Checked] | None = None):
        """`prepare(result, progress)` builds the views' data on the worker; it calls
        progress(fraction) as it goes (and that raises LoadCancelled once cancelled)."""
        super().__init__(parent)
        self._prepare = prepare
        self._ids = itertools.count(1)
        self._run: _Run | None = None
        self._stopping: list[_Run] = []     # cancelled, their worker maybe not stopped yet
        self._callbacks: tuple[Callable, Callable] | None = None
        self._later: tuple[int, Callable] | None = None     # the make_later() awaited
        self._relay = _Relay()
        self._relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._relay.made.connect(self._on_made, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def is_running(self) -> bool:
        return self._run is not None

    def path(self) -> str:
        return self._run.path if self._run is not None else ""

    def start(self, path: str, loaded: Callable[[Loaded], None],
              failed: Callable[[UnreadableFile], None]) -> None:
        """Load `path`; then loaded(Loaded), or failed(error) when it cannot be read as text.
        A load running is cancelled first."""
        self._drop()
        self._run = _Run(next(self._ids), path)
        self._callbacks = (loaded, failed)
        QThreadPool.globalInstance().start(
            partial(_load_in_worker, self._relay, self._run, self._prepare))
        self.started.emit(path)
        self.progress.emit(0.0)

    def make_later(self, make: Callable[[], object], then: Callable[[object], None]) -> None:
        """make() on the thread pool once the file loaded is shown (what the window can do
        without for a moment, such as the search index), then then(made) on this thread.
        A load started (or cancelled) meanwhile does not drop it: a reload stopped with Esc
        leaves the same timeline on screen, which still needs it (`then` ignores what was
        made for a timeline no longer shown); only a later make_later() replaces it."""
        self._later = (next(self._ids), then)
        QThreadPool.globalInstance().start(
            partial(_make_in_worker, self._relay, self._later[0], make))

    def cancel(self) -> None:
        """Stop the load running (if any); its callbacks are not called."""
        if self._drop():
            self.ended.emit()

    def shutdown(self, timeout_s: float = 2.0) -> bool:
        """Cancel, and wait for the workers of this load and of those cancelled before to
        stop (they stop at their next progress report); False if one outlasted the timeout."""
        self.cancel()
        deadline = time.monotonic() + timeout_s
        stopped = all(run.done.wait(max(0.0, deadline - time.monotonic()))
                      for run in self._stopping)
        self._stopping = [run for run in self._stopping if not run.done.is_set()]
        return stopped

    def _drop(self) -> bool:
        run, self._run, self._callbacks = self._run, None, None
        self._stopping = [old for old in self._stopping if not old.done.is_set()]
        if run is not None:
            run.cancelled.set()
            self._stopping.append(run)
        return run is not None

    def _on_progress(self, run_id: int, fraction: float) -> None:
        if self._run is not None and run_id == self._run.id:
            self.progress.emit(fraction)

    def _on_made(self, later_id: int, made: object) -> None:
        if self._later is not None and later_id == self._later[0]:
            then, self._later = self._later[1], None
            then(made)

    def _on_finished(self, run_id: int, outcome: object) -> None:
        if self._run is None or run_id != self._run.id:
            return          # cancelled, or another load started meanwhile
        loaded, failed = self._callbacks
        self._run, self._callbacks = None, None
        try:
            if isinstance(outcome, Loaded):
                loaded(outcome)
            else:
                failed(outcome)
        finally:
            self.ended.emit()


@dataclass
class _Run:
    """One load: shared by the GUI thread (which may cancel it) and its worker."""
    id: int
    path: str
    cancelled: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    reported: float = -1.0      # the last fraction sent to the window

    def report(self, fraction: float, relay: _Relay) -> None:
        """Called on the worker as the load goes on: raises LoadCancelled once cancelled."""
        if self.cancelled.is_set():
            raise LoadCancelled()
        if fraction - self.reported >= _STEP:
            self.reported = fraction
            relay.progress.emit(self.id, min(1.0, fraction))


class _Relay(QObject):
    """Carries progress and the outcome from the worker to the GUI thread (queued)."""

    progress = Signal(int, float)
    finished = Signal(int, object)      # a Loaded, or an UnreadableFile
    made = Signal(int, object)          # what make_later() made


def _load_in_worker(relay: _Relay, run: _Run, prepare) -> None:
    try:
        try:
            # The collector off for the whole job, as the loader keeps it off while it reads:
            # preparing the views of a 100,000-event timeline with it on met two full
            # collections, each holding the GIL, and so the window, for about a second.
            with collector_paused():
                outcome = _load(run, prepare, partial(run.report, relay=relay))
                _set_aside(outcome)
        except LoadCancelled:
            return
        except UnreadableFile as error:
            outcome = error
        except Exception as error:      # a bug of ours: said, never a window left waiting
            outcome = UnreadableFile(f"{os.path.basename(run.path)} could not be opened: "
                                     f"{type(error).__name__}: {error} (a bug in Timeline, "
                                     "please report it)")
        if not run.cancelled.is_set():
            with contextlib.suppress(RuntimeError):    # the app quit: nobody to tell
                relay.finished.emit(run.id, outcome)
    finally:
        run.done.set()


def _make_in_worker(relay: _Relay, later_id: int, make: Callable[[], object]) -> None:
    try:
        with collector_paused():        # as for the load (see _load_in_worker)
            made = make()
    except Exception:       # only a head start: the window can make it itself when needed
        return
    with contextlib.suppress(RuntimeError):     # the app quit meanwhile: nobody to tell
        relay.made.emit(later_id, made)


def _set_aside(outcome: Loaded | UnreadableFile) -> None:
    """Take a big timeline and its views' data out of the collector's reach (gc.freeze).

    They live until another file replaces them and hold no reference cycle (reference
    counting frees them then), but the collector's first full collection after the load would
    walk all of them, on whichever thread, holding the GIL: the window froze for about a
    second at 100,000 events. Everything else alive now is set aside too; only a reference
    cycle among those objects, should one become garbage later, is never collected."""
    timeline = outcome.checked.timeline if isinstance(outcome, Loaded) else None
    if timeline is not None and len(timeline.events) >= SET_ASIDE_FROM and \
            gc.get_freeze_count() < SET_ASIDE_AT_MOST:
        gc.freeze()


def _load(run: _Run, prepare, report: Callable[[float], None]) -> Loaded:
    """Read, check, prepare; the bar's shares as READ_SHARE and CHECK_SHARE say."""
    text, state = read_text_file(run.path)
    report(READ_SHARE)
    result = check_text(split_line_breaks(text)[0], run.path,
                        progress=lambda f: report(READ_SHARE + CHECK_SHARE * f))
    checked = Checked(result)
    if prepare is not None and result.timeline is not None:
        rest = 1.0 - READ_SHARE - CHECK_SHARE
        try:
            checked = prepare(result, lambda f: report(READ_SHARE + CHECK_SHARE + rest * f))
        except LoadCancelled:
            raise
        except Exception:       # only a head start: the views can build it themselves
            logging.getLogger(__name__).exception(
                "Preparing the views of %s on the worker failed; they build it themselves",
                run.path)
    return Loaded(run.path, text, state, checked)
