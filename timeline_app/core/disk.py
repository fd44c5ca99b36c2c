"""The file on disk as the editor knows it: read it, fingerprint it, write it back safely.

Every read of a timeline file goes through read_file(): it opens only regular files, and
never in a way that can block (a FIFO or a device would hang the app for good). Its
DiskState is the one fingerprint of a file, used before a save and by the file watcher.
write_atomically() replaces a file in one step and says in plain words why it could not.

The messages for files that cannot be read as a timeline are the loader's own, so the
editor and `--check` say the same thing about the same file. (The loader's load_path()
reads through this module too.)
"""
from __future__ import annotations

import codecs
import contextlib
import difflib
import errno
import hashlib
import os
import re
import secrets
import stat
from collections import Counter
from dataclasses import dataclass

from timeline_app.core import loader
from timeline_app.core.loader import UnreadableFile, load_bytes, load_path
from timeline_app.core.problems import ERROR, Problem

_CHUNK = 1 << 20


class FileMissing(UnreadableFile):
    """There is no file at the path (or a part of the path is not a folder)."""


class FileTooLarge(UnreadableFile):
    """The file is over the size limit: it is not read at all."""

    def __init__(self, message: str, size: int):
        super().__init__(message)
        self.size = size


@dataclass(frozen=True, slots=True)
class DiskState:
    """What a file on disk was at one moment: enough to tell whether it changed since.

    The content hash decides; the stat() fields only tell the watcher when to look again.
    """

    mtime_ns: int
    size: int
    sha256: str
    bom: bool = False                   # starts with a UTF-8 byte order mark (a save keeps it)
    link_target: str | None = None      # the path was a symbolic link to this file when read
    inode: int = 0
    ctime_ns: int = 0                   # no tool sets it: any write, touch or chmod changes it

    @classmethod
    def of(cls, path: str | os.PathLike) -> DiskState | None:
        """The file's state now; None when it is missing. Raises UnreadableFile for anything
        that is not a regular file one may read (at once, without blocking)."""
        try:
            return read_file(path)[1]
        except FileMissing:
            return None

    @classmethod
    def of_bytes(cls, data: bytes, mtime_ns: int, link_target: str | None = None,
                 inode: int = 0, ctime_ns: int = 0) -> DiskState:
        return cls(mtime_ns, len(data), hashlib.sha256(data).hexdigest(),
                   data.startswith(codecs.BOM_UTF8), link_target, inode, ctime_ns)

    @property
    def stat_key(self) -> tuple[int, int, int, int]:
        """Cheap to compare with os.stat(): when it is unchanged, the bytes are unchanged."""
        return self.inode, self.mtime_ns, self.size, self.ctime_ns

    def same_file_as(self, other: DiskState | None) -> bool:
        """The same bytes, reached the same way (not through another link)."""
        return other is not None and (self.sha256, self.link_target) == (other.sha256,
                                                                         other.link_target)


def stat_key(path: str | os.PathLike) -> tuple[int, int, int, int] | None:
    """DiskState.stat_key of the file as it is now, without opening it; None when missing."""
    try:
        now = os.stat(path)
    except (OSError, ValueError):
        return None
    return now.st_ino, now.st_mtime_ns, now.st_size, now.st_ctime_ns


# -- reading -----------------------------------------------------------------------------------

def read_file(path: str | os.PathLike, limit: int | None = None) -> tuple[bytes, DiskState]:
    """The one place a file is read: its bytes and their fingerprint.

    Only regular files are opened: stat() first, then an open that cannot block (O_NONBLOCK)
    and fstat() again, in case the file was swapped for a FIFO or a device in between.
    Raises FileMissing, FileTooLarge (over `limit` bytes, by default the loader's), or
    UnreadableFile with a message naming the file and what it is ("is a named pipe (FIFO),
    not a timeline file").
    """
    name = os.fspath(path)
    link_target = _link_target(name)
    try:
        _refuse_unless_regular(name, os.stat(name).st_mode)
        handle = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as err:
        raise _unreadable(name, err) from None
    try:
        opened = os.fstat(handle)
        _refuse_unless_regular(name, opened.st_mode)
        if limit is None:
            limit = loader.MAX_FILE_BYTES    # read now: a test may lower it
        if opened.st_size > limit:
            raise FileTooLarge(f"{name}: the file is {opened.st_size / 2**20:.0f} MiB; "
                               f"timelines are limited to {limit // 2**20} MiB", opened.st_size)
        data = _read_at_most(handle, limit + 1)
    except OSError as err:
        raise _unreadable(name, err) from None
    finally:
        os.close(handle)
    if len(data) > limit:                   # it grew while it was being read
        raise FileTooLarge(f"{name}: the file is over {limit // 2**20} MiB; timelines are "
                           f"limited to that size", len(data))
    return data, DiskState.of_bytes(data, opened.st_mtime_ns, link_target, opened.st_ino,
                                    opened.st_ctime_ns)


def read_text_file(path: str | os.PathLike) -> tuple[str, DiskState]:
    """The file's text (UTF-8, a leading BOM dropped as the loader does, line breaks as they
    are) and its state.

    Raises UnreadableFile, with a message naming the file (and the line and column of a bad
    byte), for a missing, unreadable or too large file, anything but a regular file, invalid
    UTF-8 or NUL bytes.
    """
    name = os.fspath(path)
    try:
        data, state = read_file(name)
    except FileTooLarge:
        raise _refusal(name, None) from None
    if b"\0" in data:
        raise _refusal(name, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refusal(name, data) from None
    return text.removeprefix("\ufeff"), state


def changed_on_disk(path: str | os.PathLike, loaded: DiskState) -> bool:
    """Whether the file no longer holds what was loaded: other bytes (even with the same size
    and time), reached through another link, gone, or no longer a file that can be read."""
    try:
        now = DiskState.of(path)
    except UnreadableFile:
        return True
    return not loaded.same_file_as(now)


def problem_of(error: UnreadableFile, path: str) -> Problem:
    """The refusal as a Problem, at its place when it has one."""
    return error.problem or Problem(ERROR, str(error), 1, 1, "", path)


_KINDS = ((stat.S_ISDIR, "is a folder"), (stat.S_ISFIFO, "is a named pipe (FIFO)"),
          (stat.S_ISSOCK, "is a socket"), (stat.S_ISCHR, "is a device (character special file)"),
          (stat.S_ISBLK, "is a device (block special file)"))


def _what_it_is(mode: int) -> str:
    """'is a folder', 'is a named pipe (FIFO)', ...: what a file that is not a regular one is."""
    return next((words for test, words in _KINDS if test(mode)), "is not a regular file")


def _refuse_unless_regular(name: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile(f"{name}: {_what_it_is(mode)}, not a timeline file")


def _unreadable(name: str, err: OSError) -> UnreadableFile:
    if isinstance(err, UnreadableFile):
        return err
    message = f"{name}: cannot be read: {err.strerror or err}"
    if err.errno in (errno.ENOENT, errno.ENOTDIR):
        return FileMissing(message)
    if err.errno == errno.EISDIR:
        return UnreadableFile(f"{name}: is a folder, not a timeline file")
    return UnreadableFile(message)


def _read_at_most(handle: int, limit: int) -> bytes:
    chunks, total = [], 0
    while total < limit:
        chunk = os.read(handle, min(_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _link_target(name: str) -> str | None:
    """Where a symbolic link at `name` leads in the end (an absolute path), else None."""
    return os.path.realpath(name) if os.path.islink(name) else None


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


# -- writing -----------------------------------------------------------------------------------

class SaveFailed(OSError):
    """A save did not happen; str() is the reason in a person's words ("the disk is full").
    The file on disk is as it was, and no temporary file is left behind."""

    def __init__(self, reason: str, error_number: int | None = None):
        super().__init__(error_number, reason)      # .errno and .strerror, as OSError has

    def __str__(self) -> str:
        return self.strerror


class SaveThroughLink(SaveFailed):
    """The path is a symbolic link: saving would change another file (`target`)."""

    def __init__(self, path: str, target: str):
        super().__init__(f"{path} is a symbolic link to {target}; saving would change that "
                         "file", errno.ELOOP)
        self.target = target


def write_atomically(path: str | os.PathLike, data: bytes, follow_link: bool = False) -> None:
    """Replace the file at `path` with `data` in one step: all of it or nothing.

    The bytes go to a new file beside it, reach the disk (fsync), then take the file's name
    (os.replace), keeping its permissions. A symbolic link is never written through unless
    `follow_link` is true: then its target is written and the link stays. Raises SaveFailed.
    Chosen over QSaveFile (which Qt-free code cannot use anyway) for its errno: a person is
    told "the disk is full" or "the folder ... is read-only", never "Unknown error".
    """
    name = os.fspath(path)
    if os.path.islink(name):
        if not follow_link:
            raise SaveThroughLink(name, os.path.realpath(name))
        name = os.path.realpath(name)
    folder = os.path.dirname(os.path.abspath(name))
    mode = _mode_to_keep(name, folder)
    handle, temporary = _create_beside(name, folder)
    try:
        try:
            if mode is not None:
                with contextlib.suppress(OSError):   # a file system without permissions
                    os.fchmod(handle, mode)
            _write_all(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, name)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise SaveFailed(_reason(err, name, folder), err.errno) from err
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise
    _sync_folder(folder)


def _mode_to_keep(name: str, folder: str) -> int | None:
    """The permissions of the file being replaced (None for a new file); refuses a target
    that is not a regular file, or that the user may not change."""
    try:
        now = os.stat(name)
    except FileNotFoundError:
        if not os.path.isdir(folder):
            raise SaveFailed(f"the folder {folder} does not exist (any more)",
                             errno.ENOENT) from None
        return None
    except OSError as err:
        raise SaveFailed(_reason(err, name, folder), err.errno) from err
    if stat.S_ISDIR(now.st_mode):
        raise SaveFailed(f"{name} is a folder", errno.EISDIR)
    if not stat.S_ISREG(now.st_mode):
        raise SaveFailed(f"{name} {_what_it_is(now.st_mode)}, not a file one can save over",
                         errno.EINVAL)
    if not os.access(name, os.W_OK):
        raise SaveFailed(f"the file {name} is read-only (you do not have permission to change "
                         "it)", errno.EACCES)
    return stat.S_IMODE(now.st_mode)


def _create_beside(name: str, folder: str) -> tuple[int, str]:
    """A new, empty temporary file in the same folder (a rename across disks is no rename),
    with the permissions a new file gets there (0o666 less the umask)."""
    stem = os.path.basename(name)[:64]
    for _ in range(100):
        temporary = os.path.join(folder, f".{stem}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                           0o666), temporary
        except FileExistsError:
            continue
        except OSError as err:
            raise SaveFailed(_reason(err, name, folder), err.errno) from err
    raise SaveFailed(f"no temporary file could be made in the folder {folder}", errno.EEXIST)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        if written <= 0:                    # never happens on a disk; guards an endless loop
            raise OSError(errno.EIO, "nothing was written")
        view = view[written:]


def _sync_folder(folder: str) -> None:
    """Make the rename itself reach the disk; some file systems cannot, which is fine."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _reason(err: OSError, name: str, folder: str) -> str:
    """Why a save failed, in a person's words."""
    number = err.errno
    if number == errno.ENOSPC:
        return "the disk is full"
    if number == errno.EDQUOT:
        return "your disk quota is used up (the disk space you may use is full)"
    if number == errno.EROFS:
        return f"the folder {folder} is read-only (its disk is mounted read-only)"
    if number in (errno.EACCES, errno.EPERM):
        return _permission_reason(name, folder)
    if number == errno.EISDIR:
        return f"{name} is a folder"
    if number == errno.ENAMETOOLONG:
        return "the file name is too long for this disk"
    if number == errno.ENOENT:
        return f"the folder {folder} does not exist (any more)"
    if number == errno.ENOTDIR:
        return f"a part of the path {folder} is not a folder"
    if number in (errno.EMFILE, errno.ENFILE):
        return "too many files are open; close some programs and try again"
    if number in (errno.EBUSY, errno.ETXTBSY):
        return "the file is in use by another program"
    if number == errno.EIO:
        return "the disk reported an error while writing (input/output error)"
    words = err.strerror if err.strerror and "unknown" not in err.strerror.lower() else ""
    return f"the system refused: {words} (error {number})" if words else \
        f"the system refused with error number {number}"


def _permission_reason(name: str, folder: str) -> str:
    try:
        folder_mode = os.stat(folder).st_mode
    except OSError:
        folder_mode = stat.S_IWUSR
    if not folder_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return f"the folder {folder} is read-only"
    if os.path.exists(name) and not os.access(name, os.W_OK):
        return f"the file {name} is read-only (you do not have permission to change it)"
    return f"you do not have permission to write in the folder {folder}"


# -- line breaks -------------------------------------------------------------------------------

_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class LineBreaks:
    """The line breaks of a text on disk, line by line, so that a save writes them back.

    `uniform` is the one break of a file that uses only one (or none: then "\\n"); a file that
    mixes them keeps each line's break, and its lines (as the editor had them) to recognise
    the lines an edit did not touch.
    """

    uniform: str | None
    breaks: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()

    @property
    def usual(self) -> str:
        """The break a new line gets: the file's most common one."""
        if self.uniform is not None:
            return self.uniform
        return Counter(self.breaks).most_common(1)[0][0]


def split_line_breaks(disk_text: str) -> tuple[str, LineBreaks]:
    """The text with every line break as "\\n" (\\r\\n and a lone \\r too), and the breaks."""
    if "\r" not in disk_text:       # most files: nothing to find (findall costs 22 ms at 10k)
        return disk_text, LineBreaks("\n")
    breaks = _BREAK.findall(disk_text)
    kinds = set(breaks)
    if len(kinds) <= 1:
        uniform = kinds.pop() if kinds else "\n"
        return (disk_text if uniform == "\n" else disk_text.replace(uniform, "\n"),
                LineBreaks(uniform))
    editor_text = _BREAK.sub("\n", disk_text)
    return editor_text, LineBreaks(None, tuple(breaks), tuple(editor_text.split("\n")))


def join_line_breaks(editor_text: str, breaks: LineBreaks) -> str:
    """The text as it goes to disk: join(*split(t)) == t, and after an edit every line it did
    not touch keeps its own break; an edited line keeps its break, a new line gets the usual."""
    if breaks.uniform is not None:
        return editor_text if breaks.uniform == "\n" else editor_text.replace("\n",
                                                                              breaks.uniform)
    lines = editor_text.split("\n")
    kept = _breaks_of_lines(breaks.lines, lines, breaks.breaks, breaks.usual)
    return "".join(line + brk for line, brk in zip(lines, kept + [""]))


def _breaks_of_lines(old: tuple[str, ...], new: list[str], old_breaks: tuple[str, ...],
                     usual: str) -> list[str]:
    """The break after each line of `new` but the last: the old line's where it matches."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old_breaks = old_breaks + ("",)           # the last line has none
    result = list(old_breaks[:head])
    middle_old, middle_new = old[head:len(old) - tail], new[head:len(new) - tail]
    matcher = difflib.SequenceMatcher(None, middle_old, middle_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset in range(j2 - j1):
            paired = tag in ("equal", "replace") and offset < i2 - i1
            result.append(old_breaks[head + i1 + offset] if paired else "")
    result.extend(old_breaks[len(old) - tail:])
    del result[len(new) - 1:]                 # no break after the new last line
    return _without_merged_breaks(new, [brk or None for brk in result], usual)


def _without_merged_breaks(lines: list[str], kept: list[str | None], usual: str) -> list[str]:
    """Breaks for every line (None: a new one, the usual break), such that a lone \r never
    meets a \n after an empty line: written, they would be read back as one \r\n break.
    The break that was not the file's (or else the later) becomes \r\n instead."""
    breaks = [brk or usual for brk in kept]
    for line in range(len(breaks) - 1):
        if breaks[line] == "\r" and breaks[line + 1] == "\n" and not lines[line + 1]:
            moved = line if kept[line] is None and kept[line + 1] is not None else line + 1
            breaks[moved] = "\r\n"
    return breaks
