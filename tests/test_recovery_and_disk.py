"""Reading the file as the editor does, noticing changes on disk, and keeping unsaved text."""
import datetime
import hashlib
import json
import os
import subprocess
import sys

import pytest

from conftest import MINIMAL, REPO
from test_disk_reading import never_hangs
from timeline_app.core import disk, loader
from timeline_app.core.disk import DiskState, changed_on_disk, read_text_file, unified_diff
from timeline_app.core.loader import UnreadableFile
from timeline_app.core.recovery import RecoveryStore


def test_the_editing_modules_import_no_qt():
    code = ("import sys; from timeline_app.core import disk, editing, merge, recovery; "
            "print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# -- the file on disk ----------------------------------------------------------------------

def test_disk_state_of_a_file_is_its_time_size_and_hash(write):
    path = write(MINIMAL)
    data = MINIMAL.encode()
    state, now = DiskState.of(path), os.stat(path)
    assert state == DiskState(now.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest(),
                              inode=now.st_ino, ctime_ns=now.st_ctime_ns)
    assert state == DiskState.of_bytes(data, now.st_mtime_ns, None, now.st_ino, now.st_ctime_ns)
    assert state.stat_key == disk.stat_key(path)


def test_disk_state_of_a_missing_file_is_none_and_of_a_folder_an_error(tmp_path):
    assert DiskState.of(tmp_path / "gone.yaml") is None
    with pytest.raises(UnreadableFile, match="is a folder"):
        DiskState.of(tmp_path)


def test_a_file_touched_without_changing_its_bytes_has_not_changed(write):
    path = write(MINIMAL)
    loaded = DiskState.of(path)
    assert not changed_on_disk(path, loaded)
    os.utime(path, ns=(loaded.mtime_ns + 5 * 10**9, loaded.mtime_ns + 5 * 10**9))
    assert not changed_on_disk(path, loaded)


def test_a_file_rewritten_with_other_bytes_of_the_same_size_has_changed(write):
    path = write(MINIMAL)
    loaded = DiskState.of(path)
    write(MINIMAL.replace("First event", "Other event"))
    os.utime(path, ns=(loaded.mtime_ns + 10**9, loaded.mtime_ns + 10**9))
    assert changed_on_disk(path, loaded)


def test_a_file_that_grew_or_went_away_has_changed(write):
    path = write(MINIMAL)
    loaded = DiskState.of(path)
    write(MINIMAL + "# one more line\n")
    assert changed_on_disk(path, loaded)
    path.unlink()
    assert changed_on_disk(path, loaded)


def test_read_text_file_gives_the_text_exactly_and_the_state_it_was_read_in(write):
    text = MINIMAL.replace("First event", "Premier événement 🗓").replace("\n", "\r\n")
    path = write(text.encode("utf-8"))
    read, state = read_text_file(path)
    assert read == text
    assert state == DiskState.of(path)


def test_read_text_file_drops_a_byte_order_mark_like_the_loader(write):
    path = write(b"\xef\xbb\xbf" + MINIMAL.encode())
    text, state = read_text_file(path)
    assert text == MINIMAL
    assert state.size == len(MINIMAL.encode()) + 3


@pytest.mark.parametrize("data, expected", [
    (b"title: T\nevents:\x00\n", "t.yaml:2:8: error: a NUL byte"),
    (b"title: T\nevents: []\n# caf\xe9\n", "t.yaml:3:6: error: byte 0xe9 is not UTF-8 text"),
])
def test_read_text_file_refuses_binary_text_at_its_line_and_column(write, data, expected):
    path = write(data, "t.yaml")
    with pytest.raises(UnreadableFile) as refused:
        read_text_file(path)
    assert str(refused.value).startswith(str(path).removesuffix("t.yaml") + expected)


def test_read_text_file_refuses_a_file_over_the_size_limit(write, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 2**20)
    path = write("# padding\n" * 2**17)
    with pytest.raises(UnreadableFile, match=r"timeline\.yaml:1:1: error: the file is 1 MiB; "
                                             r"timelines are limited to 1 MiB"):
        read_text_file(path)


def test_read_text_file_names_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(UnreadableFile, match=r"gone\.yaml: cannot be read: No such file"):
        read_text_file(tmp_path / "gone.yaml")
    with pytest.raises(UnreadableFile, match=f"{tmp_path.name}: is a folder"):
        read_text_file(tmp_path)


def test_read_text_file_names_a_file_it_may_not_read(write, monkeypatch):
    path = write(MINIMAL)
    real_open = os.open

    def refusing_open(name, *args, **kwargs):   # as chmod 0 would, also for root
        if os.fspath(name) == os.fspath(path):
            raise PermissionError(13, "Permission denied", os.fspath(name))
        return real_open(name, *args, **kwargs)
    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(UnreadableFile, match=r"timeline\.yaml: cannot be read: Permission"):
        read_text_file(path)


def test_unified_diff_shows_the_changed_lines_with_their_labels():
    mine = "title: T\nevents: []\n# mine\n"
    theirs = "title: T\r\nevents: []\r\n# theirs\r\n"
    assert unified_diff(mine, theirs, "In the editor", "On disk") == (
        "--- In the editor\n"
        "+++ On disk\n"
        "@@ -1,3 +1,3 @@\n"
        " title: T\n"
        " events: []\n"
        "-# mine\n"
        "+# theirs\n")


def test_unified_diff_of_equal_texts_is_empty_and_explains_invisible_differences():
    assert unified_diff("a\nb\n", "a\nb\n", "mine", "theirs") == ""
    assert unified_diff("a\r\nb\r\n", "a\nb\n", "mine", "theirs") == (
        "The texts differ only in their line endings: mine uses Windows line endings (CRLF), "
        "the other Unix ones (LF).\n")
    assert unified_diff("a\nb", "a\nb\n", "mine", "theirs") == (
        "The texts differ only in the line break at the end, which theirs has.\n")


# -- recovery of unsaved text --------------------------------------------------------------

AWKWARD = ("title: Ünïcødé – 🗓\r\nevents: []\r\n"      # CRLF, accents, astral characters
           "\n{\"format\": \"not a header\"}\n"        # text that looks like a header
           "lone surrogate: \udcff, NUL: \x00, no final line break")


def offered(folder, source) -> list:
    """What a window opened later is offered: the copies of windows that are gone."""
    return RecoveryStore(folder).orphans(source)


def kept_texts(folder) -> list[str]:
    """The texts of every copy file in the folder, of any window, live or not."""
    return sorted(path.read_bytes().partition(b"\n")[2].decode("utf-8", "surrogatepass")
                  for path in folder.glob("*.recovery"))


def test_recovered_text_is_exactly_what_was_saved(tmp_path):
    store = RecoveryStore(tmp_path / "recovery")
    source = tmp_path / "events.yaml"
    before = datetime.datetime.now(datetime.timezone.utc)
    store.save(source, AWKWARD, loaded_sha256="ab" * 32)
    store.close()                       # the window closed without saving
    [recovery] = offered(tmp_path / "recovery", source)
    assert recovery.text == AWKWARD
    assert recovery.source_path == str(source.resolve())
    assert recovery.loaded_sha256 == "ab" * 32
    assert before <= recovery.saved_at <= datetime.datetime.now(datetime.timezone.utc)


def test_saving_again_replaces_the_windows_copy_in_one_file_named_from_a_hash(tmp_path):
    store = RecoveryStore(tmp_path, owner="window-1")
    source = tmp_path / "my timeline.yaml"
    store.save(source, "first")
    store.save(source, "second")
    names = sorted(p.name for p in tmp_path.iterdir() if p != source)
    digest = hashlib.sha256(str(source.resolve()).encode()).hexdigest()
    assert names == [f"{digest}.window-1.recovery", "window-1.lock"]
    store.close()
    assert [(r.text, r.loaded_sha256) for r in offered(tmp_path, source)] == [("second", None)]


def test_a_new_timeline_without_a_file_is_kept_as_untitled(tmp_path):
    folder = tmp_path / "recovery"
    store = RecoveryStore(folder, owner="window-1")
    store.save("", "a new timeline")
    assert sorted(p.name for p in folder.iterdir()) == ["untitled.window-1.recovery",
                                                        "window-1.lock"]
    assert offered(folder, "") == []            # its window lives
    store.close()
    [untitled] = offered(folder, "")
    assert (untitled.text, untitled.source_path) == ("a new timeline", "")
    assert offered(folder, tmp_path / "untitled") == []     # a file of that name is another


def test_the_same_file_reached_through_a_link_finds_its_recovery(tmp_path):
    store = RecoveryStore(tmp_path / "recovery")
    (tmp_path / "real.yaml").write_text(MINIMAL)
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    store.save(tmp_path / "link.yaml", "unsaved")
    store.close()
    assert [r.text for r in offered(tmp_path / "recovery", tmp_path / "real.yaml")] == [
        "unsaved"]


def test_nothing_is_kept_for_a_file_never_saved_and_discard_forgets(tmp_path):
    store = RecoveryStore(tmp_path / "recovery")
    assert not (tmp_path / "recovery").exists()
    store.save(tmp_path / "a.yaml", "text")
    assert store.discard(tmp_path / "a.yaml")
    assert store.discard(tmp_path / "a.yaml")           # twice is fine
    store.close()
    store.close()
    assert list((tmp_path / "recovery").iterdir()) == []


def test_a_copy_that_cannot_be_deleted_is_said_not_raised(tmp_path, monkeypatch):
    store = RecoveryStore(tmp_path / "recovery")
    store.save(tmp_path / "a.yaml", "text")

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)
    monkeypatch.setattr(os, "remove", refuse)
    assert store.discard(tmp_path / "a.yaml") is False
    monkeypatch.undo()
    assert kept_texts(tmp_path / "recovery") == ["text"]


def test_the_lock_file_of_a_crashed_window_goes_with_its_last_copy(tmp_path):
    folder, source = tmp_path / "recovery", tmp_path / "events.yaml"
    crashed = RecoveryStore(folder, owner="crashed")
    crashed.save(source, "edits")
    crashed.save(tmp_path / "other.yaml", "other edits")
    os.close(crashed._lock)                 # a crash: the system drops the lock, the file stays
    later = RecoveryStore(folder, owner="later")
    later.save(tmp_path / "mine.yaml", "mine")      # a live window of its own
    [copy] = later.orphans(source)
    assert later.discard_orphan(copy)
    assert (folder / "crashed.lock").exists()       # a copy of it remains
    [other] = later.orphans(tmp_path / "other.yaml")
    assert later.discard_orphan(other)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".lock") == ["later.lock"]
    (folder / "saved-then-crashed.lock").write_text("")     # no copy left at all
    assert later.orphans(source) == []
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".lock") == ["later.lock"]
    later.close()


@pytest.mark.parametrize("damage", [
    lambda data: data[:-3],                                    # cut short
    lambda data: data.replace(b"kept", b"kelt"),               # changed text
    lambda data: b"not json\n" + data.partition(b"\n")[2],     # header unreadable
    lambda data: data.replace(b"timeline_app recovery 1", b"something else"),
    lambda data: data.replace(b'"saved_at": "', b'"saved_at": "yesterday '),
    lambda data: b"\xff\xfe\x00garbage",
    lambda data: b"",
])
def test_a_damaged_recovery_file_is_skipped_and_kept(tmp_path, damage):
    store = RecoveryStore(tmp_path / "recovery")
    store.save(tmp_path / "good.yaml", "good text")
    store.save(tmp_path / "bad.yaml", "text kept here")
    store.close()
    bad_file = next(p for p in (tmp_path / "recovery").iterdir()
                    if b"text kept here" in p.read_bytes())
    bad_file.write_bytes(damage(bad_file.read_bytes()))
    assert offered(tmp_path / "recovery", tmp_path / "bad.yaml") == []
    assert [r.text for r in offered(tmp_path / "recovery", tmp_path / "good.yaml")] == [
        "good text"]
    assert bad_file.exists()


def test_an_unreadable_recovery_entry_or_folder_is_skipped(tmp_path):
    store = RecoveryStore(tmp_path / "recovery")
    store.save(tmp_path / "a.yaml", "text")
    store.close()
    [entry] = (tmp_path / "recovery").glob("*.recovery")
    entry.unlink()
    entry.mkdir()                                  # a folder where the file should be
    assert offered(tmp_path / "recovery", tmp_path / "a.yaml") == []
    assert offered(tmp_path / "missing", tmp_path / "a.yaml") == []


def test_a_failed_save_keeps_the_previous_text_and_leaves_no_temporary_file(tmp_path,
                                                                            monkeypatch):
    store = RecoveryStore(tmp_path)
    store.save(tmp_path / "a.yaml", "before")

    def refuse(source, target):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="the disk is full"):
        store.save(tmp_path / "a.yaml", "after")
    monkeypatch.undo()
    assert kept_texts(tmp_path) == ["before"]
    assert len([p for p in tmp_path.iterdir() if p.suffix != ".lock"]) == 1


# -- one copy per window ---------------------------------------------------------------------

def test_two_windows_on_one_file_keep_their_own_copies_and_never_take_the_others(tmp_path):
    folder, source = tmp_path / "recovery", tmp_path / "events.yaml"
    first, second = RecoveryStore(folder), RecoveryStore(folder)
    first.save(source, "first window's edits")
    second.save(source, "second window's edits")
    assert kept_texts(folder) == ["first window's edits", "second window's edits"]
    second.discard(source)                      # the second window saved the file
    assert kept_texts(folder) == ["first window's edits"]
    assert second.orphans(source) == []         # a live window's copy is not offered ...
    first.close()                               # the first window went without saving
    [orphan] = second.orphans(source)
    assert (orphan.text, orphan.owner) == ("first window's edits", first.owner)
    assert second.discard_orphan(orphan) and second.orphans(source) == []
    second.close()


def test_a_live_windows_copy_is_never_discarded_by_another(tmp_path):
    folder, source = tmp_path / "recovery", tmp_path / "events.yaml"
    first, second = RecoveryStore(folder), RecoveryStore(folder)
    first.save(source, "first window's edits")
    first.close()
    [copy] = second.orphans(source)
    first.save(source, "first window's edits")  # it is alive after all (a second session)
    assert not second.discard_orphan(copy)
    assert kept_texts(folder) == ["first window's edits"]
    first.close()


def test_a_copy_whose_window_died_is_offered_and_one_whose_window_lives_is_not(tmp_path):
    folder, source = tmp_path / "recovery", tmp_path / "events.yaml"
    code = ("import sys; from timeline_app.core.recovery import RecoveryStore; "
            "store = RecoveryStore(sys.argv[1], owner=sys.argv[3]); "
            "store.save(sys.argv[2], 'edits of ' + sys.argv[3]); print('kept', flush=True); "
            "sys.stdin.read()")             # lives until told to go; never closes its store
    windows = {owner: subprocess.Popen([sys.executable, "-c", code, folder, source, owner],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                       cwd=REPO)
               for owner in ("crashes", "lives")}
    try:
        for window in windows.values():
            assert window.stdout.readline() == "kept\n"
        windows["crashes"].kill()
        windows["crashes"].wait(10)
        store = RecoveryStore(folder)
        assert [(r.owner, r.text) for r in store.orphans(source)] == [
            ("crashes", "edits of crashes")]
    finally:
        for window in windows.values():
            window.kill()
            window.wait(10)
    assert sorted(r.owner for r in store.orphans(source)) == ["crashes", "lives"]


def test_a_copy_from_before_windows_had_their_own_is_an_orphan_of_no_owner(tmp_path):
    folder, source = tmp_path / "recovery", tmp_path / "events.yaml"
    folder.mkdir()
    body = "kept before the update".encode()
    header = json.dumps({"format": "timeline_app recovery 1",
                         "source_path": str(source.resolve()),
                         "saved_at": "2026-12-01T10:00:00+00:00", "loaded_sha256": None,
                         "text_sha256": hashlib.sha256(body).hexdigest()})
    digest = hashlib.sha256(str(source.resolve()).encode()).hexdigest()
    (folder / f"{digest}.recovery").write_bytes(header.encode() + b"\n" + body)
    store = RecoveryStore(folder)
    [orphan] = store.orphans(source)
    assert (orphan.text, orphan.owner) == ("kept before the update", None)
    assert store.orphans(tmp_path / "other.yaml") == []
    assert store.discard_orphan(orphan) and list(folder.iterdir()) == []


def test_a_recovery_folder_entry_that_is_a_pipe_is_skipped_without_hanging(tmp_path):
    folder = tmp_path / "recovery"
    store = RecoveryStore(folder)
    store.save(tmp_path / "a.yaml", "text")
    store.close()
    digest = hashlib.sha256(str((tmp_path / "a.yaml").resolve()).encode()).hexdigest()
    os.mkfifo(folder / f"{digest}.x.recovery")      # where a copy of a.yaml would be
    with never_hangs(folder / f"{digest}.x.recovery"):
        assert [r.text for r in offered(folder, tmp_path / "a.yaml")] == ["text"]


def test_an_owner_must_be_a_plain_name():
    with pytest.raises(ValueError, match="an owner is"):
        RecoveryStore("/tmp", owner="../elsewhere")
