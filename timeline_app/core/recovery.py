"""Unsaved editor text kept on disk, so that a crash or a power cut loses nothing.

Each window is an owner with its own copy of the file it edits, so that two windows on one
file never overwrite or delete each other's copy. A copy is named from a hash of the
timeline's absolute path and the owner: `<sha256>.<owner>.recovery`. It holds a one-line JSON
header, a line break, then the text exactly as it was in the editor (any Unicode, line endings
as they were).

While a window lives it holds a lock (fcntl.flock) on `<owner>.lock` in the same folder; the
system releases it when the process ends, however it ends. A copy whose owner holds no lock
is an orphan: its window crashed or closed without saving, and another window may offer it.
Copies from before owners (`<sha256>.recovery`) are orphans of no owner.
"""
from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass, field

from timeline_app.core import loader
from timeline_app.core.disk import read_file, write_atomically

FORMAT = "timeline_app recovery 1"
SUFFIX = ".recovery"
LOCK_SUFFIX = ".lock"
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
        self.owner = owner or uuid.uuid4().hex
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

    def load(self, source_path: str | os.PathLike) -> Recovery | None:
        """This window's copy of the file, else the newest orphan, or None.

        Kept for the Document that knew one copy per file; orphans() is the question to ask
        after opening a file, and this window's own copy needs no asking.
        """
        key = _key(source_path)
        own = _read(self._file(key, self.owner))
        if own is not None and own.source_path == key:
            return own
        return next(iter(self.orphans(source_path)), None)

    def discard(self, source_path: str | os.PathLike) -> None:
        """Forget this window's copy of the file (after a save, or when the user drops the
        edits); other windows' copies stay."""
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._file(_key(source_path), self.owner))

    def orphans(self, source_path: str | os.PathLike) -> list[Recovery]:
        """Copies of the file kept by windows that are no longer alive, the newest first."""
        key = _key(source_path)
        prefix = _digest(key) + "."
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
        with contextlib.suppress(FileNotFoundError):
            os.remove(recovery.file)
        return True

    def all(self) -> list[Recovery]:
        """Every copy that can be read, of any window, the most recently saved first."""
        found = (_read(os.path.join(self.folder, name)) for name in self._names())
        return sorted((r for r in found if r is not None), key=lambda r: r.saved_at,
                      reverse=True)

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
        handle = os.open(self._lock_file(self.owner),
                         os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)  # only ever held a moment by a probe
        except BaseException:
            os.close(handle)
            raise
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

    # -- files ---------------------------------------------------------------------------------

    def _names(self) -> list[str]:
        try:
            return [name for name in os.listdir(self.folder) if name.endswith(SUFFIX)]
        except OSError:
            return []

    def _file(self, key: str, owner: str) -> str:
        return os.path.join(self.folder, f"{_digest(key)}.{owner}{SUFFIX}")

    def _lock_file(self, owner: str) -> str:
        return os.path.join(self.folder, owner + LOCK_SUFFIX)


def _key(source_path: str | os.PathLike) -> str:
    return os.path.realpath(os.fspath(source_path))


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
