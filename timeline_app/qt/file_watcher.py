"""Tell the editor when its one file changes on disk, without crying wolf.

QFileSystemWatcher alone is not enough. Its watch list drops a file that is removed or
renamed, and editors save by writing a temporary file and renaming it over the original
(vim, QSaveFile, most IDEs), so the watch ends after the first save. The folder is watched
too, the file is added again whenever it is a new file (a new inode), and a slow stat() poll
covers what the kernel does not report (a missing folder, network filesystems, an exhausted
inotify limit). Events are gathered for a short quiet time so that a burst of writes gives
one signal, and the bytes decide: touching a file, or saving the same text again, is no change.
What the watcher saw is the core's DiskState, read by the core's one reading point: a file
replaced by a FIFO or a device is never opened in a way that blocks, and is a change (the
editor, reading it, is told why it cannot).
"""
from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager

from PySide6.QtCore import QElapsedTimer, QFileSystemWatcher, QObject, QTimer, Signal

from timeline_app.core.disk import DiskState, UnreadableFile, stat_key

QUIET_MS = 200        # an editor's burst of writes ends within this
MAX_DELAY_MS = 800    # a file that never stops changing is still reported within a second
POLL_MS = 500


class FileWatcher(QObject):
    """Watches one file. Signals carry no path: the watcher has only one."""

    changed = Signal()      # the bytes on disk differ from the ones last seen
    missing = Signal()      # the file is gone (deleted, or renamed away and not replaced)
    returned = Signal()     # a missing file exists again; changed() follows

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._path = ""
        self._seen: _Seen = None            # None while the file is missing
        self._seen_key: tuple | None = None # its stat_key() then, to poll without reading
        self._watched_inode: int | None = None
        self._file_touched = False          # an event named the file itself: read its bytes
        self._suspended = False
        self._system = QFileSystemWatcher(self)
        self._system.fileChanged.connect(self._on_file_event)
        self._system.directoryChanged.connect(self._on_folder_event)
        self._quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self._quiet.timeout.connect(self._check)
        self._burst = QElapsedTimer()
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._on_poll)

    def path(self) -> str:
        return self._path

    def watch(self, path: str | os.PathLike, seen: DiskState | None = None) -> None:
        """Start watching `path` (it may be missing); what is on disk now counts as seen, or
        `seen`, the state of the bytes the caller read (a big file is then not read a second
        time, and a change since that reading is reported)."""
        self.stop()
        self._path = os.path.abspath(os.fspath(path))
        self._see(seen if seen is not None else _look(self._path))
        self._update_watch_list()
        self._poll.start()

    def stop(self) -> None:
        """Watch nothing; no signal is emitted until the next watch()."""
        paths = self._system.files() + self._system.directories()
        if paths:
            self._system.removePaths(paths)
        self._quiet.stop()
        self._poll.stop()
        self._path = ""
        self._see(None)
        self._watched_inode = None
        self._suspended = False

    def suspend(self) -> None:
        """Ignore the disk until resume(): the app is about to save the file itself."""
        self._suspended = True
        self._quiet.stop()

    def resume(self, expected: bytes | None = None) -> None:
        """Watch again after the app's own save.

        Without `expected`, whatever is on disk now is taken as seen, silently. With the bytes
        the app meant to write, the disk is taken as seen only if it holds exactly them;
        otherwise it is compared with what was seen before the save, so another program's
        write in the meantime is still reported (and a failed save, which left the old bytes,
        is not).
        """
        self._suspended = False
        if not self._path:
            return
        now = _look(self._path)
        if expected is None or (isinstance(now, DiskState) and
                                now.sha256 == hashlib.sha256(expected).hexdigest()):
            self._see(now)
            self._update_watch_list()
        else:
            self._file_touched = True
            self._check()

    @contextmanager
    def paused(self, expected: bytes | None = None):
        """`with watcher.paused(data): save(data)`: suspend() around the block, then resume()."""
        self.suspend()
        try:
            yield self
        finally:
            self.resume(expected)

    # -- events ------------------------------------------------------------------------------

    def _on_file_event(self, _path: str) -> None:
        self._file_touched = True
        self._settle()

    def _on_folder_event(self, _path: str) -> None:
        self._settle()

    def _on_poll(self) -> None:
        if stat_key(self._path) != self._seen_key:
            self._settle()

    def _settle(self) -> None:
        """(Re)start the quiet time; a long burst is cut at MAX_DELAY_MS after its start."""
        if self._suspended or not self._path:
            return
        if not self._quiet.isActive():
            self._burst.start()
            self._quiet.start()
        elif self._burst.elapsed() < MAX_DELAY_MS - QUIET_MS:
            self._quiet.start()

    def _check(self) -> None:
        before = self._seen
        if self._file_touched or stat_key(self._path) != self._seen_key:
            self._see(_look(self._path))
        self._file_touched = False
        now = self._seen
        self._update_watch_list()
        if now is None:
            if before is not None:
                self.missing.emit()
        elif before is None:
            self.returned.emit()
            self.changed.emit()
        elif not _same(now, before):
            self.changed.emit()

    def _see(self, seen: _Seen) -> None:
        self._seen = seen
        if isinstance(seen, DiskState):
            self._seen_key = seen.stat_key      # of the very file that was read
        else:
            self._seen_key = stat_key(self._path) if seen is not None else None

    def _update_watch_list(self) -> None:
        """Watch the folder, and the file as it is now: a renamed-over file is a new inode."""
        folder = os.path.dirname(self._path)
        if folder not in self._system.directories() and os.path.isdir(folder):
            self._system.addPath(folder)
        inode = self._seen_key[0] if self._seen_key else None
        if inode == self._watched_inode and self._path in self._system.files():
            return
        if self._path in self._system.files():
            self._system.removePath(self._path)
        self._watched_inode = None
        if inode is not None and self._system.addPath(self._path):
            self._watched_inode = inode


# What the watcher saw: the file's DiskState; None when it is missing; the reason it cannot be
# read (it is a FIFO, a folder, unreadable...): a later readable state counts as a change.
_Seen = DiskState | str | None


def _look(path: str) -> _Seen:
    """The file as it is now. Time stamps tick coarsely (a few ms), so a same-size write right
    after a read can keep the stat() key: the bytes decide, through their hash."""
    try:
        return DiskState.of(path)
    except UnreadableFile as error:
        return str(error)


def _same(now: _Seen, before: _Seen) -> bool:
    if isinstance(now, DiskState):
        return now.same_file_as(before if isinstance(before, DiskState) else None)
    return now == before
