"""Line breaks: the editor sees "\\n" only, and a save writes back every break it did not touch."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_app.core.disk import join_line_breaks, split_line_breaks

EXAMPLES = 400
# Line breaks of all kinds, characters libyaml or Qt treat as breaks, and ordinary ones.
PIECES = st.sampled_from(["\n", "\r\n", "\r", "\r\r\n", "a", "é", " ", "\u2028", "\u2029",
                          "\x85", "\x0b", "\x0c", "key: value", "🗓"])
TEXTS = st.lists(PIECES, max_size=40).map("".join)
LINE = st.lists(st.sampled_from(["x", "ü", " ", "\u2028", "-"]), max_size=6).map("".join)


def breaks_of(text: str) -> list[str]:
    return re.findall(r"\r\n|\r|\n", text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(TEXTS)
def test_split_then_join_gives_back_every_text(text):
    editor_text, breaks = split_line_breaks(text)
    assert "\r" not in editor_text
    assert editor_text.count("\n") == len(breaks_of(text))
    assert join_line_breaks(editor_text, breaks) == text


@settings(max_examples=EXAMPLES, deadline=None)
@given(TEXTS, st.data())
def test_editing_one_line_keeps_every_lines_break(text, data):
    editor_text, breaks = split_line_breaks(text)
    lines = editor_text.split("\n")
    edited = data.draw(st.integers(0, len(lines) - 1))
    lines[edited] = data.draw(LINE)
    saved = join_line_breaks("\n".join(lines), breaks)
    expected = breaks_of(text)
    if not lines[edited] and 0 < edited < len(expected) and \
            expected[edited - 1:edited + 1] == ["\r", "\n"]:
        expected[edited] = "\r\n"     # "\r" + "" + "\n" would be read as one break
    assert breaks_of(saved) == expected
    assert split_line_breaks(saved)[0] == "\n".join(lines)


@settings(max_examples=EXAMPLES, deadline=None)
@given(TEXTS, st.data())
def test_any_lines_inserted_or_deleted_are_read_back_as_they_were_written(text, data):
    """Even a new "\\n" after an empty line that follows a lone "\\r" (read as one CRLF)."""
    editor_text, breaks = split_line_breaks(text)
    lines = editor_text.split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.integers(0, len(lines)))
        if data.draw(st.booleans()) or len(lines) == 1:
            lines.insert(where, data.draw(LINE))
        else:
            del lines[min(where, len(lines) - 1)]
    saved = join_line_breaks("\n".join(lines), breaks)
    assert split_line_breaks(saved)[0] == "\n".join(lines)


BREAK = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def numbered_lines(draw):
    """A file of distinct lines, each with its break (the last one's may be none)."""
    contents = draw(st.lists(LINE, min_size=1, max_size=30))
    lines = [f"{number}:{content}" for number, content in enumerate(contents)]
    breaks = [draw(BREAK) for _ in lines[:-1]]
    if draw(st.booleans()):
        lines.append("")
        breaks.append(draw(BREAK))
    return lines, breaks


@settings(max_examples=EXAMPLES, deadline=None)
@given(numbered_lines(), st.data())
def test_inserting_or_deleting_a_line_keeps_the_other_lines_breaks(file, data):
    lines, line_breaks = file
    text = "".join(line + brk for line, brk in zip(lines, line_breaks + [""]))
    editor_text, breaks = split_line_breaks(text)
    assert editor_text.split("\n") == lines
    before = dict(zip(lines, line_breaks))
    where = data.draw(st.integers(0, len(lines) - 1))
    if data.draw(st.booleans()) or len(lines) == 1:
        lines.insert(where, "new line")
    else:
        del lines[where]
    saved = join_line_breaks("\n".join(lines), breaks)
    after = dict(zip(lines, breaks_of(saved)))
    assert split_line_breaks(saved)[0] == "\n".join(lines)
    # every old line keeps its break, but the one that became the last or stopped being it
    kept = set(lines[:-1]) & set(before) - {lines[-1]}
    assert {line: after[line] for line in kept} == {line: before[line] for line in kept}


def test_a_lone_carriage_return_in_a_windows_file_survives_an_edit_elsewhere():
    text = "title: T\r\nnote: a\rb\r\nlast: x\r\n"
    editor_text, breaks = split_line_breaks(text)
    assert editor_text == "title: T\nnote: a\nb\nlast: x\n"
    edited = editor_text.replace("title: T", "title: Edited")
    assert join_line_breaks(edited, breaks) == text.replace("title: T", "title: Edited")
    added = edited + "new: line\n"
    assert join_line_breaks(added, breaks).endswith("last: x\r\nnew: line\r\n")


def test_a_file_of_one_kind_of_break_is_written_with_it_throughout():
    for brk in ("\r\n", "\r", "\n"):
        text = f"title: T{brk}events: []{brk}"
        editor_text, breaks = split_line_breaks(text)
        assert editor_text == "title: T\nevents: []\n"
        assert join_line_breaks(editor_text + "# more\n", breaks) == text + f"# more{brk}"
    editor_text, breaks = split_line_breaks("no break at all")
    assert join_line_breaks(editor_text + "\nsecond", breaks) == "no break at all\nsecond"


def test_a_large_mixed_file_with_one_edit_is_joined_quickly():
    import time
    text = "".join(f"line {n}" + ("\r" if n % 1000 == 0 else "\r\n") for n in range(100_000))
    editor_text, breaks = split_line_breaks(text)
    edited = editor_text.replace("line 50001\n", "line fifty thousand\n")
    started = time.perf_counter()
    saved = join_line_breaks(edited, breaks)
    assert time.perf_counter() - started < 1.0
    assert saved == text.replace("line 50001\r\n", "line fifty thousand\r\n")
