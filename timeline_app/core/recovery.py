"""Unsaved editor text kept on disk, so that a crash or a power cut loses nothing.

Each window is an owner with its own copy of the file it edits, so that two windows on one
file never overwrite or delete each other's copy. A copy is named from a hash of the
timeline's absolute path and the owner: `<sha256>.<owner>.recovery`; a new timeline that has
no file yet is `untitled.<owner>.recovery` (its source_path is ""). It holds a one-line JSON
header, a line break, then the text exactly as it was in the editor (any Unicode, line endings
as they were).

While a window lives it holds a lock (fcntl.flock) on `<owner>.lock` in the same folder; the
system releases it when the process ends, however it ends. A copy whose owner holds no lock
is an orphan: its window crashed or closed without saving, and another window may offer it.
Copies from before owners (`<sha256>.recovery`) are orphans of no owner. The lock file of a
window that crashed goes when its last copy is discarded.
"""
from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass, field

from timeline_app.core import loader
from timeline_app.core.disk import read_file, write_atomically

FORMAT = "timeline_app recovery 1"
SUFFIX = ".recovery"
LOCK_SUFFIX = ".lock"
UNTITLED = "untitled"       # the copies of a new timeline that has no file yet
# The editor's text may grow past the largest timeline file; a copy keeps all of it.
_MAX_BYTES = 4 * loader.MAX_FILE_BYTES
_OWNER = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Editor text can hold lone surrogates (from a broken file or a paste); keep them too.
_ENCODING, _ERRORS = "utf-8", "surrogatepass"


@dataclass(frozen=True, slots=True)
class Recovery:
    text: str
    source_path: str                  # absolute, symbolic links resolved
    saved_at: datetime.datetime       # aware, UTC
    loaded_sha256: str | None = None  # of the file as the editor loaded it, when known
    owner: str | None = None          # the window that kept it; None for a copy from before
    file: str = field(default="", compare=False)    # where it is kept


class RecoveryStore:
    """One window's copies in a shared folder; unreadable or corrupt ones are skipped, never
    deleted. close() when the window closes (a crash closes it too)."""

    def __init__(self, folder: str | os.PathLike, owner: str | None = None):
        self.folder = os.fspath(folder)
        self.owner = owner or secrets.token_hex(16)     # uuid's import costs 2-10 ms
        if not _OWNER.fullmatch(self.owner):
            raise ValueError(f"an owner is 1-64 letters, digits, '-' or '_': {self.owner!r}")
        self._lock: int | None = None

    def save(self, source_path: str | os.PathLike, text: str,
             loaded_sha256: str | None = None) -> Recovery:
        """Keep `text` as this window's copy of the file, replacing its copy in one step.

        Raises OSError (SaveFailed, with its reason) when the folder cannot be written.
        """
        recovery = Recovery(text, _key(source_path),
                            datetime.datetime.now(datetime.timezone.utc), loaded_sha256,
                            self.owner)
        body = text.encode(_ENCODING, _ERRORS)
        header = json.dumps({"format": FORMAT, "source_path": recovery.source_path,
                             "saved_at": recovery.saved_at.isoformat(),
                             "loaded_sha256": loaded_sha256, "owner": self.owner,
                             "text_sha256": hashlib.sha256(body).hexdigest()})
        os.makedirs(self.folder, exist_ok=True)
        self._hold_lock()
        write_atomically(self._file(recovery.source_path, self.owner),
                         header.encode("ascii") + b"\n" + body)
        return recovery

    def discard(self, source_path: str | os.PathLike) -> bool:
        """Forget this window's copy of the file (after a save, or when the user drops the
        edits); other windows' copies stay. False when the copy is there but cannot be
        deleted (the caller says so; it is offered again, never lost)."""
        return _remove(self._file(_key(source_path), self.owner))

    def orphans(self, source_path: str | os.PathLike) -> list[Recovery]:
        """Copies of the file kept by windows that are no longer alive, the newest first."""
        key = _key(source_path)
        prefix = _stem(key) + "."
        self._remove_stale_locks()
        found = []
        for name in self._names():
            owner = name[len(prefix):-len(SUFFIX)] if name.startswith(prefix) else None
            legacy = name == prefix[:-1] + SUFFIX
            if (owner is None and not legacy) or owner == self.owner or \
                    (owner and self._alive(owner)):
                continue
            recovery = _read(os.path.join(self.folder, name))
            if recovery is not None and recovery.source_path == key:
                found.append(recovery)
        return sorted(found, key=lambda r: r.saved_at, reverse=True)

    def discard_orphan(self, recovery: Recovery) -> bool:
        """Delete an orphan (the user restored or declined it). A copy of a live window, or
        this window's own, is never deleted here: False then."""
        if recovery.owner == self.owner or (recovery.owner and self._alive(recovery.owner)):
            return False
        if not _remove(recovery.file):
            return False
        if recovery.owner:
            self._remove_dead_lock(recovery.owner)
        return True

    def close(self) -> None:
        """The window closes: its copies left (unsaved edits it was told to keep) become
        orphans, offered the next time the file opens."""
        if self._lock is None:
            return
        with contextlib.suppress(OSError):
            os.remove(self._lock_file(self.owner))
        os.close(self._lock)            # releases the lock
        self._lock = None

    # -- locks ---------------------------------------------------------------------------------

    def _hold_lock(self) -> None:
        """Take this owner's lock before its first copy is written: a copy is never seen
        without its live owner's lock."""
        if self._lock is not None:
            return
        path = self._lock_file(self.owner)
        while True:
            handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)  # only ever held a moment by a probe
                # Another window may have removed the file as a dead owner's just before the
                # lock was taken: a lock on a file no longer at its name protects nothing.
                if _same_file(handle, path):
                    break
            except BaseException:
                os.close(handle)
                raise
            os.close(handle)
        self._lock = handle

    def _alive(self, owner: str) -> bool:
        """Whether the window `owner` still holds its lock (in this process or another)."""
        try:
            handle = os.open(self._lock_file(owner), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        finally:
            os.close(handle)
        return False

    def _remove_dead_lock(self, owner: str) -> None:
        """The lock file of a window that crashed goes with its last copy. Removed only while
        this window holds that lock itself, so a live window (which holds it) is never
        touched, and one taking it meanwhile sees its file gone and makes a new one."""
        if owner == self.owner or any(_owner_of(name) == owner for name in self._names()):
            return
        path = self._lock_file(owner)
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _same_file(handle, path):
                os.remove(path)
        except OSError:
            pass                        # alive (BlockingIOError), or not ours to remove
        finally:
            os.close(handle)

    def _remove_stale_locks(self) -> None:
        """Lock files of crashed windows that left no copy (they saved, then crashed)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        owners = {_owner_of(name) for name in names if name.endswith(SUFFIX)}
        for name in names:
            owner = name[:-len(LOCK_SUFFIX)]
            if name.endswith(LOCK_SUFFIX) and owner not in owners and _OWNER.fullmatch(owner):
                self._remove_dead_lock(owner)

    # -- files ---------------------------------------------------------------------------------

    def _names(self) -> list[str]:
        try:
            return [name for name in os.listdir(self.folder) if name.endswith(SUFFIX)]
        except OSError:
            return []

    def _file(self, key: str, owner: str) -> str:
        return os.path.join(self.folder, f"{_stem(key)}.{owner}{SUFFIX}")

    def _lock_file(self, owner: str) -> str:
        return os.path.join(self.folder, owner + LOCK_SUFFIX)


def _key(source_path: str | os.PathLike) -> str:
    """The file's absolute path, links resolved; "" for a new timeline not saved yet."""
    return os.path.realpath(source_path) if os.fspath(source_path) else ""


def _stem(key: str) -> str:
    """The first part of a copy's name: a hash of the file's path, or "untitled"."""
    return _digest(key) if key else UNTITLED


def _owner_of(name: str) -> str | None:
    """The owner of the copy file `name` (None for a copy from before owners)."""
    parts = name[:-len(SUFFIX)].split(".")
    return parts[1] if len(parts) == 2 else None


def _same_file(handle: int, path: str) -> bool:
    """Whether the open file `handle` is still the file at `path`."""
    try:
        return os.path.samestat(os.fstat(handle), os.stat(path, follow_symlinks=False))
    except OSError:
        return False


def _remove(path: str) -> bool:
    """Delete the file; True when it is gone (or was not there)."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return True


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode(_ENCODING, _ERRORS)).hexdigest()


def _read(path: str) -> Recovery | None:
    """The recovery in the file, or None when it is missing, unreadable or not intact."""
    try:
        data = read_file(path, _MAX_BYTES)[0]      # never a FIFO that would hang
        header_bytes, _, body = data.partition(b"\n")
        header = json.loads(header_bytes)
        if not isinstance(header, dict) or header.get("format") != FORMAT or \
                header.get("text_sha256") != hashlib.sha256(body).hexdigest():
            return None
        source_path, saved_at = header.get("source_path"), header.get("saved_at")
        loaded_sha256, owner = header.get("loaded_sha256"), header.get("owner")
        if not isinstance(source_path, str) or not isinstance(saved_at, str) or \
                not isinstance(loaded_sha256, (str, type(None))) or \
                not isinstance(owner, (str, type(None))):
            return None
        return Recovery(body.decode(_ENCODING, _ERRORS), source_path,
                        datetime.datetime.fromisoformat(saved_at), loaded_sha256, owner, path)
    except (OSError, ValueError):     # JSON, UTF-8 and date errors are all ValueErrors
        return None
