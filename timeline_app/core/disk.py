"""The file on disk as the editor knows it: read it as text, notice when it changes.

The messages for files that cannot be read as a timeline are the loader's own, so the
editor and `--check` say the same thing about the same file.
"""
from __future__ import annotations

import codecs
import difflib
import hashlib
import os
from dataclasses import dataclass

from timeline_app.core.loader import MAX_FILE_BYTES, UnreadableFile, load_bytes, load_path
from timeline_app.core.problems import ERROR, Problem


@dataclass(frozen=True, slots=True)
class DiskState:
    """What a file on disk was at one moment: enough to tell whether it changed since."""

    mtime_ns: int
    size: int
    sha256: str
    bom: bool = False       # it starts with a UTF-8 byte order mark (kept by a save)

    @classmethod
    def of(cls, path: str | os.PathLike) -> DiskState | None:
        """The file's state now; None when it is missing. Raises UnreadableFile otherwise."""
        name = os.fspath(path)
        try:
            with open(name, "rb") as stream:
                mtime_ns = os.fstat(stream.fileno()).st_mtime_ns
                data = stream.read()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:
            raise _refusal(name, None) from None
        return cls.of_bytes(data, mtime_ns)

    @classmethod
    def of_bytes(cls, data: bytes, mtime_ns: int) -> DiskState:
        return cls(mtime_ns, len(data), hashlib.sha256(data).hexdigest(),
                   data.startswith(codecs.BOM_UTF8))


def changed_on_disk(path: str | os.PathLike, loaded: DiskState) -> bool:
    """Whether the file no longer holds what was loaded (or is gone).

    Same time and size count as unchanged without reading the file; when only the time
    differs, the bytes decide, so touching or re-saving identical bytes is no conflict.
    """
    try:
        stat = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    if stat.st_size != loaded.size:
        return True
    if stat.st_mtime_ns == loaded.mtime_ns:
        return False
    now = DiskState.of(path)
    return now is None or now.sha256 != loaded.sha256


def read_text_file(path: str | os.PathLike) -> tuple[str, DiskState]:
    """The file's text (UTF-8, a leading BOM dropped as the loader does) and its state.

    Raises UnreadableFile, with a message naming the file (and the line and column of a bad
    byte), for a missing, unreadable or too large file, a folder, invalid UTF-8 or NUL bytes.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as stream:
            stat = os.fstat(stream.fileno())
            data = stream.read(MAX_FILE_BYTES + 1) if stat.st_size <= MAX_FILE_BYTES else None
    except OSError:
        raise _refusal(name, None) from None
    if data is None or len(data) > MAX_FILE_BYTES or b"\0" in data:
        raise _refusal(name, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refusal(name, data) from None
    return text.removeprefix("\ufeff"), DiskState.of_bytes(data, stat.st_mtime_ns)


def problem_of(error: UnreadableFile, path: str) -> Problem:
    """The refusal as a Problem, at its place when it has one."""
    return error.problem or Problem(ERROR, str(error), 1, 1, "", path)


def _refusal(name: str, data: bytes | None) -> UnreadableFile:
    """The loader's words for why it would refuse this file (it refuses before parsing)."""
    try:
        result = load_path(name) if data is None else load_bytes(data, name)
    except UnreadableFile as err:
        return err
    if result.errors:
        return UnreadableFile(str(result.errors[0]), result.errors[0])
    return UnreadableFile(f"{name}: changed while it was being read; open it again")


def unified_diff(mine: str, theirs: str, mine_label: str, theirs_label: str) -> str:
    """A unified diff from `mine` to `theirs` ('-' lines only in mine, '+' only in theirs).

    Line endings are left out of the comparison; when they (or the final line break) are
    the only difference, a sentence says so instead of a diff. Empty when the texts are equal.
    """
    mine_lines, their_lines = mine.splitlines(), theirs.splitlines()
    if mine_lines == their_lines:
        return "" if mine == theirs else _invisible_difference(mine, theirs, mine_label,
                                                                theirs_label)
    diff = difflib.unified_diff(mine_lines, their_lines, mine_label, theirs_label, lineterm="")
    return "\n".join(diff) + "\n"


def _invisible_difference(mine: str, theirs: str, mine_label: str, theirs_label: str) -> str:
    if ("\r\n" in mine) != ("\r\n" in theirs):
        crlf = mine_label if "\r\n" in mine else theirs_label
        return (f"The texts differ only in their line endings: {crlf} uses Windows line "
                "endings (CRLF), the other Unix ones (LF).\n")
    if mine.endswith(("\n", "\r")) != theirs.endswith(("\n", "\r")):
        ending = mine_label if mine.endswith(("\n", "\r")) else theirs_label
        return f"The texts differ only in the line break at the end, which {ending} has.\n"
    return "The texts differ only in their line breaks.\n"
