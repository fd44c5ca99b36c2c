"""Unsaved editor text kept on disk, so that a crash or a power cut loses nothing.

Each timeline file has one recovery file in the store's folder, named from a hash of the
timeline's absolute path. It holds a one-line JSON header, a line break, then the text
exactly as it was in the editor (any Unicode, line endings as they were).
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass

FORMAT = "timeline_app recovery 1"
SUFFIX = ".recovery"
# Editor text can hold lone surrogates (from a broken file or a paste); keep them too.
_ENCODING, _ERRORS = "utf-8", "surrogatepass"


@dataclass(frozen=True, slots=True)
class Recovery:
    text: str
    source_path: str                  # absolute, symbolic links resolved
    saved_at: datetime.datetime       # aware, UTC
    loaded_sha256: str | None = None  # of the file as the editor loaded it, when known


class RecoveryStore:
    """Recovery files in one folder; unreadable or corrupt ones are skipped, never deleted."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = os.fspath(folder)

    def save(self, source_path: str | os.PathLike, text: str,
             loaded_sha256: str | None = None) -> Recovery:
        """Keep `text` for the file, replacing what was kept before in one atomic step.

        Raises OSError when the folder cannot be written (the caller should say so).
        """
        recovery = Recovery(text, _key(source_path),
                            datetime.datetime.now(datetime.timezone.utc), loaded_sha256)
        body = text.encode(_ENCODING, _ERRORS)
        header = json.dumps({"format": FORMAT, "source_path": recovery.source_path,
                             "saved_at": recovery.saved_at.isoformat(),
                             "loaded_sha256": loaded_sha256,
                             "text_sha256": hashlib.sha256(body).hexdigest()})
        os.makedirs(self.folder, exist_ok=True)
        _write_atomically(self._file(recovery.source_path), header.encode("ascii") + b"\n" + body)
        return recovery

    def load(self, source_path: str | os.PathLike) -> Recovery | None:
        """The text kept for the file, or None (nothing kept, or the recovery file is corrupt)."""
        key = _key(source_path)
        recovery = _read(self._file(key))
        return recovery if recovery is not None and recovery.source_path == key else None

    def discard(self, source_path: str | os.PathLike) -> None:
        """Forget the text kept for the file (after a save, or when the user declines it)."""
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._file(_key(source_path)))

    def all(self) -> list[Recovery]:
        """Everything kept that can be read, the most recently saved first."""
        try:
            names = [name for name in os.listdir(self.folder) if name.endswith(SUFFIX)]
        except OSError:
            return []
        found = (_read(os.path.join(self.folder, name)) for name in names)
        return sorted((r for r in found if r is not None), key=lambda r: r.saved_at,
                      reverse=True)

    def _file(self, key: str) -> str:
        digest = hashlib.sha256(key.encode(_ENCODING, _ERRORS)).hexdigest()
        return os.path.join(self.folder, digest + SUFFIX)


def _key(source_path: str | os.PathLike) -> str:
    return os.path.realpath(os.fspath(source_path))


def _write_atomically(target: str, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it over the target."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def _read(path: str) -> Recovery | None:
    """The recovery in the file, or None when it is missing, unreadable or not intact."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
        header_bytes, _, body = data.partition(b"\n")
        header = json.loads(header_bytes)
        if not isinstance(header, dict) or header.get("format") != FORMAT or \
                header.get("text_sha256") != hashlib.sha256(body).hexdigest():
            return None
        source_path, saved_at = header.get("source_path"), header.get("saved_at")
        loaded_sha256 = header.get("loaded_sha256")
        if not isinstance(source_path, str) or not isinstance(saved_at, str) or \
                not isinstance(loaded_sha256, (str, type(None))):
            return None
        return Recovery(body.decode(_ENCODING, _ERRORS), source_path,
                        datetime.datetime.fromisoformat(saved_at), loaded_sha256)
    except (OSError, ValueError):     # JSON, UTF-8 and date errors are all ValueErrors
        return None
