"""The one shared selection: which event is selected, with back/forward history."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Selection(QObject):
    """Every view shows `current`; all selecting goes through `select`."""

    changed = Signal(str)            # the selected event id ("" when none)
    historyChanged = Signal(bool, bool)   # can go back, can go forward

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.current = ""
        self._back: list[str] = []
        self._forward: list[str] = []

    def select(self, event_id: str, remember: bool = True, again: bool = False) -> None:
        """Select `event_id`, remembering the one before for Back unless told not to; `again`
        announces it even when it is selected already (the views were given a new timeline)."""
        if event_id == self.current and not again:
            return
        if remember and self.current:
            self._back.append(self.current)
            self._forward.clear()
        self.current = event_id
        self.changed.emit(event_id)
        self._announce_history()

    def back(self) -> None:
        if self._back:
            self._forward.append(self.current)
            self.current = self._back.pop()
            self.changed.emit(self.current)
            self._announce_history()

    def forward(self) -> None:
        if self._forward:
            self._back.append(self.current)
            self.current = self._forward.pop()
            self.changed.emit(self.current)
            self._announce_history()

    def forget_missing(self, known_ids) -> None:
        """After a reload: drop history entries for events that no longer exist."""
        self._back = [i for i in self._back if i in known_ids]
        self._forward = [i for i in self._forward if i in known_ids]
        self._announce_history()

    def _announce_history(self) -> None:
        self.historyChanged.emit(bool(self._back), bool(self._forward))
