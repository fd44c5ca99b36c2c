"""Merging the editor's text with a file changed on disk: take both sides, lose neither."""
from timeline_app.core.merge import merge_texts

BASE = "title: T\nevents:\n  - id: e1\n    title: One\n  - id: e2\n    title: Two\n"


def test_changes_in_different_places_merge_cleanly():
    mine = BASE.replace("title: One", "title: One, edited here")
    disk = BASE.replace("title: Two", "title: Two, edited on disk")
    result = merge_texts(BASE, disk, mine)
    assert result.clean and result.conflicts == ()
    assert result.text == BASE.replace("title: One", "title: One, edited here").replace(
        "title: Two", "title: Two, edited on disk")


def test_the_same_change_on_both_sides_is_no_conflict():
    both = BASE.replace("title: T", "title: Same new title")
    result = merge_texts(BASE, both, both)
    assert result.clean and result.text == both


def test_overlapping_changes_keep_both_sides_between_markers_at_their_lines():
    mine = BASE.replace("title: Two", "title: Mine")
    disk = BASE.replace("title: Two", "title: Theirs")
    mine = mine.replace("title: T\n", "title: Mine too\n")
    disk = disk.replace("title: T\n", "title: Theirs too\n")
    result = merge_texts(BASE, disk, mine)
    assert not result.clean
    lines = result.text.split("\n")
    assert [lines[n - 1] for n in result.conflicts] == ["<<<<<<< your edits"] * 2
    assert result.conflicts == (1, 10)
    assert lines[:5] == ["<<<<<<< your edits", "title: Mine too", "=======",
                         "title: Theirs too", ">>>>>>> on disk"]
    assert lines[9:14] == ["<<<<<<< your edits", "    title: Mine", "=======",
                           "    title: Theirs", ">>>>>>> on disk"]


def test_conflicting_last_lines_without_a_final_break_still_get_markers_on_their_own_lines():
    result = merge_texts("a\nb", "a\ndisk", "a\nmine")
    assert result.text == "a\n<<<<<<< your edits\nmine\n=======\ndisk\n>>>>>>> on disk\n"
    assert result.conflicts == (2,)


def test_lines_are_split_only_at_line_feeds():
    """U+2028 and NEL are characters inside a line for the editor, not line breaks."""
    base = "a: x\u2028y\x85w\nkeep\nb: 1\n"
    mine = "a: x\u2028y\x85w\nkeep\nb: 2\n"
    disk = "a: x\u2028z\x85w\nkeep\nb: 1\n"
    result = merge_texts(base, disk, mine)
    assert result.clean and result.text == "a: x\u2028z\x85w\nkeep\nb: 2\n"


def test_an_empty_side_or_base_merges():
    assert merge_texts("", "", "new\n").text == "new\n"
    assert merge_texts("old\n", "old\n", "").text == ""
    result = merge_texts("", "disk\n", "mine\n")
    assert not result.clean and "mine\n" in result.text and "disk\n" in result.text
