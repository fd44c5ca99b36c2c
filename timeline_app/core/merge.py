"""A three-way merge of the editor's text with the file changed on disk (the merge3 library).

The base is the text last loaded from disk. Changes made on one side only are taken; the
same change made on both sides is taken once; changes that overlap are kept both, between
the standard conflict markers, so that neither side is ever lost. Texts use "\\n" breaks
(the editor's); the merged text has a final line break wherever either side had one.
"""
from __future__ import annotations

from dataclasses import dataclass

import merge3

START, MIDDLE, END = "<<<<<<< your edits", "=======", ">>>>>>> on disk"


@dataclass(frozen=True, slots=True)
class MergeResult:
    text: str
    conflicts: tuple[int, ...]      # 1-based line of each START marker in `text`

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_texts(base: str, disk: str, mine: str) -> MergeResult:
    """Merge the changes from `base` to `disk` and from `base` to `mine`."""
    merger = merge3.Merge3(_lines(base), _lines(mine), _lines(disk))
    out: list[str] = []
    conflicts: list[int] = []
    for group in merger.merge_groups():
        if group[0] != "conflict":
            out.extend(group[1])
            continue
        _, _base_lines, mine_lines, disk_lines = group
        _end_line(out)
        conflicts.append(len(out) + 1)
        out.append(START + "\n")
        out.extend(mine_lines)
        _end_line(out)
        out.append(MIDDLE + "\n")
        out.extend(disk_lines)
        _end_line(out)
        out.append(END + "\n")
    return MergeResult("".join(out), tuple(conflicts))


def _lines(text: str) -> list[str]:
    """The lines of `text`, each with its "\\n" (not str.splitlines: it also breaks at
    \\x0b, \\x1c, NEL, U+2028... which are characters inside a line for the editor)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _end_line(out: list[str]) -> None:
    """A marker starts a line: the text before it ends its last line first."""
    if out and not out[-1].endswith("\n"):
        out[-1] += "\n"
