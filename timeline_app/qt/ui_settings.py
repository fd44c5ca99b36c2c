"""What the window remembers between runs (QSettings): UI state only, never data.

The recent files, per file the selected event and the timeline's visible range, and the
window's geometry, docks and splitters. Off (`remember=False`) for --screenshot: nothing is
read or written then, so a screenshot never depends on the user's last session.
"""
from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT_FILES = 8
_GEOMETRY = "window/geometry"


class UiSettings:
    def __init__(self, settings: QSettings, remember: bool = True):
        self.settings = settings
        self.remember = remember

    # -- recent files -------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", []) if self.remember else []
        return [str(v) for v in (value if isinstance(value, list) else [value]) if v]

    def remember_file(self, path: str) -> None:
        if self.remember:
            recent = [path] + [p for p in self.recent_files() if p != path]
            self.settings.setValue("recentFiles", recent[:MAX_RECENT_FILES])

    def clear_recent_files(self) -> None:
        if self.remember:
            self.settings.remove("recentFiles")

    # -- per file: the selected event and the visible range ----------------------------------

    def last_selection(self, path: str) -> str:
        """The event selected when the file was last closed ("" for none: the title page)."""
        if not (self.remember and path):
            return ""
        return str(self.settings.value(_file_key(path, "selected"), ""))

    def view_range(self, path: str) -> tuple[float, float] | None:
        value = self.settings.value(_file_key(path, "view")) if self.remember and path else None
        try:
            start, end = (float(v) for v in value)
        except (TypeError, ValueError):
            return None
        return start, end

    def condensed(self, path: str) -> bool | None:
        """Whether the user folded the file's time axis (None: never chose, the timeline
        decides)."""
        value = self.settings.value(_file_key(path, "condensed")) if self.remember and path \
            else None
        return None if value is None else str(value).lower() == "true"

    def set_condensed(self, path: str, condensed: bool) -> None:
        if self.remember and path:
            self.settings.setValue(_file_key(path, "condensed"), condensed)

    def remember_selection(self, path: str, event_id: str,
                           view_range: tuple[float, float]) -> None:
        if self.remember and path:
            self.settings.setValue(_file_key(path, "selected"), event_id)
            self.settings.setValue(_file_key(path, "view"), list(view_range))

    # -- how the app looks (for every file) ----------------------------------------------------

    def theme(self) -> str:
        return str(self.settings.value("view/theme", "system")) if self.remember else "system"

    def set_theme(self, theme: str) -> None:
        if self.remember:
            self.settings.setValue("view/theme", theme)

    def text_size(self) -> int:
        """Steps (of a point) larger or smaller than the system's text size."""
        try:
            return int(self.settings.value("view/textSize", 0)) if self.remember else 0
        except (TypeError, ValueError):
            return 0

    def set_text_size(self, steps: int) -> None:
        if self.remember:
            self.settings.setValue("view/textSize", steps)

    # -- the window ---------------------------------------------------------------------------

    def has_window_state(self) -> bool:
        return self.remember and self.settings.contains(_GEOMETRY)

    def save_window(self, window: QMainWindow, *splitters: QSplitter) -> None:
        if self.remember:
            self.settings.setValue(_GEOMETRY, window.saveGeometry())
            self.settings.setValue("window/state", window.saveState())
            for splitter in splitters:
                self.settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())

    def restore_window(self, window: QMainWindow, *splitters: QSplitter) -> None:
        if not self.remember:
            return
        restores = [(_GEOMETRY, window.restoreGeometry), ("window/state", window.restoreState)]
        restores += [(f"window/{s.objectName()}", s.restoreState) for s in splitters]
        for key, restore in restores:
            value = self.settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)


def _file_key(path: str, name: str) -> str:
    digest = hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:16]
    return f"files/{digest}/{name}"
