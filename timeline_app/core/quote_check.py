"""Quotes checked against an article's saved text (`saved_text: PATH` on an article).

A quote matches when it appears in the saved text once both are folded: runs of whitespace
and line breaks become one space, curly quotes and apostrophes become straight ones, dashes
become '-', and nothing else changes (the fold of ../shared/tools/verify_quotes.py).

SavedTexts reads each saved text once per load (the loader makes one per load_text call, so
nothing is cached between loads), through disk.read_file: regular files only, size-capped.
A saved text must lie in the timeline's folder or below it, so that a timeline cannot show
passages of files elsewhere on the computer in its messages.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

MAX_SAVED_TEXT_BYTES = 16 * 1024 * 1024
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                      "\u2014": "-", "\u2013": "-", "\u00a0": " ", "\u202f": " "})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_ANCHORS = 3            # the longest words of a quote, looked up to place the closest passage
_PLACES_PER_ANCHOR = 8


def fold(text: str) -> str:
    """The text as quotes are compared: whitespace, quote marks and dashes folded."""
    return _SPACES.sub(" ", text.translate(FOLD)).strip()


def fold_quote(quote: str) -> str:
    """A quote folded, without the quote marks an editor may have put around it."""
    return fold(quote).strip('"').strip()


@dataclass(frozen=True, slots=True)
class SavedText:
    """A saved text read and folded, or why it could not be (then `text` is None)."""
    text: str | None
    problem: str = ""

    def quotes(self, quote: str) -> bool:
        return self.text is not None and fold_quote(quote) in self.text


class SavedTexts:
    """The saved texts of one load, each read once: keyed by the file's real path, its
    modification time and size (a file changed between the two readings of a load is read
    again)."""

    def __init__(self, timeline_path: str):
        self.folder = os.path.dirname(os.path.realpath(timeline_path)) if timeline_path else ""
        self._read: dict[tuple, SavedText] = {}

    def get(self, relative: str) -> SavedText:
        """The saved text at a path relative to the timeline file."""
        if not self.folder:
            return SavedText(None, "")     # a timeline not yet saved: nothing to resolve from
        if os.path.isabs(relative) or relative.startswith("~"):
            return SavedText(None, f"saved_text '{relative}' should be a path relative to the "
                                   "timeline file (e.g. 'sources/article.md')")
        real = os.path.realpath(os.path.join(self.folder, relative))
        if os.path.commonpath([real, self.folder]) != self.folder:
            return SavedText(None, f"saved_text '{relative}' is outside the timeline's folder; "
                                   "keep saved texts in that folder or below it")
        try:
            now = os.stat(real)
            key = (real, now.st_mtime_ns, now.st_size)
        except OSError:
            key = (real, None, None)
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = _read_saved_text(real, relative)
        return found


def _read_saved_text(real: str, relative: str) -> SavedText:
    # disk imports the loader, which imports this module: imported here, when it is used.
    from timeline_app.core.disk import FileMissing, FileTooLarge, UnreadableFile, read_file
    try:
        data = read_file(real, MAX_SAVED_TEXT_BYTES)[0]
    except FileMissing:
        return SavedText(None, f"the saved text '{relative}' does not exist")
    except FileTooLarge:
        return SavedText(None, f"the saved text '{relative}' is over "
                               f"{MAX_SAVED_TEXT_BYTES // 2**20} MiB; save only the article")
    except UnreadableFile as err:
        reason = str(err).removeprefix(f"{real}: ").removesuffix(", not a timeline file")
        return SavedText(None, f"the saved text '{relative}' cannot be read: {reason}")
    if b"\0" in data:
        return SavedText(None, f"the saved text '{relative}' is not a text file (a NUL byte)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return SavedText(None, f"the saved text '{relative}' is not UTF-8 text; save it as "
                               "UTF-8")
    return SavedText(fold(text.removeprefix("\ufeff")))


def closest_passage(quote: str, text: str) -> str:
    """The passage of the (folded) text that reads most like the quote, about its length.

    The quote's longest words found in the text (three of them) are its anchors, and only
    the stretches around them are compared, so that a long saved text costs a few small comparisons.
    """
    from rapidfuzz import fuzz     # only when a quote is not found (not at every start)
    quote = fold_quote(quote)
    words = sorted(set(_WORD.findall(quote)), key=len, reverse=True)
    best, anchors = None, 0
    for word in words:
        if anchors == _ANCHORS:
            break
        places = list(_places(text, word))
        anchors += bool(places)
        for place in places:
            start = max(0, place - len(quote))
            window = text[start:place + len(word) + len(quote)]
            found = fuzz.partial_ratio_alignment(quote, window)
            if best is None or found.score > best[0]:
                best = (found.score, start + found.dest_start, start + found.dest_end)
    if best is None:
        return ""
    start, end = _whole_words(text, best[1], best[2])
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _places(text: str, word: str):
    start = text.find(word)
    for _ in range(_PLACES_PER_ANCHOR):
        if start < 0:
            return
        yield start
        start = text.find(word, start + 1)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the whole words it cuts."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
