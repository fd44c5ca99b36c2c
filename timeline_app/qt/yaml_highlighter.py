"""Colours for the YAML of a timeline file: comments, keys, list markers, strings, dates, links.

One line at a time, with one regular expression for the line's structure, because a long file
has a hundred thousand lines. The only state carried from line to line is "inside a block
scalar" (`summary: >-`) or "inside a quoted string that goes on", so prose in a summary is
never taken for keys or comments.

A lazy highlighter (the editor's) only works out that state as Qt runs it over the text (most
lines need no regular expression for it); a line is coloured when colour() is called for it,
which the editor does for the lines it is about to paint. Colouring a 300,000-line file at
once took seconds of a frozen window.
"""
from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextCharFormat

from timeline_app.qt.track_colors import is_dark

NORMAL = -1                 # Qt's state of a block never highlighted
IN_DOUBLE_QUOTES = -2
IN_SINGLE_QUOTES = -3
# A state >= 0 means "inside a block scalar": the lines more indented than that column are text.

# The start of a line: indentation, list markers ("- "), an optional key with its colon, then a
# value whose kind the pattern can tell (a plain value is whatever is left, up to a comment).
_LINE = re.compile(r"""
    (?P<indent>[ ]*)
    (?P<dashes>(?:-(?:[ ]+|$))*)
    (?:(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s\#"'\[\]{},|>][^:\#]*)
       :(?:[ ]+|$))?
    (?:
        (?P<block>[|>][1-9+-]{0,2})(?=[ ]*(?:\#|$))
      | (?P<date>\d{4}(?:-\d\d(?:-\d\d)?)?)(?=[ ]*(?:\#|$))
      | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')(?=[ ]*(?:\#|$))
      | (?P<open>"(?:[^"\\]|\\.)*$|'(?:[^']|'')*$)
      | (?P<comment>\#)
    )?
""", re.VERBOSE)
_DOUBLE_TAIL = re.compile(r'(?:[^"\\]|\\.)*("?)')
_SINGLE_TAIL = re.compile(r"(?:[^']|'')*('?)")
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?""")
_URL = re.compile(r"https?://[^\s,\]}\"']+")
_STATEFUL = re.compile(r"[|>\"']")      # what can start a state carried to the next line
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

# Two sets of colours, chosen for contrast on a white and on a near-black base.
_LIGHT = {"comment": "#6a737d", "key": "#005cc5", "marker": "#d73a49", "string": "#22863a",
          "date": "#6f42c1", "url": "#0f7b8a", "block": "#b35900", "tab": "#ffd6d6"}
_DARK = {"comment": "#8b949e", "key": "#79b8ff", "marker": "#ff7b72", "string": "#85e89d",
         "date": "#d2a8ff", "url": "#56d4dd", "block": "#ffab70", "tab": "#5c2626"}


def _formats(dark: bool) -> dict[str, QTextCharFormat]:
    colours = _DARK if dark else _LIGHT
    formats = {}
    for name, colour in colours.items():
        fmt = QTextCharFormat()
        if name == "tab":
            fmt.setBackground(QColor(colour))
        else:
            fmt.setForeground(QColor(colour))
        formats[name] = fmt
    formats["comment"].setFontItalic(True)
    formats["marker"].setFontWeight(QFont.Weight.Bold)
    formats["url"].setFontUnderline(True)
    return formats


class YamlHighlighter(QSyntaxHighlighter):
    """Highlights a timeline's YAML; call set_palette when the palette changes."""

    def __init__(self, document, palette: QPalette | None = None, lazy: bool = False):
        self._formats = _formats(palette is not None and is_dark(palette))
        self._units: list[int] | None = None
        self._colouring = not lazy      # highlightBlock sets formats (else: the state only)
        super().__init__(document)

    def colour(self, block) -> None:
        """Give a block of a lazy highlighter its colours, unless it has them already (a
        block with nothing to colour is worked out again, which costs a few microseconds)."""
        if self._colouring or block.layout().formats():
            return
        self._colouring = True
        try:
            self.rehighlightBlock(block)
        finally:
            self._colouring = False

    def set_palette(self, palette: QPalette) -> None:
        formats = _formats(is_dark(palette))
        if formats["key"].foreground() != self._formats["key"].foreground():
            self._formats = formats
            self.rehighlight()

    # ---- QSyntaxHighlighter ---------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        if not self._colouring and self.currentBlock().layout().formats():
            # A line already coloured (shown, now edited or restyled) is coloured again here,
            # not left bare for the next paint to colour, which would paint it twice.
            self._colouring = True
            try:
                self.highlightBlock(text)
            finally:
                self._colouring = False
            return
        state = self.previousBlockState()
        if not self._colouring and state == NORMAL and not _STATEFUL.search(text):
            if self.currentBlockState() != NORMAL:      # no quote, no "|" nor ">":
                self.setCurrentBlockState(NORMAL)       # no state to carry
            return
        # Qt counts UTF-16 units; Python counts code points. They differ only past U+FFFF.
        self._units = None if text.isascii() or not _ASTRAL.search(text) else _utf16_ends(text)
        if state >= 0 and (not text.strip() or len(text) - len(text.lstrip(" ")) > state):
            self._set_state(state)      # a line of a block scalar's text: prose, not YAML
        elif state in (IN_DOUBLE_QUOTES, IN_SINGLE_QUOTES):
            self._continued_string(text, state)
        else:
            self._line(text)
        if "\t" in text and self._colouring:
            for at, char in enumerate(text):
                if char == "\t":
                    self._set(at, at + 1, "tab")

    # ---- one line -------------------------------------------------------------------------

    def _line(self, text: str) -> None:
        line = _LINE.match(text)
        if line.group("dashes"):
            for at in range(line.end("indent"), line.end("dashes")):
                if text[at] == "-":
                    self._set(at, at + 1, "marker")
        key_at = line.start("key")
        if key_at >= 0:
            self._set(key_at, line.end("key"), "key")
        kind, end, state = line.lastgroup, line.end(), NORMAL
        if kind == "comment":
            self._set(end - 1, len(text), "comment")
        elif kind == "open":
            self._set(line.start(kind), end, "string")
            state = IN_DOUBLE_QUOTES if text[line.start(kind)] == '"' else IN_SINGLE_QUOTES
        elif kind in ("block", "date", "string"):
            self._set(line.start(kind), end, kind)
            self._comment(text, end)
            if kind == "block":
                # Its text goes on while it is indented past the key (or past the "-").
                state = max(key_at if key_at >= 0 else text.rfind("-", 0, line.end("dashes")), 0)
        elif end < len(text):
            self._plain(text, end, self._comment(text, end))
        self._set_state(state)

    def _continued_string(self, text: str, state: int) -> None:
        tail = (_DOUBLE_TAIL if state == IN_DOUBLE_QUOTES else _SINGLE_TAIL).match(text)
        self._set(0, tail.end(), "string")
        if tail.group(1):
            self._comment(text, tail.end())
            state = NORMAL
        self._set_state(state)

    def _plain(self, text: str, start: int, end: int) -> None:
        """A plain value, or a flow list such as `[a, "b c"]`: the strings and links in it."""
        if text[start] in "[{" and ("'" in text or '"' in text):
            for string in _QUOTED.finditer(text, start, end):
                self._set(string.start(), string.end(), "string")
        if "://" in text:
            for url in _URL.finditer(text, start, end):
                self._set(url.start(), url.end(), "url")

    def _comment(self, text: str, start: int) -> int:
        """Colour the comment after `start`, if any, and return where it starts (or the end)."""
        at = text.find("#", start)
        while at > 0 and text[at - 1] != " ":
            at = text.find("#", at + 1)
        if at < 0:
            return len(text)
        self._set(at, len(text), "comment")
        return at

    def _set(self, start: int, end: int, kind: str) -> None:
        if not self._colouring:
            return
        if self._units is not None:
            start, end = self._units[start], self._units[end]
        self.setFormat(start, end - start, self._formats[kind])

    def _set_state(self, state: int) -> None:
        # Only when it changes: a new block already has NORMAL, and each call into Qt costs.
        if self.currentBlockState() != state:
            self.setCurrentBlockState(state)


def _utf16_ends(text: str) -> list[int]:
    """For each code point index (and the end), the matching UTF-16 offset."""
    ends, total = [0], 0
    for char in text:
        total += 2 if ord(char) > 0xFFFF else 1
        ends.append(total)
    return ends
