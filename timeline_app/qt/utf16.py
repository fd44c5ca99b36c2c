"""Positions in Qt's text classes count UTF-16 units; Python counts characters. They differ
past U+FFFF (emoji), so every position is converted where text meets Qt."""
from __future__ import annotations


def units(text: str, index: int) -> int:
    """Qt's position (UTF-16 units) of character `index` of text."""
    head = text[:index]
    return index if head.isascii() else len(head.encode("utf-16-le")) // 2


def chars(text: str, count: int) -> int:
    """How many characters of text fill Qt's first `count` UTF-16 units."""
    if text.isascii():
        return count
    return len(text.encode("utf-16-le")[:2 * count].decode("utf-16-le", "ignore"))
