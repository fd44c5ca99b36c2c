"""Exceptions nobody caught (bugs): their tracebacks go to a log file, the user gets one
plain message saying what failed and where the log is, and the app keeps running.

PySide6 hands an exception raised in a slot or a Qt override to sys.excepthook and carries
on; worker threads end in threading.excepthook. Both hooks come here. The log lives in the
user's state folder and is bounded (1 MB, two older files kept). The message is shown on the
GUI thread, once per kind of failure and place, and never while another one is open: an
exception raised in every repaint must not bury the window under message boxes.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QApplication

from timeline_app.qt import prompts

LOG_NAME = "timeline-app.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 2
_MAX_WHAT = 300         # characters of the exception's own message in the box


def state_folder() -> str:
    """The user's folder for the app's state (on Linux $XDG_STATE_HOME/...); made if needed."""
    location = getattr(QStandardPaths.StandardLocation, "StateLocation",
                       QStandardPaths.StandardLocation.AppLocalDataLocation)
    return QStandardPaths.writableLocation(location)


def show_message(what: str, log_path: str) -> None:
    """The message box, over the active window."""
    prompts.show_unexpected_error(QApplication.activeWindow(), what, log_path)


class UnexpectedErrors(QObject):
    """Install with install(); uninstall() puts the hooks found back (tests)."""

    _report = Signal(str, str)      # what failed, the log file ("" when none): to the GUI

    def __init__(self, folder: str | None = None,
                 say: Callable[[str, str], None] = show_message,
                 parent: QObject | None = None):
        """`say(what, log_path)` tells the user (a message box; one line on stderr for
        --screenshot, where nobody could close a box)."""
        super().__init__(parent)
        self.log_path = os.path.join(folder or state_folder(), LOG_NAME)
        self._say = say
        self._logger = logging.Logger(__name__)     # not in logging's registry: this one's
        self._handler: logging.Handler | None = None
        self._said: set[tuple[str, str]] = set()    # (kind, place) already shown
        self._showing = False
        self._previous = (sys.excepthook, threading.excepthook)
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._from_main_thread
        threading.excepthook = self._from_thread

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous
        if self._handler is not None:
            self._logger.removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    # -- the hooks ------------------------------------------------------------------------------

    def _from_main_thread(self, kind, error, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):     # Ctrl+C in the terminal: as before
            self._previous[0](kind, error, trace)
            return
        self.handle(kind, error, trace, "")

    def _from_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, f" (thread {name})")

    def handle(self, kind, error, trace, where: str) -> None:
        """Log the exception and tell the user (on the GUI thread, once per failure)."""
        logged = self._log("".join(traceback.format_exception(kind, error, trace)), where)
        place = _place(trace)
        if (kind.__name__, place) in self._said:
            return
        self._said.add((kind.__name__, place))
        what = f"{kind.__name__}: {error}" if str(error) else kind.__name__
        if len(what) > _MAX_WHAT:
            what = what[:_MAX_WHAT] + "\u2026"
        message = (f"Something unexpected failed in {place}{where}:\n{what}" if place
                   else f"Something unexpected failed{where}:\n{what}")
        try:
            self._report.emit(message, self.log_path if logged else "")
        except RuntimeError:        # the application is being torn down: the log has it
            pass

    def _log(self, text: str, where: str) -> bool:
        try:
            if self._handler is None:
                os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
                from logging.handlers import RotatingFileHandler   # only once a bug is logged
                self._handler = RotatingFileHandler(self.log_path, maxBytes=MAX_LOG_BYTES,
                                                    backupCount=LOG_BACKUPS, encoding="utf-8")
                self._handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
                self._logger.addHandler(self._handler)
            self._logger.error("unexpected exception%s\n%s", where, text.rstrip())
            self._handler.flush()
            return True
        except (OSError, ValueError):
            return False

    def _show(self, what: str, log_path: str) -> None:
        if self._showing:       # one message at a time; the log keeps the rest
            return
        self._showing = True
        try:
            self._say(what, log_path)
        finally:
            self._showing = False


def _place(trace) -> str:
    """Where it failed, as a person can report it: the innermost frame of the app's own
    code ('function (module.py, line 12)'), else the innermost frame."""
    frames = traceback.extract_tb(trace) if trace is not None else []
    ours = [f for f in frames if f"{os.sep}timeline_app{os.sep}" in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return ""
    return f"{frame.name} ({os.path.basename(frame.filename)}, line {frame.lineno})"
