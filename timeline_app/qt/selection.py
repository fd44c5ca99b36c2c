"""The one shared selection: which event is selected, with back/forward history."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

# The keys with which a view asks to step the selection (its stepRequested signal's values);
# app.py steps among the events the list shows, in date order.
STEP_KEYS = {Qt.Key.Key_Left: "previous", Qt.Key.Key_Right: "next",
             Qt.Key.Key_Home: "first", Qt.Key.Key_End: "last"}


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
        self._go(self._back, self._forward)

    def forward(self) -> None:
        self._go(self._forward, self._back)

    def _go(self, towards: list[str], away: list[str]) -> None:
        """To the last event of `towards` (back or forward), the current one onto `away`."""
        if towards:
            away.append(self.current)
            self.current = towards.pop()
            self.changed.emit(self.current)
            self._announce_history()

    def forget_missing(self, known_ids) -> None:
        """After a reload: drop history entries for events that no longer exist."""
        self._back = [i for i in self._back if i in known_ids]
        self._forward = [i for i in self._forward if i in known_ids]
        self._announce_history()

    def _announce_history(self) -> None:
        self.historyChanged.emit(bool(self._back), bool(self._forward))
