"""View > Theme: the system's colours, or a light or dark palette of the app's own.

The palette is set on the application, so every widget follows it (the drawn timeline and
the detail's page read their colours from it).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = (SYSTEM, LIGHT, DARK)

_Role, _Group = QPalette.ColorRole, QPalette.ColorGroup
# (window, base, alternate base, text, button, highlight, link, link visited, disabled text,
# placeholder text). Every text reads 4.5:1 on its background (WCAG AA; tests/test_contrast.py),
# the placeholder too; disabled text is exempt and stays fainter.
_COLOURS = {
    LIGHT: ("#efefef", "#ffffff", "#f5f5f5", "#1b1b1b", "#e6e6e6", "#2f6fb6", "#1a5fb4",
            "#6a3d9a", "#8a8a8a", "#6b6b6b"),
    DARK: ("#2b2b2b", "#1e1e1e", "#262626", "#e6e6e6", "#353535", "#3572b8", "#8cb8f0",
           "#c3a6e8", "#7a7a7a", "#9a9a9a"),
}


def palette_for(theme: str) -> QPalette:
    """The app's light or dark palette: readable text on every background, links that
    stand out from the text, a selection that the highlighted text reads on."""
    window, base, alternate, text, button, highlight, link, visited, disabled, placeholder = \
        (QColor(c) for c in _COLOURS[theme])
    dark = theme == DARK
    palette = QPalette()
    for role, colour in (
            (_Role.Window, window), (_Role.WindowText, text), (_Role.Base, base),
            (_Role.AlternateBase, alternate), (_Role.Text, text), (_Role.Button, button),
            (_Role.ButtonText, text), (_Role.BrightText, QColor("#ff5555")),
            (_Role.Highlight, highlight), (_Role.HighlightedText, QColor("#ffffff")),
            (_Role.Link, link), (_Role.LinkVisited, visited),
            (_Role.ToolTipBase, QColor("#3a3a3a" if dark else "#ffffdc")),
            (_Role.ToolTipText, text if dark else QColor("#000000")),
            (_Role.PlaceholderText, placeholder),
            (_Role.Light, button.lighter(150)), (_Role.Midlight, button.lighter(115)),
            (_Role.Mid, button.darker(130)), (_Role.Dark, button.darker(170)),
            (_Role.Shadow, QColor("#000000"))):
        palette.setColor(role, colour)
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText):
        palette.setColor(_Group.Disabled, role, disabled)
    palette.setColor(_Group.Disabled, _Role.Highlight, button.darker(120))
    return palette


def apply_theme(theme: str) -> str:
    """Give the application the theme's palette ("system": the platform's, or the style's
    when -style chose one; an unknown name counts as "system"); returns the theme applied."""
    theme = theme if theme in THEMES else SYSTEM
    # A palette with no colour of its own resolves to the platform's: the system theme.
    QApplication.setPalette(QPalette() if theme == SYSTEM else palette_for(theme))
    # A widget with a style sheet took its colours when it was polished: polish it again.
    for widget in QApplication.allWidgets():
        if widget.testAttribute(Qt.WidgetAttribute.WA_StyleSheet):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
    return theme
