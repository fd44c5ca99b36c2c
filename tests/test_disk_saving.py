"""Saving a file: all of it or nothing, and when nothing, a reason a person understands.

The faults a disk can give are injected where the save meets the system (os.open, os.write,
os.fsync, os.replace): a full disk cannot be made on demand, and the tests run as root, whom
chmod does not stop. Where a real situation can be made (a folder, a missing folder, a long
name, a FIFO, a symbolic link), it is.
"""
import errno
import os
import stat

import pytest

from timeline_app.core import disk
from timeline_app.core.disk import SaveFailed, SaveThroughLink, write_atomically

OLD, NEW = b"title: Old\n", b"title: New text\n"


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "timeline.yaml"
    path.write_bytes(OLD)
    return path


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "timeline.yaml")


def test_a_save_replaces_the_bytes_and_leaves_nothing_else(target):
    write_atomically(target, NEW)
    assert target.read_bytes() == NEW
    assert leftovers(target.parent) == []


def test_a_save_keeps_the_files_permissions_and_a_new_file_gets_the_usual_ones(tmp_path, target):
    os.chmod(target, 0o640)
    write_atomically(target, NEW)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    umask = os.umask(0o022)
    os.umask(umask)
    write_atomically(tmp_path / "new.yaml", NEW)
    assert stat.S_IMODE(os.stat(tmp_path / "new.yaml").st_mode) == 0o666 & ~umask


def test_a_save_is_a_new_file_renamed_over_the_old_one(target):
    """Atomic: a reader holding the old file still reads all of the old bytes."""
    inode = os.stat(target).st_ino
    with open(target, "rb") as reader:
        write_atomically(target, NEW)
        assert reader.read() == OLD
    assert os.stat(target).st_ino != inode and target.read_bytes() == NEW


def test_a_write_the_system_cuts_short_is_finished(target, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    write_atomically(target, NEW * 100)
    assert target.read_bytes() == NEW * 100


FAULTS = [      # (errno, words the reason must hold)
    (errno.ENOSPC, "the disk is full"),
    (errno.EDQUOT, "quota"),
    (errno.EROFS, "is read-only"),
    (errno.EIO, "input/output error"),
    (errno.EMFILE, "too many files are open"),
    (errno.EBUSY, "in use by another program"),
    (errno.ENAMETOOLONG, "name is too long"),
    (errno.EACCES, "you do not have permission to write in the folder"),
    (errno.EPERM, "you do not have permission to write in the folder"),
    (9999, "the system refused with error number 9999"),    # strerror: "Unknown error 9999"
]
STAGES = ["open", "write", "fsync", "replace"]


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("number, words", FAULTS)
def test_a_failed_save_says_why_and_changes_nothing(target, monkeypatch, stage, number, words):
    real = getattr(os, stage)

    def failing(*args, **kwargs):
        if stage == "open" and not os.fspath(args[0]).endswith(".tmp"):
            return real(*args, **kwargs)        # only the temporary file's creation fails
        raise OSError(number, os.strerror(number))
    monkeypatch.setattr(os, stage, failing)
    with pytest.raises(SaveFailed) as failed:
        write_atomically(target, NEW)
    monkeypatch.undo()
    assert words in str(failed.value) and "nknown" not in str(failed.value)
    assert failed.value.errno == number
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_a_read_only_folder_is_said_to_be_read_only(target, monkeypatch):
    """chmod makes the folder read-only, but root may write there anyway: the refusal a
    normal user would get is injected, and the reason comes from the folder's real mode."""
    real_open = os.open

    def refusing(name, *args, **kwargs):
        if os.path.dirname(os.fspath(name)) == str(target.parent) and \
                os.fspath(name).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, *args, **kwargs)
    monkeypatch.setattr(os, "open", refusing)
    os.chmod(target.parent, 0o555)
    try:
        with pytest.raises(SaveFailed, match=f"the folder {target.parent} is read-only$"):
            write_atomically(target, NEW)
    finally:
        os.chmod(target.parent, 0o755)
    assert target.read_bytes() == OLD


def test_a_read_only_file_is_not_replaced(target, monkeypatch):
    """A rename would replace it anyway (the folder decides): the save refuses first. As root
    os.access() allows everything, so a normal user's answer is injected."""
    os.chmod(target, 0o444)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(SaveFailed, match=r"the file .*timeline\.yaml is read-only"):
        write_atomically(target, NEW)
    assert target.read_bytes() == OLD


def test_saving_onto_a_folder_a_missing_folder_or_a_too_long_name_says_so(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    cases = [(tmp_path / "folder.yaml", "is a folder"),
             (tmp_path / "gone" / "t.yaml", f"the folder {tmp_path / 'gone'} does not exist"),
             (tmp_path / ("x" * 300 + ".yaml"), "the file name is too long")]
    for path, words in cases:
        with pytest.raises(SaveFailed, match=words):
            write_atomically(path, NEW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.yaml"]


def test_a_named_pipe_is_never_written_to(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(SaveFailed, match="is a named pipe"):
        write_atomically(fifo, NEW)     # would block, with no reader, if it opened the pipe
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symbolic_link_is_never_written_through_unless_asked(tmp_path, target):
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    with pytest.raises(SaveThroughLink) as refused:
        write_atomically(link, NEW)
    assert refused.value.target == str(target) and str(target) in str(refused.value)
    assert target.read_bytes() == OLD and link.is_symlink()
    write_atomically(link, NEW, follow_link=True)
    assert target.read_bytes() == NEW and link.is_symlink()
    assert leftovers(tmp_path) == ["link.yaml"]


def test_an_interrupted_save_leaves_no_temporary_file(target, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD and leftovers(target.parent) == []


def test_every_reason_is_a_sentence_without_unknown_error(tmp_path):
    numbers = [n for n in errno.errorcode if n not in (errno.EACCES, errno.EPERM)]
    errors = [OSError(number, os.strerror(number)) for number in numbers] + [
        OSError(9999, "Unknown error 9999"),        # what the system says for a number it
        OSError(4242, "unknown error 4242"),        # has no words for
        OSError(777, None), OSError(errno.ENOSPC, "Unknown error 28")]
    for error in errors:
        reason = disk._reason(error, str(tmp_path / "t.yaml"), str(tmp_path))
        assert reason and "nknown" not in reason, (error, reason)
    assert disk._reason(OSError(9999, "Unknown error 9999"), "t.yaml", "folder") == (
        "the system refused with error number 9999")
