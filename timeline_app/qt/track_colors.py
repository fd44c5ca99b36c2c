"""One colour per track, the same in the timeline and the event list, for light and dark."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QPalette

from timeline_app.core.model import Timeline

OTHER_LANE = "Other"      # the lane, and the chip, of events that name no track

# Hues chosen to stay apart for common colour-vision deficiencies (Okabe-Ito order; a wine
# in place of a dark yellow, which the orange became once darkened for 3:1 on light lanes).
_HUES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#7F7F7F")


# WCAG 2's contrast for graphical objects (1.4.11): a mark against what is behind it.
MARK_CONTRAST = 3.0


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def relative_luminance(color: QColor) -> float:
    """WCAG 2's relative luminance of an sRGB colour (0: black, 1: white)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF())
            + 0.0722 * linear(color.blueF()))


def contrast_ratio(one: QColor, other: QColor) -> float:
    """WCAG 2's contrast ratio, 1 to 21 (text needs 4.5 for AA, marks 3)."""
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def track_color(timeline: Timeline | None, track_id: str, palette: QPalette) -> QColor:
    """The colour of a track (grey for events without one), lighter on a dark palette, and
    darkened (lightened) until it stands out 3:1 from the lanes and the names' column."""
    ids = [t.id for t in timeline.tracks] if timeline else []
    if track_id not in ids:
        color = QColor("#8a8a8a")
    else:
        color = QColor(_HUES[ids.index(track_id) % len(_HUES)])
    return QColor.fromRgba(_standing_out(color.rgba(), is_dark(palette),
                                         palette.color(QPalette.ColorRole.Base).rgba(),
                                         palette.color(QPalette.ColorRole.Window).rgba()))


@lru_cache(maxsize=256)     # each frame asks again for every lane: a few colours per palette
def _standing_out(rgba: int, dark: bool, base: int, window: int) -> int:
    color = QColor.fromRgba(rgba)
    color = color.lighter(135) if dark else color
    backgrounds = (QColor.fromRgba(base), QColor.fromRgba(window))
    for _ in range(30):
        if min(contrast_ratio(color, background) for background in backgrounds) >= MARK_CONTRAST:
            break
        color = color.lighter(106) if dark else color.darker(106)
    return color.rgba()
