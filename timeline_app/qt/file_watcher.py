"""Tell the editor when its one file changes on disk, without crying wolf.

QFileSystemWatcher alone is not enough. Its watch list drops a file that is removed or
renamed, and editors save by writing a temporary file and renaming it over the original
(vim, QSaveFile, most IDEs), so the watch ends after the first save. The folder is watched
too, the file is added again whenever it is a new file (a new inode), and a slow stat() poll
covers what the kernel does not report (a missing folder, network filesystems, an exhausted
inotify limit). Events are gathered for a short quiet time so that a burst of writes gives
one signal, and the bytes decide: touching a file, or saving the same text again, is no change.
"""
from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager

from PySide6.QtCore import QElapsedTimer, QFileSystemWatcher, QObject, QTimer, Signal

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
        self._seen: _Seen | None = None     # None while the file is missing
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

    def watch(self, path: str | os.PathLike) -> None:
        """Start watching `path` (it may be missing); what is on disk now counts as seen."""
        self.stop()
        self._path = os.path.abspath(os.fspath(path))
        self._seen = _Seen.read(self._path)
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
        self._seen = None
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
        now = _Seen.read(self._path)
        if expected is None or (now is not None and now.digest == _digest_of(expected)):
            self._seen = now
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
        if _stat_key(self._path) != (self._seen.stat_key if self._seen else None):
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
        now = _Seen.read(self._path, before, reread=self._file_touched)
        self._seen = now
        self._file_touched = False
        self._update_watch_list()
        if now is None:
            if before is not None:
                self.missing.emit()
        elif before is None:
            self.returned.emit()
            self.changed.emit()
        elif now.digest != before.digest:
            self.changed.emit()

    def _update_watch_list(self) -> None:
        """Watch the folder, and the file as it is now: a renamed-over file is a new inode."""
        folder = os.path.dirname(self._path)
        if folder not in self._system.directories() and os.path.isdir(folder):
            self._system.addPath(folder)
        inode = self._seen.stat_key[0] if self._seen else None
        if inode == self._watched_inode and self._path in self._system.files():
            return
        if self._path in self._system.files():
            self._system.removePath(self._path)
        self._watched_inode = None
        if inode is not None and self._system.addPath(self._path):
            self._watched_inode = inode


class _Seen:
    """The file as last read: its stat() key, to skip reading unchanged files, and its hash."""

    __slots__ = ("stat_key", "digest")

    def __init__(self, stat_key: tuple, digest: bytes | None):
        self.stat_key = stat_key
        self.digest = digest

    @classmethod
    def read(cls, path: str, before: _Seen | None = None, reread: bool = True) -> _Seen | None:
        """None when the file is missing; `before` again when its stat() is unchanged.

        File times tick coarsely (a few ms), so a same-size write right after a read can keep
        the stat() key: an event that named the file itself (`reread`) always reads the bytes.
        """
        key = _stat_key(path)
        if key is None:
            return None
        if before is not None and key == before.stat_key and not reread:
            return before
        try:
            with open(path, "rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").digest()
        except FileNotFoundError:
            return None
        except OSError:     # unreadable for now: a later readable state counts as a change
            digest = None
        return cls(key, digest)


def _stat_key(path: str) -> tuple | None:
    try:
        stat = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _digest_of(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
