"""What a screen reader finds in the timeline view: a list whose items are the drawn marks.

The view's interface (a QAccessibleWidget) has one child per mark on screen: an event's
marker or bar ("29 March 2022: Istanbul round …") or a count badge ("12 events, March 2022"),
lane by lane and left to right, the selected event with the selected (and focused) state.

Lifetimes: Qt's accessibility cache owns every interface it has given an id, and deletes an
interface only when its object is destroyed. An interface without an object would stay in the
cache after Python had freed it, a crash when the application quits. So each mark an assistive
tool asks about gets a small QObject, a child of the view, and its interface comes from the
factory like any widget's: the cache deletes it when that QObject goes, with the view at the
latest, or when the mark has left the screen (see MarkObjects.prune).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple, Protocol

from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface, QAccessibleObject
from PySide6.QtWidgets import QAccessibleWidget, QWidget

KEEP_GONE = 256            # marks no longer on screen whose interfaces are kept for a while


class AccessibleMark(NamedTuple):
    key: tuple             # the same for the same mark in every frame: ("event", id), …
    name: str
    description: str
    rect: QRect            # widget coordinates
    button: bool           # a count badge: clicking it zooms in
    selected: bool


class MarkSource(Protocol):
    """What the interfaces need of the view (a QWidget)."""

    def accessible_marks(self) -> list[AccessibleMark]: ...

    def accessible_mark(self, key: tuple) -> tuple[int, AccessibleMark] | None: ...

    mark_objects: MarkObjects


class _MarkObject(QObject):
    """Stands for one mark so that its interface has an object the cache can follow."""

    def __init__(self, view: QWidget, key: tuple):
        super().__init__(view)
        self.view, self.key = view, key


class MarkObjects:
    """The view's _MarkObjects by mark key, made when a tool asks, pruned as marks go."""

    def __init__(self, view: QWidget):
        self.view = view
        self.objects: dict[tuple, _MarkObject] = {}

    def interface(self, key: tuple) -> QAccessibleInterface | None:
        obj = self.objects.get(key)
        if obj is None:
            obj = self.objects[key] = _MarkObject(self.view, key)
        return QAccessible.queryAccessibleInterface(obj)

    def prune(self, shown: set[tuple]) -> None:
        """Forget marks no longer on screen once there are many, so zooming about at 10,000
        events does not pile up objects; the cache then drops their interfaces."""
        gone = [key for key in self.objects if key not in shown]
        if len(gone) > KEEP_GONE:
            for key in gone:
                self.objects.pop(key).deleteLater()

    def clear(self) -> None:
        for obj in self.objects.values():
            obj.deleteLater()
        self.objects.clear()


class TimelineAccessible(QAccessibleWidget):
    """The view as a list of its marks."""

    def __init__(self, view: QWidget):
        super().__init__(view, QAccessible.Role.List)
        self.view = view

    def childCount(self) -> int:
        return len(self.view.accessible_marks())

    def child(self, index: int) -> QAccessibleInterface | None:
        marks = self.view.accessible_marks()
        if not 0 <= index < len(marks):
            return None
        return self.view.mark_objects.interface(marks[index].key)

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        obj = child.object() if child is not None else None
        if not isinstance(obj, _MarkObject) or obj.view is not self.view:
            return -1
        found = self.view.accessible_mark(obj.key)
        return found[0] if found else -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        pos = self.view.mapFromGlobal(QPoint(x, y))
        for mark in self.view.accessible_marks():
            if mark.rect.contains(pos):
                return self.view.mark_objects.interface(mark.key)
        return None

    def focusChild(self) -> QAccessibleInterface | None:
        if not self.view.hasFocus():
            return None
        selected = next((m for m in self.view.accessible_marks() if m.selected), None)
        return self.view.mark_objects.interface(selected.key) if selected else None


class MarkAccessible(QAccessibleObject):
    """One mark: its name, role, place on screen and whether it is the selected event."""

    def __init__(self, obj: _MarkObject):
        super().__init__(obj)
        self.view, self.key = obj.view, obj.key

    def _mark(self) -> AccessibleMark | None:
        found = self.view.accessible_mark(self.key)
        return found[1] if found else None

    def isValid(self) -> bool:
        return super().isValid() and self._mark() is not None

    def parent(self) -> QAccessibleInterface | None:
        return QAccessible.queryAccessibleInterface(self.view)

    def child(self, index: int) -> None:
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> None:
        return None

    def window(self):
        return self.view.window().windowHandle()

    def role(self) -> QAccessible.Role:
        mark = self._mark()
        return QAccessible.Role.Button if mark and mark.button else QAccessible.Role.ListItem

    def text(self, kind: QAccessible.Text) -> str:
        mark = self._mark()
        if mark is None:
            return ""
        if kind == QAccessible.Text.Name:
            return mark.name
        if kind == QAccessible.Text.Description:
            return mark.description
        return ""

    def rect(self) -> QRect:
        mark = self._mark()
        if mark is None:
            return QRect()
        return QRect(self.view.mapToGlobal(mark.rect.topLeft()), mark.rect.size())

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        mark = self._mark()
        if mark is None:
            state.invalid = True
            return state
        state.focusable = state.selectable = not mark.button
        if mark.selected:
            state.selected = True
            state.focused = self.view.hasFocus()
        return state


@functools.cache
def install(view_class: type) -> Callable[[str, QObject], QAccessibleInterface | None]:
    """Give every `view_class` widget (a MarkSource) the interface above: one factory per
    class, installed once (Qt keeps it for the application's life; the cache keeps the
    Python callable alive as long)."""
    def factory(key: str, obj: QObject) -> QAccessibleInterface | None:
        if isinstance(obj, _MarkObject):
            return MarkAccessible(obj)
        if isinstance(obj, view_class):
            return TimelineAccessible(obj)
        return None
    QAccessible.installFactory(factory)
    return factory


def announce_selection(view: QWidget, key: tuple) -> None:
    """Tell assistive tools that the mark `key` is now the selected (and, with the view's
    focus, the focused) one. Nothing is made when no tool listens."""
    if not QAccessible.isActive() or view.accessible_mark(key) is None:
        return
    child = view.mark_objects.interface(key)
    QAccessible.updateAccessibility(QAccessibleEvent(child, QAccessible.Event.Selection))
    if view.hasFocus():
        QAccessible.updateAccessibility(QAccessibleEvent(child, QAccessible.Event.Focus))


def announce_reorder(view: QWidget) -> None:
    """The marks on screen changed (a zoom, a pan, a new file)."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(view, QAccessible.Event.ObjectReorder))
