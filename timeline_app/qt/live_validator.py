"""Check the editor's text again once the typing pauses, without freezing the window.

The loader runs on a worker thread of Qt's global thread pool. Only one check runs at a time:
text typed meanwhile waits for it, and a result that is no longer the latest text's is
dropped, so the window only ever shows the problems of what is in the editor now.

Nothing the worker holds belongs to the validator: it reports through a parentless relay
object that it keeps alive itself, and Qt drops a queued result whose receiver is gone. So
the validator may be destroyed while a check runs, with no thread to tear down; shutdown()
(also run when the application quits) waits for the check instead.

A check gives one value, `Checked`: what the loader said, and what the views need of the
timeline when the worker prepared it (a search index, the timeline's layout data, the event
list's facts), so that showing it on the GUI thread does not build them there.

The loader is pure Python, so the two threads share the GIL. The window keeps running, but a
single long step of the loader (a full garbage collection, one C call over the whole text)
holds the GIL throughout and the window waits for it: for 10,000 events, 35-50 ms at worst,
up to about 100 ms when the previous 10,000-event timeline is still in memory (the garbage
collector walks it too). A shorter sys.setswitchinterval does not shorten those steps.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal

from timeline_app.core.loader import LoadCancelled, LoadResult, load_text
from timeline_app.core.model import Timeline
from timeline_app.core.problems import ERROR, Problem

if TYPE_CHECKING:
    from timeline_app.core.search import SearchIndex
    from timeline_app.qt.event_list import ListFacts
    from timeline_app.qt.timeline_layout import TimelineData

PAUSE_MS = 300


@dataclass(frozen=True)
class Checked:
    """One checked text: the loader's result, and the views' data for its timeline when the
    checking thread prepared it (None: a view builds what it needs itself)."""
    result: LoadResult
    search_index: SearchIndex | None = None
    timeline_data: TimelineData | None = None
    list_facts: ListFacts | None = None

    @property
    def timeline(self) -> Timeline | None:
        return self.result.timeline

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.result.problems

    @property
    def errors(self) -> tuple[Problem, ...]:
        return self.result.errors

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.result.warnings

    @property
    def path(self) -> str:
        return self.result.path


class LiveValidator(QObject):
    validated = Signal(object)      # the Checked of the latest text, on the GUI thread

    def __init__(self, parent: QObject | None = None, pause_ms: int = PAUSE_MS,
                 prepare: Callable[[LoadResult], Checked] | None = None):
        """`prepare(result)` runs on the pool thread after a check that gave a timeline and
        returns the Checked with the views' data built off the GUI thread."""
        super().__init__(parent)
        self._prepare = prepare
        self._generation = 0            # counts submitted texts; the latest one is wanted
        self._waiting: tuple | None = None      # (generation, text, path) not yet started
        self._running: int | None = None        # the generation being checked
        self._running_done = threading.Event()
        self._running_done.set()
        self._relay = _Relay()
        self._relay.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._pause = QTimer(self, singleShot=True, interval=pause_ms)
        self._pause.timeout.connect(self._on_pause_over)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def submit(self, text: str, path: str = "") -> None:
        """Check `text` once no other text has been submitted for the pause."""
        self._generation += 1
        self._waiting = (self._generation, text, path)
        self._pause.start()

    def validate_now(self, text: str, path: str = "") -> Checked:
        """Check `text` on this thread (before a save); anything older is dropped. The views
        build what they need of its timeline as they show it: nothing is prepared here."""
        self._forget_pending()
        checked = Checked(check_text(text, path))
        self.validated.emit(checked)
        return checked

    def accept(self, checked: Checked) -> Checked:
        """A check made elsewhere (a file loaded on a worker) is the latest: anything older
        is dropped, and it is reported as a check of ours."""
        self._forget_pending()
        self.validated.emit(checked)
        return checked

    def shutdown(self, timeout_s: float | None = None) -> bool:
        """Drop pending work and wait for a running check; False if it outlasted the timeout."""
        self._forget_pending()
        finished = self._running_done.wait(timeout_s)
        self._running = None
        return finished

    def _forget_pending(self) -> None:
        self._generation += 1       # a running check's result is now stale
        self._waiting = None
        self._pause.stop()

    def _on_pause_over(self) -> None:
        if self._running is None:
            self._start_waiting()
        # otherwise the waiting text starts when the running check ends

    def _start_waiting(self) -> None:
        generation, text, path = self._waiting
        self._waiting = None
        self._running = generation
        self._running_done = threading.Event()
        QThreadPool.globalInstance().start(
            partial(_check_in_worker, self._relay, self._running_done, generation, text, path,
                    self._prepare))

    def _on_finished(self, generation: int, checked: Checked) -> None:
        if generation != self._running:     # shut down meanwhile
            return
        self._running = None
        if generation == self._generation:
            self.validated.emit(checked)
        elif self._waiting is not None and not self._pause.isActive():
            self._start_waiting()


class _Relay(QObject):
    """Carries a result from the worker to the GUI thread (a queued connection)."""

    finished = Signal(int, object)


def _check_in_worker(relay: _Relay, done: threading.Event, generation: int, text: str,
                     path: str, prepare: Callable[[LoadResult], Checked] | None) -> None:
    try:
        result = check_text(text, path)
        checked = Checked(result)
        if prepare is not None and result.timeline is not None:
            with contextlib.suppress(Exception):    # only a head start: the views can do it
                checked = prepare(result)
        with contextlib.suppress(RuntimeError):    # the app quit meanwhile: nobody to tell
            relay.finished.emit(generation, checked)
    finally:
        done.set()


def check_text(text: str, path: str, progress: Callable[[float], None] | None = None
               ) -> LoadResult:
    """The loader's result for `text`; a bug of the loader's becomes a problem to show.
    `progress`: the loader's hook (raising LoadCancelled stops the check, and is raised)."""
    try:
        return load_text(text, path, progress=progress)
    except LoadCancelled:
        raise
    except Exception as err:    # a loader bug must not leave the editor waiting forever
        problem = Problem(ERROR, f"the file could not be checked ({type(err).__name__}: {err}); "
                                 "this is a bug in Timeline, please report it", 1, 1, "", path)
        return LoadResult(None, (problem,), path)
