"""Reading a file: one fingerprint, only regular files, never a read that can hang.

A read that would block on a FIFO must fail these tests, not hang them: every such read runs
under never_hangs(), which after a few seconds opens the FIFO's other end, so that a blocked
open or read returns, and then fails the test.
"""
import contextlib
import errno
import os
import shutil
import socket
import threading

import pytest

from timeline_app.core import disk, loader
from timeline_app.core.disk import DiskState, changed_on_disk, read_file, read_text_file
from timeline_app.core.loader import UnreadableFile, load_path

TEXT = b"title: T\nevents: []\n"


@contextlib.contextmanager
def never_hangs(fifo, seconds: float = 3.0):
    """Run the block; if it is still blocked on `fifo` after `seconds`, unblock it and fail."""
    done, released = threading.Event(), []

    def release():
        if done.wait(seconds):
            return
        while not done.is_set():        # a blocked reader is there: give it a writer, then EOF
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                released.append(True)
            done.wait(0.05)
    guard = threading.Thread(target=release, daemon=True)
    guard.start()
    try:
        yield
    finally:
        done.set()
        guard.join()
    assert not released, f"blocked on {fifo} for {seconds} s"


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "timeline.yaml"
    os.mkfifo(path)
    return path


# -- one fingerprint -------------------------------------------------------------------------

def test_a_change_that_keeps_the_size_and_the_time_is_a_change(tmp_path):
    """cp -p, rsync -t and coarse clocks keep the time: the content hash decides."""
    path = tmp_path / "timeline.yaml"
    path.write_bytes(TEXT)
    loaded, before = DiskState.of(path), os.stat(path)
    path.write_bytes(TEXT.replace(b"T", b"U"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    assert changed_on_disk(path, loaded)


def test_read_file_gives_the_bytes_and_the_state_read_with_them(tmp_path):
    path = tmp_path / "timeline.yaml"
    path.write_bytes(TEXT)
    data, state = read_file(path)
    assert data == TEXT and state == DiskState.of(path) and state.stat_key == disk.stat_key(path)
    assert state.link_target is None


def test_a_file_that_became_unreadable_has_changed(tmp_path, monkeypatch):
    path = tmp_path / "timeline.yaml"
    path.write_bytes(TEXT)
    loaded = DiskState.of(path)
    real_open = os.open

    def refusing(name, *args, **kwargs):      # chmod 0 does not stop root
        if os.fspath(name) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, *args, **kwargs)
    monkeypatch.setattr(os, "open", refusing)
    assert changed_on_disk(path, loaded)


# -- only regular files ----------------------------------------------------------------------

def test_a_named_pipe_is_refused_at_once_everywhere(fifo):
    expected = f"{fifo}: is a named pipe (FIFO), not a timeline file"
    with never_hangs(fifo):
        for read in (load_path, read_text_file, DiskState.of, read_file):
            with pytest.raises(UnreadableFile) as refused:
                read(fifo)
            assert str(refused.value) == expected, read
        assert changed_on_disk(fifo, DiskState.of_bytes(TEXT, 0))


def test_a_device_a_socket_and_a_folder_are_refused_with_what_they_are(tmp_path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "socket.yaml"))
    try:
        cases = [("/dev/zero", "is a device (character special file)"),
                 (str(tmp_path / "socket.yaml"), "is a socket"),
                 (str(tmp_path), "is a folder")]
        for path, what in cases:
            for read in (load_path, read_text_file, DiskState.of):
                with pytest.raises(UnreadableFile, match="^" + f"{path}: {what}, not a timeline "
                                                               "file".replace("(", r"\(")
                                   .replace(")", r"\)")):
                    read(path)
    finally:
        server.close()


def test_a_file_swapped_for_a_pipe_between_stat_and_open_is_refused(tmp_path, fifo,
                                                                    monkeypatch):
    """The swap is staged: stat() answers for a regular file, the path holds a FIFO."""
    regular = tmp_path / "regular.yaml"
    regular.write_bytes(TEXT)
    real_stat = os.stat

    def stale_stat(name, *args, **kwargs):
        return real_stat(regular if os.fspath(name) == str(fifo) else name, *args, **kwargs)
    monkeypatch.setattr(os, "stat", stale_stat)
    with never_hangs(fifo), pytest.raises(UnreadableFile, match="is a named pipe"):
        read_text_file(fifo)


def test_a_missing_file_is_none_for_the_fingerprint_and_named_by_the_readers(tmp_path):
    gone = tmp_path / "gone.yaml"
    assert DiskState.of(gone) is None
    assert changed_on_disk(gone, DiskState.of_bytes(TEXT, 0))
    for read in (load_path, read_text_file):
        with pytest.raises(UnreadableFile, match=r"gone\.yaml: cannot be read: No such file"):
            read(gone)


def test_a_file_over_the_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 101)
    monkeypatch.setattr(os, "read", lambda *args: pytest.fail("read a file over the limit"))
    with pytest.raises(disk.FileTooLarge, match="limited to 0 MiB"):
        read_file(path)
    [problem] = load_path(path).problems
    assert "is this the right file?" in problem.message


# -- symbolic links --------------------------------------------------------------------------

def test_the_fingerprint_says_where_a_link_points(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_bytes(TEXT)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert DiskState.of(link).link_target == str(real)
    assert DiskState.of(real).link_target is None


def test_a_file_replaced_by_a_link_to_the_same_bytes_has_changed(tmp_path):
    path = tmp_path / "timeline.yaml"
    path.write_bytes(TEXT)
    loaded = DiskState.of(path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy2(path, elsewhere / "other.yaml")
    path.unlink()
    path.symlink_to(elsewhere / "other.yaml")
    assert changed_on_disk(path, loaded)
    assert DiskState.of(path).link_target == str(elsewhere / "other.yaml")
    assert DiskState.of(path).sha256 == loaded.sha256     # the bytes alone would not tell
